//! `IDC003`: a disabled user who still holds access.

use crate::facts::{Facts, Read};
use crate::finding::{Finding, Severity, SubjectKind};
use crate::rule::{Outcome, Rule};
use crate::settings::Settings;

use super::names::{Names, count};

/// `IDC003` (high): a disabled user who still holds access given to them (directly or through a
/// group; an application open to all does not count). One finding per user, with those rows. On SCP, whose API has no user state, it cannot be evaluated.
#[derive(Clone, Copy, Debug, Default)]
pub struct Idc003;

impl Rule for Idc003 {
    fn id(&self) -> &str {
        "IDC003"
    }
    fn severity(&self) -> Severity {
        Severity::High
    }
    fn title(&self) -> &str {
        "a disabled user who still holds access"
    }
    fn needs(&self) -> Vec<Read> {
        vec![Read::UserStates]
    }
    fn evaluate(&self, facts: &Facts, _settings: &Settings) -> Outcome {
        let enabled = match facts.user_enabled.require(Read::UserStates) {
            Ok(e) => e,
            Err(why) => return Outcome::NotEvaluated(why),
        };
        let names = Names::new(facts);
        let findings = (facts.users_with_access().into_iter())
            .filter(|u| enabled.get(u) == Some(&false))
            .map(|user_id| {
                let rows = facts.rows_given_to(&user_id);
                let user = names.subject(SubjectKind::User, &user_id);
                Finding::new(self.id(), self.severity(), user.clone(), Vec::new())
                    .found(format!(
                        "user \"{}\" is disabled but still holds {}",
                        user.label(),
                        count(rows.len(), "access", "accesses")
                    ))
                    .why(
                        "a disabled user is usually someone who left: enabling the user again, \
                         by mistake or by an attacker, gives every access back at once",
                    )
                    .fix(format!(
                        "remove \"{}\" from their groups and delete their assignments (idc \
                         offboard), or delete the user",
                        user.label()
                    ))
                    .rows(rows)
            })
            .collect();
        Outcome::Findings(findings)
    }
}
