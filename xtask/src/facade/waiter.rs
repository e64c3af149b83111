//! The waiting forms of asynchronous operations (`x-idc-waiter`): `send_and_wait*` on the
//! operation's builder, `wait*` on its status operation's builder.

use super::response::reach_from;
use super::types::raw;
use crate::emit::lit;
use crate::model::{Operation, Service, Waiter};
use std::fmt::Write as _;

/// The name of the constant holding the statuses of a status operation.
fn values_name(status: &Operation) -> String {
    format!("WAIT_{}", status.id).to_uppercase()
}

fn list(values: &[String]) -> String {
    let items: Vec<String> = values.iter().map(|v| lit(v)).collect();
    format!("&[{}]", items.join(", "))
}

/// The statuses of a status operation, before its builder.
pub(crate) fn status_values(out: &mut String, status: &Operation, w: &Waiter) {
    let _ = writeln!(
        out,
        "const {}: crate::wait::StatusValues = crate::wait::StatusValues::new({}, {}, {});",
        values_name(status),
        list(&w.success),
        list(&w.failure),
        list(&w.in_progress)
    );
}

/// `wait` and `wait_with` on the builder of a status operation.
pub(crate) fn wait(out: &mut String, service: &Service, status: &Operation, w: &Waiter) {
    let response = format!(
        "{}::types::{}",
        raw(service),
        status.response.as_deref().unwrap_or_default()
    );
    let read = |f| format!("{}.map(ToString::to_string)", reach_from("&answer", f));
    let reason = w
        .failure_reason
        .as_ref()
        .map_or_else(|| "None".to_owned(), read);
    let _ = writeln!(
        out,
        "\n    /// Waits until the asynchronous request [`{id}`](Self::{id}) names is done, polling this \
         operation with the default [`WaitOptions`](crate::wait::WaitOptions) (at most 5 minutes): \
         its final answer when `{status}` is {success}, [`Error::WaitFailed`](crate::Error::WaitFailed) \
         when it is {failure}. See [`crate::wait`].\n\
         pub async fn wait(self) -> crate::Result<{response}> {{\n\
         self.wait_with(crate::wait::WaitOptions::default()).await\n}}\n\n\
         /// [`wait`](Self::wait) with these options.\n\
         pub async fn wait_with(self, options: crate::wait::WaitOptions) -> crate::Result<{response}> {{\n\
         self.check()?;\n\
         let request_id = self.{id}.clone().unwrap_or_default();\n\
         crate::wait::until({name}, &request_id, &options, || {{\n\
         let request = self.clone();\n\
         async move {{\n\
         let answer = request.send().await?;\n\
         let status = {status_read};\n\
         let reason = {reason};\n\
         Ok({values}.classify(answer, status, reason))\n\
         }}\n}}).await\n}}",
        id = w.id_parameter,
        status = w.status.dotted(),
        success = w.success.join(" or "),
        failure = if w.failure.is_empty() {
            "never".to_owned()
        } else {
            w.failure.join(" or ")
        },
        name = lit(&status.type_name),
        status_read = read(&w.status),
        values = values_name(status),
    );
}

/// `send_and_wait` and `send_and_wait_with` on the builder of an asynchronous operation.
pub(crate) fn send_and_wait(out: &mut String, service: &Service, op: &Operation, w: &Waiter) {
    let response = service
        .operation(&w.status_operation)
        .and_then(|s| s.response.as_deref())
        .map(|r| format!("{}::types::{r}", raw(service)))
        .unwrap_or_default();
    let mut status = format!("self.client.{}()", w.status_operation);
    for p in &w.shared_params {
        let _ = write!(status, ".set_{p}(self.{p}.clone())");
    }
    let _ = writeln!(
        out,
        "\n    /// Sends the request, then waits until the work it starts is done: polls \
         [`{ty}`] (see its [`wait`]({ty}::wait)) with the default \
         [`WaitOptions`](crate::wait::WaitOptions) and returns its final answer.\n\
         pub async fn send_and_wait(self) -> crate::Result<{response}> {{\n\
         self.send_and_wait_with(crate::wait::WaitOptions::default()).await\n}}\n\n\
         /// [`send_and_wait`](Self::send_and_wait) with these options.\n\
         pub async fn send_and_wait_with(self, options: crate::wait::WaitOptions) -> crate::Result<{response}> {{\n\
         let status = {status};\n\
         let answer = self.send().await?;\n\
         let Some(request_id) = {request_id} else {{\n\
         return Err(crate::Error::MalformedResponse {{ status: 200, message: {missing}.to_owned(), body_excerpt: String::new() }});\n\
         }};\n\
         status.{id}(request_id).wait_with(options).await\n}}",
        ty = w.status_type,
        request_id = format_args!(
            "{}.map(ToString::to_string)",
            reach_from("&answer", &w.request_id)
        ),
        missing = lit(&format!(
            "the answer of {} has no {} to wait on",
            op.type_name,
            w.request_id.dotted()
        )),
        id = w.id_parameter,
    );
}
