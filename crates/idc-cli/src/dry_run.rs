//! `--dry-run`: the request an operation would send, printed instead of sent.
//!
//! The client is built with `dry_run(true)`: it resolves the credentials and signs the request as
//! usual, then stops before the network, failing with [`idc::Error::DryRun`] that holds the request
//! with its secret headers already replaced by `***`. This module turns that failure into the
//! command's output: the method and URL, one `name: value` line per header and the body (JSON,
//! indented), or with `--output json|yaml` one object `{method, url, headers, body}`.

use std::io::{self, Write};

use idc::Error;
use idc::error::PreparedRequest;
use idc_report::escape;
use serde_json::Value;

use crate::Failure;
use crate::args::Common;
use crate::output::Format;

/// `result` of an operation run; the request of a dry run printed (and success), anything else
/// as it was.
pub fn shown(result: Result<(), Failure>, common: &Common) -> Result<(), Failure> {
    match result {
        Err(Failure::Idc(Error::DryRun(request))) => print(&request, common),
        // A listing's failure comes with a hint on how to resume: a dry run has nothing to resume.
        Err(Failure::Hinted { cause, hint }) => match *cause {
            Failure::Idc(Error::DryRun(request)) => print(&request, common),
            cause => Err(Failure::Hinted {
                cause: Box::new(cause),
                hint,
            }),
        },
        other => other,
    }
}

fn print(request: &PreparedRequest, common: &Common) -> Result<(), Failure> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match common.output {
        Some(Format::Json) => {
            serde_json::to_writer(&mut out, &as_json(request)).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        Some(Format::Yaml) => {
            let yaml = serde_yaml_ng::to_string(&as_json(request)).map_err(io::Error::other)?;
            out.write_all(yaml.as_bytes())?;
        }
        _ => out.write_all(as_text(request).as_bytes())?,
    }
    out.flush()?;
    Ok(())
}

/// The body as JSON when it is JSON (every operation of the specs sends JSON), else as text.
fn body_value(request: &PreparedRequest) -> Option<Value> {
    request.body.as_ref().map(|body| {
        serde_json::from_slice(body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()))
    })
}

fn as_json(request: &PreparedRequest) -> Value {
    let headers: serde_json::Map<String, Value> = request
        .headers
        .iter()
        .map(|(name, value)| (name.clone(), Value::String(value.clone())))
        .collect();
    serde_json::json!({
        "method": request.method,
        "url": request.url,
        "headers": headers,
        "body": body_value(request),
    })
}

/// The request as an HTTP message: every line escaped for the terminal (a value given on the
/// command line may hold control characters), the JSON body indented.
fn as_text(request: &PreparedRequest) -> String {
    let mut text = format!(
        "{} {}\n",
        escape::terminal(&request.method),
        escape::terminal(&request.url)
    );
    for (name, value) in &request.headers {
        text.push_str(&format!(
            "{}: {}\n",
            escape::terminal(name),
            escape::terminal(value)
        ));
    }
    match body_value(request) {
        // JSON escapes every control character of its strings.
        Some(body @ (Value::Object(_) | Value::Array(_))) => {
            let pretty = serde_json::to_string_pretty(&body).unwrap_or_default();
            text.push_str(&format!("\n{pretty}\n"));
        }
        Some(Value::String(raw)) => text.push_str(&format!("\n{}\n", escape::terminal(&raw))),
        Some(other) => text.push_str(&format!("\n{other}\n")),
        None => {}
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: Option<&str>) -> PreparedRequest {
        PreparedRequest {
            method: "POST".into(),
            url: "http://127.0.0.1:1/v1/x\u{1b}[2J".into(),
            headers: vec![
                ("authorization".into(), "***".into()),
                ("content-type".into(), "application/json".into()),
            ],
            body: body.map(|b| b.to_owned().into()),
        }
    }

    #[test]
    fn the_text_is_an_http_message_escaped_with_the_body_indented() {
        let text = as_text(&request(Some(r#"{"name":"a\nb","ids":["1"]}"#)));
        assert!(
            text.starts_with("POST http://127.0.0.1:1/v1/x\\u{1b}[2J\n"),
            "{text}"
        );
        assert!(text.contains("\nauthorization: ***\n"), "{text}");
        assert!(text.contains("\n\n{\n  \"ids\": [\n"), "{text}");
        assert!(text.contains(r#""name": "a\nb""#), "{text}");
        assert!(!text.contains('\u{1b}'), "{text}");
        let text = as_text(&request(None));
        assert!(text.ends_with("application/json\n"), "no body: {text}");
        let text = as_text(&request(Some("not json \u{7}")));
        assert!(text.ends_with("\nnot json \\u{7}\n"), "{text}");
    }

    #[test]
    fn the_json_form_has_the_body_as_json() {
        let json = as_json(&request(Some(r#"{"name":"a"}"#)));
        assert_eq!(json["method"], "POST");
        assert_eq!(json["headers"]["authorization"], "***");
        assert_eq!(json["body"]["name"], "a");
        assert_eq!(as_json(&request(None))["body"], Value::Null);
    }
}
