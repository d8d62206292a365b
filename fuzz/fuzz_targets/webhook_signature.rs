//! The webhook signature check and the forms behind it. The input is flags, then the path
//! and query, the body and the signature, separated by NUL bytes. With the "sign" flag the
//! target signs the request itself as Twilio would, and the check must then accept it
//! (the signer and the checker agree on every URL and body); otherwise the fuzzer's own
//! signature is checked. Never a panic, never a 5xx.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sha2::{Digest as _, Sha256};
use switchboard_http::ApiError;
use switchboard_http::fuzzing::{Webhook, is_server_error, signed_webhook};
use switchboard_twilio::{BODY_SHA256_PARAM, WebhookValidator, compute_signature, parse_form};

const AUTH_TOKEN: &str = "fuzz-auth-token";
const BASE: &str = "https://switchboard.example";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let (is_get, is_json, sign) = (flags & 1 != 0, flags & 2 != 0, flags & 4 != 0);
    let mut parts = rest.splitn(3, |&b| b == 0);
    let suffix = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let body = parts.next().unwrap_or_default();
    let given = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();

    let mut url = format!("{BASE}{suffix}");
    // The body's digest is only where the check looks for it when the fuzzer did not put
    // its own first (or a fragment before it).
    let own_digest_first = !suffix.contains('#')
        && !parse_form(suffix.split_once('?').map_or("", |(_, q)| q).as_bytes())
            .iter()
            .any(|(k, _)| k == BODY_SHA256_PARAM);
    if sign && is_json && !is_get {
        let separator = if suffix.contains('?') { '&' } else { '?' };
        url = format!(
            "{url}{separator}{BODY_SHA256_PARAM}={}",
            hex(&Sha256::digest(body))
        );
    }
    let query = url.split_once('?').map_or("", |(_, q)| q).to_owned();
    let signature = if sign {
        let params = if is_get || is_json {
            Vec::new()
        } else {
            parse_form(body)
        };
        compute_signature(AUTH_TOKEN, &url, &params)
    } else {
        given
    };
    let webhook = Webhook {
        url: &url,
        is_get,
        is_json,
        query: query.as_bytes(),
        body,
    };
    let validator = WebhookValidator::new(AUTH_TOKEN);
    match signed_webhook(&validator, &webhook, &signature) {
        Ok(()) => {}
        Err(ApiError::InvalidSignature) => assert!(
            !sign || (is_json && !is_get && !own_digest_first),
            "a request signed as Twilio signs it was refused: {url:?}"
        ),
        Err(e) => assert!(!is_server_error(&e), "a 5xx for a webhook: {e:?}"),
    }
});
