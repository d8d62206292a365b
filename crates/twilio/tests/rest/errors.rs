//! Error answers and unreadable answers mapped to the port's errors, without retries.

use std::time::{Duration, Instant};

use serde_json::json;
use switchboard_domain::MessageSid;
use switchboard_domain::numbers::{AvailableNumberQuery, CountryCode};
use switchboard_domain::ports::{CallControl, MessageSender, NumberProvider};
use switchboard_domain::telephony::{CallInstructions, OutboundCall, TelephonyError};
use switchboard_twilio::rest::TwilioRestClient;
use url::Url;
use wiremock::{MockServer, ResponseTemplate};

use crate::support::*;

fn a_call() -> OutboundCall {
    outbound_call(CallInstructions::Twiml("<Response/>".to_owned()))
}

#[tokio::test]
async fn refused_credentials_are_auth_failed_and_not_retried() {
    let server = server_answering(ResponseTemplate::new(401).set_body_json(error_json(
        20003,
        "Authenticate",
        401,
    )))
    .await;
    let err = client(&server).account().await.unwrap_err();
    assert_eq!(err, TelephonyError::AuthFailed);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_401_without_a_twilio_body_is_still_auth_failed() {
    let server = server_answering(ResponseTemplate::new(401).set_body_string("Unauthorized")).await;
    assert_eq!(
        client(&server).call(&call_sid()).await,
        Err(TelephonyError::AuthFailed)
    );
}

#[tokio::test]
async fn an_unknown_resource_is_not_found() {
    let server = server_answering(ResponseTemplate::new(404).set_body_json(error_json(
        20404,
        "The requested resource /2010-04-01/Accounts/AC/Messages/SM.json was not found",
        404,
    )))
    .await;
    assert_eq!(
        client(&server)
            .message(&MessageSid::parse(MESSAGE_SID).unwrap())
            .await,
        Err(TelephonyError::NotFound)
    );
}

#[tokio::test]
async fn other_refusals_keep_status_code_and_message() {
    let server = server_answering(ResponseTemplate::new(400).set_body_json(error_json(
        21610,
        "Attempt to send to unsubscribed recipient",
        400,
    )))
    .await;
    let err = client(&server).place_call(&a_call()).await.unwrap_err();
    assert_eq!(
        err,
        TelephonyError::Rejected {
            status: 400,
            code: Some(21610),
            message: "Attempt to send to unsubscribed recipient".into()
        }
    );
    assert!(err.certainly_not_applied());
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_500_is_unavailable_and_not_retried() {
    let server = server_answering(ResponseTemplate::new(500).set_body_json(error_json(
        20500,
        "Internal Server Error",
        500,
    )))
    .await;
    let err = client(&server).place_call(&a_call()).await.unwrap_err();
    match &err {
        TelephonyError::Unavailable {
            reason,
            retry_after,
        } => {
            assert!(reason.contains("500"), "{reason}");
            assert!(reason.contains("Internal Server Error"), "{reason}");
            assert_eq!(*retry_after, None);
        }
        other => panic!("expected Unavailable, got {other:?}"),
    }
    assert!(!err.certainly_not_applied(), "a 500 may have applied");
    assert_eq!(
        received(&server).await.len(),
        1,
        "a 5xx other than 503 is never retried"
    );
}

#[tokio::test]
async fn a_slow_answer_times_out_promptly_as_unavailable_without_a_retry() {
    let server = server_answering(
        ResponseTemplate::new(200)
            .set_body_json(call_json("queued"))
            .set_delay(Duration::from_secs(10)),
    )
    .await;
    let mut config = config(&server);
    config.timeout = Duration::from_millis(200);
    let client = TwilioRestClient::new(config).unwrap();
    let started = Instant::now();
    let err = client.call(&call_sid()).await.unwrap_err();
    let elapsed = started.elapsed();
    match &err {
        TelephonyError::Unavailable { reason, .. } => {
            assert!(reason.contains("timed out"), "{reason}");
        }
        other => panic!("expected Unavailable, got {other:?}"),
    }
    assert!(elapsed < Duration::from_secs(3), "took {elapsed:?}");
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn an_unreachable_provider_is_unavailable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let server = MockServer::start().await;
    let config =
        config(&server).with_base_url(Url::parse(&format!("http://127.0.0.1:{port}")).unwrap());
    let client = TwilioRestClient::new(config).unwrap();
    let started = Instant::now();
    let err = client.account().await.unwrap_err();
    match &err {
        TelephonyError::Unavailable {
            reason,
            retry_after,
        } => {
            assert!(reason.contains("could not connect"), "{reason}");
            assert!(reason.contains("/Accounts/"), "names the request: {reason}");
            assert_eq!(*retry_after, None);
        }
        other => panic!("expected Unavailable, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn an_answer_that_is_not_json_is_an_invalid_response() {
    let server = server_answering(
        ResponseTemplate::new(200).set_body_raw(b"<html>oops</html>".to_vec(), "text/html"),
    )
    .await;
    let err = client(&server).call(&call_sid()).await.unwrap_err();
    assert!(
        matches!(&err, TelephonyError::InvalidResponse { reason } if reason.contains("Calls/")),
        "{err:?}"
    );
    assert!(!err.certainly_not_applied());
}

#[tokio::test]
async fn truncated_json_and_an_empty_body_are_invalid_responses() {
    for body in [r#"{"sid": "CA0123"#, ""] {
        let server = server_answering(
            ResponseTemplate::new(201).set_body_raw(body.as_bytes().to_vec(), "application/json"),
        )
        .await;
        let err = client(&server).place_call(&a_call()).await.unwrap_err();
        assert!(
            matches!(err, TelephonyError::InvalidResponse { .. }),
            "{body:?}: {err:?}"
        );
    }
}

#[tokio::test]
async fn answers_missing_required_fields_are_invalid_responses_naming_the_field() {
    let mut no_status = call_json("queued");
    no_status.as_object_mut().unwrap().remove("status");
    let mut null_sid = call_json("queued");
    null_sid["sid"] = serde_json::Value::Null;
    for (body, field) in [
        (no_status, "status"),
        (null_sid, "sid"),
        (json!({"uri": "/x"}), "sid"),
    ] {
        let server = server_answering(ResponseTemplate::new(200).set_body_json(body)).await;
        let err = client(&server).call(&call_sid()).await.unwrap_err();
        assert!(
            matches!(&err, TelephonyError::InvalidResponse { reason } if reason.contains(field)),
            "{field}: {err:?}"
        );
    }
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(json!({"uri": "/x"}))).await;
    let err = client(&server)
        .search_available(&AvailableNumberQuery::local(CountryCode::us()))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, TelephonyError::InvalidResponse { reason } if reason.contains("available_phone_numbers")),
        "{err:?}"
    );
}

#[tokio::test]
async fn wrong_values_are_invalid_responses() {
    let mut unknown_status = call_json("queued");
    unknown_status["status"] = json!("teleporting");
    let mut bad_sid = call_json("queued");
    bad_sid["sid"] = json!("PN0123456789abcdef0123456789abcdef");
    let mut bad_date = call_json("queued");
    bad_date["start_time"] = json!("2010-08-31T20:36:29Z");
    let mut bad_duration = call_json("queued");
    bad_duration["duration"] = json!("a while");
    let mut wrong_type = call_json("queued");
    wrong_type["to"] = json!(14_155_550_199_u64);
    for body in [unknown_status, bad_sid, bad_date, bad_duration, wrong_type] {
        let server = server_answering(ResponseTemplate::new(200).set_body_json(body.clone())).await;
        let err = client(&server).call(&call_sid()).await.unwrap_err();
        assert!(
            matches!(err, TelephonyError::InvalidResponse { .. }),
            "{body}: {err:?}"
        );
    }
}
