//! Forward compatibility (unknown fields, new principal types), the access report's organization,
//! and paging under repeated pages, transient faults and the sort order a page states.

use super::*;

/// A one-shot HTTP server on loopback answering every request with `body` as JSON.
async fn canned(body: &'static str) -> String {
    use tokio::io::AsyncWriteExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            // Answered even when the head is cut short, as before.
            let _ = idc_tests::read_head(&mut stream).await;
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes()).await;
        }
    });
    format!("http://{addr}")
}

/// A client of a one-shot server that answers every request with `body`.
async fn canned_client(body: &'static str) -> idc::scp::Client {
    idc::scp::Client::builder()
        .endpoint(canned(body).await)
        .credentials(idc::scp::Credentials::new(
            demo::SCP_ACCESS_KEY,
            demo::SCP_SECRET_KEY,
        ))
        .build()
        .unwrap()
}

#[tokio::test]
async fn unknown_fields_and_a_new_principal_type_parse() {
    let client = canned_client(
        r#"{"account_assignments": [{"instance_id": "ssoins-1", "permission_sets": [
              {"permission_set_id": "ps-1", "permission_set_name": "Admin", "tier": "gold"}],
            "principal_id": "p-1", "principal_name": "robots", "principal_type": "SERVICE_ACCOUNT",
            "role_srn": "srn:role", "target_account_email": "a@example.com",
            "target_account_id": "acct-1", "target_account_name": "A", "added_in_2027": {"x": 1}}],
          "count": 1, "page": 0, "size": 20, "sort": ["created_at:asc"], "next": "later"}"#,
    )
    .await;
    let items = client
        .list_account_assignments()
        .instance_id("ssoins-1")
        .target_account_id("acct-1")
        .collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].principal_type,
        idc::PrincipalType::Unknown("SERVICE_ACCOUNT".into())
    );
    assert_eq!(items[0].permission_sets[0].extra["tier"], "gold");
    assert_eq!(items[0].extra["added_in_2027"]["x"], 1);

    let client = canned_client(
        r#"{"users": [{"id": "u-1", "name": "N", "user_id": "n", "badge": 7}],
            "count": 1, "page": 0, "size": 20, "sort": []}"#,
    )
    .await;
    let users = client
        .list_users()
        .instance_id("ssoins-1")
        .collect()
        .await
        .unwrap();
    assert_eq!(users[0].extra["badge"], 7);

    let client = canned_client(
        r#"{"accounts": [{"id": "a", "created_at": "t", "created_by": "b", "joined_method": "TELEPORTED",
             "joined_time": "t", "modified_at": "t", "modified_by": "b", "organization_id": "o",
             "parent_unit_id": "r", "state": "HIBERNATING", "type": "OBSERVER", "colour": "blue"}],
            "count": 1, "page": 0, "size": 20}"#,
    )
    .await;
    let accounts = client
        .organization()
        .unwrap()
        .list_accounts()
        .collect()
        .await
        .unwrap();
    assert_eq!(accounts[0].type_, "OBSERVER");
    assert_eq!(accounts[0].joined_method, "TELEPORTED");
    assert_eq!(accounts[0].extra["colour"], "blue");

    // A permission set's policies have no documented shape: any JSON value is kept, none fails.
    let client = canned_client(
        r#"{"policies": [{"name": "ReadOnly", "category": "MANAGED_POLICY", "id": "p-1"},
              "a bare string", 7, null, [1, 2]],
            "count": 5, "page": 0, "size": 20, "sort": []}"#,
    )
    .await;
    let policies = client
        .list_permission_set_policies()
        .instance_id("ssoins-1")
        .permission_set_id("ps-1")
        .collect()
        .await
        .unwrap();
    assert_eq!(policies.len(), 5);
    assert_eq!(policies[0]["name"], "ReadOnly");
    assert_eq!(*policies[1], "a bare string");
    assert_eq!(*policies[2], 7);
    assert!(policies[3].is_null());
}

#[tokio::test]
async fn the_access_report_organization_is_served_consistently() {
    let data =
        DataSet::generate_scp_organization(idc_emulator::ScpOrganizationShape::ACCESS_REPORT);
    let emu = emulator(data.clone(), FaultPlan::default(), clock(IIC_DAY)).await;
    let client = scp(&emu).clock(clock(IIC_DAY)).build().unwrap();
    let users = client
        .list_users()
        .instance_id(demo::SCP_INSTANCE_ID)
        .page_size(100)
        .collect()
        .await
        .unwrap();
    assert_eq!(users.len(), 500);
    let accounts = client
        .organization()
        .unwrap()
        .with_api_version(ApiVersion::new(1, 2))
        .unwrap()
        .list_accounts()
        .page_size(100)
        .collect()
        .await
        .unwrap();
    assert_eq!(accounts.len(), 100);
    let mut total = 0;
    for account in accounts.iter().take(10) {
        let items = client
            .list_account_assignments()
            .instance_id(demo::SCP_INSTANCE_ID)
            .target_account_id(&account.id)
            .collect()
            .await
            .unwrap();
        assert!(!items.is_empty(), "every account has assignments");
        for a in &items {
            assert_eq!(a.target_account_name, account.name.clone().unwrap());
            assert!(!a.principal_name.is_empty());
            assert!(!a.permission_sets.is_empty());
        }
        total += items.len();
    }
    assert!(total >= 10);
}

#[tokio::test]
async fn a_repeated_page_of_the_new_lists_is_a_pagination_error_and_transient_faults_lose_nothing()
{
    use idc_emulator::Fault;
    let (emu, client) = demo_on(IIC_DAY).await;
    let users = || {
        client
            .list_users()
            .instance_id(demo::SCP_INSTANCE_ID)
            .page_size(5)
    };
    let expected = users().collect().await.unwrap();
    assert_eq!(expected.len(), demo::SCP_USERS);
    emu.set_faults(FaultPlan::new(1).on_requests(2.., Fault::RepeatedMarker));
    let err = users().collect().await.unwrap_err();
    assert!(matches!(err, Error::Pagination { .. }), "{err:?}");

    // Resets and 503s are retried: the same users, each once.
    emu.set_faults(
        FaultPlan::new(7)
            .with_probability(0.15, Fault::ConnectionReset)
            .with_probability(
                0.15,
                Fault::Status {
                    status: 503,
                    retry_after: None,
                },
            ),
    );
    emu.clear_requests();
    assert_eq!(users().collect().await.unwrap(), expected);
    let org = client.organization().unwrap();
    let accounts = org.list_accounts().page_size(1).collect().await.unwrap();
    assert_eq!(accounts.len(), demo::SCP_ACCOUNTS);
    // 8 pages of users and 5 of accounts, and the retries of the faulted ones.
    let pages = demo::SCP_USERS.div_ceil(5) + demo::SCP_ACCOUNTS;
    assert!(
        emu.request_count() > pages,
        "{} requests",
        emu.request_count()
    );
}

#[tokio::test]
async fn every_page_says_the_sort_order_the_service_applied() {
    let (_emu, client) = demo_on(IIC_DAY).await;
    let page = client
        .list_users()
        .instance_id(demo::SCP_INSTANCE_ID)
        .sort("name:desc")
        .send()
        .await
        .unwrap();
    assert_eq!(page.sort, ["name:desc"]);
    let page = client
        .organization()
        .unwrap()
        .list_accounts()
        .send()
        .await
        .unwrap();
    assert!(!page.sort.is_empty(), "the default order is echoed too");
}
