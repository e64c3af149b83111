//! CreateGroupMembership, DeleteGroupMembership, DescribeGroupMembership and GetGroupMembershipId,
//! and what a membership changes in the access report and the assignment views.

use futures::TryStreamExt;
use idc::PrincipalType;
use idc_emulator::huawei::{IDENTITY_TAKEN, UNKNOWN_GROUP, UNKNOWN_MEMBERSHIP, UNKNOWN_USER};
use idc_raw::huawei_identitystore::types as ids;
use idc_report::huawei::HuaweiSource;
use idc_report::{Report, Row, ViaType};

use super::*;

async fn membership_id(client: &StoreClient, group: &str, user: &str) -> Result<String, Error> {
    let found = client
        .get_group_membership_id()
        .identity_store_id(STORE)
        .group_id(group)
        .member_id(ids::MemberId {
            user_id: user.to_owned(),
        })
        .send()
        .await?;
    assert_eq!(found.identity_store_id.as_deref(), Some(STORE));
    Ok(found.membership_id.unwrap())
}

async fn report(emu: &RunningEmulator) -> Vec<Row> {
    let client = huawei(emu).build().unwrap();
    let source = HuaweiSource::connect(client, Some(demo::HUAWEI_INSTANCE_ID))
        .await
        .unwrap();
    Report::new(source).rows().try_collect().await.unwrap()
}

/// The report's rows that reach `user` through `group`.
fn through<'a>(rows: &'a [Row], user: &str, group: &str) -> Vec<&'a Row> {
    rows.iter()
        .filter(|r| {
            r.user_id == user && r.via_type == ViaType::Group && r.via_id.as_deref() == Some(group)
        })
        .collect()
}

#[tokio::test]
async fn a_user_removed_from_a_group_loses_that_group_s_access_and_the_group_keeps_it() {
    let emu = demo_emulator().await;
    let client = store_client(&emu);
    let before = report(&emu).await;
    // A user who reaches an account through a group, as the report shows it.
    let row = before
        .iter()
        .find(|r| r.via_type == ViaType::Group)
        .expect("the demo reaches someone through a group");
    let (user, group) = (row.user_id.clone(), row.via_id.clone().unwrap());
    let reached = through(&before, &user, &group).len();

    let id = membership_id(&client, &group, &user).await.unwrap();
    let described = client
        .describe_group_membership()
        .identity_store_id(STORE)
        .membership_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(described.group_id.as_deref(), Some(&*group));
    assert_eq!(described.member_id.unwrap().user_id, user);
    let center = huawei(&emu).build().unwrap();
    let group_assignments = || {
        center
            .list_account_assignments_for_principal()
            .instance_id(demo::HUAWEI_INSTANCE_ID)
            .principal_id(&group)
            .principal_type(PrincipalType::Group)
            .collect()
    };
    let assigned = group_assignments().await.unwrap().len();
    assert!(assigned > 0);

    let delete = |id: &str| {
        client
            .delete_group_membership()
            .identity_store_id(STORE)
            .membership_id(id)
            .send()
    };
    delete(&id).await.unwrap();
    let after = report(&emu).await;
    assert!(
        through(&after, &user, &group).is_empty(),
        "{:?}",
        through(&after, &user, &group)
    );
    assert_eq!(
        before.len() - after.len(),
        reached,
        "only that group's rows of that user go"
    );
    assert!(!groups_of(&client, &user).await.contains(&group));
    let members = client
        .list_group_memberships()
        .identity_store_id(STORE)
        .group_id(&group)
        .collect()
        .await
        .unwrap();
    assert!(
        members
            .iter()
            .all(|m| m.member_id.as_ref().unwrap().user_id != user)
    );
    let checked = client
        .is_member_in_groups()
        .identity_store_id(STORE)
        .group_ids(group.clone())
        .member_id(ids::MemberId {
            user_id: user.clone(),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(checked.results[0].membership_exists, Some(false));
    assert_eq!(
        group_assignments().await.unwrap().len(),
        assigned,
        "the group keeps its access"
    );
    let gone = client
        .describe_group_membership()
        .identity_store_id(STORE)
        .membership_id(&id)
        .send()
        .await;
    assert_eq!(status_code(gone), (404, UNKNOWN_MEMBERSHIP.to_owned()));
    assert_eq!(
        status_code(delete(&id).await),
        (404, UNKNOWN_MEMBERSHIP.to_owned())
    );
    let lookup = membership_id(&client, &group, &user).await;
    assert_eq!(status_code(lookup), (404, UNKNOWN_MEMBERSHIP.to_owned()));

    // Added back: the access returns, under a new membership id.
    let again = add_member(&client, &group, &user).await.unwrap();
    assert_ne!(again, id);
    assert_eq!(membership_id(&client, &group, &user).await.unwrap(), again);
    assert_eq!(through(&report(&emu).await, &user, &group).len(), reached);
    let twice = add_member(&client, &group, &user).await;
    assert_eq!(status_code(twice), (409, IDENTITY_TAKEN.to_owned()));
    emu.shutdown().await;
}

#[tokio::test]
async fn a_membership_names_a_user_and_a_group_that_exist() {
    let emu = demo_emulator().await;
    let client = store_client(&emu);
    let user = create_user(&client, "kate", "Kate").await.unwrap();
    let group = create_group(&client, "kate's team").await;
    let no_group = add_member(&client, "no-such-group", &user).await;
    assert_eq!(status_code(no_group), (404, UNKNOWN_GROUP.to_owned()));
    let no_user = add_member(&client, &group, "no-such-user").await;
    assert_eq!(status_code(no_user), (404, UNKNOWN_USER.to_owned()));
    assert!(groups_of(&client, &user).await.is_empty());
    // A rule of the spec: group ids are 1 to 64 characters.
    let long = add_member(&client, &"g".repeat(65), &user).await;
    assert!(
        matches!(long, Err(Error::InvalidRequest { .. })),
        "{long:?}"
    );
    let id = add_member(&client, &group, &user).await.unwrap();
    assert_eq!(groups_of(&client, &user).await, vec![group.clone()]);
    assert_eq!(membership_id(&client, &group, &user).await.unwrap(), id);
    emu.shutdown().await;
}
