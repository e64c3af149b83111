//! The engine over the in-memory source: expansion, names, filters, exactly-once, concurrency,
//! failures.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use common::{Shape, expected, generate};
use futures::TryStreamExt;
use idc_report::source::{
    AccountAssignment, Application, Entity, Group, MemorySource, PrincipalType, Seen, Source,
};
use idc_report::{
    AssignmentRow, Cloud, Error, FilterKind, Filters, PrincipalKind, Report, Row, TargetType,
    ViaType,
};

async fn rows<S: Source + 'static>(report: Report<S>) -> Vec<Row> {
    report.rows().try_collect().await.unwrap()
}

fn set(rows: Vec<Row>) -> BTreeSet<Row> {
    let n = rows.len();
    let set: BTreeSet<Row> = rows.into_iter().collect();
    assert_eq!(set.len(), n, "a row came twice");
    set
}

/// alice directly, bob and carol through "admins", everyone through the open wiki.
fn small() -> MemorySource {
    let mut data = MemorySource::new(Cloud::Huawei, "ins-1");
    data.users.push(Entity::new("u-1", "alice"));
    data.users.push(Entity::new("u-2", "bob"));
    data.users.push(Entity::new("u-3", "carol"));
    data.group("g-1", "admins", &["u-2", "u-3"]);
    data.group("g-2", "empty", &[]);
    data.accounts.push(Entity::new("a-1", "prod"));
    data.accounts.push(Entity::new("a-2", "dev"));
    data.permission_sets.push(Entity::new("ps-1", "Admin"));
    data.permission_sets.push(Entity::new("ps-2", "ReadOnly"));
    data.assign("a-1", PrincipalType::User, "u-1", "ps-2");
    data.assign("a-1", PrincipalType::Group, "g-1", "ps-1");
    data.assign("a-2", PrincipalType::Group, "g-2", "ps-1");
    data.applications.push(Application {
        entity: Entity::new("urn:app/apl-wiki", "wiki"),
        assignment_required: false,
    });
    data.applications.push(Application {
        entity: Entity::new("urn:app/apl-hr", "hr"),
        assignment_required: true,
    });
    data.assign_application("urn:app/apl-hr", PrincipalType::Group, "g-1");
    data.assign_application("urn:app/apl-hr", PrincipalType::User, "u-1");
    data
}

#[tokio::test]
async fn groups_are_expanded_and_every_id_is_named() {
    let data = small();
    let got = set(rows(Report::new(data.clone())).await);
    assert_eq!(got, expected(&data));
    // 1 direct + 2 through admins on prod; hr: alice directly, bob and carol through admins;
    // wiki: all three.
    assert_eq!(got.len(), 3 + 3 + 3);
    let bob_prod = got
        .iter()
        .find(|r| r.user_id == "u-2" && r.target_id == "a-1")
        .unwrap();
    assert_eq!(bob_prod.user_name.as_deref(), Some("bob"));
    assert_eq!(bob_prod.target_name.as_deref(), Some("prod"));
    assert_eq!(bob_prod.permission_set_name.as_deref(), Some("Admin"));
    assert_eq!(bob_prod.via_type, ViaType::Group);
    assert_eq!(bob_prod.via_name.as_deref(), Some("admins"));
    let wiki: Vec<_> = got
        .iter()
        .filter(|r| r.target_name.as_deref() == Some("wiki"))
        .collect();
    assert_eq!(wiki.len(), 3);
    assert!(wiki.iter().all(|r| r.via_type == ViaType::AllUsers
        && r.via_id.is_none()
        && r.permission_set_id.is_none()
        && r.target_type == TargetType::Application));
}

