//! Accepted sends: 202 with an `X-Message-Id`, kept in the outbox in order.

use serde_json::json;
use switchboard_sendgrid_sim::{SendGridSim, SendGridSimConfig, SimError};

use crate::support::{send, start, valid};

#[tokio::test]
async fn a_valid_send_is_accepted_with_a_message_id_and_kept() {
    let sim = start().await;
    let answer = send(&sim, &valid()).await;
    assert_eq!(answer.status, 202, "{:?}", answer.body);
    let id = answer.message_id.expect("an X-Message-Id");
    assert_eq!(id.len(), 22);
    let outbox = sim.outbox();
    assert_eq!(outbox.len(), 1);
    let email = &outbox[0];
    assert_eq!(email.message_id, id);
    assert_eq!(email.from.email, "noreply@switchboard.example");
    assert_eq!(email.from.name.as_deref(), Some("Switchboard"));
    let to: Vec<&str> = email.to.iter().map(|a| a.email.as_str()).collect();
    assert_eq!(to, ["alex@example.com", "bola@example.com"]);
    assert_eq!(email.subject.as_deref(), Some("Your voicemail"));
    assert_eq!(email.text.as_deref(), Some("You have a new voicemail."));
    assert_eq!(
        email.html.as_deref(),
        Some("<p>You have a new voicemail.</p>")
    );
    assert_eq!(email.attachments[0].filename, "hello.txt");
    assert_eq!(email.attachments[0].size, 5);
    assert_eq!(email.attachments[0].bytes(), b"hello");
    assert_eq!(email.body, valid());
    assert!(email.accepted_at.ends_with('Z'), "{}", email.accepted_at);
    let requests = sim.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].status, 202);
    sim.stop().await;
}

#[tokio::test]
async fn sends_are_kept_in_order_with_distinct_ids() {
    let sim = start().await;
    let mut ids = Vec::new();
    for i in 0..3 {
        let mut body = valid();
        body["subject"] = json!(format!("message {i}"));
        ids.push(send(&sim, &body).await.message_id.expect("an id"));
    }
    let outbox = sim.outbox();
    let subjects: Vec<_> = outbox
        .iter()
        .map(|e| e.subject.clone().unwrap_or_default())
        .collect();
    assert_eq!(subjects, ["message 0", "message 1", "message 2"]);
    let kept: Vec<_> = outbox.iter().map(|e| e.message_id.clone()).collect();
    assert_eq!(kept, ids);
    assert_ne!(ids[0], ids[1]);
    sim.clear_outbox();
    assert!(sim.outbox().is_empty());
}

#[tokio::test]
async fn a_template_send_keeps_its_id_and_data() {
    let sim = start().await;
    let body = json!({
        "personalizations": [{"to": [{"email": "alex@example.com"}], "dynamic_template_data": {"name": "Alex", "n": 3}}],
        "from": {"email": "noreply@switchboard.example"},
        "template_id": "d-0123456789abcdef0123456789abcdef"
    });
    assert_eq!(send(&sim, &body).await.status, 202);
    let email = &sim.outbox()[0];
    assert_eq!(
        email.template_id.as_deref(),
        Some("d-0123456789abcdef0123456789abcdef")
    );
    assert_eq!(email.template_data, Some(json!({"name": "Alex", "n": 3})));
    assert_eq!(email.subject, None);
}

#[tokio::test]
async fn sandbox_mode_is_answered_200_and_not_kept() {
    let sim = start().await;
    let mut body = valid();
    body["mail_settings"] = json!({"sandbox_mode": {"enable": true}});
    let answer = send(&sim, &body).await;
    assert_eq!(answer.status, 200);
    assert!(sim.outbox().is_empty());
    assert_eq!(sim.requests()[0].status, 200);
}

#[tokio::test]
async fn unusable_keys_do_not_start_and_two_stand_ins_get_their_own_ports() {
    for key in ["", "SG with spaces", "SG.\u{e9}"] {
        let config = SendGridSimConfig {
            api_key: key.to_owned(),
            ..SendGridSimConfig::default()
        };
        assert!(matches!(
            SendGridSim::start(config).await,
            Err(SimError::Config(_))
        ));
    }
    let a = start().await;
    let b = start().await;
    assert_ne!(a.base_url(), b.base_url());
    assert!(!format!("{a:?} {:?}", SendGridSimConfig::default()).contains(a.api_key()));
}
