//! What makes a permission set privileged (`IDC002`, `IDC004`): a managed policy or role whose
//! name is on the cloud's list of administrator policies, or a policy document that allows every
//! action on every resource.
//!
//! The default lists ([`PrivilegedPolicies::default_for`]):
//!
//! | cloud | managed policies and roles held privileged |
//! | --- | --- |
//! | Huawei | `AdministratorAccess`, `FullAccess` (every service), `Tenant Administrator` (every service but IAM), `Security Administrator` (IAM) |
//! | SCP | `AdministratorAccess` |
//!
//! Names are compared exactly (case and spaces included). Replace or extend a list with
//! [`PrivilegedPolicies::from_names`] and [`PrivilegedPolicies::with`].

use std::collections::BTreeSet;

use idc_report::Cloud;
use serde_json::Value;

/// Huawei Cloud's default administrator policies and roles.
pub const HUAWEI_DEFAULT: [&str; 4] = [
    "AdministratorAccess",
    "FullAccess",
    "Tenant Administrator",
    "Security Administrator",
];

/// SCP's default administrator policies.
pub const SCP_DEFAULT: [&str; 1] = ["AdministratorAccess"];

/// The names of the managed policies and roles that make a permission set privileged on one cloud.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrivilegedPolicies {
    names: BTreeSet<String>,
}

impl PrivilegedPolicies {
    /// The documented default list of `cloud` (see the module's table).
    pub fn default_for(cloud: Cloud) -> Self {
        match cloud {
            Cloud::Huawei => Self::from_names(HUAWEI_DEFAULT),
            Cloud::Scp => Self::from_names(SCP_DEFAULT),
        }
    }

    /// Exactly these names.
    pub fn from_names<I, S>(names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            names: names.into_iter().map(Into::into).collect(),
        }
    }

    /// This list and `name`.
    pub fn with(mut self, name: impl Into<String>) -> Self {
        self.names.insert(name.into());
        self
    }

    /// The names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    /// Why a permission set granting `policies` is privileged (`managed policy "FullAccess"`,
    /// `custom policy allows every action on every resource`); empty when it is not.
    ///
    /// ```
    /// use idc_audit::{PermissionSetPolicies, PolicyDocument, PrivilegedPolicies};
    /// use idc_report::Cloud;
    ///
    /// let list = PrivilegedPolicies::default_for(Cloud::Huawei);
    /// let mut set = PermissionSetPolicies::default();
    /// set.documents.push(PolicyDocument {
    ///     label: "custom policy".into(),
    ///     document: serde_json::json!({"Statement": [{"Effect": "Allow", "Action": ["*"]}]}),
    /// });
    /// assert_eq!(list.reasons(&set), vec!["custom policy allows every action on every resource"]);
    /// set.documents.clear();
    /// set.managed_roles.push("Tenant Guest".into());
    /// assert!(list.reasons(&set).is_empty());
    /// ```
    pub fn reasons(&self, policies: &PermissionSetPolicies) -> Vec<String> {
        let mut out = Vec::new();
        for name in &policies.managed_policies {
            if self.names.contains(name) {
                out.push(format!("managed policy \"{name}\""));
            }
        }
        for name in &policies.managed_roles {
            if self.names.contains(name) {
                out.push(format!("managed role \"{name}\""));
            }
        }
        for doc in &policies.documents {
            if allows_everything(doc) {
                out.push(format!(
                    "{} allows every action on every resource",
                    doc.label
                ));
            }
        }
        out
    }
}

/// Whether a statement list allows every action (`*`, or `*:*:*` in Huawei's
/// `service:resource:action` form) on every resource (`*`, or no resource given).
fn allows_everything(doc: &PolicyDocument) -> bool {
    let statements = match doc.document.get("Statement") {
        Some(Value::Array(list)) => list.iter().collect::<Vec<_>>(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    };
    statements.into_iter().any(|s| {
        let allow = s
            .get("Effect")
            .and_then(Value::as_str)
            .is_some_and(|e| e.eq_ignore_ascii_case("allow"));
        let every_action = strings(s.get("Action")).iter().any(|a| all_stars(a));
        let every_resource = match s.get("Resource") {
            None | Some(Value::Null) => true,
            resource => strings(resource).iter().any(|r| all_stars(r)),
        };
        allow && every_action && every_resource && s.get("Condition").is_none()
    })
}

/// A string or a list of strings, as policy documents write either.
fn strings(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// `*`, `*:*`, `*:*:*`, ...: every part a wildcard.
fn all_stars(text: &str) -> bool {
    !text.is_empty() && text.split(':').all(|part| part == "*")
}

/// A policy document a permission set carries in itself (a custom policy or role, an inline
/// policy), as the service sends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyDocument {
    /// What it is (`custom policy`, `custom role`, `inline policy`, `custom policy X`).
    pub label: String,
    /// The document: JSON with a `Statement` list when the service gives one.
    pub document: serde_json::Value,
}

/// What a permission set grants, as far as the rules read it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PermissionSetPolicies {
    /// The names of its managed (system) policies.
    pub managed_policies: Vec<String>,
    /// The names of its managed (system) roles (Huawei).
    pub managed_roles: Vec<String>,
    /// The policy documents it carries (custom policy, custom role, inline policy).
    pub documents: Vec<PolicyDocument>,
}
