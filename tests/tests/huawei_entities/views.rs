//! Forward and reverse views agreeing over generated organizations, and the benchmark organization's shape.

use super::*;

/// The forward view of every principal and the reverse view of every account agree, and so do
/// the membership views, over generated organizations of several shapes and seeds.
#[tokio::test]
async fn forward_and_reverse_views_agree_over_generated_organizations() {
    let shapes = [
        OrganizationShape {
            users: 12,
            groups: 4,
            accounts: 5,
            permission_sets: 3,
            applications: 3,
            memberships_per_user: 2,
            assignments_per_group: 3,
            assignments_per_user: 2,
            applications_per_group: 2,
        },
        OrganizationShape {
            users: 7,
            groups: 9,
            accounts: 2,
            permission_sets: 4,
            applications: 1,
            memberships_per_user: 5,
            assignments_per_group: 8,
            assignments_per_user: 0,
            applications_per_group: 1,
        },
    ];
    for shape in &shapes {
        for seed in 0..3u64 {
            views_agree(shape, seed, 1 + (seed as u32 % 3)).await;
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 12,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// The same agreement as a property: any small shape (empty kinds included), any seed, any
    /// page size.
    #[test]
    fn forward_and_reverse_views_agree_for_any_shape(
        users in 0usize..10,
        groups in 0usize..6,
        accounts in 1usize..5,
        permission_sets in 1usize..5,
        applications in 0usize..4,
        memberships_per_user in 0usize..4,
        assignments_per_group in 0usize..6,
        assignments_per_user in 0usize..3,
        applications_per_group in 0usize..3,
        seed in proptest::prelude::any::<u64>(),
        size in 1u32..4,
    ) {
        let shape = OrganizationShape {
            users,
            groups,
            accounts,
            permission_sets,
            applications,
            memberships_per_user,
            assignments_per_group,
            assignments_per_user,
            applications_per_group,
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(views_agree(&shape, seed, size));
    }
}

/// Checks every view of a generated organization against the others, at page size `size`.
async fn views_agree(shape: &OrganizationShape, seed: u64, size: u32) {
    let data = DataSet::generate_organization(shape, seed);
    data.validate().unwrap();
    assert_eq!(data, DataSet::generate_organization(shape, seed));
    let emu = Emulator::builder()
        .data(data.clone())
        .start()
        .await
        .unwrap();
    let client = huawei(&emu).build().unwrap();
    let store = store_client(&emu);

    // Forward: every principal's assignments.
    let mut forward = BTreeSet::new();
    for (id, kind) in data
        .huawei
        .users
        .iter()
        .map(|u| (&u.user_id, PrincipalType::User))
        .chain(
            data.huawei
                .groups
                .iter()
                .map(|g| (&g.group_id, PrincipalType::Group)),
        )
    {
        for a in client
            .list_account_assignments_for_principal()
            .instance_id(INSTANCE)
            .principal_id(&**id)
            .principal_type(kind.clone())
            .page_size(size)
            .collect()
            .await
            .unwrap()
        {
            assert_eq!(a.principal_id, **id);
            forward.insert((a.account_id, a.permission_set_id, a.principal_id));
        }
    }
    // Reverse: every account's assignments, and per permission set.
    let mut reverse = BTreeSet::new();
    for account in client
        .organizations()
        .unwrap()
        .list_accounts()
        .page_size(size)
        .collect()
        .await
        .unwrap()
    {
        let all = client
            .list_account_assignments()
            .instance_id(INSTANCE)
            .account_id(account.id.clone())
            .page_size(size)
            .collect()
            .await
            .unwrap();
        let mut by_set = 0;
        for set in &data.huawei.permission_sets {
            by_set += client
                .list_account_assignments()
                .instance_id(INSTANCE)
                .account_id(account.id.clone())
                .permission_set_id(&*set.permission_set_id)
                .collect()
                .await
                .unwrap()
                .len();
        }
        assert_eq!(by_set, all.len());
        for a in all {
            reverse.insert((a.account_id, a.permission_set_id, a.principal_id));
        }
    }
    assert_eq!(forward, reverse, "{shape:?}, seed {seed}");
    assert_eq!(forward.len(), data.huawei.account_assignments.len());

    // Memberships: per group, per member, and IsMemberInGroups.
    let mut by_group = BTreeSet::new();
    for g in &data.huawei.groups {
        for m in store
            .list_group_memberships()
            .identity_store_id(STORE)
            .group_id(&*g.group_id)
            .page_size(size)
            .collect()
            .await
            .unwrap()
        {
            by_group.insert((m.member_id.unwrap().user_id, g.group_id.to_string()));
        }
    }
    let mut by_member = BTreeSet::new();
    let mut in_groups: HashMap<String, Vec<bool>> = HashMap::new();
    for u in &data.huawei.users {
        for m in store
            .list_group_memberships_for_member()
            .identity_store_id(STORE)
            .user_id(&*u.user_id)
            .page_size(size)
            .collect()
            .await
            .unwrap()
        {
            by_member.insert((u.user_id.to_string(), m.group_id.unwrap()));
        }
        // With no group there is nothing to ask (the request needs at least one group id).
        if data.huawei.groups.is_empty() {
            in_groups.insert(u.user_id.to_string(), Vec::new());
            continue;
        }
        let mut check = store
            .is_member_in_groups()
            .identity_store_id(STORE)
            .member_id(MemberId {
                user_id: u.user_id.to_string(),
            });
        for g in &data.huawei.groups {
            check = check.group_ids(&*g.group_id);
        }
        in_groups.insert(
            u.user_id.to_string(),
            check
                .send()
                .await
                .unwrap()
                .results
                .iter()
                .map(|r| r.membership_exists.unwrap())
                .collect(),
        );
    }
    assert_eq!(by_group, by_member);
    for u in &data.huawei.users {
        for (g, exists) in data.huawei.groups.iter().zip(&in_groups[&*u.user_id]) {
            assert_eq!(
                *exists,
                by_group.contains(&(u.user_id.to_string(), g.group_id.to_string()))
            );
        }
    }
    assert_eq!(
        by_group.len(),
        data.huawei.users.len() * shape.memberships_per_user.min(shape.groups)
    );
    emu.shutdown().await;
}

#[test]
fn the_benchmark_organization_has_its_shape() {
    let data = DataSet::generate_organization(&OrganizationShape::BENCHMARK, 12);
    data.validate().unwrap();
    let h = &data.huawei;
    assert_eq!(h.users.len(), 500);
    assert_eq!(h.groups.len(), 50);
    assert_eq!(h.accounts.len(), 100);
    assert_eq!(h.permission_sets.len(), 20);
    assert_eq!(h.group_memberships.len(), 1500);
    assert_eq!(h.account_assignments.len(), 50 * 10 + 500);
    assert_ne!(
        data,
        DataSet::generate_organization(&OrganizationShape::BENCHMARK, 13)
    );
}
