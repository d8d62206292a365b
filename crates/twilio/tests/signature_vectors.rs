//! Conformance of webhook signature validation with the official Twilio helper libraries'
//! test vectors (/work/shared/reference/twilio-vectors.md §1 and §2; numbers refer to it).

use switchboard_twilio::{WebhookValidator, compute_signature};

const TOKEN: &str = "12345";
const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";
const FIXTURE_SIGNATURE: &str = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
const JSON_BODY: &[u8] = br#"{"property": "value", "boolean": true}"#;
const JSON_BODY_SHA256: &str = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The shared fixture's form parameters (python / node / java / csharp / ruby).
fn fixture() -> Vec<(String, String)> {
    pairs(&[
        ("CallSid", "CA1234567890ABCDE"),
        ("Caller", "+14158675309"),
        ("Digits", "1234"),
        ("From", "+14158675309"),
        ("To", "+18005551212"),
    ])
}

/// Vector 14's parameters (twilio-go): the fixture plus two keys where one prefixes the other.
fn go_params() -> Vec<(String, String)> {
    let mut params = fixture();
    params.extend(pairs(&[
        ("ReasonConferenceEnded", "test"),
        ("Reason", "Participant"),
    ]));
    params
}

fn validator() -> WebhookValidator {
    WebhookValidator::new(TOKEN)
}

fn assert_valid(id: &str, url: &str, params: &[(String, String)], signature: &str) {
    assert!(
        validator().validate_form(url, params, signature),
        "vector {id}: {signature} should validate for {url}"
    );
}

fn assert_invalid(id: &str, url: &str, params: &[(String, String)], signature: &str) {
    assert!(
        !validator().validate_form(url, params, signature),
        "vector {id}: {signature:?} must be rejected for {url}"
    );
}

// ---------------------------------------------------------------------------------------
// compute_signature
// ---------------------------------------------------------------------------------------

#[test]
fn fixture_signature_is_computed_exactly() {
    assert_eq!(compute_signature(TOKEN, URL, &fixture()), FIXTURE_SIGNATURE);
}

#[test]
fn param_order_does_not_matter() {
    let mut reversed = fixture();
    reversed.reverse();
    assert_eq!(compute_signature(TOKEN, URL, &reversed), FIXTURE_SIGNATURE);
}

