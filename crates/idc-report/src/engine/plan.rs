//! The plan of a report: for each part, the route taken, the requests it makes, and why it was
//! chosen over the alternative.

use std::fmt;

use crate::model::Cloud;
use crate::source::{Lookup, Source};

/// One step of a [`Plan`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// What it reads (`users`, `account assignments`...).
    pub what: String,
    /// The operation and how it is repeated (`ListAccountAssignments, one per account`).
    pub operation: String,
    /// The requests it makes, at least (a listing of more items than a page makes more).
    pub requests: usize,
    /// Why this route, against the alternative.
    pub why: String,
}

/// What a report reads, step by step: printed by `idc report ... --explain`, returned by
/// [`Report::explain`](crate::Report::explain).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The cloud.
    pub cloud: Cloud,
    /// The instance.
    pub instance_id: String,
    /// The steps, in the order they start.
    pub steps: Vec<Step>,
}

impl Plan {
    /// The requests of every step, at least.
    pub fn requests(&self) -> usize {
        self.steps.iter().map(|s| s.requests).sum()
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "plan of the {} report of instance {}: at least {} requests (the instance lookup not counted)",
            self.cloud,
            idc::text::escape_control(&self.instance_id),
            self.requests()
        )?;
        for (i, step) in self.steps.iter().enumerate() {
            writeln!(
                f,
                "{:>3}. {}: {}, {} request{}\n     {}",
                i + 1,
                step.what,
                step.operation,
                step.requests,
                if step.requests == 1 { "" } else { "s" },
                idc::text::escape_control(&step.why)
            )?;
        }
        Ok(())
    }
}

/// The requests a listing of `items` makes at `per_request` items a request (at least one).
pub(crate) fn pages(items: usize, per_request: usize) -> usize {
    items.div_ceil(per_request.max(1)).max(1)
}

/// A step builder over a source's operation names and page sizes.
pub(super) struct Steps<'a, S> {
    source: &'a S,
    pub(super) steps: Vec<Step>,
}

impl<'a, S: Source> Steps<'a, S> {
    pub(super) fn new(source: &'a S) -> Self {
        Self {
            source,
            steps: Vec::new(),
        }
    }

    /// The page size of a lookup.
    pub(super) fn per_request(&self, lookup: Lookup) -> usize {
        self.source.operation(lookup).per_request.max(1)
    }

    /// A listing of `items` items (`None`: not known when planned, at least one request).
    pub(super) fn listing(&mut self, what: &str, lookup: Lookup, items: Option<usize>, why: &str) {
        let op = self.source.operation(lookup);
        let requests = items.map_or(1, |n| pages(n, op.per_request));
        let size = match items {
            Some(n) => format!("{n} items, {} a request", op.per_request),
            None => format!("{} a request", op.per_request),
        };
        self.steps.push(Step {
            what: what.to_owned(),
            operation: format!("{} ({size})", op.name),
            requests,
            why: why.to_owned(),
        });
    }

    /// A lookup repeated `times` times (`each`: what it is repeated for).
    pub(super) fn each(&mut self, what: &str, lookup: Lookup, times: usize, each: &str, why: &str) {
        let op = self.source.operation(lookup);
        self.steps.push(Step {
            what: what.to_owned(),
            operation: format!("{}, one per {each}", op.name),
            requests: times,
            why: why.to_owned(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_round_up_and_a_listing_always_asks_once() {
        assert_eq!(pages(0, 100), 1);
        assert_eq!(pages(100, 100), 1);
        assert_eq!(pages(101, 100), 2);
        assert_eq!(pages(5, 0), 5);
    }

    #[test]
    fn the_plan_sums_its_steps_and_escapes_what_it_prints() {
        let plan = Plan {
            cloud: Cloud::Huawei,
            instance_id: "ins-\u{1b}[2J".into(),
            steps: vec![
                Step {
                    what: "users".into(),
                    operation: "ListUsers (500 items, 100 a request)".into(),
                    requests: 5,
                    why: "the only route".into(),
                },
                Step {
                    what: "groups".into(),
                    operation: "ListGroups".into(),
                    requests: 1,
                    why: "x".into(),
                },
            ],
        };
        assert_eq!(plan.requests(), 6);
        let text = plan.to_string();
        assert!(text.contains("at least 6 requests"), "{text}");
        assert!(text.contains("  1. users: ListUsers (500 items, 100 a request), 5 requests"));
        assert!(text.contains("  2. groups: ListGroups, 1 request\n"));
        assert!(!text.contains('\u{1b}'));
    }
}
