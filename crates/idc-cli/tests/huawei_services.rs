//! `idc huawei identitycenter|identitystore|organizations ...` end to end against the emulator's
//! demo organization: every operation, pagination at page sizes 1 and 2, the project id from the
//! environment and from the profile file, 404s, and the walk from nothing to names.

use assert_cmd::Command;
use idc_emulator::demo;
use serde_json::Value;

mod common;

use common::{Setup, setup};

const STORE: &str = demo::HUAWEI_IDENTITY_STORE_ID;
const INSTANCE: &str = demo::HUAWEI_INSTANCE_ID;

impl Setup {
    /// `idc huawei <service> <operation> --endpoint ... <args>`, with no inherited environment but
    /// the demo access key and domain id.
    fn bare(&self, service: &str, operation: &str, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("idc").unwrap();
        cmd.env_clear()
            .env("HOME", self.home.path())
            .env("HUAWEICLOUD_SDK_AK", demo::HUAWEI_ACCESS_KEY)
            .env("HUAWEICLOUD_SDK_SK", demo::HUAWEI_SECRET_KEY)
            .env("HUAWEICLOUD_SDK_DOMAIN_ID", demo::HUAWEI_DOMAIN_ID)
            .args(["huawei", service, operation, "--endpoint"])
            .arg(self.emulator.base_url())
            .args(["--output", "json"])
            .args(args);
        cmd
    }

    /// As [`bare`](Self::bare), with the demo project id in the environment too.
    fn idc(&self, service: &str, operation: &str, args: &[&str]) -> Command {
        let mut cmd = self.bare(service, operation, args);
        cmd.env("HUAWEICLOUD_SDK_PROJECT_ID", demo::HUAWEI_PROJECT_ID);
        cmd
    }