/// Vectors whose signature is the HMAC of the URL exactly as given.
#[test]
fn signatures_of_the_url_as_given() {
    let cases = [
        ("1", URL, fixture(), FIXTURE_SIGNATURE),
        (
            "2 (:443 form)",
            "https://mycompany.com:443/myapp.php?foo=1&bar=2",
            fixture(),
            "kvajT1Ptam85bY51eRf/AJRuM3w=",
        ),
        (
            "3 (:80 form)",
            "http://mycompany.com:80/myapp.php?foo=1&bar=2",
            fixture(),
            "0ZXoZLH/DfblKGATFgpif+LLRf4=",
        ),
        (
            "5",
            "http://mycompany.com:1234/myapp.php?foo=1&bar=2",
            fixture(),
            "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=",
        ),
        (
            "6",
            "https://mycompany.com:1234/myapp.php?foo=1&bar=2",
            fixture(),
            "CYn1h0gLBdNxDGkKJg6hYohgeD8=",
        ),
        (
            "10",
            "https://user:pass@mycompany.com/myapp.php?foo=1&bar=2",
            fixture(),
            "CukzLTc1tT5dXEDIHm/tKBanW10=",
        ),
        (
            "11",
            "https://user@mycompany.com/myapp.php?foo=1&bar=2",
            fixture(),
            "2YRLlVAflCqxaNicjMpJcSTgzSs=",
        ),
        (
            "12 (:443 form)",
            "https://user:pass@mycompany.com:443/myapp.php?foo=1&bar=2",
            fixture(),
            "ZQFR1PTIZXF2MXB8ZnKCvnnA+rI=",
        ),
        ("14", URL, go_params(), "vOEb5UThFn24KEfnOFLQY2AE5FY="),
        (
            "16",
            "http://mycompany.com/myapp.php?foo=1&bar=2",
            go_params(),
            "n2xBNyzSW7rfYStDtOFiFMv7qNo=",
        ),
        ("18", URL, Vec::new(), "zYQTYrRWXE7LtzbG4PfP7/bkkGo="),
        (
            "19",
            "https://mycompany.com/myapp.php",
            fixture(),
            "1xaxFBvyzXYvWplzNOSs28HWO94=",
        ),
        (
            "20",
            "https://mycompany.com/myapp.php?foo=1&bar=2&type=thiswontbeusedinthesignaturegeneratorandsoshouldbeignored",
            fixture(),
            "hYkNsTBttoNGkyCS0p+wWmQoRTg=",
        ),
        (
            "21",
            "https://mycompany.com/myapp.php?foo=hello%20world&bar=test%2Bvalue",
            fixture(),
            "er2tvAP1Wx+iuTTE2BPgvEaN1cs=",
        ),
        (
            "26",
            "https://mycompany.com/webhook/España?año=2023",
            fixture(),
            "G/Hx6mqqnjUNlPAoi2Sp9bGst0g=",
        ),
        (
            "28",
            "https://mycompany.com:443//myapp.php?foo=1&bar=2",
            fixture(),
            "A9lH3u16NjyiiM/+wylw5rirFUs=",
        ),
        (
            "29",
            "https://MyCompany.com/myapp.php?foo=1&bar=2",
            fixture(),
            "g9IN/x4Cft2g517EjYvEvM/W7LU=",
        ),
        (
            "30",
            "https://MyCompany.com:1234/myapp.php?foo=1&bar=2",
            fixture(),
            "PCqOZm8cnu/L6+u5i5fuEd+Iac4=",
        ),
        (
            "31",
            "http://MyCompany.com/myapp.php?foo=1&bar=2",
            fixture(),
            "XY7AlKOKL6im4yWyX84gldUrtis=",
        ),
        (
            "32",
            "http://username:password@MyCompany.com/myapp.php?foo=1&bar=2",
            fixture(),
            "PJ08CxXr7KLPjEQCTc8LkUSMwSM=",
        ),
        (
            "33",
            "HTTP://username:password@MyCompany.com/myapp.php?foo=1&bar=2",
            fixture(),
            "hy/l8pca+LFms4cvRdv8uiP6NGc=",
        ),
        (
            "34",
            "http://Username:Password@MyCompany.com/myapp.php?foo=1&bar=2",
            fixture(),
            "SkTSKyDJH9kUlhItI0slbgZ1UsI=",
        ),
        (
            "13 (literal quote)",
            "https://mycompany.com/myapp.php?foo=1&bar=2&Body=It's+amazing",
            fixture(),
            "dsq4Ehbj6cs+KdTkpF5sSSplOWw=",
        ),
        (
            "13 (%27 spelling)",
            "https://mycompany.com/myapp.php?foo=1&bar=2&Body=It%27s+amazing",
            fixture(),
            "TfZzewPq8wqrGlMfyAud8+/IvJ0=",
        ),
    ];
    for (id, url, params, signature) in &cases {
        assert_eq!(
            compute_signature(TOKEN, url, params),
            *signature,
            "vector {id}: {url}"
        );
        assert_valid(id, url, params, signature);
    }
}

// ---------------------------------------------------------------------------------------
// Form vectors, §1
// ---------------------------------------------------------------------------------------

#[test]
fn v01_shared_fixture() {
    assert_valid("1", URL, &fixture(), FIXTURE_SIGNATURE);
}

#[test]
fn v02_adds_port_443_on_https() {
    assert_valid("2", URL, &fixture(), "kvajT1Ptam85bY51eRf/AJRuM3w=");
}

