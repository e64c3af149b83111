//! The Rust types, names and example values the facade emits for parameters, bodies and pages.

use crate::emit::lit;
use crate::model::{BodyField, BodyType, Kind, Operation, Pagination, Param, Service};

pub(crate) fn raw(service: &Service) -> String {
    format!("idc_raw::{}", service.module)
}

pub(crate) fn public_client(service: &Service) -> String {
    service.client.replacen("crate::", "idc::", 1)
}

pub(crate) fn has_api_version(op: &Operation) -> bool {
    op.params
        .iter()
        .any(|p| p.runtime.as_deref() == Some("api-version"))
}

pub(crate) fn field_type(p: &Param) -> &'static str {
    match p.kind {
        Kind::String => "String",
        Kind::Integer => "i64",
        Kind::Boolean => "bool",
        Kind::PrincipalType => "crate::PrincipalType",
    }
}

/// The builder's name of a body property (prefixed when a parameter has the same name).
pub fn body_field_name(op: &Operation, f: &BodyField) -> String {
    if op.params.iter().any(|p| p.rust == f.rust) {
        format!("body_{}", f.rust)
    } else {
        f.rust.clone()
    }
}

/// The Rust type of a body property.
pub fn body_type(service: &Service, ty: &BodyType) -> String {
    let named = |n: &str| format!("{}::types::{n}", raw(service));
    match ty {
        BodyType::String => "String".to_owned(),
        BodyType::Secret => "crate::Secret".to_owned(),
        BodyType::Integer => "i64".to_owned(),
        BodyType::Boolean => "bool".to_owned(),
        BodyType::Strings => "Vec<String>".to_owned(),
        BodyType::Named(n) => named(n),
        BodyType::NamedList(n) => format!("Vec<{}>", named(n)),
    }
}

pub(crate) fn body_item_type(service: &Service, ty: &BodyType) -> Option<String> {
    match ty {
        BodyType::Strings => Some("String".to_owned()),
        BodyType::NamedList(n) => Some(format!("{}::types::{n}", raw(service))),
        _ => None,
    }
}

pub(crate) fn item_type(service: &Service, p: &Pagination) -> String {
    if p.item_type() == crate::model::STRING_ITEM {
        "String".to_owned()
    } else {
        format!("{}::types::{}", raw(service), p.item_type())
    }
}

pub(crate) fn page_type(p: &Pagination) -> &'static str {
    match p {
        Pagination::Marker(_) => "crate::pagination::marker::Page",
        Pagination::Page(_) => "crate::pagination::page::Page",
    }
}

/// The example value of a required parameter, as a Rust expression.
pub(crate) fn example(p: &Param) -> String {
    match p.kind {
        Kind::PrincipalType => match p.example.as_deref() {
            Some("GROUP") => "idc::PrincipalType::Group".to_owned(),
            _ => "idc::PrincipalType::User".to_owned(),
        },
        Kind::Integer => p.example.clone().unwrap_or_else(|| "1".to_owned()),
        Kind::Boolean => p.example.clone().unwrap_or_else(|| "true".to_owned()),
        Kind::String => lit(p.example.as_deref().unwrap_or("...")),
    }
}

/// The example value of a required body field, as a Rust expression for its (appending) setter.
pub(crate) fn body_example(f: &BodyField) -> String {
    let example = f.example.as_deref();
    match f.ty {
        BodyType::String | BodyType::Secret | BodyType::Strings => lit(example.unwrap_or("...")),
        BodyType::Integer => example.unwrap_or("1").to_owned(),
        BodyType::Boolean => example.unwrap_or("true").to_owned(),
        // A schema type: built from its JSON, the shape the service documents.
        BodyType::Named(_) | BodyType::NamedList(_) => format!(
            "serde_json::from_str(r#\"{}\"#).expect(\"the example is valid\")",
            example.unwrap_or("{}")
        ),
    }
}
