//! Dynamic templates: a template's id (`d-…`) and the data its Handlebars fill in, held as a
//! small JSON-like tree of the domain's own (the domain has no serde).

use std::collections::BTreeMap;
use std::fmt;

/// How deep template data may nest (objects and arrays within each other).
pub const MAX_TEMPLATE_DATA_DEPTH: usize = 32;
/// The longest template id accepted, `d-` included.
const MAX_TEMPLATE_ID_LEN: usize = 66;

/// The id of a dynamic template: `d-` followed by 1 to 64 ASCII letters and digits
/// (`d-0123456789abcdef0123456789abcdef`). Legacy templates (ids without `d-`) are not
/// supported: their substitutions work differently.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TemplateId(String);

/// Why a string is not a dynamic template id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a dynamic template id (expected d- and up to 64 letters and digits)")]
pub struct InvalidTemplateId(pub String);

impl TemplateId {
    /// Parses a dynamic template id.
    ///
    /// # Errors
    /// [`InvalidTemplateId`] unless the input is `d-` and 1 to 64 ASCII letters or digits.
    pub fn parse(input: &str) -> Result<Self, InvalidTemplateId> {
        let valid = input.len() <= MAX_TEMPLATE_ID_LEN
            && input.strip_prefix("d-").is_some_and(|rest| {
                !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric())
            });
        if valid {
            Ok(Self(input.to_owned()))
        } else {
            Err(InvalidTemplateId(crate::error::excerpt(input)))
        }
    }

    /// The id as given.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TemplateId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A dynamic template to send, with the data its placeholders are filled with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// Which template.
    pub id: TemplateId,
    /// The values of its placeholders (`{"name": "Alex"}`); may be empty.
    pub data: TemplateData,
}

/// The top-level object of a template's data: names and their values.
pub type TemplateData = BTreeMap<String, TemplateValue>;

/// One value of template data, shaped as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateValue {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, kept as its JSON text so that no precision is lost on the way.
    Number(JsonNumber),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<TemplateValue>),
    /// An object.
    Object(BTreeMap<String, TemplateValue>),
}

impl TemplateValue {
    /// How deeply arrays and objects nest in it: 0 for a scalar, 1 for a flat array or
    /// object, and so on.
    #[must_use]
    pub fn depth(&self) -> usize {
        match self {
            Self::Array(items) => 1 + items.iter().map(Self::depth).max().unwrap_or(0),
            Self::Object(fields) => 1 + data_depth(fields),
            Self::Null | Self::Bool(_) | Self::Number(_) | Self::String(_) => 0,
        }
    }
}

/// How deeply the values of `data` nest (0 when all are scalars or it is empty).
#[must_use]
pub fn data_depth(data: &TemplateData) -> usize {
    data.values().map(TemplateValue::depth).max().unwrap_or(0)
}

/// A number in JSON's syntax (`-12`, `3.5`, `6.02e23`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct JsonNumber(String);

/// Why a string is not a JSON number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a JSON number")]
pub struct InvalidJsonNumber(pub String);

impl JsonNumber {
    /// Parses JSON's number syntax: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    ///
    /// # Errors
    /// [`InvalidJsonNumber`] for anything else.
    pub fn parse(input: &str) -> Result<Self, InvalidJsonNumber> {
        if is_json_number(input.as_bytes()) {
            Ok(Self(input.to_owned()))
        } else {
            Err(InvalidJsonNumber(crate::error::excerpt(input)))
        }
    }

    /// A finite float; `None` for NaN and infinities, which JSON cannot write.
    #[must_use]
    pub fn from_f64(value: f64) -> Option<Self> {
        value.is_finite().then(|| Self(format!("{value:?}")))
    }

    /// The number's JSON text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<i64> for JsonNumber {
    fn from(value: i64) -> Self {
        Self(value.to_string())
    }
}

impl From<u64> for JsonNumber {
    fn from(value: u64) -> Self {
        Self(value.to_string())
    }
}

/// Whether `text` is a JSON number.
fn is_json_number(text: &[u8]) -> bool {
    let digits = |s: &[u8]| s.iter().take_while(|b| b.is_ascii_digit()).count();
    let mut rest = text.strip_prefix(b"-").unwrap_or(text);
    let integer = digits(rest);
    if integer == 0 || (integer > 1 && rest[0] == b'0') {
        return false;
    }
    rest = &rest[integer..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let n = digits(fraction);
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    if let Some(exponent) = rest.strip_prefix(b"e").or_else(|| rest.strip_prefix(b"E")) {
        let exponent = exponent
            .strip_prefix(b"+")
            .or_else(|| exponent.strip_prefix(b"-"))
            .unwrap_or(exponent);
        let n = digits(exponent);
        if n == 0 {
            return false;
        }
        rest = &exponent[n..];
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dynamic_template_ids_start_with_d_dash() {
        for ok in [
            "d-0123456789abcdef0123456789abcdef",
            "d-123abc456def789hij0klm123nop456qrs789tuv0xyz",
            "d-x",
        ] {
            assert_eq!(TemplateId::parse(ok).unwrap().as_str(), ok);
        }
        for bad in ["", "d-", "0123456789abcdef", "D-abc", "d-ab c", "d-ab-c"] {
            assert!(TemplateId::parse(bad).is_err(), "{bad:?}");
        }
        assert!(TemplateId::parse(&format!("d-{}", "a".repeat(64))).is_ok());
        assert!(TemplateId::parse(&format!("d-{}", "a".repeat(65))).is_err());
    }

    #[test]
    fn json_numbers_follow_json_syntax() {
        for ok in ["0", "-0", "12", "-12", "3.5", "6.02e23", "1E-7", "1.0e+2"] {
            assert_eq!(JsonNumber::parse(ok).unwrap().as_str(), ok);
        }
        for bad in [
            "", "-", "01", "1.", ".5", "1e", "1e+", "+1", "NaN", "1 ", "0x10",
        ] {
            assert!(JsonNumber::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(JsonNumber::from(-3_i64).as_str(), "-3");
        assert_eq!(JsonNumber::from(u64::MAX).as_str(), "18446744073709551615");
        assert_eq!(JsonNumber::from_f64(0.5).unwrap().as_str(), "0.5");
        assert!(JsonNumber::from_f64(f64::NAN).is_none());
        for f in [1.0, 1e300, -2.5e-10] {
            let n = JsonNumber::from_f64(f).unwrap();
            assert!(JsonNumber::parse(n.as_str()).is_ok(), "{n:?}");
        }
    }

    #[test]
    fn depth_counts_nesting() {
        let mut data = TemplateData::new();
        assert_eq!(data_depth(&data), 0);
        data.insert("name".into(), TemplateValue::String("Alex".into()));
        assert_eq!(data_depth(&data), 0);
        let nested = TemplateValue::Array(vec![TemplateValue::Object(BTreeMap::from([(
            "n".to_owned(),
            TemplateValue::Number(JsonNumber::from(1_i64)),
        )]))]);
        assert_eq!(nested.depth(), 2);
        data.insert("items".into(), nested);
        assert_eq!(data_depth(&data), 2);
    }
}