#[test]
fn v03_adds_port_80_on_http() {
    assert_valid(
        "3",
        "http://mycompany.com/myapp.php?foo=1&bar=2",
        &fixture(),
        "0ZXoZLH/DfblKGATFgpif+LLRf4=",
    );
}

#[test]
fn v04_removes_a_non_default_port_on_https() {
    assert_valid(
        "4",
        "https://mycompany.com:1234/myapp.php?foo=1&bar=2",
        &fixture(),
        FIXTURE_SIGNATURE,
    );
}

#[test]
fn v05_http_with_port_as_given() {
    assert_valid(
        "5",
        "http://mycompany.com:1234/myapp.php?foo=1&bar=2",
        &fixture(),
        "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=",
    );
}

#[test]
fn v06_https_with_custom_port_as_given() {
    assert_valid(
        "6",
        "https://mycompany.com:1234/myapp.php?foo=1&bar=2",
        &fixture(),
        "CYn1h0gLBdNxDGkKJg6hYohgeD8=",
    );
}

#[test]
fn v07_repeated_key_values_are_sorted_and_deduplicated() {
    let params = pairs(&[
        ("Sid", "CA123"),
        ("SidAccount", "AC123"),
        ("Digits", "5678"),
        ("Digits", "1234"),
        ("Digits", "1234"),
    ]);
    assert_eq!(
        compute_signature(TOKEN, URL, &params),
        "IK+Dwps556ElfBT0I3Rgjkr1wJU="
    );
    assert_valid("7", URL, &params, "IK+Dwps556ElfBT0I3Rgjkr1wJU=");
}

#[test]
fn v08_v09_array_parameter_regardless_of_position() {
    let in_order = pairs(&[
        ("MessagingBinding.Address", "+1325xxxxxxx"),
        ("MessagingBinding.Address", "+1415xxxxxxx"),
    ]);
    let reversed = pairs(&[
        ("MessagingBinding.Address", "+1415xxxxxxx"),
        ("MessagingBinding.Address", "+1325xxxxxxx"),
    ]);
    assert_valid("8", URL, &in_order, "83O6e2vORAoJHUNzJjDWN1jz+BA=");
    assert_valid("9", URL, &reversed, "83O6e2vORAoJHUNzJjDWN1jz+BA=");
}

#[test]
fn v10_v11_v12_urls_with_credentials() {
    let with_creds = "https://user:pass@mycompany.com/myapp.php?foo=1&bar=2";
    assert_valid("10", with_creds, &fixture(), "CukzLTc1tT5dXEDIHm/tKBanW10=");
    assert_valid(
        "11",
        "https://user@mycompany.com/myapp.php?foo=1&bar=2",
        &fixture(),
        "2YRLlVAflCqxaNicjMpJcSTgzSs=",
    );
    assert_valid("12", with_creds, &fixture(), "ZQFR1PTIZXF2MXB8ZnKCvnnA+rI=");
}

/// twilio-node's expected `TfZzewPq…` is the HMAC of `…Body=It%27s+amazing`: node parses the
/// URL with WHATWG `new URL()`, which re-encodes `'` as `%27`. Twilio signs the URL it
/// requested, and this validator never re-encodes the query, so for the literal
/// `…It's+amazing` URL only the HMAC of that literal string (`dsq4Ehbj…`) is accepted.
/// (A request whose URL really is `…It%27s+amazing` validates with `TfZzewPq…`.)
#[test]
fn v13_special_characters_in_the_query_are_signed_literally() {
    let literal = "https://mycompany.com/myapp.php?foo=1&bar=2&Body=It's+amazing";
    let encoded = "https://mycompany.com/myapp.php?foo=1&bar=2&Body=It%27s+amazing";
    assert_valid("13", literal, &fixture(), "dsq4Ehbj6cs+KdTkpF5sSSplOWw=");
    assert_invalid(
        "13 (node/WHATWG)",
        literal,
        &fixture(),
        "TfZzewPq8wqrGlMfyAud8+/IvJ0=",
    );
    assert_valid(
        "13 (%27 URL)",
        encoded,
        &fixture(),
        "TfZzewPq8wqrGlMfyAud8+/IvJ0=",
    );
    assert_invalid(
        "13 (%27 URL)",
        encoded,
        &fixture(),
        "dsq4Ehbj6cs+KdTkpF5sSSplOWw=",
    );
}

