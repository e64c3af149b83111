//! The IdentityStore user writes: `CreateUser`, `UpdateUser`, `DeleteUser`, `DisableUser` and
//! `EnableUser`. Each checks what the service refuses (a name taken, a user missing, assignments
//! still naming the user) in the handler, with its code, then queues one store change.

use std::sync::Arc;

use axum::response::Response;
use idc_raw::huawei_identitystore::types as ids;
use serde::de::DeserializeOwned;

use crate::generated::huawei_identitystore::{
    CreateUserRequest, DeleteUserRequest, UpdateUserRequest,
};
use crate::http::dispatch::Context;
use crate::http::responses::Reject;
use crate::huawei::common::{bad_request, created, no_content};
use crate::huawei::identitystore_lookups::{identity_store, name_free, still_assigned, user};
use crate::store::huawei_rows::{HuaweiUser, HuaweiUserAttributes};
use crate::store::keys::random_uuid;

/// `CreateUser`: a new enabled user with a fresh id; a user name taken in the identity store is a
/// 409. With `password_mode` `OTP` the answer carries a one-time password.
pub(crate) fn create_user(
    ctx: &Context<'_>,
    request: CreateUserRequest,
) -> Result<Response, Reject> {
    let store = request.identity_store_id;
    identity_store(ctx, &store)?;
    let body = request.body;
    let name = body.user_name.to_string();
    name_free(ctx, false, &store, &name)?;
    let user_id = random_uuid();
    let mut row = HuaweiUser {
        identity_store_id: Arc::from(store.as_str()),
        user_id: Arc::from(user_id.as_str()),
        user_name: name.into(),
        display_name: None,
        given_name: None,
        family_name: None,
        emails: Vec::new(),
        enabled: true,
        external_id: None,
        attributes: None,
    };
    // Every other attribute is set as UpdateUser sets it, from the JSON of its value.
    let attributes = [
        ("display_name", Some(body.display_name.to_string())),
        ("name", to_json(&body.name)),
        ("emails", to_json(&body.emails)),
        ("phone_numbers", to_json(&body.phone_numbers)),
        ("addresses", to_json(&body.addresses)),
        ("enterprise", body.enterprise.as_ref().and_then(to_json)),
        ("nickname", body.nickname.clone()),
        ("title", body.title.clone()),
        ("user_type", body.user_type.clone()),
        ("locale", body.locale.clone()),
        ("preferred_language", body.preferred_language.clone()),
        ("profile_url", body.profile_url.clone()),
        ("timezone", body.timezone.clone()),
    ];
    set_attributes(
        ctx,
        &mut row,
        attributes.iter().map(|(p, v)| (*p, v.as_deref())),
    )?;
    ctx.write(move |s| s.create_huawei_user(row).map(drop));
    let one_time = body.password_mode == ids::CreateUserRequestPasswordMode::Otp;
    created(&ids::CreateUserResponse {
        identity_store_id: Some(store),
        user_id: Some(user_id),
        password: one_time.then(one_time_password),
    })
}

/// Items of the API's types as the store keeps them (their JSON).
fn json_list<T: serde::Serialize>(items: &[T]) -> Vec<serde_json::Value> {
    items
        .iter()
        .filter_map(|item| serde_json::to_value(item).ok())
        .collect()
}

/// A one-time password of 16 characters: random letters and digits, then a symbol and a digit.
fn one_time_password() -> idc_raw::Secret {
    let n: u128 = rand::random();
    let hex = format!("{n:032x}");
    format!("{}#7", &hex[..14]).into()
}

/// `UpdateUser`: every operation applied to a copy of the user, then the copy written; an unknown
/// path or a malformed value refuses the whole request (400).
pub(crate) fn update_user(
    ctx: &Context<'_>,
    request: UpdateUserRequest,
) -> Result<Response, Reject> {
    let mut row = user(ctx, &request.identity_store_id, &request.user_id)?.clone();
    let operations = request.body.operations.iter();
    set_attributes(
        ctx,
        &mut row,
        operations.map(|op| (&**op.attribute_path, op.attribute_value.as_deref())),
    )?;
    ctx.write(move |s| s.replace_huawei_user(row));
    Ok(no_content())
}

/// The JSON of a value of the API's types, as `UpdateUser` takes it.
fn to_json(value: &impl serde::Serialize) -> Option<String> {
    serde_json::to_string(value).ok()
}

