//! `IDC005`: a user who has not signed in for N days and holds access.

use time::Duration;

use crate::facts::{Facts, Read};
use crate::finding::{Finding, Severity, SubjectKind};
use crate::rule::{Outcome, Rule};
use crate::settings::Settings;

use super::names::{Names, count};

/// `IDC005` (medium): a user who has not signed in for [`Settings::dormant_days`] days (default
/// 90), or never, and holds access given to them (as `IDC003` counts it). One finding per user. Huawei has no last sign-in field, so
/// there it cannot be evaluated.
#[derive(Clone, Copy, Debug, Default)]
pub struct Idc005;

impl Rule for Idc005 {
    fn id(&self) -> &str {
        "IDC005"
    }
    fn severity(&self) -> Severity {
        Severity::Medium
    }
    fn title(&self) -> &str {
        "a user who has not signed in for N days (default 90) and holds access"
    }
    fn needs(&self) -> Vec<Read> {
        vec![Read::LastLogins]
    }
    fn evaluate(&self, facts: &Facts, settings: &Settings) -> Outcome {
        let logins = match facts.last_logins.require(Read::LastLogins) {
            Ok(l) => l,
            Err(why) => return Outcome::NotEvaluated(why),
        };
        let days = settings.dormant_days;
        let cutoff = settings.now - Duration::days(i64::from(days));
        let names = Names::new(facts);
        let findings = (facts.users_with_access().into_iter())
            .filter_map(|user_id| {
                let last = logins.get(&user_id)?;
                let when = match last {
                    Some(at) if *at >= cutoff => return None,
                    Some(at) => format!(
                        "last signed in {} ago ({})",
                        count(
                            usize::try_from((settings.now - *at).whole_days()).unwrap_or(0),
                            "day",
                            "days"
                        ),
                        at.date()
                    ),
                    None => "has never signed in".to_owned(),
                };
                Some((user_id, when))
            })
            .map(|(user_id, when)| {
                let rows = facts.rows_given_to(&user_id);
                let user = names.subject(SubjectKind::User, &user_id);
                Finding::new(self.id(), self.severity(), user.clone(), Vec::new())
                    .found(format!(
                        "user \"{}\" {when} and holds {} (dormant after {days} days)",
                        user.label(),
                        count(rows.len(), "access", "accesses")
                    ))
                    .why(
                        "access nobody uses is access nobody watches: a dormant account is \
                         a quiet way in",
                    )
                    .fix(format!(
                        "ask whether \"{}\" still needs this access; if not, remove it (idc \
                         offboard)",
                        user.label()
                    ))
                    .rows(rows)
            })
            .collect();
        Outcome::Findings(findings)
    }
}
