//! A 404 in Huawei's shape for each kind of unknown id.

use super::*;

#[tokio::test]
async fn every_kind_of_unknown_id_is_a_404_in_huaweis_shape() {
    let emu = demo_emulator().await;
    let client = huawei(&emu).build().unwrap();
    let store = store_client(&emu);
    let orgs = client.organizations().unwrap();
    use idc_emulator::huawei as codes;

    let unknown = "ins-000000000000";
    assert_eq!(
        status_code(
            client
                .list_permission_sets()
                .instance_id(unknown)
                .send()
                .await
        ),
        (404, codes::UNKNOWN_INSTANCE.into())
    );
    assert_eq!(
        status_code(
            client
                .list_account_assignments_for_principal()
                .instance_id(unknown)
                .principal_id(demo::HUAWEI_PRINCIPAL_ID)
                .principal_type(PrincipalType::User)
                .send()
                .await
        ),
        (404, codes::UNKNOWN_INSTANCE.into())
    );
    assert_eq!(
        status_code(
            client
                .describe_permission_set()
                .instance_id(INSTANCE)
                .permission_set_id("ps-0000000000000000")
                .send()
                .await
        ),
        (404, codes::UNKNOWN_PERMISSION_SET.into())
    );
    assert_eq!(
        status_code(
            client
                .get_application_assignment_configuration()
                .instance_id(INSTANCE)
                .application_instance_id("app-ins-0000000000000000")
                .send()
                .await
        ),
        (404, codes::UNKNOWN_APPLICATION.into())
    );
    assert_eq!(
        status_code(
            client
                .list_account_assignments()
                .instance_id(INSTANCE)
                .account_id("00000000000000000000000000000000")
                .send()
                .await
        ),
        (404, codes::UNKNOWN_ACCOUNT.into())
    );
    // A group id asked for as a USER, and a user that only exists in another identity store.
    for (principal, kind) in [
        (demo::HUAWEI_GROUP_ID, PrincipalType::User),
        ("00000000-0000-0000-0000-000000000000", PrincipalType::Group),
    ] {
        assert_eq!(
            status_code(
                client
                    .list_application_assignments_for_principal()
                    .instance_id(INSTANCE)
                    .principal_id(principal)
                    .principal_type(kind)
                    .send()
                    .await
            ),
            (404, codes::UNKNOWN_PRINCIPAL.into())
        );
    }
    assert_eq!(
        status_code(
            store
                .list_users()
                .identity_store_id("d-0000000000")
                .send()
                .await
        ),
        (404, codes::UNKNOWN_IDENTITY_STORE.into())
    );
    assert_eq!(
        status_code(
            store
                .describe_user()
                .identity_store_id(STORE)
                .user_id(demo::HUAWEI_GROUP_ID)
                .send()
                .await
        ),
        (404, codes::UNKNOWN_USER.into())
    );
    assert_eq!(
        status_code(
            store
                .describe_users()
                .identity_store_id(STORE)
                .user_ids(demo::HUAWEI_PRINCIPAL_ID)
                .user_ids("nobody")
                .send()
                .await
        ),
        (404, codes::UNKNOWN_USER.into())
    );
    assert_eq!(
        status_code(
            store
                .list_group_memberships()
                .identity_store_id(STORE)
                .group_id(demo::HUAWEI_PRINCIPAL_ID)
                .send()
                .await
        ),
        (404, codes::UNKNOWN_GROUP.into())
    );
    assert_eq!(
        status_code(
            store
                .list_group_memberships_for_member()
                .identity_store_id(STORE)
                .user_id("nobody")
                .send()
                .await
        ),
        (404, codes::UNKNOWN_USER.into())
    );
    assert_eq!(
        status_code(
            store
                .is_member_in_groups()
                .identity_store_id(STORE)
                .member_id(MemberId {
                    user_id: demo::HUAWEI_PRINCIPAL_ID.into()
                })
                .group_ids("nope")
                .send()
                .await
        ),
        (404, codes::UNKNOWN_GROUP.into())
    );
    let lookup = |path: &str, value: &str| AlternateIdentifier {
        unique_attribute: Some(UniqueAttribute {
            attribute_path: path.into(),
            attribute_value: value.into(),
        }),
        external_id: None,
    };
    assert_eq!(
        status_code(
            store
                .get_user_id()
                .identity_store_id(STORE)
                .alternate_identifier(lookup("user_name", "mallory"))
                .send()
                .await
        ),
        (404, codes::UNKNOWN_USER.into())
    );
    assert_eq!(
        status_code(
            store
                .get_group_id()
                .identity_store_id(STORE)
                .alternate_identifier(lookup("display_name", "Nobody"))
                .send()
                .await
        ),
        (404, codes::UNKNOWN_GROUP.into())
    );
    // A bad parameter is IIC.1000 in every service; the message names the one that answered.
    assert_eq!(
        service_of(
            store
                .get_user_id()
                .identity_store_id(STORE)
                .alternate_identifier(lookup("emails.value", "alice@example.com"))
                .send()
                .await
        ),
        "Huawei Cloud IdentityStore"
    );
    assert_eq!(
        service_of(
            orgs.list_accounts()
                .with_register_contact_info(true)
                .page_size(1000)
                .send()
                .await
        ),
        "Huawei Cloud Organizations"
    );
    // An attribute path the store does not index is a 400, not a 404.
    assert_eq!(
        status_code(
            store
                .get_user_id()
                .identity_store_id(STORE)
                .alternate_identifier(lookup("emails.value", "alice@example.com"))
                .send()
                .await
        )
        .0,
        400
    );
    assert_eq!(
        status_code(
            store
                .get_group_id()
                .identity_store_id(STORE)
                .alternate_identifier(AlternateIdentifier {
                    unique_attribute: None,
                    external_id: Some(ExternalId {
                        id: "nope".into(),
                        issuer: "idp".into()
                    }),
                })
                .send()
                .await
        ),
        (404, codes::UNKNOWN_GROUP.into())
    );
    assert_eq!(
        status_code(orgs.show_account().account_id("nope").send().await),
        (404, codes::UNKNOWN_ORGANIZATIONS_ACCOUNT.into())
    );
}
