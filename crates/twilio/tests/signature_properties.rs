//! Property tests of webhook signatures on hostile input: any URL, body and signature is
//! checked without panicking; what Twilio signs is accepted whatever the parameters' order,
//! and with the port Twilio may have signed toggled; another token's signature, a changed
//! parameter or a changed JSON body is refused; the form decoder reads back what an
//! encoder wrote.

use proptest::prelude::*;
use sha2::{Digest as _, Sha256};
use switchboard_twilio::{
    BODY_SHA256_PARAM, WebhookValidator, candidate_urls, compute_signature, parse_form,
};

const TOKEN: &str = "the-auth-token";

fn url() -> impl Strategy<Value = String> {
    prop_oneof![
        "(https?|HTTPS)://[a-z.]{1,12}(:[0-9]{0,5})?(/[a-zA-Z0-9/._%-]{0,16})?(\\?[a-zA-Z0-9=&%+.-]{0,20})?",
        "(https?://)?\\[[0-9a-f:]{0,10}\\](:[0-9]{1,4})?/[a-z]{0,4}",
        "\\PC{0,40}",
        any::<String>(),
    ]
}

fn params() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec(("\\PC{0,8}", "\\PC{0,12}"), 0..8)
}

fn signature() -> impl Strategy<Value = String> {
    prop_oneof!["[A-Za-z0-9+/=]{0,32}", "\\PC{0,30}"]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn what_twilio_signs_is_accepted_in_any_order(url in url(), params in params(), seed in any::<u64>()) {
        let signature = compute_signature(TOKEN, &url, &params);
        let mut shuffled = params.clone();
        let len = shuffled.len().max(1);
        shuffled.rotate_left(usize::try_from(seed).unwrap_or(0) % len);
        shuffled.reverse();
        let validator = WebhookValidator::new(TOKEN);
        prop_assert!(validator.validate_form(&url, &shuffled, &signature));
        prop_assert!(!WebhookValidator::new("another-token").validate_form(&url, &params, &signature));
    }

    #[test]
    fn a_signature_over_the_url_with_its_port_toggled_is_accepted(url in url(), params in params()) {
        let candidates = candidate_urls(&url);
        prop_assert_eq!(&candidates[0], &url);
        prop_assert!(candidates.len() <= 2);
        for candidate in &candidates {
            let signature = compute_signature(TOKEN, candidate, &params);
            prop_assert!(WebhookValidator::new(TOKEN).validate_form(&url, &params, &signature));
        }
    }

    #[test]
    fn a_changed_parameter_is_refused(url in url(), params in params(), extra in "\\PC{1,8}") {
        // A pair given again changes nothing (repeats are signed once), so the pair is new.
        prop_assume!(!params.iter().any(|(k, v)| *k == extra && *v == extra));
        let signature = compute_signature(TOKEN, &url, &params);
        let mut changed = params.clone();
        changed.push((extra.clone(), extra));
        prop_assert!(!WebhookValidator::new(TOKEN).validate_form(&url, &changed, &signature));
    }

    #[test]
    fn any_signature_is_checked_without_panicking(url in url(), body in proptest::collection::vec(any::<u8>(), 0..64), form in any::<bool>(), signature in signature()) {
        let validator = WebhookValidator::new(TOKEN);
        // Only the signature over the URL (or over it with its port toggled) can pass.
        if validator.validate(&url, form, &body, &signature) {
            let params = if form { parse_form(&body) } else { Vec::new() };
            prop_assert!(candidate_urls(&url)
                .iter()
                .any(|c| compute_signature(TOKEN, c, &params) == signature));
        }
    }

    #[test]
    fn a_json_body_is_accepted_only_with_its_own_digest(path in "/[a-z]{0,8}", body in proptest::collection::vec(any::<u8>(), 0..64), other in proptest::collection::vec(any::<u8>(), 0..64)) {
        let digest: String = Sha256::digest(&body).iter().map(|b| format!("{b:02x}")).collect();
        let url = format!("https://app.example{path}?{BODY_SHA256_PARAM}={digest}");
        let signature = compute_signature(TOKEN, &url, &[]);
        let validator = WebhookValidator::new(TOKEN);
        prop_assert!(validator.validate_json_body(&url, &body, &signature));
        prop_assert_eq!(validator.validate_json_body(&url, &other, &signature), other == body);
    }

    #[test]
    fn the_form_decoder_reads_back_what_an_encoder_wrote(params in params()) {
        let mut encoder = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in &params {
            encoder.append_pair(key, value);
        }
        prop_assert_eq!(parse_form(encoder.finish().as_bytes()), params);
    }

    #[test]
    fn any_bytes_decode_as_a_form(body in proptest::collection::vec(any::<u8>(), 0..128)) {
        for (key, value) in parse_form(&body) {
            prop_assert!(key.len() + value.len() <= body.len() * 3);
        }
    }
}
