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
