//! Which columns a table or CSV has: the operation's defaults, `--columns` (checked against the
//! fields the response type names), or the fields read off the items.

use crate::Failure;
use crate::fields::Shape;

pub(super) fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The columns of a table or CSV.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    /// The columns, or `None` to read them off the items.
    pub(super) names: Option<Vec<String>>,
    /// Whether the names were checked against the fields the type names; unchecked ones that no
    /// item has are said on stderr.
    pub(super) checked: bool,
}

impl Columns {
    /// These columns, as known (a listing's defaults).
    pub fn fixed(names: Vec<String>) -> Self {
        Self {
            names: Some(names),
            checked: true,
        }
    }

    /// Columns read off the items.
    pub fn derived() -> Self {
        Self::default()
    }

    /// `--columns` (checked against the fields the item type names, and the defaults), else
    /// `defaults`, else read off the items.
    pub(super) fn choose(
        requested: Option<&[String]>,
        defaults: &[&str],
        item: &Shape,
    ) -> Result<Self, Failure> {
        let requested = cleaned(requested);
        let valid: Option<Vec<&str>> = match &item.fields {
            Some(fields) => {
                let mut valid = fields.clone();
                valid.extend(defaults.iter().filter(|d| !fields.contains(d)));
                Some(valid)
            }
            // Items that keep fields the service adds later: no list to check against.
            None if item.open => None,
            // A list of plain values (ids) has the one column its default names.
            None if !defaults.is_empty() => Some(defaults.to_vec()),
            None => None,
        };
        match requested {
            None if defaults.is_empty() => Ok(Self::derived()),
            None => Ok(Self::fixed(
                defaults.iter().map(|c| (*c).to_owned()).collect(),
            )),
            Some(requested) => {
                if let Some(valid) = &valid {
                    check(&requested, valid)?;
                }
                Ok(Self {
                    names: Some(requested),
                    checked: valid.is_some(),
                })
            }
        }
    }
}

/// `--columns` without blanks (`a,,b`); `None` when it names nothing.
pub(super) fn cleaned(requested: Option<&[String]>) -> Option<Vec<String>> {
    let names: Vec<String> = requested
        .unwrap_or_default()
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    (!names.is_empty()).then_some(names)
}

/// An error naming the columns of `requested` that are not in `valid` (a column `a.b` is valid when
/// `a` is: a field inside a nested object).
pub(super) fn check(requested: &[String], valid: &[&str]) -> Result<(), Failure> {
    let unknown: Vec<String> = requested
        .iter()
        .filter(|c| {
            let top = c.split('.').next().unwrap_or_default();
            !valid.contains(&c.as_str()) && !valid.contains(&top)
        })
        .cloned()
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(Failure::Usage(format!(
        "unknown column{} {} for --columns (the columns: {})",
        if unknown.len() == 1 { "" } else { "s" },
        quoted_list(&unknown),
        valid.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_columns_are_a_usage_error_naming_them_and_the_valid_ones() {
        let requested = ["name".to_owned(), "nope".to_owned(), "also".to_owned()];
        let item = Shape {
            fields: Some(vec!["id", "name", "member"]),
            ..Shape::default()
        };
        let Err(Failure::Usage(message)) = Columns::choose(Some(&requested), &["name"], &item)
        else {
            panic!("not a usage error");
        };
        assert_eq!(
            message,
            "unknown columns \"nope\", \"also\" for --columns (the columns: id, name, member)"
        );
        // A field the type names but the defaults leave out, and one inside a nested object.
        let ok = ["id".to_owned(), "member.user_id".to_owned()];
        let columns = Columns::choose(Some(&ok), &["name"], &item).ok();
        assert_eq!(columns, Some(Columns::fixed(ok.to_vec())));
        // A list of ids: its default is its one column.
        assert!(matches!(
            Columns::choose(Some(&["id".to_owned()]), &["account_ids"], &Shape::default()),
            Err(Failure::Usage(m)) if m.contains("(the columns: account_ids)")
        ));
        // Items that keep fields the service adds later: nothing to check against, so any name
        // goes (and is noted when no item has it), with or without defaults.
        let open = Shape {
            open: true,
            ..Shape::default()
        };
        for defaults in [&[][..], &["name"][..]] {
            assert_eq!(
                Columns::choose(Some(&["x".to_owned()]), defaults, &open).ok(),
                Some(Columns {
                    names: Some(vec!["x".to_owned()]),
                    checked: false
                })
            );
        }
        assert_eq!(
            Columns::choose(None, &[], &open).ok(),
            Some(Columns::derived())
        );
        assert_eq!(
            Columns::choose(Some(&[String::new()]), &["a"], &open).ok(),
            Some(Columns::fixed(vec!["a".to_owned()])),
            "an empty --columns is no --columns"
        );
    }
}
