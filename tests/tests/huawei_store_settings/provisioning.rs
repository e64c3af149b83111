//! DescribePasswordPolicy, UpdatePasswordPolicy, GetIdentityStoreSummary, and SCIM provisioning:
//! ListProvisioningTenants, CreateProvisioningTenant, DeleteProvisioningTenant, ListBearerTokens,
//! CreateBearerToken, DeleteBearerToken.

use std::num::NonZeroU32;

use idc_emulator::huawei::{CONFIGURATION_CONFLICT, UNKNOWN_CONFIGURATION, UNKNOWN_IDENTITY_STORE};

use super::*;

async fn policy(client: &StoreClient, store: &str) -> Result<ids::PasswordPolicy, Error> {
    let described = client
        .describe_password_policy()
        .identity_store_id(store)
        .send()
        .await?;
    Ok(described.password_policy.unwrap())
}

#[tokio::test]
async fn the_password_policy_is_its_default_until_changed_and_a_change_keeps_what_it_leaves_out() {
    let emu = demo_emulator().await;
    let client = store_client(&emu);
    let default = policy(&client, STORE).await.unwrap();
    assert_eq!(default.minimum_password_length, NonZeroU32::new(8));
    assert_eq!(default.require_symbols, Some(true));
    assert_eq!(default.max_password_age, NonZeroU32::new(90));
    assert_eq!(default.password_reuse_prevention, Some(1));

    let change = ids::PasswordPolicy {
        minimum_password_length: NonZeroU32::new(14),
        require_symbols: Some(false),
        ..Default::default()
    };
    let update = |store: &'static str| {
        client
            .update_password_policy()
            .identity_store_id(store)
            .password_policy(change.clone())
            .send()
    };
    update(STORE).await.unwrap();
    let changed = policy(&client, STORE).await.unwrap();
    assert_eq!(
        changed,
        ids::PasswordPolicy {
            minimum_password_length: NonZeroU32::new(14),
            require_symbols: Some(false),
            ..default.clone()
        }
    );
    // A store that does not exist: 404 for both, and nothing changes.
    assert_eq!(
        status_code(update(NO_STORE).await),
        (404, UNKNOWN_IDENTITY_STORE.to_owned())
    );
    assert_eq!(
        status_code(policy(&client, NO_STORE).await),
        (404, UNKNOWN_IDENTITY_STORE.to_owned())
    );
    assert_eq!(policy(&client, STORE).await.unwrap(), changed);
    emu.shutdown().await;
}

#[tokio::test]
async fn the_summary_counts_what_the_lists_list_after_each_write() {
    let emu = demo_emulator().await;
    let client = store_client(&emu);
    let summary = || {
        client
            .get_identity_store_summary()
            .identity_store_id(STORE)
            .send()
    };
    let listed = || async {
        let users = client
            .list_users()
            .identity_store_id(STORE)
            .collect()
            .await
            .unwrap();
        let groups = client
            .list_groups()
            .identity_store_id(STORE)
            .collect()
            .await
            .unwrap();
        (users.len() as i64, groups.len() as i64)
    };
    let before = summary().await.unwrap();
    assert_eq!(
        (before.users.unwrap(), before.groups.unwrap()),
        listed().await
    );
    assert!(before.users_quota.unwrap() >= before.users.unwrap());
    assert!(before.groups_quota.unwrap() >= before.groups.unwrap());

    let user = create_user(&client, "counted").await;
    let after = summary().await.unwrap();
    assert_eq!(after.users, before.users.map(|n| n + 1));
    assert_eq!(
        (after.users.unwrap(), after.groups.unwrap()),
        listed().await
    );
    client
        .delete_user()
        .identity_store_id(STORE)
        .user_id(&user)
        .send()
        .await
        .unwrap();
    assert_eq!(summary().await.unwrap().users, before.users);

    let missing = client
        .get_identity_store_summary()
        .identity_store_id(NO_STORE)
        .send()
        .await;
    assert_eq!(
        status_code(missing),
        (404, UNKNOWN_IDENTITY_STORE.to_owned())
    );
    emu.shutdown().await;
}

