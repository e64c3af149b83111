//! Project scope: the client side (what it sends) and the emulator side (what it requires), and
//! the look-ups by external id.

use super::*;

fn header<'a>(r: &'a idc_emulator::RecordedRequest, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn identity_store_clients_send_x_project_id_and_global_ones_do_not() {
    let emu = demo_emulator().await;
    let client = huawei(&emu).build().unwrap();
    client.list_instances().send().await.unwrap();
    client
        .organizations()
        .unwrap()
        .list_accounts()
        .send()
        .await
        .unwrap();
    client
        .identity_store()
        .unwrap()
        .list_users()
        .identity_store_id(STORE)
        .send()
        .await
        .unwrap();
    let requests = emu.requests();
    assert_eq!(requests.len(), 3);
    for global in &requests[..2] {
        assert_eq!(header(global, "x-project-id"), None, "{}", global.path);
        assert_eq!(header(global, "x-domain-id"), Some(demo::HUAWEI_DOMAIN_ID));
    }
    assert_eq!(
        header(&requests[2], "x-project-id"),
        Some(demo::HUAWEI_PROJECT_ID)
    );
    assert_eq!(header(&requests[2], "x-domain-id"), None);
}

#[tokio::test]
async fn a_missing_project_id_is_a_configuration_error_and_sends_nothing() {
    let emu = demo_emulator().await;
    let client = idc::huawei::Client::builder()
        .endpoint(emu.base_url())
        .credentials(
            idc::huawei::Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
                .with_domain_id(demo::HUAWEI_DOMAIN_ID),
        )
        .build()
        .unwrap();
    let err = client
        .identity_store()
        .unwrap()
        .list_users()
        .identity_store_id(STORE)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Configuration { .. }), "{err:?}");
    assert!(
        err.to_string().contains("HUAWEICLOUD_SDK_PROJECT_ID"),
        "{err}"
    );
    assert_eq!(emu.request_count(), 0);
    // The global services still work with these credentials.
    client.list_instances().send().await.unwrap();
}

#[tokio::test]
async fn the_emulator_checks_the_project_of_project_scoped_operations() {
    let emu = demo_emulator().await;
    // Another project id: signed correctly, refused with a 401 naming X-Project-Id.
    let wrong = idc::huawei::Client::builder()
        .endpoint(emu.base_url())
        .credentials(
            idc::huawei::Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
                .with_domain_id(demo::HUAWEI_DOMAIN_ID)
                .with_project_id("0123456789abcdef0123456789abcdef"),
        )
        .retry_policy(idc_tests::quick_retries())
        .build()
        .unwrap();
    let err = wrong
        .identity_store()
        .unwrap()
        .list_users()
        .identity_store_id(STORE)
        .send()
        .await
        .unwrap_err();
    match &err {
        Error::Authentication(e) => {
            assert_eq!(e.status, 401);
            assert!(
                e.message.as_deref().unwrap_or("").contains("X-Project-Id"),
                "{err}"
            );
        }
        other => panic!("expected a 401, got {other:?}"),
    }
    // The global services ignore the project: the domain id is what they check.
    wrong.list_instances().send().await.unwrap();

    // A credential without a project cannot sign for IdentityStore, whatever it sends.
    let mut data = DataSet::demo();
    data.huawei.credentials[0].project_id = None;
    let emu = Emulator::builder().data(data).start().await.unwrap();
    let err = huawei(&emu)
        .build()
        .unwrap()
        .identity_store()
        .unwrap()
        .list_users()
        .identity_store_id(STORE)
        .send()
        .await
        .unwrap_err();
    match &err {
        Error::Authentication(e) => {
            assert!(
                e.message.as_deref().unwrap_or("").contains("X-Project-Id"),
                "{err}"
            );
            assert!(
                e.message.as_deref().unwrap_or("").contains("no project"),
                "{err}"
            );
        }
        other => panic!("expected a 401, got {other:?}"),
    }
}