#[tokio::test]
async fn an_id_without_a_name_is_kept_and_marked() {
    let mut data = small();
    // A member the user listing does not show, a permission set and an account the listings do
    // not show, a group the group listing does not show (its members are asked for).
    data.memberships
        .get_mut("g-1")
        .unwrap()
        .push("u-ghost".into());
    data.assign("a-1", PrincipalType::User, "u-1", "ps-gone");
    data.assign("a-9", PrincipalType::User, "u-1", "ps-1");
    data.memberships
        .insert("g-hidden".into(), vec!["u-1".into()]);
    data.assign("a-2", PrincipalType::Group, "g-hidden", "ps-2");
    let got = set(rows(Report::new(data.clone())).await);
    let ghost: Vec<_> = got.iter().filter(|r| r.user_id == "u-ghost").collect();
    assert_eq!(ghost.len(), 2, "prod and hr through admins: {ghost:?}");
    assert!(
        ghost
            .iter()
            .all(|r| r.user_name.is_none() && r.unresolved() == vec!["u-ghost"])
    );
    let gone = got
        .iter()
        .find(|r| r.permission_set_id.as_deref() == Some("ps-gone"))
        .unwrap();
    assert_eq!(gone.permission_set_name, None);
    assert_eq!(gone.unresolved(), vec!["ps-gone"]);
    let hidden = got
        .iter()
        .find(|r| r.via_id.as_deref() == Some("g-hidden"))
        .unwrap();
    assert_eq!(
        (hidden.user_id.as_str(), hidden.via_name.as_deref()),
        ("u-1", None)
    );
    // a-9 is not among the organization's accounts, so it is not read: only listed accounts are.
    assert!(got.iter().all(|r| r.target_id != "a-9"));
}

#[tokio::test]
async fn generated_organisations_match_the_independent_computation() {
    for seed in 1..=5 {
        let shape = Shape {
            users: 60,
            groups: 8,
            accounts: 25,
            permission_sets: 5,
            applications: 7,
        };
        let data = generate(Cloud::Huawei, shape, seed);
        let want = expected(&data);
        assert!(want.len() > 100, "seed {seed}: {} rows", want.len());
        for concurrency in [1, 3, 16] {
            let got = set(rows(Report::new(data.clone()).concurrency(concurrency)).await);
            assert_eq!(got, want, "seed {seed}, concurrency {concurrency}");
        }
    }
}

#[tokio::test]
async fn filters_by_id_or_name_or_within_and_across() {
    let data = small();
    let all = expected(&data);
    let run = |filters: Filters| {
        let data = data.clone();
        async move { set(rows(Report::new(data).filters(filters)).await) }
    };
    let only = |f: &dyn Fn(&Row) -> bool| {
        all.iter()
            .filter(|r| f(r))
            .cloned()
            .collect::<BTreeSet<_>>()
    };

    let by_name = run(Filters {
        users: vec!["bob".into()],
        ..Filters::default()
    })
    .await;
    assert_eq!(by_name, only(&|r| r.user_id == "u-2"));
    let by_id = run(Filters {
        users: vec!["u-2".into()],
        ..Filters::default()
    })
    .await;
    assert_eq!(by_id, by_name);
    let or = run(Filters {
        users: vec!["bob".into(), "u-1".into()],
        ..Filters::default()
    })
    .await;
    assert_eq!(or, only(&|r| r.user_id == "u-2" || r.user_id == "u-1"));
    let and = run(Filters {
        users: vec!["bob".into(), "alice".into()],
        accounts: vec!["prod".into()],
        permission_sets: vec!["Admin".into()],
        ..Filters::default()
    })
    .await;
    assert_eq!(
        and,
        only(&|r| (r.user_id == "u-1" || r.user_id == "u-2")
            && r.target_id == "a-1"
            && r.permission_set_id.as_deref() == Some("ps-1"))
    );
    let group = run(Filters {
        groups: vec!["admins".into()],
        ..Filters::default()
    })
    .await;
    assert_eq!(group, only(&|r| r.via_id.as_deref() == Some("g-1")));
    assert_eq!(group.len(), 4);
    let app = run(Filters {
        applications: vec!["apl-wiki".into()],
        ..Filters::default()
    })
    .await;
    assert_eq!(app, only(&|r| r.target_id == "urn:app/apl-wiki"));
    let targets = run(Filters {
        applications: vec!["hr".into()],
        accounts: vec!["a-1".into()],
        ..Filters::default()
    })
    .await;
    assert_eq!(
        targets,
        only(&|r| r.target_id == "a-1" || r.target_id == "urn:app/apl-hr")
    );
    let set_filter = run(Filters {
        permission_sets: vec!["ReadOnly".into()],
        ..Filters::default()
    })
    .await;
    assert_eq!(
        set_filter,
        only(&|r| r.permission_set_id.as_deref() == Some("ps-2"))
    );
}

