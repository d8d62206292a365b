//! Email end to end through the SendGrid stand-in: text, HTML, attachments and a dynamic
//! template; the sender rules; SendGrid refusing and failing, recorded as failed.

use base64::Engine as _;
use serde_json::json;
use switchboard_e2e::{TestApp, json_of, problem};
use switchboard_sendgrid_sim::Fault;

#[tokio::test]
async fn an_email_with_text_html_and_an_attachment_reaches_sendgrid_and_is_logged() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let pdf = base64::engine::general_purpose::STANDARD.encode(b"%PDF-1.4 a tiny invoice");
    let body = json!({
        "to": ["ann@example.com", "Bo <bo@example.org>"], "subject": "Your invoice",
        "text": "Attached.", "html": "<p>Attached.</p>",
        "attachments": [{"filename": "invoice.pdf", "content": pdf, "type": "application/pdf"}]
    });
    let sent = json_of(app.post_json("/v1/emails", &alice, &body).await, 202).await;
    assert_eq!(
        (sent["status"].as_str(), sent["from"].as_str()),
        (Some("accepted"), Some("desk@example.com")),
        "{sent}"
    );
    let outbox = app.sendgrid.outbox();
    assert_eq!(outbox.len(), 1);
    let mail = &outbox[0];
    assert_eq!(
        sent["providerMessageId"].as_str(),
        Some(mail.message_id.as_str())
    );
    assert_eq!(
        mail.to.iter().map(|a| a.email.as_str()).collect::<Vec<_>>(),
        ["ann@example.com", "bo@example.org"]
    );
    assert_eq!(
        (mail.text.as_deref(), mail.html.as_deref()),
        (Some("Attached."), Some("<p>Attached.</p>"))
    );
    assert_eq!(mail.attachments.len(), 1);
    let id = sent["id"].as_str().expect("an id");
    assert_eq!(
        json_of(app.get(&format!("/v1/emails/{id}"), &alice).await, 200).await,
        sent
    );
    assert_eq!(
        app.get(&format!("/v1/emails/{id}"), &app.user_token("bob"))
            .await
            .status(),
        404
    );

    let templated = json!({"to": "ann@example.com", "from": "sales@allowed.example", "templateId": "d-0123456789abcdef", "templateData": {"name": "Ann", "items": [1, 2.5]}});
    let t = json_of(app.post_json("/v1/emails", &alice, &templated).await, 202).await;
    assert_eq!(t["subject"], serde_json::Value::Null);
    let mail = app.sendgrid.outbox().pop().expect("the second email");
    assert_eq!(mail.template_id.as_deref(), Some("d-0123456789abcdef"));
    assert_eq!(
        mail.template_data,
        Some(json!({"name": "Ann", "items": [1, 2.5]}))
    );
    let listed = json_of(app.get("/v1/emails?limit=1", &alice).await, 200).await;
    assert_eq!(listed["items"][0]["id"], t["id"]);
    assert!(listed["nextCursor"].is_string());
}

#[tokio::test]
async fn bad_emails_and_senders_are_refused_and_sendgrid_failures_recorded() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    for (body, field) in [
        (
            json!({"to": "not-an-address", "subject": "s", "text": "t"}),
            "to",
        ),
        (
            json!({"to": "a@example.com", "text": "no subject"}),
            "subject",
        ),
        (
            json!({"to": "a@example.com", "subject": "nothing to say"}),
            "text",
        ),
        (
            json!({"to": "a@example.com", "subject": "s", "text": "t", "attachments": [{"filename": "a.txt", "content": "%%%"}]}),
            "attachments[0].content",
        ),
        (
            json!({"to": "a@example.com", "templateId": "not-a-template"}),
            "templateId",
        ),
    ] {
        let p = problem(app.post_json("/v1/emails", &alice, &body).await, 400).await;
        assert!(p.detail().contains(field), "{field}: {}", p.detail());
    }
    let p = problem(app.post_json("/v1/emails", &alice, &json!({"to": "a@example.com", "from": "boss@elsewhere.example", "subject": "s", "text": "t"})).await, 403).await;
    assert_eq!(p.code, "sender_not_allowed");
    assert!(
        app.sendgrid.outbox().is_empty(),
        "nothing refused reached SendGrid"
    );

    app.sendgrid.fail_next(
        1,
        Fault::BadRequest {
            message: "The from address does not match a verified Sender Identity.".into(),
            field: Some("from".into()),
        },
    );
    let p = problem(
        app.post_json(
            "/v1/emails",
            &alice,
            &json!({"to": "a@example.com", "subject": "s", "text": "t"}),
        )
        .await,
        502,
    )
    .await;
    assert_eq!(p.code, "email_rejected");
    assert!(
        p.detail().contains("verified Sender Identity"),
        "{}",
        p.detail()
    );
    app.sendgrid.fail_next(1, Fault::ServerError);
    let p = problem(
        app.post_json(
            "/v1/emails",
            &alice,
            &json!({"to": "a@example.com", "subject": "s", "text": "t"}),
        )
        .await,
        502,
    )
    .await;
    assert_eq!(p.code, "email_unavailable");
    let listed = json_of(app.get("/v1/emails", &alice).await, 200).await;
    let statuses: Vec<_> = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| e["status"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(statuses, ["failed", "failed"], "{listed}");
}

#[tokio::test]
async fn email_without_a_provider_is_not_configured_and_sendgrid_unreachable_is_unavailable() {
    let app = TestApp::spawn_with(switchboard_e2e::TestAppOptions::default().without_email()).await;
    let alice = app.user_token("alice");
    let body = json!({"to": "a@example.com", "subject": "s", "text": "t"});
    let p = problem(app.post_json("/v1/emails", &alice, &body).await, 503).await;
    assert_eq!(p.code, "email_not_configured");

    let up = TestApp::spawn().await;
    up.sendgrid.fail_next(
        3,
        Fault::RateLimited {
            retry_after_secs: Some(60),
        },
    );
    let p = problem(
        up.post_json("/v1/emails", &up.user_token("alice"), &body)
            .await,
        502,
    )
    .await;
    assert_eq!(
        p.code,
        "email_unavailable",
        "a 429 asking for more than the retry budget gives up: {}",
        p.detail()
    );
}
