//! Documents what progenitor leaves undocumented in a raw client, from the spec and from the docs
//! progenitor did write: the operation builders' constructors and setters, the type builders and
//! their setters, fields whose schema is a `$ref` (OpenAPI 3.0 ignores a `description` beside
//! `$ref`), flattened maps of unnamed members, and enum variants. With it, the raw modules build
//! without `allow(missing_docs)`.

use std::collections::HashMap;

use syn::{Attribute, Fields, ImplItem, Item, ItemMod, Type};

use crate::model::{Location, Service};

/// Adds a doc comment to every public item of `file` (progenitor's output for `service`) that
/// has none.
pub fn document(file: &mut syn::File, service: &Service) {
    let mut field_docs = HashMap::new();
    for item in &mut file.items {
        if let Item::Mod(module) = item
            && module.ident == "types"
        {
            field_docs = document_types(module);
        }
    }
    for item in &mut file.items {
        match item {
            Item::Mod(module) if module.ident == "builder" => {
                document_operation_builders(module, service)
            }
            Item::Mod(module) if module.ident == "types" => {
                document_type_builders(module, &field_docs)
            }
            _ => {}
        }
    }
}

/// Documents the types' fields and variants; returns every field's doc, by type and field.
fn document_types(module: &mut ItemMod) -> HashMap<(String, String), String> {
    let Some((_, items)) = &mut module.content else {
        return HashMap::new();
    };
    let type_docs: HashMap<String, String> = items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) => Some((s.ident.to_string(), doc_text(&s.attrs)?)),
            Item::Enum(e) => Some((e.ident.to_string(), doc_text(&e.attrs)?)),
            _ => None,
        })
        .collect();
    let mut field_docs = HashMap::new();
    for item in items.iter_mut() {
        match item {
            Item::Struct(s) => {
                let Fields::Named(fields) = &mut s.fields else {
                    continue;
                };
                for field in &mut fields.named {
                    let Some(ident) = &field.ident else { continue };
                    if !has_doc(&field.attrs) {
                        let doc = if is_flattened(&field.attrs) {
                            "Members the spec does not name, kept as the service sent them."
                                .to_owned()
                        } else {
                            field_doc_from_type(&field.ty, &type_docs)
                        };
                        field.attrs.insert(0, doc_attr(&doc));
                    }
                    if let Some(doc) = doc_text(&field.attrs) {
                        field_docs.insert((s.ident.to_string(), ident.to_string()), doc);
                    }
                }
            }
            Item::Enum(e) => {
                for variant in &mut e.variants {
                    if !has_doc(&variant.attrs) {
                        let value = serde_rename(&variant.attrs)
                            .unwrap_or_else(|| variant.ident.to_string());
                        variant
                            .attrs
                            .insert(0, doc_attr(&format!("The value `{value}`.")));
                    }
                }
            }
            Item::Impl(block) if block.trait_.is_none() => {
                for member in &mut block.items {
                    if let ImplItem::Fn(f) = member
                        && f.sig.ident == "builder"
                        && !has_doc(&f.attrs)
                    {
                        f.attrs.insert(
                            0,
                            doc_attr("A builder of this type, field by field (see [`builder`])."),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    field_docs
}

/// A `$ref` field's doc: the first paragraph of the referenced type's doc.
fn field_doc_from_type(ty: &Type, type_docs: &HashMap<String, String>) -> String {
    let name = innermost_type_name(ty);
    match type_docs.get(&name) {
        Some(doc) => format!("{} See [`{name}`].", first_paragraph(doc)),
        None if name == "PrincipalType" => {
            "Whether the principal is a user or a group; see [`crate::PrincipalType`].".to_owned()
        }
        None => format!("See [`{name}`]."),
    }
}

/// Documents `types::builder`: each builder and its setters, from the built type's field docs.
fn document_type_builders(module: &mut ItemMod, field_docs: &HashMap<(String, String), String>) {
    let Some((_, items)) = &mut module.content else {
        return;
    };
    for item in items.iter_mut() {
        let Item::Mod(builders) = item else { continue };
        if builders.ident != "builder" {
            continue;
        }
        let Some((_, items)) = &mut builders.content else {
            continue;
        };
        for item in items.iter_mut() {
            match item {
                Item::Struct(s) if !has_doc(&s.attrs) => {
                    let doc = format!(
                        "Builds a [`super::{0}`] field by field; the conversion to `{0}` fails when \
                         a required field was not set.",
                        s.ident
                    );
                    s.attrs.insert(0, doc_attr(&doc));
                }
                Item::Impl(block) if block.trait_.is_none() => {
                    let type_name = innermost_type_name(&block.self_ty);
                    for member in &mut block.items {
                        let ImplItem::Fn(f) = member else { continue };
                        if has_doc(&f.attrs) {
                            continue;
                        }
                        let field = f.sig.ident.to_string();
                        let doc = match field_docs.get(&(type_name.clone(), field.clone())) {
                            Some(doc) => format!("Sets `{field}`: {}", first_paragraph(doc)),
                            None => format!("Sets `{field}`."),
                        };
                        f.attrs.insert(0, doc_attr(&doc));
                    }
                }
                _ => {}
            }
        }
    }
}

/// Documents the operation builders' constructors and setters from the spec's parameters.
fn document_operation_builders(module: &mut ItemMod, service: &Service) {
    let Some((_, items)) = &mut module.content else {
        return;
    };
    for item in items.iter_mut() {
        let Item::Impl(block) = item else { continue };
        if block.trait_.is_some() {
            continue;
        }
        let type_name = innermost_type_name(&block.self_ty);
        let Some(op) = service
            .operations
            .iter()
            .find(|op| op.type_name == type_name)
        else {
            continue;
        };
        for member in &mut block.items {
            let ImplItem::Fn(f) = member else { continue };
            if has_doc(&f.attrs) {
                continue;
            }
            let name = f.sig.ident.to_string();
            let doc = match name.as_str() {
                "new" => format!(
                    "A builder for [`Client::{0}`](super::Client::{0}), which is how one is \
                     usually made.",
                    op.id
                ),
                "body" => "Sets the request body.".to_owned(),
                "body_map" => "Sets the request body by changing a builder of it.".to_owned(),
                _ => match op.params.iter().find(|p| p.rust == name) {
                    Some(p) => {
                        let place = match p.location {
                            Location::Path => "path",
                            Location::Query => "query",
                            Location::Header => "header",
                        };
                        let need = if p.required { "required" } else { "optional" };
                        let about = first_paragraph(&p.description);
                        let about = if about.is_empty() {
                            String::new()
                        } else {
                            format!(": {about}")
                        };
                        format!("Sets the `{}` {place} parameter ({need}){about}", p.name)
                    }
                    None => format!("Sets `{name}`."),
                },
            };
            f.attrs.insert(0, doc_attr(&doc));
        }
    }
}

fn has_doc(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("doc"))
}

/// The text of the `#[doc]` attributes, joined by newlines.
fn doc_text(attrs: &[Attribute]) -> Option<String> {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => lit_str(&nv.value),
            _ => None,
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// The text of a string literal.
fn lit_str(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        _ => None,
    }
}

/// Up to the first blank line, on one line.
fn first_paragraph(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn doc_attr(text: &str) -> Attribute {
    syn::parse_quote!(#[doc = #text])
}

fn is_flattened(attrs: &[Attribute]) -> bool {
    serde_items(attrs).iter().any(|(key, _)| key == "flatten")
}

/// The value of `#[serde(rename = "...")]`.
fn serde_rename(attrs: &[Attribute]) -> Option<String> {
    serde_items(attrs)
        .into_iter()
        .find_map(|(key, value)| if key == "rename" { value } else { None })
}

/// The items of the `#[serde(...)]` attributes: each key, with its value when it is a string.
fn serde_items(attrs: &[Attribute]) -> Vec<(String, Option<String>)> {
    let mut items = Vec::new();
    for a in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = a.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            let value = if meta.input.peek(syn::Token![=]) {
                lit_str(&meta.value()?.parse()?)
            } else {
                None
            };
            items.push((key, value));
            Ok(())
        });
    }
    items
}

/// The name of the type inside `Option`, `Vec`, `Box` and references: `Option<Vec<PageInfo>>` is
/// `PageInfo`; `ListInstances<'a>` is `ListInstances`.
fn innermost_type_name(ty: &Type) -> String {
    match ty {
        Type::Reference(r) => innermost_type_name(&r.elem),
        Type::Path(p) => {
            let Some(last) = p.path.segments.last() else {
                return String::new();
            };
            let wrapper = ["Option", "Vec", "Box"].iter().any(|w| last.ident == w);
            if wrapper
                && let syn::PathArguments::AngleBracketed(args) = &last.arguments
                && let Some(syn::GenericArgument::Type(inner)) = args.args.first()
            {
                return innermost_type_name(inner);
            }
            last.ident.to_string()
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_innermost_type_name_sees_through_wrappers() {
        let ty: Type = syn::parse_quote!(::std::option::Option<::std::vec::Vec<PageInfo>>);
        assert_eq!(innermost_type_name(&ty), "PageInfo");
        let ty: Type = syn::parse_quote!(ListInstances<'a>);
        assert_eq!(innermost_type_name(&ty), "ListInstances");
    }

    #[test]
    fn flatten_and_rename_are_read_from_serde_attributes() {
        let field: syn::Field = syn::parse_quote!(
            #[serde(flatten, default)]
            pub extra: Map
        );
        assert!(is_flattened(&field.attrs));
        let field: syn::Field = syn::parse_quote!(
            #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
            pub type_: String
        );
        assert!(!is_flattened(&field.attrs));
        assert_eq!(serde_rename(&field.attrs).as_deref(), Some("type"));
    }

    #[test]
    fn a_ref_field_takes_the_first_paragraph_of_its_type_s_doc() {
        let docs = HashMap::from([(
            "PageInfo".to_owned(),
            "Where the next page starts.\n\nMore detail.".to_owned(),
        )]);
        let ty: Type = syn::parse_quote!(Option<PageInfo>);
        assert_eq!(
            field_doc_from_type(&ty, &docs),
            "Where the next page starts. See [`PageInfo`]."
        );
        let ty: Type = syn::parse_quote!(Option<Unknown>);
        assert_eq!(field_doc_from_type(&ty, &docs), "See [`Unknown`].");
    }
}