#[test]
fn v14_keys_sorted_by_key_where_one_prefixes_another() {
    assert_valid("14", URL, &go_params(), "vOEb5UThFn24KEfnOFLQY2AE5FY=");
}

#[test]
fn v15_sorting_concatenated_key_value_strings_is_rejected() {
    assert_invalid("15", URL, &go_params(), "95+Bu0JVPi0r/SsESZCVf0dWAjw=");
}

#[test]
fn v16_go_http_with_and_without_port() {
    let signature = "n2xBNyzSW7rfYStDtOFiFMv7qNo=";
    assert_valid(
        "16",
        "http://mycompany.com/myapp.php?foo=1&bar=2",
        &go_params(),
        signature,
    );
    assert_valid(
        "16 (:1234)",
        "http://mycompany.com:1234/myapp.php?foo=1&bar=2",
        &go_params(),
        signature,
    );
}

#[test]
fn v17_go_form_body() {
    let body = b"property=value&boolean=true";
    let signature = "NBdBDr/T/lgjI+tlgpXjKZQZs/k=";
    assert!(validator().validate(URL, true, body, signature));
    let params = pairs(&[("property", "value"), ("boolean", "true")]);
    assert_valid("17", URL, &params, signature);
}

#[test]
fn v18_no_params_signs_the_url_only() {
    assert_valid("18", URL, &[], "zYQTYrRWXE7LtzbG4PfP7/bkkGo=");
    assert!(validator().validate(URL, true, b"", "zYQTYrRWXE7LtzbG4PfP7/bkkGo="));
}

#[test]
fn v19_no_query() {
    assert_valid(
        "19",
        "https://mycompany.com/myapp.php",
        &fixture(),
        "1xaxFBvyzXYvWplzNOSs28HWO94=",
    );
}

#[test]
fn v20_non_twilio_query_params_are_signed() {
    let url = "https://mycompany.com/myapp.php?foo=1&bar=2&type=thiswontbeusedinthesignaturegeneratorandsoshouldbeignored";
    assert_valid("20", url, &fixture(), "hYkNsTBttoNGkyCS0p+wWmQoRTg=");
    assert_invalid("20", url, &fixture(), FIXTURE_SIGNATURE);
}

#[test]
fn v21_percent_encoded_query_is_kept_byte_for_byte() {
    assert_valid(
        "21",
        "https://mycompany.com/myapp.php?foo=hello%20world&bar=test%2Bvalue",
        &fixture(),
        "er2tvAP1Wx+iuTTE2BPgvEaN1cs=",
    );
}

#[test]
fn v22_special_and_unicode_characters_in_values() {
    let params = pairs(&[
        ("Message", "Hello & goodbye! @#$%^*()"),
        ("From", "+1 (415) 867-5309"),
        ("Special", "unicode: ñáéíóú"),
    ]);
    assert_valid("22", URL, &params, "dCPiR4WtQ6QFN6pJh81CtlCcWLQ=");
}

#[test]
fn v23_empty_values_contribute_the_key_only() {
    let params = pairs(&[
        ("Digits", ""),
        ("CallSid", "CA1234567890ABCDE"),
        ("EmptyParam", ""),
    ]);
    assert_valid("23", URL, &params, "9HHp/OqQMEwdrVebHDdA/+tqjX8=");
}