    /// The JSON lines a successful command prints.
    fn lines(&self, service: &str, operation: &str, args: &[&str]) -> Vec<Value> {
        let output = self.idc(service, operation, args).output().unwrap();
        assert!(
            output.status.success(),
            "{service} {operation} {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// A listing's lines, checked to be the same at page sizes 1, 2 and the default, with the
    /// requests the page size implies.
    fn listing(&self, service: &str, operation: &str, args: &[&str]) -> Vec<Value> {
        let all = self.lines(service, operation, args);
        for size in ["1", "2"] {
            let before = self.emulator.request_count();
            let mut paged: Vec<&str> = args.to_vec();
            paged.extend(["--page-size", size]);
            let lines = self.lines(service, operation, &paged);
            assert_eq!(lines, all, "{operation} at page size {size}");
            let pages = all.len().div_ceil(size.parse().unwrap()).max(1);
            assert_eq!(
                self.emulator.request_count() - before,
                pages,
                "{operation} at page size {size}: one request a page"
            );
        }
        all
    }

    /// The exit code and stderr of a failing command.
    fn failure(&self, service: &str, operation: &str, args: &[&str]) -> (i32, String) {
        let output = self.idc(service, operation, args).output().unwrap();
        assert!(!output.status.success());
        (
            output.status.code().unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} in {v}"))
}

#[test]
fn every_identity_center_operation_runs_from_the_cli() {
    let s = setup();
    let ic = "identitycenter";
    let instances = s.listing(ic, "list-instances", &[]);
    assert_eq!(instances.len(), 2);
    let sets = s.listing(ic, "list-permission-sets", &["--instance-id", INSTANCE]);
    assert_eq!(sets.len(), demo::HUAWEI_PERMISSION_SETS);
    let audit = sets.iter().find(|p| p["name"] == "SecurityAudit").unwrap();
    let audit_id = str_of(audit, "permission_set_id");
    let by_name = s.lines(
        ic,
        "list-permission-sets",
        &["--instance-id", INSTANCE, "--name", "SecurityAudit"],
    );
    assert_eq!(by_name, std::slice::from_ref(audit));
    let ps = ["--instance-id", INSTANCE, "--permission-set-id", audit_id];
    let described = s.lines(ic, "describe-permission-set", &ps);
    assert_eq!(described[0]["permission_set"], *audit);
    assert_eq!(
        s.listing(ic, "list-managed-policies-in-permission-set", &ps)
            .len(),
        2
    );
    assert!(
        s.listing(ic, "list-managed-roles-in-permission-set", &ps)
            .is_empty()
    );
    let policy = s.lines(ic, "get-custom-policy-for-permission-set", &ps);
    assert!(str_of(&policy[0], "custom_policy").contains("cts:*:get*"));
    let role = s.lines(ic, "get-custom-role-for-permission-set", &ps);
    assert!(str_of(&role[0], "custom_role").contains("Statement"));
    let accounts = s.listing(ic, "list-accounts-for-provisioned-permission-set", &ps);
    assert_eq!(accounts.len(), 5);
    let mut outdated_args = ps.to_vec();
    outdated_args.extend([
        "--provisioning-status",
        "LATEST_PERMISSION_SET_NOT_PROVISIONED",
    ]);
    let outdated = s.lines(
        ic,
        "list-accounts-for-provisioned-permission-set",
        &outdated_args,
    );
    assert_eq!(outdated.len(), 1);
    let on_account = s.listing(
        ic,
        "list-permission-sets-provisioned-to-account",
        &[
            "--instance-id",
            INSTANCE,
            "--account-id",
            demo::HUAWEI_ACCOUNT_ID,
        ],
    );
    assert!(on_account.iter().any(|p| p == audit_id));

    let reverse = s.listing(
        ic,
        "list-account-assignments",
        &[
            "--instance-id",
            INSTANCE,
            "--account-id",
            demo::HUAWEI_ACCOUNT_ID,
        ],
    );
    let forward = s.listing(
        ic,
        "list-account-assignments-for-principal",
        &[
            "--instance-id",
            INSTANCE,
            "--principal-id",
            demo::HUAWEI_PRINCIPAL_ID,
            "--principal-type",
            "USER",
            "--account-id",
            demo::HUAWEI_ACCOUNT_ID,
        ],
    );
    assert_eq!(forward.len(), 5);
    for a in &forward {
        assert!(reverse.contains(a), "{a} in the account's listing");
    }
    let with_set = s.lines(
        ic,
        "list-account-assignments",
        &[
            "--instance-id",
            INSTANCE,
            "--account-id",
            demo::HUAWEI_ACCOUNT_ID,
            "--permission-set-id",
            audit_id,
        ],
    );
    assert!(!with_set.is_empty() && with_set.iter().all(|a| a["permission_set_id"] == audit_id));

    let apps = s.listing(ic, "list-applications", &["--instance-id", INSTANCE]);
    assert_eq!(apps.len(), demo::HUAWEI_APPLICATIONS);
    // The id the application operations take comes from the application instances.
    let instances = s.listing(
        ic,
        "list-application-instances",
        &["--instance-id", INSTANCE],
    );
    assert_eq!(instances.len(), demo::HUAWEI_APPLICATIONS);
    let wiki_id = instances
        .iter()
        .find(|a| a["name"] == "wiki")
        .and_then(|a| a["application_instance_id"].as_str())
        .unwrap()
        .to_owned();
    let app = [
        "--instance-id",
        INSTANCE,
        "--application-instance-id",
        &wiki_id,
    ];
    let described = s.lines(ic, "describe-application", &app);
    assert_eq!(described[0]["name"], "wiki");
    let wiki_urn = described[0]["application_urn"].as_str().unwrap().to_owned();
    assert!(apps.iter().any(|a| a["application_urn"] == *wiki_urn));
    assert_eq!(
        s.lines(ic, "get-application-assignment-configuration", &app)[0]["assignment_required"],
        true
    );
    let assigned = s.listing(ic, "list-application-assignments", &app);
    assert!(assigned.iter().all(|a| a["application_urn"] == *wiki_urn));
    let mine = s.listing(
        ic,
        "list-application-assignments-for-principal",
        &[
            "--instance-id",
            INSTANCE,
            "--principal-id",
            demo::HUAWEI_PRINCIPAL_ID,
            "--principal-type",
            "USER",
        ],
    );
    assert_eq!(mine.len(), demo::HUAWEI_PRINCIPAL_APPLICATION_ASSIGNMENTS);
}

#[test]
fn every_identity_store_and_organizations_operation_runs_from_the_cli() {
    let s = setup();
    let st = "identitystore";
    let store = ["--identity-store-id", STORE];
    let users = s.listing(st, "list-users", &store);
    assert_eq!(users.len(), demo::HUAWEI_USERS);
    let bob = s.lines(
        st,
        "list-users",
        &["--identity-store-id", STORE, "--user-name", "bob"],
    );
    assert_eq!(bob.len(), 1);
    let bob_id = str_of(&bob[0], "user_id");
    let found = s.lines(
        st,
        "get-user-id",
        &[
            "--identity-store-id",
            STORE,
            "--alternate-identifier",
            r#"{"unique_attribute":{"attribute_path":"user_name","attribute_value":"bob"}}"#,
        ],
    );
    assert_eq!(found[0]["user_id"], bob_id);
    let described = s.lines(
        st,
        "describe-user",
        &["--identity-store-id", STORE, "--user-id", bob_id],
    );
    assert_eq!(described, bob);
    let batch = s.lines(
        st,
        "describe-users",
        &["--identity-store-id", STORE, "--user-ids", bob_id],
    );
    assert_eq!(batch[0]["users"][0], bob[0]);

    let groups = s.listing(st, "list-groups", &store);
    assert_eq!(groups.len(), demo::HUAWEI_GROUPS);
    let devs = s.lines(
        st,
        "list-groups",
        &["--identity-store-id", STORE, "--display-name", "develop"],
    );
    assert_eq!(devs.len(), 1);
    let devs_id = str_of(&devs[0], "group_id");
    let found = s.lines(
        st,
        "get-group-id",
        &[
            "--identity-store-id",
            STORE,
            "--alternate-identifier",
            r#"{"unique_attribute":{"attribute_path":"display_name","attribute_value":"Developers"}}"#,
        ],
    );
    assert_eq!(found[0]["group_id"], devs_id);
    let described = s.lines(
        st,
        "describe-group",
        &["--identity-store-id", STORE, "--group-id", devs_id],
    );
    assert_eq!(described, devs);
    let batch = s.lines(
        st,
        "describe-groups",
        &["--identity-store-id", STORE, "--group-ids", devs_id],
    );
    assert_eq!(batch[0]["groups"][0], devs[0]);
    let members = s.listing(
        st,
        "list-group-memberships",
        &["--identity-store-id", STORE, "--group-id", devs_id],
    );
    assert_eq!(members.len(), 3);
    assert!(members.iter().any(|m| m["member_id"]["user_id"] == bob_id));
    let of_bob = s.listing(
        st,
        "list-group-memberships-for-member",
        &["--identity-store-id", STORE, "--user-id", bob_id],
    );
    assert_eq!(of_bob.len(), 1);
    assert_eq!(of_bob[0]["group_id"], devs_id);
    let member = format!(r#"{{"user_id":"{bob_id}"}}"#);
    let check = s.lines(
        st,
        "is-member-in-groups",
        &[
            "--identity-store-id",
            STORE,
            "--member-id",
            &member,
            "--group-ids",
            devs_id,
            "--group-ids",
            demo::HUAWEI_GROUP_ID,
        ],
    );
    let results = check[0]["results"].as_array().unwrap();
    assert_eq!(results[0]["membership_exists"], true);
    assert_eq!(results[1]["membership_exists"], false);

    let accounts = s.listing("organizations", "list-accounts", &[]);
    assert_eq!(accounts.len(), demo::HUAWEI_ACCOUNTS);
    let shown = s.lines(
        "organizations",
        "show-account",
        &["--account-id", demo::HUAWEI_ACCOUNT_ID],
    );
    assert_eq!(shown[0]["account"]["name"], demo::HUAWEI_ACCOUNT_NAME);
}

#[test]
fn unknown_ids_exit_1_with_the_huawei_error_code() {
    let s = setup();
    for (service, operation, args, code) in [
        (
            "identitycenter",
            "list-applications",
            vec!["--instance-id", "ins-0000"],
            "IIC.1007",
        ),
        (
            "identitystore",
            "describe-user",
            vec!["--identity-store-id", STORE, "--user-id", "nobody"],
            "IDS.1002",
        ),
        (
            "identitystore",
            "list-groups",
            vec!["--identity-store-id", "d-0000000000"],
            "IDS.1001",
        ),
        (
            "organizations",
            "show-account",
            vec!["--account-id", "nobody"],
            "Organizations.1003",
        ),
    ] {
        let (status, stderr) = s.failure(service, operation, &args);
        assert_eq!(status, 1, "{operation}: {stderr}");
        assert!(
            stderr.contains("404") && stderr.contains(code),
            "{operation}: {stderr}"
        );
    }
}

#[test]
fn the_project_id_comes_from_the_environment_or_the_profile_file() {
    let s = setup();
    let list = ["--identity-store-id", STORE];
    // Missing: a configuration error (exit 2) naming the variable, and nothing sent.
    let output = s
        .bare("identitystore", "list-users", &list)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("HUAWEICLOUD_SDK_PROJECT_ID"), "{stderr}");
    assert_eq!(s.emulator.request_count(), 0);
    // The global services need no project id.
    s.bare("identitycenter", "list-instances", &[])
        .assert()
        .success();
    assert_eq!(s.emulator.request_count(), 1);

    // From the environment: accepted by the emulator, which checks X-Project-Id.
    let output = s
        .idc("identitystore", "list-users", &list)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap().lines().count(),
        demo::HUAWEI_USERS
    );
    let sent = s.emulator.requests();
    let last = sent.last().unwrap();
    assert!(
        last.headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("x-project-id") && v == demo::HUAWEI_PROJECT_ID)
    );

    // From the profile file's [basic] section.
    let file = s.home.path().join("credentials");
    std::fs::write(
        &file,
        format!(
            "[global]\nak = {}\nsk = {}\ndomain_id = {}\n\n[basic]\nproject_id = {}\n",
            demo::HUAWEI_ACCESS_KEY,
            demo::HUAWEI_SECRET_KEY,
            demo::HUAWEI_DOMAIN_ID,
            demo::HUAWEI_PROJECT_ID
        ),
    )
    .unwrap();
    let mut cmd = Command::cargo_bin("idc").unwrap();
    cmd.env_clear()
        .env("HOME", s.home.path())
        .env("HUAWEICLOUD_SDK_CREDENTIALS_FILE", &file)
        .args(["huawei", "identitystore", "list-users", "--endpoint"])
        .arg(s.emulator.base_url())
        .args(["--output", "json"])
        .args(list);
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8(output.stdout).unwrap().lines().count(),
        demo::HUAWEI_USERS
    );