#[tokio::test]
async fn a_filter_matching_nothing_is_an_error_naming_it() {
    for (filters, kind, value) in [
        (
            Filters {
                users: vec!["alice".into(), "mallory".into()],
                ..Filters::default()
            },
            FilterKind::User,
            "mallory",
        ),
        (
            Filters {
                groups: vec!["nope".into()],
                ..Filters::default()
            },
            FilterKind::Group,
            "nope",
        ),
        (
            Filters {
                accounts: vec!["Prod".into()],
                ..Filters::default()
            },
            FilterKind::Account,
            "Prod",
        ),
        (
            Filters {
                permission_sets: vec!["ps-9".into()],
                ..Filters::default()
            },
            FilterKind::PermissionSet,
            "ps-9",
        ),
        (
            Filters {
                applications: vec!["wik".into()],
                ..Filters::default()
            },
            FilterKind::Application,
            "wik",
        ),
    ] {
        let err = Report::new(small())
            .filters(filters)
            .rows()
            .try_collect::<Vec<_>>()
            .await
            .unwrap_err();
        match &err {
            Error::FilterMatchesNothing { unmatched, .. } => {
                assert_eq!(unmatched, &[(kind, value.to_owned())]);
            }
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().contains(&format!("\"{value}\"")), "{err}");
    }
}

#[tokio::test]
async fn every_value_matching_nothing_is_named_at_once_across_filters() {
    let err = Report::new(small())
        .filters(Filters {
            users: vec!["mallory".into(), "alice".into(), "trent".into()],
            accounts: vec!["Prod".into(), "prod".into()],
            applications: vec!["wik".into()],
            ..Filters::default()
        })
        .assignments()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    let Error::FilterMatchesNothing { unmatched, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(
        unmatched,
        &[
            (FilterKind::User, "mallory".to_owned()),
            (FilterKind::User, "trent".to_owned()),
            (FilterKind::Account, "Prod".to_owned()),
            (FilterKind::Application, "wik".to_owned()),
        ]
    );
    let text = err.to_string();
    for value in ["mallory", "trent", "Prod", "wik"] {
        assert!(text.contains(&format!("\"{value}\"")), "{text}");
    }
}

#[tokio::test]
async fn without_expansion_one_row_per_assignment() {
    let data = small();
    let got: Vec<AssignmentRow> = Report::new(data).assignments().try_collect().await.unwrap();
    // prod: alice and admins; dev: empty; hr: admins and alice; wiki: everyone.
    assert_eq!(got.len(), 6, "{got:#?}");
    let empty = got
        .iter()
        .find(|r| r.principal_id.as_deref() == Some("g-2"))
        .unwrap();
    assert_eq!(empty.principal_type, PrincipalKind::Group);
    assert_eq!(empty.principal_name.as_deref(), Some("empty"));
    assert_eq!(empty.target_name.as_deref(), Some("dev"));
    let everyone = got
        .iter()
        .find(|r| r.principal_type == PrincipalKind::AllUsers)
        .unwrap();
    assert_eq!(
        (
            everyone.principal_id.as_deref(),
            everyone.target_name.as_deref()
        ),
        (None, Some("wiki"))
    );

    let groups_only: Vec<AssignmentRow> = Report::new(small())
        .filters(Filters {
            groups: vec!["admins".into()],
            ..Filters::default()
        })
        .assignments()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(groups_only.len(), 2);
    assert!(
        groups_only
            .iter()
            .all(|r| r.principal_id.as_deref() == Some("g-1"))
    );
}

/// A source that sleeps in every call and records how many calls overlap.
struct Slow {
    inner: MemorySource,
    in_flight: AtomicUsize,
    peak: AtomicUsize,
    calls: AtomicUsize,
    fail_account: Option<String>,
}

impl Slow {
    async fn call<T>(&self, value: T) -> idc_report::Result<T> {
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        self.calls.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(2)).await;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        Ok(value)
    }
}

impl Source for Slow {
    fn cloud(&self) -> Cloud {
        self.inner.cloud
    }
    fn instance_id(&self) -> &str {
        &self.inner.instance_id
    }
    async fn users(&self, n: usize, seen: &Seen) -> idc_report::Result<Vec<Entity>> {
        self.call(self.inner.users(n, seen).await?).await
    }
    async fn groups(&self, n: usize) -> idc_report::Result<Vec<Group>> {
        self.call(self.inner.groups(n).await?).await
    }
    async fn group_members(&self, id: &str) -> idc_report::Result<Vec<String>> {
        self.call(self.inner.group_members(id).await?).await
    }
    async fn accounts(&self, n: usize) -> idc_report::Result<Vec<Entity>> {
        self.call(self.inner.accounts(n).await?).await
    }
    async fn permission_sets(&self, n: usize) -> idc_report::Result<Vec<Entity>> {
        self.call(self.inner.permission_sets(n).await?).await
    }
    async fn applications(&self, n: usize) -> idc_report::Result<Vec<Application>> {
        self.call(self.inner.applications(n).await?).await
    }
    async fn account_assignments(&self, id: &str) -> idc_report::Result<Vec<AccountAssignment>> {
        if self.fail_account.as_deref() == Some(id) {
            return Err(Error::Io {
                context: format!("account {id}"),
                source: std::io::Error::other("injected"),
            });
        }
        self.call(self.inner.account_assignments(id).await?).await
    }
    async fn application_assignments(
        &self,
        kind: PrincipalType,
        id: &str,
    ) -> idc_report::Result<Vec<String>> {
        self.call(self.inner.application_assignments(kind, id).await?)
            .await
    }
}

