//! [`Target`]: the instance planned on, its cloud's clients, and the report's concurrency: what
//! planning, applying, undoing and verifying work on.

use idc_report::Cloud;

use crate::backend::Backend;
use std::path::Path;

use crate::error::{Error, Result, quoted};
use crate::journal::Record;

/// One instance of one cloud, connected.
#[derive(Clone, Debug)]
pub(crate) struct Target {
    pub(crate) backend: Backend,
    pub(crate) instance_id: String,
    pub(crate) concurrency: usize,
}

impl Target {
    /// The cloud.
    pub(crate) fn cloud(&self) -> Cloud {
        self.backend.cloud()
    }

    /// The instance.
    pub(crate) fn instance_id(&self) -> &str {
        &self.instance_id
    }

    /// `huawei instance "ins-1"`: what a [`Error::WrongTarget`] names.
    pub(crate) fn target_name(&self) -> String {
        format!("{} instance {}", self.cloud(), quoted(&self.instance_id))
    }

    /// Refuses a plan or journal of another cloud or instance.
    pub(crate) fn check_target(&self, what: &str, cloud: Cloud, instance_id: &str) -> Result<()> {
        if cloud == self.cloud() && instance_id == self.instance_id {
            return Ok(());
        }
        Err(Error::WrongTarget {
            what: what.to_owned(),
            planned: format!("{cloud} instance {}", quoted(instance_id)),
            connected: self.target_name(),
        })
    }

    /// Reads a journal, refusing one written on another cloud or instance.
    pub(crate) fn read_journal(&self, journal: &Path) -> Result<Record> {
        let record = Record::read(journal)?;
        for (cloud, instance, _) in record.runs() {
            let what = format!("the journal {}", journal.display());
            self.check_target(&what, *cloud, instance)?;
        }
        Ok(record)
    }
}