    // A wrong project id in the environment: the emulator's 401 names X-Project-Id.
    let output = s
        .bare("identitystore", "list-users", &list)
        .env(
            "HUAWEICLOUD_SDK_PROJECT_ID",
            "0123456789abcdef0123456789abcdef",
        )
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("X-Project-Id"), "{stderr}");
}

/// An access review from nothing but credentials: the instances, the identity store, a user by
/// name, the user's groups, what they and their groups can reach (account and permission set
/// names, what each permission set grants), and their applications, each command fed the ids the
/// previous ones printed.
#[test]
fn the_walk_from_nothing_to_names() {
    let s = setup();
    // 1. The instances, and the identity store of the first.
    let instances = s.lines("identitycenter", "list-instances", &[]);
    let instance = str_of(&instances[0], "instance_id").to_owned();
    let store = str_of(&instances[0], "identity_store_id").to_owned();
    assert_eq!(store, STORE);

    // 2. A user by name.
    let user = s.lines(
        "identitystore",
        "get-user-id",
        &[
            "--identity-store-id",
            &store,
            "--alternate-identifier",
            r#"{"unique_attribute":{"attribute_path":"user_name","attribute_value":"alice"}}"#,
        ],
    );
    let user_id = str_of(&user[0], "user_id").to_owned();
    let described = s.lines(
        "identitystore",
        "describe-user",
        &["--identity-store-id", &store, "--user-id", &user_id],
    );
    assert_eq!(described[0]["display_name"], "Alice Wang");

    // 3. The user's groups, with their names.
    let memberships = s.lines(
        "identitystore",
        "list-group-memberships-for-member",
        &[
            "--identity-store-id",
            &store,
            "--user-id",
            &user_id,
            "--page-size",
            "1",
        ],
    );
    let mut group_names = Vec::new();
    let mut principals = vec![(user_id.clone(), "USER".to_owned())];
    for m in &memberships {
        let group_id = str_of(m, "group_id");
        let group = s.lines(
            "identitystore",
            "describe-group",
            &["--identity-store-id", &store, "--group-id", group_id],
        );
        group_names.push(str_of(&group[0], "display_name").to_owned());
        principals.push((group_id.to_owned(), "GROUP".to_owned()));
    }
    group_names.sort();
    assert_eq!(group_names, ["Administrators", "Developers"]);

    // 4. The accounts and permission sets they reach, by name, and what each set grants.
    let accounts: std::collections::HashMap<String, String> = s
        .lines("organizations", "list-accounts", &["--page-size", "2"])
        .iter()
        .map(|a| (str_of(a, "id").to_owned(), str_of(a, "name").to_owned()))
        .collect();
    let mut reach = std::collections::BTreeSet::new();
    let mut grants = std::collections::BTreeMap::new();
    for (principal, kind) in &principals {
        for a in s.lines(
            "identitycenter",
            "list-account-assignments-for-principal",
            &[
                "--instance-id",
                &instance,
                "--principal-id",
                principal,
                "--principal-type",
                kind,
                "--page-size",
                "2",
            ],
        ) {
            let set_id = str_of(&a, "permission_set_id");
            let set = s.lines(
                "identitycenter",
                "describe-permission-set",
                &["--instance-id", &instance, "--permission-set-id", set_id],
            );
            let set_name = str_of(&set[0]["permission_set"], "name").to_owned();
            if !grants.contains_key(&set_name) {
                let policies: Vec<String> = s
                    .lines(
                        "identitycenter",
                        "list-managed-policies-in-permission-set",
                        &["--instance-id", &instance, "--permission-set-id", set_id],
                    )
                    .iter()
                    .map(|p| str_of(p, "policy_name").to_owned())
                    .collect();
                grants.insert(set_name.clone(), policies);
            }
            reach.insert((accounts[str_of(&a, "account_id")].clone(), set_name));
        }
    }
    assert!(reach.contains(&(
        demo::HUAWEI_ACCOUNT_NAME.to_owned(),
        "AdministratorAccess".to_owned()
    )));
    assert!(reach.contains(&("Billing".to_owned(), "AdministratorAccess".to_owned())));
    assert!(reach.contains(&("Staging".to_owned(), "DeveloperAccess".to_owned())));
    assert_eq!(grants["AdministratorAccess"], ["FullAccess"]);
    assert_eq!(
        grants["SecurityAudit"],
        ["CTS ReadOnlyAccess", "IAM ReadOnlyAccess"]
    );

    // 5. Their applications, by name.
    let apps: std::collections::HashMap<String, String> = s
        .lines(
            "identitycenter",
            "list-applications",
            &["--instance-id", &instance],
        )
        .iter()
        .map(|a| {
            (
                str_of(a, "application_urn").to_owned(),
                str_of(a, "name").to_owned(),
            )
        })
        .collect();
    let mut app_names = std::collections::BTreeSet::new();
    for (principal, kind) in &principals {
        for a in s.lines(
            "identitycenter",
            "list-application-assignments-for-principal",
            &[
                "--instance-id",
                &instance,
                "--principal-id",
                principal,
                "--principal-type",
                kind,
            ],
        ) {
            app_names.insert(apps[str_of(&a, "application_urn")].clone());
        }
    }
    assert_eq!(app_names.len(), demo::HUAWEI_APPLICATIONS);
    assert!(app_names.contains("wiki") && app_names.contains("crm"));
}