fn slow(data: MemorySource, fail_account: Option<&str>) -> Arc<Slow> {
    Arc::new(Slow {
        inner: data,
        in_flight: AtomicUsize::new(0),
        peak: AtomicUsize::new(0),
        calls: AtomicUsize::new(0),
        fail_account: fail_account.map(str::to_owned),
    })
}

#[tokio::test]
async fn calls_never_exceed_the_concurrency_and_the_plan_is_minimal() {
    let shape = Shape {
        users: 40,
        groups: 6,
        accounts: 30,
        permission_sets: 4,
        applications: 3,
    };
    let data = generate(Cloud::Huawei, shape, 7);
    let want = expected(&data);
    for concurrency in [1, 4, 8] {
        let source = slow(data.clone(), None);
        let progress = Arc::new(AtomicUsize::new(0));
        let seen = progress.clone();
        let got = set(rows(
            Report::from_arc(source.clone())
                .concurrency(concurrency)
                .on_progress(move |_| {
                    seen.fetch_add(1, Ordering::Relaxed);
                }),
        )
        .await);
        assert_eq!(got, want);
        let peak = source.peak.load(Ordering::SeqCst);
        assert!(peak <= concurrency, "peak {peak} > {concurrency}");
        if concurrency > 1 {
            assert!(
                peak > 1,
                "calls never overlapped at concurrency {concurrency}"
            );
        }
        // 5 listings + one per group + one per account + one per user and group for applications.
        let calls = source.calls.load(Ordering::SeqCst);
        assert_eq!(calls, 5 + 6 + 30 + 40 + 6);
        assert_eq!(progress.load(Ordering::Relaxed), calls);
    }
}

/// A source whose listings fetch pages at once: each listing call makes `in_flight` requests
/// together (as ScpSource's paging does), each counted while it runs.
struct Paging {
    inner: MemorySource,
    in_flight: AtomicUsize,
    peak: AtomicUsize,
    widest: AtomicUsize,
}

impl Paging {
    async fn requests<T>(&self, in_flight: usize, value: T) -> idc_report::Result<T> {
        self.widest.fetch_max(in_flight, Ordering::SeqCst);
        let one = || async {
            let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            self.peak.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(2)).await;
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
        };
        futures::future::join_all((0..in_flight).map(|_| one())).await;
        Ok(value)
    }
}

impl Source for Paging {
    fn cloud(&self) -> Cloud {
        self.inner.cloud
    }
    fn instance_id(&self) -> &str {
        &self.inner.instance_id
    }
    fn listing_concurrency(&self) -> usize {
        4
    }
    async fn users(&self, n: usize, seen: &Seen) -> idc_report::Result<Vec<Entity>> {
        self.requests(n, self.inner.users(n, seen).await?).await
    }
    async fn groups(&self, n: usize) -> idc_report::Result<Vec<Group>> {
        self.requests(n, self.inner.groups(n).await?).await
    }
    async fn group_members(&self, id: &str) -> idc_report::Result<Vec<String>> {
        self.requests(1, self.inner.group_members(id).await?).await
    }
    async fn accounts(&self, n: usize) -> idc_report::Result<Vec<Entity>> {
        self.requests(n, self.inner.accounts(n).await?).await
    }
    async fn permission_sets(&self, n: usize) -> idc_report::Result<Vec<Entity>> {
        self.requests(n, self.inner.permission_sets(n).await?).await
    }
    async fn applications(&self, n: usize) -> idc_report::Result<Vec<Application>> {
        self.requests(n, self.inner.applications(n).await?).await
    }
    async fn account_assignments(&self, id: &str) -> idc_report::Result<Vec<AccountAssignment>> {
        self.requests(1, self.inner.account_assignments(id).await?)
            .await
    }
    async fn application_assignments(
        &self,
        kind: PrincipalType,
        id: &str,
    ) -> idc_report::Result<Vec<String>> {
        self.requests(1, self.inner.application_assignments(kind, id).await?)
            .await
    }
}

