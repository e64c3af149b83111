//! Organizations operations against the demo accounts.

use super::*;

#[tokio::test]
async fn organizations_operations_serve_the_demo_accounts() {
    let emu = demo_emulator().await;
    let orgs = huawei(&emu).build().unwrap().organizations().unwrap();
    let accounts = paged!(orgs.list_accounts(), |a: &org::Account| a.id.clone());
    assert_eq!(accounts.len(), demo::HUAWEI_ACCOUNTS);
    let seed = accounts
        .iter()
        .find(|a| a.id == demo::HUAWEI_ACCOUNT_ID)
        .unwrap();
    assert_eq!(seed.name.as_deref(), Some(demo::HUAWEI_ACCOUNT_NAME));
    assert_eq!(seed.email, None, "contact details only when asked for");
    let under_ou = orgs
        .list_accounts()
        .parent_id(demo::HUAWEI_OU_ID)
        .collect()
        .await
        .unwrap();
    let under_root = orgs
        .list_accounts()
        .parent_id(demo::HUAWEI_ROOT_ID)
        .collect()
        .await
        .unwrap();
    assert_eq!(under_ou.len() + under_root.len(), accounts.len());
    assert!(!under_ou.is_empty() && !under_root.is_empty());
    let shown = orgs
        .show_account()
        .account_id(demo::HUAWEI_ACCOUNT_ID)
        .with_register_contact_info(true)
        .send()
        .await
        .unwrap()
        .account
        .unwrap();
    assert_eq!(shown.id, demo::HUAWEI_ACCOUNT_ID);
    assert_eq!(shown.email.as_deref(), Some("production@example.com"));
}

#[tokio::test]
async fn the_organization_its_root_and_units_are_served_from_the_data() {
    let emu = demo_emulator().await;
    let orgs = huawei(&emu).build().unwrap().organizations().unwrap();
    let organization = orgs
        .show_organization()
        .send()
        .await
        .unwrap()
        .organization
        .unwrap();
    assert_eq!(organization.id, demo::HUAWEI_ORGANIZATION_ID);
    let roots = orgs.list_roots().collect().await.unwrap();
    let root_ids: Vec<&str> = roots.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(root_ids, [demo::HUAWEI_ROOT_ID]);
    // Under the root: the unit; under the unit: nothing; every unit without a parent filter.
    let under_root = orgs
        .list_organizational_units()
        .parent_id(demo::HUAWEI_ROOT_ID)
        .collect()
        .await
        .unwrap();
    let ids: Vec<&str> = under_root.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, [demo::HUAWEI_OU_ID]);
    let under_unit = orgs
        .list_organizational_units()
        .parent_id(demo::HUAWEI_OU_ID)
        .collect()
        .await
        .unwrap();
    assert!(under_unit.is_empty());
    let all = orgs.list_organizational_units().collect().await.unwrap();
    assert_eq!(all.len(), 1, "the root is not a unit");
    // One a page: the marker walks them.
    let paged = orgs
        .list_organizational_units()
        .page_size(1)
        .collect()
        .await
        .unwrap();
    assert_eq!(paged, all);
    let unit = orgs
        .show_organizational_unit()
        .organizational_unit_id(demo::HUAWEI_OU_ID)
        .send()
        .await
        .unwrap()
        .organizational_unit
        .unwrap();
    assert_eq!(unit.name.as_deref(), Some("Non-production"));
    // An unknown unit is a 404; a malformed id never leaves.
    let missing = orgs
        .show_organizational_unit()
        .organizational_unit_id("ou-99999999")
        .send()
        .await;
    assert_eq!(status_code(missing).0, 404);
    let malformed = orgs
        .show_organizational_unit()
        .organizational_unit_id("not-a-unit")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(malformed, Error::InvalidRequest { .. }),
        "{malformed}"
    );
}
