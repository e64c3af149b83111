//! What a source gives: entities, groups, applications, assignments, units.

/// Something with an id and, when known, a name (a user, group, account, permission set).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Entity {
    /// The id.
    pub id: String,
    /// The name, if the service gave one.
    pub name: Option<String>,
}

impl Entity {
    /// An entity with a name.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            name: Some(name.into()),
        }
    }
}

/// A group, with its members when the listing carried all of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// The group's id and name.
    pub entity: Entity,
    /// The user ids of its members, when the group listing gave all of them (SCP lists embed
    /// them); `None` to ask [`Source::group_members`](crate::source::Source::group_members).
    pub members: Option<Vec<String>>,
}

/// An application (Huawei).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Application {
    /// Its URN (the key application assignments refer to) and name.
    pub entity: Entity,
    /// `false` when every user of the instance can use it.
    pub assignment_required: bool,
}

/// A user or a group, as an assignment names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PrincipalType {
    /// A user.
    User,
    /// A group.
    Group,
}

/// One account assignment: a principal holds a permission set on an account.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountAssignment {
    /// USER or GROUP.
    pub principal_type: PrincipalType,
    /// The user or group id.
    pub principal_id: String,
    /// The permission set, `None` when the service named none (an SCP assignment without
    /// permission sets).
    pub permission_set_id: Option<String>,
    /// The permission set's name as the assignment carries it (SCP), used when the permission set
    /// listing does not name it.
    pub permission_set_name: Option<String>,
}

/// An organizational unit (or the root) of the organization: what `--ou` names.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Unit {
    /// Its id and, when known, its name.
    pub entity: Entity,
    /// The unit it is directly under; `None` for the root, or when the API does not say.
    pub parent: Option<String>,
}

/// One application assignment, as a per-application listing gives it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ApplicationAssignment {
    /// USER or GROUP.
    pub principal_type: PrincipalType,
    /// The user or group id.
    pub principal_id: String,
    /// The application's URN.
    pub application_urn: String,
}
