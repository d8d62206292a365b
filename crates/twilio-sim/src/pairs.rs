//! `(key, value)` parameter pairs: owned ones built from borrowed names, and their form
//! encoding.

/// Owned `(key, value)` pairs, for parameters built from borrowed names and any string values.
pub(crate) fn owned_pairs<'a, V: Into<String>>(
    items: impl IntoIterator<Item = (&'a str, V)>,
) -> Vec<(String, String)> {
    items
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.into()))
        .collect()
}

/// `k=v&k=v` with form encoding (`+` as `%2B`, spaces as `+`).
#[must_use]
pub fn encode_query(pairs: &[(String, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}
