//! What the stand-in refuses, as SendGrid does: the key, the path and method, the body's
//! size and syntax, and every departure from the schema and SendGrid's rules, each named
//! by its field in a SendGrid-shaped `errors[]`.

use reqwest::Method;
use serde_json::{Value, json};
use switchboard_sendgrid_sim::SendGridSimConfig;

use crate::support::{request, send, start, start_with, valid};

#[tokio::test]
async fn a_missing_or_wrong_key_is_401() {
    let sim = start().await;
    let body = valid().to_string().into_bytes();
    let missing = request(&sim, Method::POST, "/v3/mail/send", None, body.clone()).await;
    assert_eq!(missing.status, 401);
    assert_eq!(missing.first_message(), "authorization required");
    missing.assert_error_shape();
    for wrong in ["Bearer SG.wrong", "Basic abc", "Bearer", sim.api_key()] {
        let answer = request(
            &sim,
            Method::POST,
            "/v3/mail/send",
            Some(wrong),
            body.clone(),
        )
        .await;
        assert_eq!(answer.status, 401, "{wrong}");
        answer.assert_error_shape();
    }
    let lower = format!("bearer {}", sim.api_key());
    assert_eq!(
        request(&sim, Method::POST, "/v3/mail/send", Some(&lower), body)
            .await
            .status,
        202
    );
    assert_eq!(sim.outbox().len(), 1);
}

#[tokio::test]
async fn other_paths_are_404_and_other_methods_405() {
    let sim = start().await;
    let auth = format!("Bearer {}", sim.api_key());
    let other = request(
        &sim,
        Method::POST,
        "/v3/mail/batch",
        Some(&auth),
        Vec::new(),
    )
    .await;
    assert_eq!(other.status, 404);
    other.assert_error_shape();
    let get = request(&sim, Method::GET, "/v3/mail/send", Some(&auth), Vec::new()).await;
    assert_eq!(get.status, 405);
    get.assert_error_shape();
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_and_one_not_json_is_400() {
    let sim = start_with(SendGridSimConfig {
        max_body_bytes: 1024,
        ..SendGridSimConfig::default()
    })
    .await;
    let mut big = valid();
    big["content"][0]["value"] = json!("x".repeat(2048));
    let answer = send(&sim, &big).await;
    assert_eq!(answer.status, 413);
    assert_eq!(answer.first_message(), "content too large");
    answer.assert_error_shape();
    let auth = format!("Bearer {}", sim.api_key());
    let garbled = request(
        &sim,
        Method::POST,
        "/v3/mail/send",
        Some(&auth),
        b"{not json".to_vec(),
    )
    .await;
    assert_eq!(garbled.status, 400);
    garbled.assert_error_shape();
    assert!(sim.outbox().is_empty());
}

/// The fields a 400 names after `change` to a valid body.
async fn refused_fields(change: impl FnOnce(&mut Value)) -> Vec<Option<String>> {
    let sim = start().await;
    let mut body = valid();
    change(&mut body);
    let answer = send(&sim, &body).await;
    assert_eq!(answer.status, 400, "{body} was accepted");
    answer.assert_error_shape();
    assert!(sim.outbox().is_empty());
    let recorded = sim.requests();
    assert_eq!(recorded[0].violations.len(), answer.fields().len());
    answer.fields()
}

/// A change to a valid body.
type Change = Box<dyn FnOnce(&mut Value)>;

fn remove(body: &mut Value, name: &str) {
    body.as_object_mut().expect("an object").remove(name);
}

#[tokio::test]
async fn schema_departures_name_their_field() {
    let cases: Vec<(&str, Change)> = vec![
        ("from", Box::new(|b| remove(b, "from"))),
        (
            "from.email",
            Box::new(|b| b["from"]["email"] = json!("nobody")),
        ),
        (
            "personalizations",
            Box::new(|b| remove(b, "personalizations")),
        ),
        (
            "personalizations.0.to.1.email",
            Box::new(|b| b["personalizations"][0]["to"][1]["email"] = json!("a@b")),
        ),
        (
            "content.1.value",
            Box::new(|b| b["content"][1]["value"] = json!("")),
        ),
        (
            "attachments.0.filename",
            Box::new(|b| {
                drop(
                    b["attachments"][0]
                        .as_object_mut()
                        .map(|a| a.remove("filename")),
                )
            }),
        ),
        ("subject", Box::new(|b| b["subject"] = json!(""))),
        (
            "categories",
            Box::new(|b| b["categories"] = json!(vec!["a"; 11])),
        ),
        (
            "reply_to.email",
            Box::new(|b| b["reply_to"] = json!({"name": "x"})),
        ),
        ("templateId", Box::new(|b| b["templateId"] = json!("d-1"))),
    ];
    for (field, change) in cases {
        let fields = refused_fields(change).await;
        assert!(
            fields.contains(&Some(field.to_owned())),
            "{field}: {fields:?}"
        );
    }
}

#[tokio::test]
async fn sendgrid_rules_beyond_the_schema_name_their_field() {
    let cases: Vec<(&str, Change)> = vec![
        ("content", Box::new(|b| remove(b, "content"))),
        ("subject", Box::new(|b| remove(b, "subject"))),
        (
            "attachments.0.content",
            Box::new(|b| b["attachments"][0]["content"] = json!("not base64!")),
        ),
        (
            "personalizations",
            Box::new(|b| b["personalizations"] = json!([])),
        ),
        (
            "personalizations.0.to",
            Box::new(|b| b["personalizations"][0]["to"] = json!([])),
        ),
        (
            "personalizations.0.bcc.0.email",
            Box::new(|b| b["personalizations"][0]["bcc"] = json!([{"email": "Alex@Example.com"}])),
        ),
        (
            "content.1.type",
            Box::new(|b| {
                b["content"] = json!([
                    {"type": "text/html", "value": "<p>x</p>"},
                    {"type": "text/plain", "value": "x"}
                ])
            }),
        ),
    ];
    for (field, change) in cases {
        let fields = refused_fields(change).await;
        assert!(
            fields.contains(&Some(field.to_owned())),
            "{field}: {fields:?}"
        );
    }
}