async fn tenants(client: &StoreClient) -> Vec<ids::ProvisioningTenant> {
    let listed = client
        .list_provisioning_tenants()
        .identity_store_id(STORE)
        .send()
        .await;
    listed.unwrap().provisioning_tenants
}

async fn token_ids(client: &StoreClient, tenant: &str) -> Result<Vec<String>, Error> {
    let listed = client
        .list_bearer_tokens()
        .identity_store_id(STORE)
        .tenant_id(tenant)
        .send()
        .await?;
    Ok(listed
        .bearer_tokens
        .into_iter()
        .filter_map(|t| t.token_id)
        .collect())
}

#[tokio::test]
async fn provisioning_is_turned_on_its_tokens_rotate_and_turning_it_off_removes_them() {
    let emu = demo_emulator().await;
    let client = store_client(&emu);
    assert!(tenants(&client).await.is_empty(), "provisioning starts off");

    let create = || {
        client
            .create_provisioning_tenant()
            .identity_store_id(STORE)
            .send()
    };
    let tenant = create().await.unwrap();
    let tenant_id = tenant.tenant_id.clone().unwrap();
    assert!(
        tenant
            .scim_endpoint
            .as_deref()
            .unwrap()
            .contains(&tenant_id)
    );
    assert_eq!(tenants(&client).await, vec![tenant.clone()]);
    // At most one tenant.
    assert_eq!(
        status_code(create().await),
        (409, CONFIGURATION_CONFLICT.to_owned())
    );
    assert_eq!(tenants(&client).await.len(), 1);

    // Rotation: a second token, then the first one deleted.
    assert!(token_ids(&client, &tenant_id).await.unwrap().is_empty());
    let new_token = || {
        client
            .create_bearer_token()
            .identity_store_id(STORE)
            .tenant_id(&tenant_id)
            .send()
    };
    let first = new_token().await.unwrap();
    let second = new_token().await.unwrap();
    assert!(
        first
            .token
            .as_ref()
            .map(idc_raw::Secret::expose)
            .is_some_and(|t| t.len() >= 32)
    );
    assert_ne!(first.token, second.token);
    assert!(first.expiration_time.unwrap() > first.creation_time.unwrap());
    let (first_id, second_id) = (first.token_id.unwrap(), second.token_id.unwrap());
    assert_eq!(
        token_ids(&client, &tenant_id).await.unwrap(),
        [first_id.clone(), second_id.clone()]
    );
    let delete = |token: String| {
        client
            .delete_bearer_token()
            .identity_store_id(STORE)
            .tenant_id(&tenant_id)
            .token_id(token)
            .send()
    };
    delete(first_id.clone()).await.unwrap();
    assert_eq!(token_ids(&client, &tenant_id).await.unwrap(), [second_id]);
    assert_eq!(
        status_code(delete(first_id).await),
        (404, UNKNOWN_CONFIGURATION.to_owned())
    );

    // Another tenant id: 404 for its tokens and its delete.
    let other = token_ids(&client, "not-the-tenant").await;
    assert_eq!(status_code(other), (404, UNKNOWN_CONFIGURATION.to_owned()));
    let remove = |id: String| {
        client
            .delete_provisioning_tenant()
            .identity_store_id(STORE)
            .tenant_id(id)
            .send()
    };
    assert_eq!(
        status_code(remove("not-the-tenant".into()).await),
        (404, UNKNOWN_CONFIGURATION.to_owned())
    );

    // Off: the tenant and its tokens are gone; on again is a new tenant without tokens.
    remove(tenant_id.clone()).await.unwrap();
    assert!(tenants(&client).await.is_empty());
    assert_eq!(
        status_code(token_ids(&client, &tenant_id).await),
        (404, UNKNOWN_CONFIGURATION.to_owned())
    );
    let again = create().await.unwrap();
    assert_ne!(again.tenant_id.as_deref(), Some(&*tenant_id));
    assert!(
        token_ids(&client, again.tenant_id.as_deref().unwrap())
            .await
            .unwrap()
            .is_empty()
    );
    emu.shutdown().await;
}
