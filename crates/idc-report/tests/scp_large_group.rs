//! A group too large for a page of `ListGroups` (which embeds every member) does not make the SCP
//! report impossible: the listing falls back to one group a page, and a group too large even alone
//! has its members listed by the paged `ListGroupUsers`.

mod common;

use std::collections::BTreeSet;

use common::emulator_data::{SCP_INSTANCE, scp_data_set};
use common::expected;
use futures::TryStreamExt;
use idc_emulator::{Emulator, demo};
use idc_report::scp::ScpSource;
use idc_report::source::{Entity, MemorySource, PrincipalType};
use idc_report::{Cloud, Report, Row};

/// 400 users; the group `big` has every one of them, `small` two; both are assigned.
fn organization() -> MemorySource {
    let mut data = MemorySource::new(Cloud::Scp, SCP_INSTANCE);
    let users: Vec<String> = (0..400).map(|i| format!("user-{i:04}")).collect();
    for u in &users {
        data.users.push(Entity::new(u, format!("login-{u}")));
    }
    let all: Vec<&str> = users.iter().map(String::as_str).collect();
    data.group("group-big", "Everyone", &all);
    data.group("group-small", "Pair", &all[..2]);
    data.accounts.push(Entity::new("account-1", "Production"));
    data.permission_sets.push(Entity::new("ps-1", "ReadOnly"));
    data.permission_sets.push(Entity::new("ps-2", "Admin"));
    data.assign("account-1", PrincipalType::Group, "group-big", "ps-1");
    data.assign("account-1", PrincipalType::Group, "group-small", "ps-2");
    data
}

#[tokio::test]
async fn a_group_over_the_response_cap_is_expanded_through_list_group_users() {
    let org = organization();
    let want = expected(&org);
    assert_eq!(want.len(), 402);
    let emulator = Emulator::builder()
        .data(scp_data_set(&org))
        .start()
        .await
        .unwrap();
    // 24 KiB: a page of 10 users or memberships fits, the big group's 400 embedded members
    // (about 100 bytes each) do not, alone or with the small one.
    let client = idc::scp::Client::builder()
        .endpoint(emulator.base_url())
        .credentials(idc::scp::Credentials::new(
            demo::SCP_ACCESS_KEY,
            demo::SCP_SECRET_KEY,
        ))
        .max_response_bytes(24 << 10)
        .build()
        .unwrap();
    let too_large = client
        .list_groups()
        .instance_id(SCP_INSTANCE)
        .page_size(10)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            too_large,
            idc::Error::ResponseTooLarge {
                operation: "ListGroups",
                ..
            }
        ),
        "{too_large:?}"
    );
    assert!(too_large.to_string().contains("ListGroups"), "{too_large}");

    let source = ScpSource::connect(client, Some(SCP_INSTANCE))
        .await
        .unwrap()
        .page_size(10);
    let rows: Vec<Row> = Report::new(source).rows().try_collect().await.unwrap();
    let got: BTreeSet<Row> = rows.iter().cloned().collect();
    assert_eq!(got.len(), rows.len(), "a row came twice");
    // No listing gives the name of a group too large for any page of ListGroups (ShowGroup
    // embeds its members too): its rows are all there, with the name null, as for any name
    // the listings do not give.
    let unnamed = |r: &Row| {
        let mut r = r.clone();
        if r.via_id.as_deref() == Some("group-big") {
            r.via_name = None;
        }
        r
    };
    let want: BTreeSet<Row> = want.iter().map(unnamed).collect();
    let missing: Vec<_> = want.difference(&got).take(3).collect();
    assert!(missing.is_empty(), "missing {missing:?}");
    assert_eq!(got, want);
    let small: Vec<&Row> = rows
        .iter()
        .filter(|r| r.via_name.as_deref() == Some("Pair"))
        .collect();
    assert_eq!(small.len(), 2, "the small group is listed with its name");
}