/// Sets each attribute (path, value) of `row` in turn: a 400 for the first that cannot be set.
fn set_attributes<'a>(
    ctx: &Context<'_>,
    row: &mut HuaweiUser,
    attributes: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Result<(), Reject> {
    for (path, value) in attributes {
        set_attribute(row, path, value)
            .map_err(|message| bad_request(ctx, format!("Invalid request: {message}")))?;
    }
    if row.attributes.as_deref() == Some(&HuaweiUserAttributes::default()) {
        row.attributes = None;
    }
    Ok(())
}

/// Sets the attribute at `path` of `row` to `value` (`None` removes it).
fn set_attribute(row: &mut HuaweiUser, path: &str, value: Option<&str>) -> Result<(), String> {
    fn parse<T: DeserializeOwned>(path: &str, value: Option<&str>) -> Result<Option<T>, String> {
        value
            .map(|v| {
                serde_json::from_str(v)
                    .map_err(|e| format!("{path}: not the JSON of its value: {e}"))
            })
            .transpose()
    }
    let attributes = row.attributes.get_or_insert_with(Box::default);
    let text = value.map(str::to_owned);
    match path {
        "display_name" => {
            let name = value.filter(|v| (1..=1024).contains(&v.chars().count()));
            row.display_name = Some(
                name.ok_or("display_name must be 1 to 1024 characters")?
                    .into(),
            );
        }
        "nickname" => attributes.nickname = text,
        "title" => attributes.title = text,
        "user_type" => attributes.user_type = text,
        "locale" => attributes.locale = text,
        "preferred_language" => attributes.preferred_language = text,
        "profile_url" => attributes.profile_url = text,
        "timezone" => attributes.timezone = text,
        "name" => {
            let name: ids::Name = parse(path, value)?.ok_or("name cannot be removed")?;
            row.given_name = name.given_name.map(Into::into);
            row.family_name = name.family_name.map(Into::into);
            attributes.middle_name = name.middle_name;
            attributes.honorific_prefix = name.honorific_prefix;
            attributes.honorific_suffix = name.honorific_suffix;
        }
        "emails" => {
            let mut emails: Vec<ids::Email> = parse(path, value)?.unwrap_or_default();
            emails.sort_by_key(|e| e.primary != Some(true));
            row.emails = emails
                .into_iter()
                .filter_map(|e| e.value.map(Into::into))
                .collect();
        }
        "phone_numbers" => {
            let phones: Vec<ids::PhoneNumber> = parse(path, value)?.unwrap_or_default();
            attributes.phone_numbers = json_list(&phones);
        }
        "addresses" => {
            let addresses: Vec<ids::Address> = parse(path, value)?.unwrap_or_default();
            attributes.addresses = json_list(&addresses);
        }
        "enterprise" => {
            let enterprise: Option<ids::Enterprise> = parse(path, value)?;
            attributes.enterprise = enterprise.and_then(|e| serde_json::to_value(e).ok());
        }
        "user_name" => return Err("the user name cannot be changed".to_owned()),
        other => {
            return Err(format!(
                "attribute_path {other:?} is not an attribute of a user"
            ));
        }
    }
    Ok(())
}

/// `DeleteUser`: the user with its memberships, sessions and MFA devices; a 409 while account or
/// application assignments name the user.
pub(crate) fn delete_user(
    ctx: &Context<'_>,
    request: DeleteUserRequest,
) -> Result<Response, Reject> {
    let (store, user_id) = (request.identity_store_id, request.user_id);
    user(ctx, &store, &user_id)?;
    if let Some(d) = ctx
        .store
        .huawei_principal_dependents(&store, &user_id, false)
    {
        return Err(still_assigned(ctx, "user", &user_id, d));
    }
    ctx.write(move |s| s.delete_huawei_user_cascading(&store, &user_id).map(drop));
    Ok(no_content())
}

/// `DisableUser` (`enabled` false) and `EnableUser` (true): the flag written, nothing else.
pub(crate) fn set_enabled(
    ctx: &Context<'_>,
    (store, user_id): (&str, &str),
    enabled: bool,
) -> Result<Response, Reject> {
    let mut row = user(ctx, store, user_id)?.clone();
    row.enabled = enabled;
    ctx.write(move |s| s.replace_huawei_user(row));
    Ok(no_content())
}