#[test]
fn v24_null_values_are_empty_strings() {
    let params = pairs(&[
        ("Digits", ""),
        ("CallSid", "CA1234567890ABCDE"),
        ("NullParam", ""),
    ]);
    assert_valid("24", URL, &params, "L9lTTwIlxM1xGAtLRwhOSZggRhM=");
}

#[test]
fn v25_keys_are_sorted() {
    let params = pairs(&[
        ("Zebra", "last"),
        ("Alpha", "first"),
        ("Beta", "second"),
        ("Gamma", "third"),
    ]);
    assert_valid("25", URL, &params, "enveUe73ZTVLAekHxez3Qx6JuuQ=");
}

#[test]
fn v26_international_characters_in_the_url() {
    assert_valid(
        "26",
        "https://mycompany.com/webhook/España?año=2023",
        &fixture(),
        "G/Hx6mqqnjUNlPAoi2Sp9bGst0g=",
    );
}

#[test]
fn v27_keys_sort_case_sensitively() {
    let params = pairs(&[
        ("callSid", "lowercase"),
        ("CallSid", "uppercase"),
        ("CALLSID", "allcaps"),
    ]);
    assert_valid("27", URL, &params, "jDK7WKT8wiNrwggd4ceTv4e1MJ4=");
}

#[test]
fn v28_malformed_url_is_used_as_is() {
    assert_valid(
        "28",
        "https://mycompany.com:443//myapp.php?foo=1&bar=2",
        &fixture(),
        "A9lH3u16NjyiiM/+wylw5rirFUs=",
    );
}

#[test]
fn v29_to_v34_host_scheme_and_userinfo_case_is_preserved() {
    let cases = [
        (
            "29",
            "https://MyCompany.com/myapp.php?foo=1&bar=2",
            "g9IN/x4Cft2g517EjYvEvM/W7LU=",
        ),
        (
            "30",
            "https://MyCompany.com:1234/myapp.php?foo=1&bar=2",
            "PCqOZm8cnu/L6+u5i5fuEd+Iac4=",
        ),
        (
            "31",
            "http://MyCompany.com/myapp.php?foo=1&bar=2",
            "XY7AlKOKL6im4yWyX84gldUrtis=",
        ),
        (
            "32",
            "http://username:password@MyCompany.com/myapp.php?foo=1&bar=2",
            "PJ08CxXr7KLPjEQCTc8LkUSMwSM=",
        ),
        (
            "33",
            "HTTP://username:password@MyCompany.com/myapp.php?foo=1&bar=2",
            "hy/l8pca+LFms4cvRdv8uiP6NGc=",
        ),
        (
            "34",
            "http://Username:Password@MyCompany.com/myapp.php?foo=1&bar=2",
            "SkTSKyDJH9kUlhItI0slbgZ1UsI=",
        ),
    ];
    for (id, url, signature) in cases {
        assert_valid(id, url, &fixture(), signature);
    }
}

#[test]
fn v35_lower_cased_host_signature_is_rejected_for_mixed_case_hosts() {
    for url in [
        "https://MyCompany.com/myapp.php?foo=1&bar=2",
        "https://MyCompany.com:1234/myapp.php?foo=1&bar=2",
        "http://MyCompany.com/myapp.php?foo=1&bar=2",
    ] {
        assert_invalid("35", url, &fixture(), FIXTURE_SIGNATURE);
    }
}

// ---------------------------------------------------------------------------------------
// Negative form cases
// ---------------------------------------------------------------------------------------

#[test]
fn wrong_and_empty_signatures_are_rejected() {
    for signature in [
        "WRONG_SIGNATURE",
        "WRONG SIGNATURE",
        "NOTRSOYDt4T1cUTdK1PDd93/VVr8B8=",
        "fake_signature",
        "IncorrectSignatureValue123=",
        "undefined",
        "null",
        "",
        " RSOYDt4T1cUTdK1PDd93/VVr8B8=",
        "RSOYDt4T1cUTdK1PDd93/VVr8B8",
        "rsoydt4t1cutdk1pdd93/vvr8b8=",
    ] {
        assert_invalid("negative", URL, &fixture(), signature);
    }
}

