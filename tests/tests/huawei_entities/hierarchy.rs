//! Organizations ListEntities (the whole hierarchy in one list, by parent and by child) and the
//! delegated administrators (ListDelegatedAdministrators by service, ListDelegatedServices by
//! account), against the demo organization and delegations added to it.

use super::*;
use idc_emulator::HuaweiDelegatedAdministrator;

const IDENTITY_CENTER: &str = "service.IdentityCenter";
const AUDIT: &str = "service.CTS";

/// The demo data with two delegations of one account and one of another.
async fn delegated_emulator() -> (RunningEmulator, String) {
    let mut data = DataSet::demo();
    let other = (data.huawei.accounts.iter())
        .find(|a| &*a.account_id != demo::HUAWEI_ACCOUNT_ID)
        .map(|a| a.account_id.to_string())
        .unwrap();
    let delegation = |account: &str, service: &str| HuaweiDelegatedAdministrator {
        account_id: account.into(),
        service_principal: service.into(),
        delegation_enabled_at: Some("2026-01-10T08:00:00Z".into()),
    };
    let organization = data.huawei.organization.as_mut().unwrap();
    organization.delegated_administrators = vec![
        delegation(demo::HUAWEI_ACCOUNT_ID, IDENTITY_CENTER),
        delegation(&other, AUDIT),
        delegation(demo::HUAWEI_ACCOUNT_ID, AUDIT),
    ];
    let emu = Emulator::builder().data(data).start().await.unwrap();
    (emu, other)
}

#[tokio::test]
async fn list_entities_agrees_with_the_roots_units_and_accounts() {
    let emu = demo_emulator().await;
    let orgs = huawei(&emu).build().unwrap().organizations().unwrap();
    let all = paged!(orgs.list_entities(), |e: &org::Entity| e.id.clone());
    let of = |kind: &str| -> BTreeSet<String> {
        (all.iter().filter(|e| e.type_ == kind))
            .map(|e| e.id.clone())
            .collect()
    };
    let roots = orgs.list_roots().collect().await.unwrap();
    assert_eq!(of("root"), roots.into_iter().map(|r| r.id).collect());
    let units = orgs.list_organizational_units().collect().await.unwrap();
    assert_eq!(
        of("organizational_unit"),
        units.into_iter().map(|u| u.id).collect()
    );
    let accounts = orgs.list_accounts().collect().await.unwrap();
    assert_eq!(of("account").len(), demo::HUAWEI_ACCOUNTS);
    assert_eq!(
        of("account"),
        accounts.iter().map(|a| a.id.clone()).collect()
    );
    let seed = all
        .iter()
        .find(|e| e.id == demo::HUAWEI_ACCOUNT_ID)
        .unwrap();
    assert_eq!(seed.name.as_deref(), Some(demo::HUAWEI_ACCOUNT_NAME));

    // Under the unit: exactly the accounts ListAccounts puts there (and no unit).
    let under = orgs
        .list_entities()
        .parent_id(demo::HUAWEI_OU_ID)
        .collect()
        .await
        .unwrap();
    let in_unit = orgs
        .list_accounts()
        .parent_id(demo::HUAWEI_OU_ID)
        .collect()
        .await
        .unwrap();
    let ids = |v: Vec<String>| v.into_iter().collect::<BTreeSet<_>>();
    assert_eq!(
        ids(under.iter().map(|e| e.id.clone()).collect()),
        ids(in_unit.iter().map(|a| a.id.clone()).collect())
    );
    assert!(!under.is_empty() && under.iter().all(|e| e.type_ == "account"));
    // Under the root: the unit and the other accounts.
    let under_root = orgs
        .list_entities()
        .parent_id(demo::HUAWEI_ROOT_ID)
        .collect()
        .await;
    let under_root = under_root.unwrap();
    assert!(under_root.iter().any(|e| e.id == demo::HUAWEI_OU_ID));
    assert_eq!(
        under_root.len() + under.len(),
        all.len() - 1,
        "all but the root"
    );

    // One child, with or without its parent.
    let child = orgs
        .list_entities()
        .child_id(demo::HUAWEI_OU_ID)
        .collect()
        .await
        .unwrap();
    assert_eq!(child.len(), 1);
    assert_eq!(child[0].type_, "organizational_unit");
    let misplaced = orgs
        .list_entities()
        .parent_id(demo::HUAWEI_OU_ID)
        .child_id(demo::HUAWEI_OU_ID)
        .collect()
        .await
        .unwrap();
    assert!(misplaced.is_empty(), "the unit is not under itself");
}

