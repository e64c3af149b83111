//! The SCP instance writes: CreateInstance, SetInstance and DeleteInstance. Each handler reads
//! what its answer shows, queues one store write (`store/scp_writes_instances.rs`, which checks
//! the name again under the write lock and refuses with nothing changed), and answers what the
//! store will hold once the write is applied. A deleted instance takes everything in it along.

use std::sync::Arc;

use axum::response::Response;
use idc_raw::scp::types;
use serde_json::{Map, Value};

use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::scp::common::instance;
use crate::scp::wire::instance_wire;
use crate::scp::writes::{created, done, new_id, now, text, write};
use crate::store::scp_rows::ScpInstance;

/// The LDAP settings as a row keeps them (the fields given).
fn config(given: &Option<types::IdentityStoreConfigRequest>) -> Option<Map<String, Value>> {
    let value = serde_json::to_value(given.as_ref()?).ok()?;
    value.as_object().cloned()
}

/// CreateInstance: a new, empty, `ACTIVE` instance of the organization the emulator serves (the
/// organization and owning account of the first instance, if there is one).
pub(crate) fn create_instance(
    ctx: &Context<'_>,
    b: types::InstanceCreateRequest,
) -> Result<Response, Reject> {
    let id: Arc<str> = format!("ssoins-{}", &new_id()[..16]).into();
    let first = ctx.store.data.scp.instances.iter().next();
    let row = ScpInstance {
        name: b.name.as_str().into(),
        state: "ACTIVE".into(),
        created_at: now(ctx),
        description: text(&b.description),
        organization_id: first.and_then(|i| i.organization_id.clone()),
        account_id: first.and_then(|i| i.account_id.clone()),
        region: Some(
            first
                .and_then(|i| i.region.clone())
                .unwrap_or("kr-west1".into()),
        ),
        sso_start_url: Some(format!("https://{id}.sso.samsungsdscloud.com").into()),
        public_ip: None,
        port: None,
        identity_store_type: text(&b.identity_store_type),
        identity_store_config: config(&b.identity_store_config),
        id,
    };
    let instance = instance_wire(ctx, &row);
    write(ctx, move |store| store.create_scp_instance(row));
    created(&types::InstanceShowResponse { instance })
}

/// SetInstance: the fields given replace the instance's (`identity_store_config` as a whole).
pub(crate) fn set_instance(
    ctx: &Context<'_>,
    id: &str,
    b: types::InstanceSetRequest,
) -> Result<Response, Reject> {
    let mut row = instance(ctx, id)?.clone();
    let name = b.name.as_ref().map(|n| Arc::<str>::from(n.as_str()));
    if b.description.is_some() {
        row.description = text(&b.description);
    }
    if b.identity_store_type.is_some() {
        row.identity_store_type = text(&b.identity_store_type);
    }
    if b.identity_store_config.is_some() {
        row.identity_store_config = config(&b.identity_store_config);
    }
    row.name = name.clone().unwrap_or(row.name);
    let answer = instance_wire(ctx, &row);
    let id = id.to_owned();
    write(ctx, move |store| {
        store.update_scp_instance(&id, name, |i| *i = row)
    });
    ok(&types::InstanceShowResponse { instance: answer })
}

/// DeleteInstance: the instance and every row of it.
pub(crate) fn delete_instance(ctx: &Context<'_>, id: &str) -> Result<Response, Reject> {
    instance(ctx, id)?;
    let id = id.to_owned();
    write(ctx, move |store| store.delete_scp_instance(&id));
    done()
}
