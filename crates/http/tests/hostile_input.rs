//! Property tests of what the routes decode before any store: JSON bodies, queries,
//! webhook forms behind their signature check, and bearer tokens. None may panic, and
//! hostile input is a 4xx, never a 5xx (the fuzz targets in `fuzz/` run the same entry
//! points on arbitrary bytes).

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use switchboard_http::fuzzing::{
    JSON_BODIES, QUERIES, Webhook, is_server_error, ivr_menu, ivr_menu_json, json_body, query,
    signed_webhook, webhook_forms,
};
use switchboard_http::{ApiError, AuthConfig};
use switchboard_twilio::{WebhookValidator, compute_signature, parse_form};

/// The names the bodies, queries and forms use, so generated objects hit real fields.
const NAMES: &[&str] = &[
    "greetingUrl",
    "expiresInMinutes",
    "userId",
    "phoneNumber",
    "to",
    "from",
    "record",
    "say",
    "channel",
    "body",
    "mediaUrls",
    "subject",
    "text",
    "html",
    "attachments",
    "filename",
    "content",
    "type",
    "templateId",
    "templateData",
    "areaCode",
    "country",
    "friendlyName",
    "active",
    "forwardTo",
    "ringTimeout",
    "enabled",
    "prompt",
    "play",
    "voice",
    "language",
    "input",
    "timeout",
    "maxAttempts",
    "options",
    "digits",
    "speech",
    "action",
    "menu",
    "onNoInput",
    "greeting",
    "maxLength",
    "limit",
    "cursor",
    "since",
    "until",
    "status",
    "direction",
    "ttl",
    "format",
    "contains",
    "CallSid",
    "CallStatus",
    "ParentCallSid",
    "SequenceNumber",
    "Timestamp",
    "CallDuration",
    "RecordingSid",
    "RecordingStatus",
    "RecordingDuration",
    "RecordingChannels",
    "RecordingSource",
    "DialCallStatus",
    "Digits",
    "SpeechResult",
    "MessageSid",
    "MessageStatus",
    "ErrorCode",
    "NumMedia",
    "MediaUrl0",
    "To",
    "From",
    "Body",
    "ApplicationSid",
    "CallerId",
    "Record",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::sample::select(NAMES).prop_map(str::to_owned),
        1 => "\\PC{0,8}",
    ]
}

/// Scalars that sit at the edges of what fields take.
fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        prop_oneof![-2..1500_i64, Just(i64::MAX), Just(i64::MIN)].prop_map(Value::from),
        "\\PC{0,20}".prop_map(Value::from),
        proptest::sample::select(
            &[
                "+14155550123",
                "(415) 555-0123",
                "https://cdn.example.com/a.mp3",
                "sms",
                "whatsapp",
                "forward",
                "menu",
                "say",
                "1",
                "dtmf",
                "ann@example.com",
                "aGk=",
                "CA0123456789abcdef0123456789abcdef",
                "2026-12-03T10:00:00Z",
                "",
            ][..]
        )
        .prop_map(Value::from),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((name(), inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn json_object() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec((name(), json_value()), 0..8).prop_map(|pairs| {
        serde_json::to_vec(&Value::Object(pairs.into_iter().collect())).unwrap_or_default()
    })
}

/// A form or query of known and unknown names, values raw or percent-encoded.
fn form() -> impl Strategy<Value = Vec<u8>> {
    let value = prop_oneof![
        "\\PC{0,16}",
        "[%+&=0-9a-fA-F]{0,12}",
        scalar().prop_map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)),
    ];
    proptest::collection::vec((name(), value, any::<bool>()), 0..10).prop_map(|pairs| {
        let mut raw = String::new();
        for (key, value, encode) in pairs {
            if !raw.is_empty() {
                raw.push('&');
            }
            if encode {
                raw.push_str(
                    &url::form_urlencoded::Serializer::new(String::new())
                        .append_pair(&key, &value)
                        .finish(),
                );
            } else {
                raw.push_str(&format!("{key}={value}"));
            }
        }
        raw.into_bytes()
    })
}

