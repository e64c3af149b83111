//! Why a command failed; `main` turns it into a message and an exit code.

use std::io;

use idc::Error;

/// Why the command failed, and which exit code that is.
pub(crate) enum Failure {
    Idc(Error),
    Output(io::Error),
    Report(idc_report::Error),
    /// Nothing went wrong, but the command asks for this exit code (`idc diff --exit-code`).
    Exit(u8),
    /// A usage error found after parsing (an unknown `--columns` name): exit 2.
    Usage(String),
    /// A failure told in words (an off-boarding run that stopped, an access that remains):
    /// exit 1.
    Service(String),
    /// A failure of `idc diff`: exit 2 whatever it is, since 1 means "changes found" there.
    Diff(Box<Failure>),
    /// A failure, and a hint to print after it (how to resume, whether to try again).
    Hinted {
        cause: Box<Failure>,
        hint: String,
    },
}

impl From<idc_report::Error> for Failure {
    fn from(e: idc_report::Error) -> Self {
        match e {
            idc_report::Error::Idc(e) => Self::Idc(e),
            idc_report::Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe => {
                Self::Output(source)
            }
            e => Self::Report(e),
        }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Self::Idc(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Self::Output(e)
    }
}
