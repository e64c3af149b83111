//! What the privileged rules share: which permission sets are privileged, from the facts.

use std::collections::BTreeMap;

use crate::facts::{Fact, Facts};
use crate::settings::Settings;

/// The privileged permission sets, each with why; or why it cannot be told.
pub(super) fn privileged_sets(
    facts: &Facts,
    settings: &Settings,
) -> Result<BTreeMap<String, Vec<String>>, String> {
    let list = settings.privileged(facts.cloud);
    match &facts.policies {
        Fact::Known(policies) => Ok(policies
            .iter()
            .filter_map(|(id, p)| {
                let reasons = list.reasons(p);
                (!reasons.is_empty()).then(|| (id.clone(), reasons))
            })
            .collect()),
        Fact::Unknown(why) => Err(why.clone()),
        Fact::NotRead => Err("the permission sets' policies were not read".to_owned()),
    }
}
