//! Decoded form or query parameters with the look-ups handlers need.

use crate::error::TwilioError;

/// The `(key, value)` pairs of a request, in order, keys repeated for arrays.
#[derive(Debug, Clone, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Wraps decoded pairs.
    #[must_use]
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        Self(pairs)
    }

    /// The pairs.
    #[must_use]
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    /// The first value of `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of `name`, treating an empty value as absent.
    #[must_use]
    pub fn non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.is_empty())
    }

    /// Every value of `name`, in order.
    #[must_use]
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Whether `name` is present at all.
    #[must_use]
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    /// `name` as a boolean (`true`/`false`, case-insensitive as Twilio accepts), if present.
    ///
    /// # Errors
    /// A 400 when the value is not a boolean.
    pub fn bool(&self, name: &str) -> Result<Option<bool>, TwilioError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(v) => Err(TwilioError::invalid_parameter(format!(
                "{name} must be true or false, got '{v}'"
            ))),
        }
    }

    /// `name` as an integer within `min..=max`, if present.
    ///
    /// # Errors
    /// A 400 when the value is not an integer in range.
    pub fn integer(&self, name: &str, min: i64, max: i64) -> Result<Option<i64>, TwilioError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => match v.trim().parse::<i64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
                _ => Err(TwilioError::invalid_parameter(format!(
                    "{name} must be an integer between {min} and {max}, got '{v}'"
                ))),
            },
        }
    }

    /// The non-empty value of `name`, which must be an absolute `http`/`https` URL.
    ///
    /// # Errors
    /// `invalid(value)` for any other value.
    pub fn http_url(
        &self,
        name: &str,
        invalid: impl FnOnce(&str) -> TwilioError,
    ) -> Result<Option<&str>, TwilioError> {
        match self.non_empty(name) {
            Some(url) if !crate::urls::is_http_url(url) => Err(invalid(url)),
            other => Ok(other),
        }
    }

    /// A URL setting (of a number or an application): `None` when absent, `Some(None)` when
    /// cleared with `""`, else the absolute http(s) URL.
    ///
    /// # Errors
    /// 21402 for any other value.
    pub fn url_setting(&self, name: &str) -> Result<Option<Option<String>>, TwilioError> {
        match self.get(name) {
            None => Ok(None),
            Some("") => Ok(Some(None)),
            Some(url) if crate::urls::is_http_url(url) => Ok(Some(Some(url.to_owned()))),
            Some(url) => Err(TwilioError::bad_request(
                21402,
                format!("{name} is not a valid URL: {url}"),
            )),
        }
    }

    /// An HTTP method setting: `None` when absent or empty, else `GET` or `POST`.
    ///
    /// # Errors
    /// A 400 for any other value.
    pub fn method_setting(&self, name: &str) -> Result<Option<String>, TwilioError> {
        if self.non_empty(name).is_some() {
            self.method(name, "POST").map(Some)
        } else {
            Ok(None)
        }
    }

    /// `name` as an HTTP method (`GET` or `POST`, upper-cased), or `default`.
    ///
    /// # Errors
    /// A 400 for any other value.
    pub fn method(&self, name: &str, default: &str) -> Result<String, TwilioError> {
        match self.non_empty(name) {
            None => Ok(default.to_owned()),
            Some(v) if v.eq_ignore_ascii_case("GET") || v.eq_ignore_ascii_case("POST") => {
                Ok(v.to_ascii_uppercase())
            }
            Some(v) => Err(TwilioError::invalid_parameter(format!(
                "{name} must be GET or POST, got '{v}'"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Params;
    use crate::pairs::owned_pairs;

    fn params(items: &[(&str, &str)]) -> Params {
        Params::new(owned_pairs(items.iter().copied()))
    }

    #[test]
    fn lookups_handle_repeats_empties_and_types() {
        let p = params(&[
            ("A", "1"),
            ("A", "2"),
            ("B", ""),
            ("C", "True"),
            ("M", "get"),
        ]);
        assert_eq!(p.get("A"), Some("1"));
        assert_eq!(p.all("A"), ["1", "2"]);
        assert_eq!(p.non_empty("B"), None);
        assert!(p.has("B"));
        assert_eq!(p.bool("C"), Ok(Some(true)));
        assert_eq!(p.integer("A", 0, 10), Ok(Some(1)));
        assert!(p.integer("A", 5, 10).is_err());
        assert_eq!(p.method("M", "POST").as_deref(), Ok("GET"));
        assert_eq!(p.method("X", "POST").as_deref(), Ok("POST"));
        assert!(p.bool("A").is_err());
    }
}