#[test]
fn tampered_requests_are_rejected() {
    let mut tampered_value = fixture();
    tampered_value[2].1 = "1235".to_owned();
    assert_invalid("tampered value", URL, &tampered_value, FIXTURE_SIGNATURE);

    let mut tampered_key = fixture();
    tampered_key[2].0 = "digits".to_owned();
    assert_invalid("tampered key", URL, &tampered_key, FIXTURE_SIGNATURE);

    let mut extra = fixture();
    extra.push(("Extra".to_owned(), "1".to_owned()));
    assert_invalid("extra param", URL, &extra, FIXTURE_SIGNATURE);

    let mut missing = fixture();
    missing.pop();
    assert_invalid("missing param", URL, &missing, FIXTURE_SIGNATURE);

    // node: requesting with `&somethingUnexpected=true` appended → 403.
    let longer = format!("{URL}&somethingUnexpected=true");
    assert_invalid(
        "node unexpected query",
        &longer,
        &fixture(),
        FIXTURE_SIGNATURE,
    );

    assert_invalid(
        "other path",
        "https://mycompany.com/other.php?foo=1&bar=2",
        &fixture(),
        FIXTURE_SIGNATURE,
    );
}

#[test]
fn another_token_is_rejected() {
    let other = WebhookValidator::new("54321");
    assert!(!other.validate_form(URL, &fixture(), FIXTURE_SIGNATURE));
}

#[test]
fn debug_output_hides_the_token() {
    let shown = format!("{:?}", WebhookValidator::new("ACtoken-do-not-print"));
    assert!(shown.contains("[redacted]"), "{shown}");
    assert!(!shown.contains("do-not-print"), "{shown}");
}

// ---------------------------------------------------------------------------------------
// node spec/unit/webhooks/webhooks.spec.js (token s3cr3t, no params)
// ---------------------------------------------------------------------------------------

#[test]
fn node_webhooks_spec_table() {
    let validator = WebhookValidator::new("s3cr3t");
    let sign = |url: &str| compute_signature("s3cr3t", url, &[]);

    let plain = "https://example.com/path?test=param";
    let with_port = "https://example.com:443/path?test=param";
    let quote = "https://example.com/path?test=param'WithQuote";
    let escaped_quote = "https://example.com/path?test=param%27WithQuote";

    assert_eq!(sign(plain), "loLgTitFAoWx57yy5oEU4Hlddzw=");
    assert_eq!(sign(with_port), "IdwMFypqvNxti3YgvWWmfcNL26M=");
    assert_eq!(sign(quote), "GfI7onHX/KQ2k1oVS3cUTVk4IEw=");
    assert_eq!(sign(escaped_quote), "HkuXLxVQ7zHv9LmGpzlLuGaxhJY=");

    let ok = |url: &str, signature: &str| validator.validate_form(url, &[], signature);
    assert!(!ok("https://example.com/path?test=param2", &sign(plain)));
    assert!(ok(with_port, &sign(with_port)));
    assert!(ok(plain, &sign(with_port)));
    assert!(ok(with_port, &sign(plain)));
    assert!(ok(quote, &sign(quote)));
    assert!(ok(escaped_quote, &sign(escaped_quote)));

    // node also accepts the other spelling of the quote (`'` ↔ `%27`), because it re-encodes
    // the URL through WHATWG `new URL()` and its legacy `querystring`. This validator
    // compares the URL exactly as requested (what Twilio signs), so a different spelling of
    // the query is a different URL and is rejected.
    assert!(!ok(escaped_quote, &sign(quote)));
    assert!(!ok(quote, &sign(escaped_quote)));
}

