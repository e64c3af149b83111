//! Every Huawei operation (IdentityCenter, IdentityStore, Organizations) end to end through the
//! `idc` facade against the emulator's relational data set: pagination at page sizes 1 and 2,
//! forward and reverse views agreeing, the POST look-ups, a 404 for each kind of unknown id, and
//! the project-scoped (X-Project-Id) signing path.

use std::collections::{BTreeSet, HashMap};

use idc::huawei::identitystore::Client as StoreClient;
use idc::{Error, PrincipalType};
use idc_emulator::demo::{self, OrganizationShape};
use idc_emulator::{DataSet, Emulator, RunningEmulator};
use idc_raw::huawei_identitycenter::types as ic;
use idc_raw::huawei_identitystore::types::{
    self as ids, AlternateIdentifier, ExternalId, MemberId, UniqueAttribute,
};
use idc_raw::huawei_organizations::types as org;
use idc_tests::{demo_emulator, huawei};

fn store_client(emu: &RunningEmulator) -> StoreClient {
    huawei(emu).build().unwrap().identity_store().unwrap()
}

/// The status and error code of a service error.
/// The status and code of a service error, after checking that its message names the service
/// that answered: the one its code belongs to (`IDS.*`, `Organizations.*`, `IIC.*` but
/// `IIC.1000`, which every service uses for a bad parameter).
fn status_code(result: Result<impl std::fmt::Debug, Error>) -> (u16, String) {
    match result {
        Err(Error::Service(e)) => {
            let code = e.code.clone().unwrap_or_default();
            let expected = match code.split('.').next() {
                Some("IDS") => Some("Huawei Cloud IdentityStore"),
                Some("Organizations") => Some("Huawei Cloud Organizations"),
                Some("IIC") if code != "IIC.1000" => Some("Huawei Cloud IAM Identity Center"),
                _ => None,
            };
            if let Some(expected) = expected {
                assert_eq!(e.service, expected, "{e}");
            }
            assert!(
                e.to_string()
                    .starts_with(&format!("{} returned HTTP {}", e.service, e.status)),
                "{e}"
            );
            (e.status, code)
        }
        other => panic!("expected a service error, got {other:?}"),
    }
}

/// The service an error names, for a bad parameter (`IIC.1000`), which every service answers.
fn service_of(result: Result<impl std::fmt::Debug, Error>) -> &'static str {
    match result {
        Err(Error::Service(e)) => e.service,
        other => panic!("expected a service error, got {other:?}"),
    }
}

const STORE: &str = demo::HUAWEI_IDENTITY_STORE_ID;
const INSTANCE: &str = demo::HUAWEI_INSTANCE_ID;

/// Collects a listing at page sizes 1, 2 and the default, checks all three agree, and returns it.
macro_rules! paged {
    ($builder:expr, $key:expr) => {{
        let all = $builder.collect().await.unwrap();
        for size in [1u32, 2] {
            let pages: Vec<_> =
                futures::TryStreamExt::try_collect::<Vec<_>>($builder.page_size(size).pages())
                    .await
                    .unwrap();
            assert!(pages.iter().all(|p| p.items.len() <= size as usize));
            assert_eq!(pages.len(), all.len().div_ceil(size as usize).max(1));
            let flat: Vec<_> = pages.into_iter().flat_map(|p| p.items).collect();
            assert_eq!(
                flat.iter().map($key).collect::<Vec<_>>(),
                all.iter().map($key).collect::<Vec<_>>(),
                "page size {size}"
            );
        }
        all
    }};
}

#[path = "huawei_entities/hierarchy.rs"]
mod hierarchy;
#[path = "huawei_entities/identity_center.rs"]
mod identity_center;
#[path = "huawei_entities/identity_store.rs"]
mod identity_store;
#[path = "huawei_entities/organizations.rs"]
mod organizations;
#[path = "huawei_entities/project_scope.rs"]
mod project_scope;
#[path = "huawei_entities/unknown_ids.rs"]
mod unknown_ids;
#[path = "huawei_entities/views.rs"]
mod views;