/// The project id the default chain finds, in the environment or the profile file's `[basic]`
/// section, is sent by IdentityStore clients (and accepted by the emulator), not by global ones.
#[tokio::test]
async fn the_default_chain_takes_the_project_id_from_the_environment_or_the_profile() {
    use idc::credentials::MapEnv;
    let emu = demo_emulator().await;
    let profile = std::env::temp_dir().join(format!(
        "idc-huawei-entities-profile-{}.ini",
        std::process::id()
    ));
    std::fs::write(
        &profile,
        format!(
            "[global]\nak = {}\nsk = {}\ndomain_id = {}\n\n[basic]\nproject_id = {}\n",
            demo::HUAWEI_ACCESS_KEY,
            demo::HUAWEI_SECRET_KEY,
            demo::HUAWEI_DOMAIN_ID,
            demo::HUAWEI_PROJECT_ID
        ),
    )
    .unwrap();
    let envs = [
        MapEnv::new()
            .with("HUAWEICLOUD_SDK_AK", demo::HUAWEI_ACCESS_KEY)
            .with("HUAWEICLOUD_SDK_SK", demo::HUAWEI_SECRET_KEY)
            .with("HUAWEICLOUD_SDK_DOMAIN_ID", demo::HUAWEI_DOMAIN_ID)
            .with("HUAWEICLOUD_SDK_PROJECT_ID", demo::HUAWEI_PROJECT_ID),
        MapEnv::new().with(
            "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
            profile.to_str().unwrap(),
        ),
    ];
    for env in envs {
        let before = emu.request_count();
        let client = idc::huawei::Client::builder()
            .endpoint(emu.base_url())
            .env(env)
            .build()
            .unwrap();
        let users = client
            .identity_store()
            .unwrap()
            .list_users()
            .identity_store_id(STORE)
            .collect()
            .await
            .unwrap();
        assert_eq!(users.len(), demo::HUAWEI_USERS);
        client.list_instances().send().await.unwrap();
        let requests = emu.requests();
        let [store_request, global_request] = &requests[before..] else {
            panic!("expected two requests, got {}", requests.len() - before);
        };
        assert_eq!(
            header(store_request, "x-project-id"),
            Some(demo::HUAWEI_PROJECT_ID)
        );
        assert_eq!(header(global_request, "x-project-id"), None);
    }
    let _ = std::fs::remove_file(&profile);
}

/// `external_id` look-ups find users and groups by the id their identity provider issued; a
/// contact-details listing is capped at 200 a page.
#[tokio::test]
async fn external_ids_are_looked_up_and_contact_listings_are_capped() {
    let mut data = DataSet::demo();
    data.huawei.users[1].external_id = Some("idp-bob".into());
    data.huawei.groups[2].external_id = Some("idp-auditors".into());
    let (bob, auditors) = (
        data.huawei.users[1].user_id.to_string(),
        data.huawei.groups[2].group_id.to_string(),
    );
    let emu = Emulator::builder().data(data).start().await.unwrap();
    let store = store_client(&emu);
    let external = |id: &str| AlternateIdentifier {
        unique_attribute: None,
        external_id: Some(ExternalId {
            id: id.into(),
            issuer: "https://idp.example.com".into(),
        }),
    };
    let user = store
        .get_user_id()
        .identity_store_id(STORE)
        .alternate_identifier(external("idp-bob"))
        .send()
        .await
        .unwrap();
    assert_eq!(user.user_id.as_deref(), Some(&*bob));
    let group = store
        .get_group_id()
        .identity_store_id(STORE)
        .alternate_identifier(external("idp-auditors"))
        .send()
        .await
        .unwrap();
    assert_eq!(group.group_id.as_deref(), Some(&*auditors));
    // A user's external id is not a group's.
    assert_eq!(
        status_code(
            store
                .get_group_id()
                .identity_store_id(STORE)
                .alternate_identifier(external("idp-bob"))
                .send()
                .await
        ),
        (404, idc_emulator::huawei::UNKNOWN_GROUP.into())
    );

    let orgs = huawei(&emu).build().unwrap().organizations().unwrap();
    let (status, _) = status_code(
        orgs.list_accounts()
            .with_register_contact_info(true)
            .page_size(500)
            .send()
            .await,
    );
    assert_eq!(status, 400);
    let page = orgs
        .list_accounts()
        .with_register_contact_info(true)
        .page_size(200)
        .send()
        .await
        .unwrap();
    assert!(page.items.iter().all(|a| a.email.is_some()));
}