// ---------------------------------------------------------------------------------------
// JSON-body (bodySHA256) vectors, §2
// ---------------------------------------------------------------------------------------

fn body_url(query_prefix: &str, hash: &str) -> String {
    format!("https://mycompany.com/myapp.php?{query_prefix}bodySHA256={hash}")
}

#[test]
fn b1_body_hash_with_other_query_params() {
    let url = body_url("foo=1&bar=2&", JSON_BODY_SHA256);
    let signature = "a9nBmqA0ju/hNViExpshrM61xv4=";
    assert_eq!(compute_signature(TOKEN, &url, &[]), signature);
    assert!(validator().validate_json_body(&url, JSON_BODY, signature));
    assert!(validator().validate(&url, false, JSON_BODY, signature));
}

#[test]
fn b2_only_the_body_hash_param() {
    let url = body_url("", JSON_BODY_SHA256);
    let signature = "y77kIzt2vzLz71DgmJGsen2scGs=";
    assert_eq!(compute_signature(TOKEN, &url, &[]), signature);
    assert!(validator().validate_json_body(&url, JSON_BODY, signature));
}

#[test]
fn b3_b4_empty_json_body_signed_with_port_443() {
    let empty_hash = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    let url = body_url("foo=1&bar=2&", empty_hash);
    assert!(validator().validate_json_body(&url, b"{}", "Ldidvp12m26NI7eqEvxnEpkd9Hc="));
    // The port-less spelling of the same URL signs differently and is accepted too.
    assert!(validator().validate_json_body(&url, b"{}", "rw/jVviOgicj2+kHZULvebnA4ag="));
}

#[test]
fn b5_body_not_matching_the_hash_is_rejected() {
    for hash in ["WRONG_HASH", "WRONG", ""] {
        let url = body_url("foo=1&bar=2&", hash);
        let signature = compute_signature(TOKEN, &url, &[]);
        assert!(
            !validator().validate_json_body(&url, JSON_BODY, &signature),
            "bodySHA256={hash:?}"
        );
    }
    // Right URL and signature (B1), tampered body.
    let url = body_url("foo=1&bar=2&", JSON_BODY_SHA256);
    let tampered = br#"{"property": "value", "boolean": false}"#;
    assert!(!validator().validate_json_body(&url, tampered, "a9nBmqA0ju/hNViExpshrM61xv4="));
    // Upper-case hex is not what Twilio sends; like the official SDKs, compare exactly.
    let upper = body_url("foo=1&bar=2&", &JSON_BODY_SHA256.to_ascii_uppercase());
    let signature = compute_signature(TOKEN, &upper, &[]);
    assert!(!validator().validate_json_body(&upper, JSON_BODY, &signature));
}

#[test]
fn b6_body_without_body_hash_param_is_rejected() {
    for signature in [FIXTURE_SIGNATURE, "zYQTYrRWXE7LtzbG4PfP7/bkkGo="] {
        assert!(!validator().validate_json_body(URL, JSON_BODY, signature));
        assert!(!validator().validate(URL, false, JSON_BODY, signature));
    }
}

#[test]
fn json_body_needs_a_valid_signature_too() {
    let url = body_url("foo=1&bar=2&", JSON_BODY_SHA256);
    for signature in [
        "",
        "WRONG_SIGNATURE",
        FIXTURE_SIGNATURE,
        "y77kIzt2vzLz71DgmJGsen2scGs=",
    ] {
        assert!(
            !validator().validate_json_body(&url, JSON_BODY, signature),
            "{signature:?}"
        );
    }
}

#[test]
fn percent_encoded_body_hash_is_decoded() {
    // `%30` is `0`; the signature covers the URL as requested, the hash is compared decoded.
    let url = body_url("", &JSON_BODY_SHA256.replacen('0', "%30", 1));
    let signature = compute_signature(TOKEN, &url, &[]);
    assert!(validator().validate_json_body(&url, JSON_BODY, &signature));
}
