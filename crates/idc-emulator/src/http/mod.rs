//! The HTTP layer: the server and its connection limits ([`server`]), the routing of every
//! operation and what each request goes through before its handler ([`dispatch`], [`params`]),
//! signatures ([`signatures`]), SCP API versions ([`versions`]), injected faults ([`faults`]), the
//! request recorder ([`recorder`]) and the clouds' response and error shapes ([`responses`]).

pub(crate) mod dispatch;
pub(crate) mod faults;
pub(crate) mod params;
pub(crate) mod query;
pub(crate) mod recorder;
pub(crate) mod responses;
pub(crate) mod server;
pub(crate) mod signatures;
pub(crate) mod state;
pub(crate) mod versions;
