//! A 404 in SCP's error shape for each kind of unknown id.

use super::*;

#[tokio::test]
async fn unknown_ids_are_404_in_the_scp_error_shape() {
    let (_emu, client) = demo_on(IIC_DAY).await;
    let i = demo::SCP_INSTANCE_ID;
    let errors = vec![
        client
            .show_instance()
            .instance_id("ssoins-0")
            .send()
            .await
            .unwrap_err(),
        client
            .list_users()
            .instance_id("ssoins-0")
            .collect()
            .await
            .unwrap_err(),
        client
            .show_user()
            .instance_id(i)
            .user_uuid("nobody")
            .send()
            .await
            .unwrap_err(),
        // A user of another instance is not a user of this one.
        client
            .show_user()
            .instance_id(demo::SCP_OTHER_INSTANCE_ID)
            .user_uuid(demo::SCP_USER_ID)
            .send()
            .await
            .unwrap_err(),
        client
            .list_groups()
            .instance_id("ssoins-0")
            .collect()
            .await
            .unwrap_err(),
        client
            .show_group()
            .instance_id(i)
            .group_id("g-0")
            .send()
            .await
            .unwrap_err(),
        client
            .list_group_users()
            .instance_id(i)
            .group_id("g-0")
            .collect()
            .await
            .unwrap_err(),
        client
            .list_permission_sets()
            .instance_id("ssoins-0")
            .collect()
            .await
            .unwrap_err(),
        client
            .show_permission_set()
            .instance_id(i)
            .permission_set_id("ps-0")
            .send()
            .await
            .unwrap_err(),
        client
            .list_permission_set_policies()
            .instance_id(i)
            .permission_set_id("ps-0")
            .collect()
            .await
            .unwrap_err(),
        client
            .list_account_assignments()
            .instance_id(i)
            .target_account_id("acct-0")
            .collect()
            .await
            .unwrap_err(),
        client
            .list_users()
            .instance_id(i)
            .excluded_group_id("g-0")
            .collect()
            .await
            .unwrap_err(),
    ];
    for err in &errors {
        assert_eq!(status_of(err), (404, Some("NotFound".into())), "{err}");
        assert!(
            err.to_string()
                .starts_with("SCP IAM Identity Center returned HTTP 404"),
            "{err}"
        );
    }
    let org = client
        .organization()
        .unwrap()
        .with_api_version(ApiVersion::new(1, 2))
        .unwrap();
    for err in [
        org.show_account()
            .account_id("acct-0")
            .send()
            .await
            .unwrap_err(),
        org.list_accounts()
            .organization_id("org-0")
            .collect()
            .await
            .unwrap_err(),
        org.show_account()
            .account_id(demo::SCP_TARGET_ACCOUNT_ID)
            .organization_id("org-0")
            .send()
            .await
            .unwrap_err(),
    ] {
        assert_eq!(status_of(&err), (404, Some("NotFound".into())), "{err}");
        // The organization service names itself, not IAM Identity Center.
        assert!(
            err.to_string()
                .starts_with("SCP Organization returned HTTP 404"),
            "{err}"
        );
        assert_eq!(err.service_error().unwrap().service, "SCP Organization");
    }
    // An instance without users is an empty list, not a 404.
    let none = client
        .list_users()
        .instance_id(demo::SCP_OTHER_INSTANCE_ID)
        .collect()
        .await
        .unwrap();
    assert!(none.is_empty());
}
