//! Huawei IdentityCenter: the tags of a resource (today a permission set), a configuration
//! document keyed by resource type and id.

use axum::response::Response;

use crate::generated::huawei_identitycenter::{
    CreateTagResourceRequest, DeleteTagResourceRequest, ListTagResourcesRequest,
};
use crate::http::dispatch::Context;
use crate::http::responses::Reject;
use crate::huawei::codes::UNKNOWN_PERMISSION_SET;
use crate::huawei::common::{list_page, no_content, not_found};
use crate::store::documents::Document;
use crate::store::keys::at;
use idc_raw::huawei_identitycenter::types;

/// The tags of a resource, in the order their keys were first added.
#[derive(Clone, Default)]
pub(crate) struct Tags(Vec<types::Tag>);

impl Document for Tags {
    const NAME: &'static str = "tags";

    /// No tags.
    fn default_for(_: &[&str]) -> Option<Self> {
        Some(Self::default())
    }
}

/// A 404 unless the permission set `id` exists (in any instance: its id is globally unique).
fn tagged(ctx: &Context<'_>, id: &str) -> Result<(), Reject> {
    let store = ctx.store;
    let mut instances = store.data.huawei.instances.iter();
    if instances.any(|i| (store.huawei.permission_sets).contains_key(at(&[&i.instance_id, id]))) {
        return Ok(());
    }
    let message = format!("The permission set {id} does not exist.");
    Err(not_found(ctx, UNKNOWN_PERMISSION_SET, message))
}

/// `CreateTagResource`: a key the resource has gets the new value.
pub(crate) fn create_tags(
    ctx: &Context<'_>,
    r: CreateTagResourceRequest,
) -> Result<Response, Reject> {
    tagged(ctx, &r.resource_id)?;
    ctx.write(move |s| {
        s.data
            .documents
            .change(&[&r.resource_type, &r.resource_id], |tags: &mut Tags| {
                for tag in r.body.tags {
                    match tags.0.iter_mut().find(|t| *t.key == *tag.key) {
                        Some(existing) => existing.value = tag.value,
                        None => tags.0.push(tag),
                    }
                }
                Ok(())
            })
    });
    Ok(no_content())
}

/// `DeleteTagResource`: a tag given with a value goes only if it has that value.
pub(crate) fn delete_tags(
    ctx: &Context<'_>,
    r: DeleteTagResourceRequest,
) -> Result<Response, Reject> {
    tagged(ctx, &r.resource_id)?;
    ctx.write(move |s| {
        s.data
            .documents
            .change(&[&r.resource_type, &r.resource_id], |tags: &mut Tags| {
                let named = |t: &types::Tag, d: &types::DeleteTag| {
                    *t.key == *d.key && d.value.as_ref().is_none_or(|v| *v == t.value)
                };
                tags.0.retain(|t| !r.body.tags.iter().any(|d| named(t, d)));
                Ok(())
            })
    });
    Ok(no_content())
}

/// `ListTagResources`.
pub(crate) fn list_tags(ctx: &Context<'_>, r: ListTagResourcesRequest) -> Result<Response, Reject> {
    tagged(ctx, &r.resource_id)?;
    let owner = [&*r.resource_type, &*r.resource_id];
    let tags = ctx
        .store
        .data
        .documents
        .get::<Tags>(&owner)
        .unwrap_or_default();
    let query = ["tags", owner[0], owner[1]];
    list_page(ctx, ("tags", &query), &tags.0, (r.marker, r.limit))
}