#[tokio::test]
async fn listings_that_page_at_once_are_held_to_the_concurrency_too() {
    let shape = Shape {
        users: 20,
        groups: 4,
        accounts: 12,
        permission_sets: 3,
        applications: 2,
    };
    let data = generate(Cloud::Huawei, shape, 11);
    let want = expected(&data);
    for concurrency in [1, 2, 3, 8] {
        let source = Arc::new(Paging {
            inner: data.clone(),
            in_flight: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            widest: AtomicUsize::new(0),
        });
        let got = set(rows(Report::from_arc(source.clone()).concurrency(concurrency)).await);
        assert_eq!(got, want);
        let peak = source.peak.load(Ordering::SeqCst);
        assert!(peak <= concurrency, "peak {peak} > {concurrency}");
        // A listing is allowed what the concurrency leaves it, up to what it can use.
        assert_eq!(source.widest.load(Ordering::SeqCst), concurrency.min(4));
    }
}

#[tokio::test]
async fn without_applications_no_application_calls_are_made() {
    let shape = Shape {
        users: 20,
        groups: 3,
        accounts: 10,
        permission_sets: 2,
        applications: 0,
    };
    let source = slow(generate(Cloud::Scp, shape, 3), None);
    let _ = rows(Report::from_arc(source.clone())).await;
    assert_eq!(source.calls.load(Ordering::SeqCst), 5 + 3 + 10);
}

#[tokio::test]
async fn a_failing_call_ends_the_stream_with_its_error_after_the_rows_before_it() {
    let shape = Shape {
        users: 20,
        groups: 3,
        accounts: 10,
        permission_sets: 2,
        applications: 0,
    };
    let data = generate(Cloud::Scp, shape, 3);
    let source = slow(data, Some(&common::account_id(5)));
    let mut stream = Report::from_arc(source).concurrency(1).rows();
    let mut before = Vec::new();
    let err = loop {
        match stream.try_next().await {
            Ok(Some(row)) => before.push(row),
            Ok(None) => panic!("the failure was lost"),
            Err(e) => break e,
        }
    };
    assert!(err.to_string().contains("injected"), "{err}");
    assert!(before.iter().all(|r| r.target_id < common::account_id(5)));
}

/// `u-1` is alice's id and the name of the user `u-9`: which is meant cannot be known.
#[tokio::test]
async fn a_value_that_is_one_users_id_and_another_users_name_is_ambiguous() {
    let mut data = small();
    data.users.push(Entity::new("u-9", "u-1"));
    data.assign("a-2", PrincipalType::User, "u-9", "ps-2");
    let only = |value: &str| Filters {
        users: vec![value.to_owned()],
        ..Filters::default()
    };
    let err = Report::new(data.clone())
        .filters(only("u-1"))
        .rows()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    match &err {
        Error::AmbiguousFilter {
            kind,
            value,
            id_of,
            name_of,
        } => assert_eq!(
            (*kind, value.as_str(), id_of.as_str(), name_of.as_str()),
            (FilterKind::User, "u-1", "u-1", "u-9")
        ),
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string().contains("write id:u-1 or name:u-1"),
        "{err}"
    );
    // An explicit prefix says which.
    let users =
        |rows: Vec<Row>| -> BTreeSet<String> { rows.into_iter().map(|r| r.user_id).collect() };
    let by_id = rows(Report::new(data.clone()).filters(only("id:u-1"))).await;
    assert_eq!(users(by_id), BTreeSet::from(["u-1".to_owned()]));
    let by_name = rows(Report::new(data.clone()).filters(only("name:u-1"))).await;
    assert_eq!(users(by_name), BTreeSet::from(["u-9".to_owned()]));
    // A value naming one user both ways (its id is its name) is not ambiguous.
    let mut same = small();
    same.users.push(Entity::new("u-7", "u-7"));
    same.assign("a-2", PrincipalType::User, "u-7", "ps-2");
    let both = rows(Report::new(same).filters(only("u-7"))).await;
    assert_eq!(users(both), BTreeSet::from(["u-7".to_owned()]));
    // A prefixed value matching nothing is named as given.
    let err = Report::new(data)
        .filters(only("id:alice"))
        .rows()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("\"id:alice\" matches no user"),
        "{err}"
    );
}