fn assert_client_error(result: Result<(), ApiError>, what: &str) -> Result<(), TestCaseError> {
    if let Err(e) = result {
        prop_assert!(!is_server_error(&e), "{what}: {e:?}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn json_bodies_of_any_shape_are_never_a_5xx(which in 0..JSON_BODIES.len(), body in json_object()) {
        assert_client_error(json_body(which, &body), JSON_BODIES[which])?;
    }

    #[test]
    fn json_bodies_of_any_bytes_are_never_a_5xx(which in 0..JSON_BODIES.len(), body in proptest::collection::vec(any::<u8>(), 0..64)) {
        assert_client_error(json_body(which, &body), JSON_BODIES[which])?;
    }

    #[test]
    fn queries_are_never_a_5xx(which in 0..QUERIES.len(), raw in form()) {
        assert_client_error(query(which, &raw), QUERIES[which])?;
    }

    #[test]
    fn webhook_forms_are_never_a_5xx(raw in prop_oneof![form(), proptest::collection::vec(any::<u8>(), 0..64)]) {
        for result in webhook_forms(&raw) {
            assert_client_error(result, "a webhook form")?;
        }
    }

    #[test]
    fn a_webhook_signed_as_twilio_signs_is_accepted_and_any_other_is_403(
        path in "/webhooks/twilio/[a-z/]{0,12}(\\?[a-zA-Z0-9=&%+]{0,16})?",
        body in form(),
        is_get in any::<bool>(),
        tamper in any::<bool>(),
    ) {
        let validator = WebhookValidator::new("a-token");
        let url = format!("https://switchboard.example{path}");
        let query = url.split_once('?').map_or("", |(_, q)| q).to_owned();
        let params = if is_get { Vec::new() } else { parse_form(&body) };
        let mut signature = compute_signature("a-token", &url, &params);
        if tamper {
            signature = compute_signature("another-token", &url, &params);
        }
        let webhook = Webhook { url: &url, is_get, is_json: false, query: query.as_bytes(), body: &body };
        match signed_webhook(&validator, &webhook, &signature) {
            Err(ApiError::InvalidSignature) => prop_assert!(tamper, "a genuine signature refused: {url}"),
            Err(e) => {
                prop_assert!(!tamper, "a forged signature got past the check: {e:?}");
                prop_assert!(!is_server_error(&e), "{e:?}");
            }
            Ok(()) => prop_assert!(!tamper, "a forged signature got past the check: {url}"),
        }
    }

    #[test]
    fn a_bearer_token_not_signed_with_the_key_is_always_401(token in prop_oneof![
        "\\PC{0,64}",
        "[A-Za-z0-9_=-]{0,24}\\.[A-Za-z0-9_=-]{0,24}\\.[A-Za-z0-9_=-]{0,24}(\\.[A-Za-z0-9_-]{0,8})?",
        json_object().prop_map(|claims| {
            use base64::Engine as _;
            let b64 = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
            format!("{}.{}.", b64(br#"{"alg":"none"}"#), b64(&claims))
        }),
    ]) {
        let auth = AuthConfig::new(b"the-key-the-key-the-key-the-key!", None, None);
        prop_assert!(matches!(auth.verify(&token), Err(ApiError::Unauthorized(_))), "{token:?}");
    }
}

#[test]
fn the_menu_round_trip_is_exercised_by_a_valid_menu() {
    let body = br##"{"prompt":{"say":"Hi"},"options":[{"digits":"1","action":{"type":"menu","menu":{"prompt":{"play":"https://cdn.example.com/a.mp3"},"options":[{"digits":"#","action":{"type":"repeat"}}]}}}],"onNoInput":{"type":"hangup"}}"##;
    let menu = ivr_menu(body).expect("a valid menu");
    assert_eq!(ivr_menu(&ivr_menu_json(&menu)).ok(), Some(menu));
}
