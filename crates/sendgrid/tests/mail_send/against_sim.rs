//! The client talking to the SendGrid stand-in: every shape of email is accepted and lands
//! in the outbox as sent; the stand-in's faults and refusals reach the caller as the port's
//! errors.

use std::time::Duration;

use switchboard_domain::email::{EmailError, EmailSender};
use switchboard_sendgrid::{ApiKey, SendGridClient, SendGridConfig};
use switchboard_sendgrid_sim::{Fault, RunningSendGridSim, SendGridSim, SendGridSimConfig};

use crate::shapes::every_shape;
use crate::support::{RecordedWaits, client_with, config_for, text_email};

async fn sim() -> RunningSendGridSim {
    SendGridSim::start(SendGridSimConfig::default())
        .await
        .expect("the stand-in starts")
}

fn client_of(sim: &RunningSendGridSim) -> (SendGridClient, std::sync::Arc<RecordedWaits>) {
    let mut config = config_for(sim.base_url());
    config.api_key = ApiKey::new(sim.api_key());
    client_with(config)
}

#[tokio::test]
async fn every_shape_is_accepted_and_kept_as_sent() {
    let sim = sim().await;
    let (client, _) = client_of(&sim);
    let shapes = every_shape();
    let mut ids = Vec::new();
    for (name, email) in &shapes {
        let sent = client
            .send(email)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        ids.push(sent.provider_message_id.expect("an X-Message-Id"));
    }
    let outbox = sim.outbox();
    assert_eq!(outbox.len(), shapes.len());
    for (((name, email), kept), id) in shapes.iter().zip(&outbox).zip(&ids) {
        assert_eq!(&kept.message_id, id, "{name}");
        let to: Vec<&str> = kept.to.iter().map(|a| a.email.as_str()).collect();
        let expected: Vec<&str> = email.to().iter().map(|a| a.as_str()).collect();
        assert_eq!(to, expected, "{name}");
        assert_eq!(kept.from.email, email.from().as_str());
        assert_eq!(kept.from.name.as_deref(), email.from().name());
        assert_eq!(kept.subject.as_deref(), email.subject(), "{name}");
        assert_eq!(kept.text.as_deref(), email.text(), "{name}");
        assert_eq!(kept.html.as_deref(), email.html(), "{name}");
        assert_eq!(
            kept.template_id.as_deref(),
            email.template().map(|t| t.id.as_str())
        );
        let bytes: Vec<Vec<u8>> = kept.attachments.iter().map(|a| a.bytes()).collect();
        let expected: Vec<Vec<u8>> = email
            .attachments()
            .iter()
            .map(|a| a.content.clone())
            .collect();
        assert_eq!(bytes, expected, "{name}");
    }
    let templated = outbox
        .iter()
        .find(|e| e.template_data.is_some())
        .expect("a template send with data");
    assert_eq!(
        templated
            .template_data
            .as_ref()
            .map(|d| d["first_name"].clone()),
        Some("Alex".into())
    );
}

#[tokio::test]
async fn a_throttled_send_is_retried_as_the_stand_in_asks() {
    let sim = sim().await;
    sim.fail_next(
        1,
        Fault::RateLimited {
            retry_after_secs: Some(1),
        },
    );
    let (client, waits) = client_of(&sim);
    let sent = client.send(&text_email()).await.unwrap();
    assert_eq!(waits.waits(), [Duration::from_secs(1)]);
    let statuses: Vec<u16> = sim.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 202]);
    assert_eq!(
        sim.outbox()[0].message_id,
        sent.provider_message_id.unwrap()
    );
}

#[tokio::test]
async fn the_stand_ins_refusals_and_failures_become_the_ports_errors() {
    let sim = sim().await;
    let (client, _) = client_of(&sim);
    sim.fail_next(
        3,
        Fault::RateLimited {
            retry_after_secs: Some(0),
        },
    );
    assert!(
        matches!(client.send(&text_email()).await, Err(EmailError::NotSent(r)) if r.contains("429"))
    );
    sim.fail_next(1, Fault::ServerError);
    assert!(
        matches!(client.send(&text_email()).await, Err(EmailError::Unavailable(r)) if r.contains("500"))
    );
    sim.fail_next(
        1,
        Fault::BadRequest {
            message: "The from address does not match a verified Sender Identity.".into(),
            field: Some("from".into()),
        },
    );
    assert_eq!(
        client.send(&text_email()).await.unwrap_err(),
        EmailError::Rejected {
            status: 400,
            message: "The from address does not match a verified Sender Identity.".into()
        }
    );
    let stranger = SendGridClient::new(
        SendGridConfig::new(ApiKey::new("SG.not-the-stand-ins-key"))
            .with_base_url(sim.base_url().parse().unwrap()),
    )
    .unwrap();
    assert!(matches!(
        stranger.send(&text_email()).await,
        Err(EmailError::Rejected { status: 401, .. })
    ));
    assert!(sim.outbox().is_empty());
}
