//! Twilio webhook signatures (`X-Twilio-Signature`): computing them and validating incoming
//! form and JSON (`bodySHA256`) webhooks the way Twilio's official helper libraries do.

mod candidates;
mod urlencoded;

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest as _, Sha256};
use subtle::{Choice, ConstantTimeEq};

pub use candidates::candidate_urls;
pub use urlencoded::parse_form;

/// The query parameter Twilio adds to JSON webhook URLs: lowercase hex SHA-256 of the body.
pub const BODY_SHA256_PARAM: &str = "bodySHA256";

/// The HTTP header carrying the signature (header names are case-insensitive).
pub const SIGNATURE_HEADER: &str = "X-Twilio-Signature";

/// Computes the signature Twilio sends for a request to `url` with form parameters `params`:
/// `base64(HMAC-SHA1(auth_token, url + key₁ + value₁ + key₂ + value₂ …))`.
///
/// `url` is used exactly as given (scheme, userinfo, host, port, path, raw query). `params`
/// are the *decoded* form values. Keys are taken in ascending byte order; the values of a
/// repeated key are de-duplicated and taken in ascending order (twilio-python/node
/// semantics). A Twilio stand-in can use this to sign the webhooks it sends.
#[must_use]
pub fn compute_signature(auth_token: &str, url: &str, params: &[(String, String)]) -> String {
    let keyed = keyed_mac(auth_token);
    BASE64.encode(hmac_sha1(&keyed, url, &canonical_params(params)))
}

/// Validates `X-Twilio-Signature` on incoming webhooks with one account's auth token.
///
/// Its `Debug` output never shows the token.
#[derive(Clone)]
pub struct WebhookValidator {
    /// HMAC-SHA1 keyed with the auth token once, here, and cloned for each URL checked.
    mac: Hmac<Sha1>,
}

impl fmt::Debug for WebhookValidator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookValidator")
            .field("auth_token", &format_args!("[redacted]"))
            .finish()
    }
}

impl WebhookValidator {
    /// A validator for webhooks signed with `auth_token` (the account's primary auth token).
    #[must_use]
    pub fn new(auth_token: impl Into<String>) -> Self {
        Self {
            mac: keyed_mac(&auth_token.into()),
        }
    }

    /// Whether `signature` is Twilio's signature of a form (or parameterless GET) webhook.
    ///
    /// `url` is the public URL the request was made to, exactly as Twilio requested it
    /// (configured `scheme://host[:port]` + the raw request target, query not re-encoded).
    /// `params` are the decoded body pairs in any order (empty for GET). The signature is
    /// accepted if it matches any of [`candidate_urls`], compared in constant time. An empty
    /// signature is rejected.
    #[must_use]
    pub fn validate_form(&self, url: &str, params: &[(String, String)], signature: &str) -> bool {
        !signature.is_empty() && self.matches_a_candidate(url, &canonical_params(params), signature)
    }

    /// Whether a JSON (or other non-form) webhook is authentic: `url` must carry a
    /// `bodySHA256` query parameter equal to the lowercase hex SHA-256 of `raw_body`, and
    /// `signature` must be the signature of `url` with no parameters (over
    /// [`candidate_urls`]). Both comparisons are constant-time. Without `bodySHA256`, or with
    /// an empty signature, the request is rejected.
    #[must_use]
    pub fn validate_json_body(&self, url: &str, raw_body: &[u8], signature: &str) -> bool {
        if signature.is_empty() {
            return false;
        }
        let Some(claimed_hash) = urlencoded::query_param(url, BODY_SHA256_PARAM) else {
            return false;
        };
        let body_ok = lower_hex(&Sha256::digest(raw_body))
            .as_bytes()
            .ct_eq(&claimed_hash);
        let signature_ok = self.matches_a_candidate(url, &[], signature);
        bool::from(body_ok) & signature_ok
    }

    /// Validates a webhook from its raw body: a form body
    /// (`application/x-www-form-urlencoded`, or an empty GET body) is decoded and checked with
    /// [`Self::validate_form`]; anything else with [`Self::validate_json_body`].
    #[must_use]
    pub fn validate(
        &self,
        url: &str,
        content_type_is_form: bool,
        raw_body: &[u8],
        signature: &str,
    ) -> bool {
        if content_type_is_form {
            self.validate_form(url, &urlencoded::parse_form(raw_body), signature)
        } else {
            self.validate_json_body(url, raw_body, signature)
        }
    }

    /// Constant-time comparison of `signature` with the signature of every candidate URL.
    fn matches_a_candidate(&self, url: &str, params: &[(&str, &str)], signature: &str) -> bool {
        let mut matched = Choice::from(0);
        for candidate in candidate_urls(url) {
            let expected = BASE64.encode(hmac_sha1(&self.mac, &candidate, params));
            matched |= expected.as_bytes().ct_eq(signature.as_bytes());
        }
        matched.into()
    }
}

/// Parameters in signing order: by key, then by value, each distinct pair once.
fn canonical_params(params: &[(String, String)]) -> Vec<(&str, &str)> {
    let mut pairs: Vec<(&str, &str)> = params
        .iter()
        .map(|(key, value)| (key.as_str(), value.as_str()))
        .collect();
    // `str` orders by bytes, so this is ordinal key order, then ordinal value order.
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// HMAC-SHA1 keyed with `auth_token`, before any input.
fn keyed_mac(auth_token: &str) -> Hmac<Sha1> {
    Hmac::<Sha1>::new_from_slice(auth_token.as_bytes()).expect("HMAC accepts keys of any length")
}

/// HMAC-SHA1 (`keyed`, which is left untouched) over `url` followed by `key + value` for
/// each pair, in the order given.
fn hmac_sha1(keyed: &Hmac<Sha1>, url: &str, params: &[(&str, &str)]) -> [u8; 20] {
    let mut mac = keyed.clone();
    mac.update(url.as_bytes());
    for (key, value) in params {
        mac.update(key.as_bytes());
        mac.update(value.as_bytes());
    }
    mac.finalize().into_bytes().into()
}

fn lower_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{WebhookValidator, canonical_params, lower_hex};

    #[test]
    fn debug_redacts_the_token() {
        let shown = format!("{:?}", WebhookValidator::new("super-secret-token"));
        assert!(!shown.contains("super-secret-token"), "{shown}");
        assert_eq!(shown, "WebhookValidator { auth_token: [redacted] }");
    }

    #[test]
    fn canonical_order_is_by_key_then_value_without_duplicates() {
        let params: Vec<(String, String)> = [
            ("b", "2"),
            ("a", "z"),
            ("a", "y"),
            ("B", "1"),
            ("a", "z"),
            ("ab", ""),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        assert_eq!(
            canonical_params(&params),
            [("B", "1"), ("a", "y"), ("a", "z"), ("ab", ""), ("b", "2")]
        );
    }

    #[test]
    fn lower_hex_encodes() {
        assert_eq!(lower_hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
    }
}
