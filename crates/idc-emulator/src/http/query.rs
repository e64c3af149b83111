//! Query strings, decoded once.

/// The decoded pairs of a query string, in order.
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    pub(crate) fn parse(query: Option<&str>) -> Self {
        Self(
            url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
                .into_owned()
                .collect(),
        )
    }

    /// The value of a parameter that may be given once: `Err` when it is given more than once.
    pub(crate) fn single<'a>(&'a self, name: &str) -> Result<Option<&'a str>, String> {
        let mut values = self
            .0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str());
        let first = values.next();
        if values.next().is_some() {
            return Err(format!("Invalid parameter {name}: given more than once."));
        }
        Ok(first)
    }

    /// Every value of a parameter, in order.
    pub(crate) fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}
