//! [`Target`]: the instance planned on, its cloud's clients, and the report's concurrency: what
//! planning, applying, undoing and verifying work on.

use idc_report::Cloud;

use crate::backend::Backend;
use crate::error::{Error, Result, quoted};

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
}