#[tokio::test]
async fn list_entities_refuses_unknown_and_malformed_ids() {
    let emu = demo_emulator().await;
    let orgs = huawei(&emu).build().unwrap().organizations().unwrap();
    let unknown = orgs
        .list_entities()
        .parent_id("ou-ffffffff")
        .collect()
        .await;
    assert_eq!(status_code(unknown), (404, "Organizations.1001".to_owned()));
    let unknown = orgs.list_entities().child_id("nobody").collect().await;
    assert_eq!(status_code(unknown).0, 404);
    // A parent that is neither a root nor a unit id is refused before sending.
    let malformed = orgs.list_entities().parent_id("x-1").collect().await;
    assert!(
        matches!(malformed, Err(Error::InvalidRequest { .. })),
        "{malformed:?}"
    );
}

#[tokio::test]
async fn no_delegated_administrators_by_default() {
    let emu = demo_emulator().await;
    let orgs = huawei(&emu).build().unwrap().organizations().unwrap();
    assert!(
        orgs.list_delegated_administrators()
            .collect()
            .await
            .unwrap()
            .is_empty()
    );
    let services = orgs
        .list_delegated_services()
        .account_id(demo::HUAWEI_ACCOUNT_ID);
    assert!(services.collect().await.unwrap().is_empty());
}

#[tokio::test]
async fn delegated_administrators_and_their_services_agree() {
    let (emu, other) = delegated_emulator().await;
    let orgs = huawei(&emu).build().unwrap().organizations().unwrap();
    let admins = paged!(
        orgs.list_delegated_administrators(),
        |a: &org::DelegatedAdministrator| a.account_id.clone()
    );
    let ids: Vec<&str> = admins.iter().map(|a| a.account_id.as_str()).collect();
    assert_eq!(
        ids,
        [demo::HUAWEI_ACCOUNT_ID, other.as_str()],
        "one item per account"
    );
    assert_eq!(
        admins[0].account_name.as_deref(),
        Some(demo::HUAWEI_ACCOUNT_NAME)
    );
    assert_eq!(
        admins[0].delegation_enabled_at.as_deref(),
        Some("2026-01-10T08:00:00Z")
    );

    let of_service = orgs
        .list_delegated_administrators()
        .service_principal(IDENTITY_CENTER);
    let of_service = of_service.collect().await.unwrap();
    let ids: Vec<&str> = of_service.iter().map(|a| a.account_id.as_str()).collect();
    assert_eq!(ids, [demo::HUAWEI_ACCOUNT_ID]);
    let none = orgs
        .list_delegated_administrators()
        .service_principal("service.None");
    assert!(none.collect().await.unwrap().is_empty());

    // Each account's services are exactly the services that list it.
    for admin in &admins {
        let services = paged!(
            orgs.list_delegated_services().account_id(&admin.account_id),
            |s: &org::DelegatedService| s.service_principal.clone()
        );
        for s in &services {
            let listing = orgs
                .list_delegated_administrators()
                .service_principal(&s.service_principal);
            let listing = listing.collect().await.unwrap();
            assert!(listing.iter().any(|a| a.account_id == admin.account_id));
        }
        let expected = if admin.account_id == other { 1 } else { 2 };
        assert_eq!(services.len(), expected, "{}", admin.account_id);
    }
    let unknown = orgs
        .list_delegated_services()
        .account_id("nobody")
        .collect()
        .await;
    assert_eq!(status_code(unknown), (404, "Organizations.1003".to_owned()));
}

#[tokio::test]
async fn a_delegation_of_an_account_outside_the_organization_is_refused_on_load() {
    let mut data = DataSet::demo();
    let organization = data.huawei.organization.as_mut().unwrap();
    organization.delegated_administrators = vec![HuaweiDelegatedAdministrator {
        account_id: "not-an-account".into(),
        service_principal: IDENTITY_CENTER.into(),
        delegation_enabled_at: None,
    }];
    let err = Emulator::builder().data(data).start().await.unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("delegated_administrators[0].account_id")
            && message.contains("not-an-account"),
        "{message}"
    );
}
