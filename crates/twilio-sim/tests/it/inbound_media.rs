//! Inbound MMS and WhatsApp messages, in-process and over the control API: `NumMedia`,
//! `MediaUrl{N}` and `MediaContentType{N}`, `whatsapp:` senders, and what is refused.

use switchboard_twilio_sim::{ControlError, NumberSeed, RunningSim, SimControl, SimError};

use crate::common::{Receiver, TOKEN, sim};

const NUMBER: &str = "+14155550100";
const SENDER: &str = "+12125550199";
const REPLY: &str = "<Response><Message>Got it</Message></Response>";

fn control(sim: &RunningSim) -> SimControl {
    SimControl::new(sim.base_url(), sim.account_sid(), sim.auth_token()).expect("a client")
}

async fn sim_answering(app: &Receiver) -> RunningSim {
    let sim = sim().await;
    sim.add_incoming_number(NumberSeed::new(NUMBER).sms_url(app.url("/sms")))
        .expect("a seed");
    sim
}

#[tokio::test]
async fn an_mms_over_http_carries_its_media_in_the_signed_webhook() {
    let app = Receiver::start(REPLY);
    let sim = sim_answering(&app).await;
    let media = [
        "https://cdn.example/cat.jpg",
        "https://cdn.example/menu.pdf",
    ];
    let reply = control(&sim)
        .inbound_message_with_media(NUMBER, Some(SENDER), "Look", &media)
        .await
        .expect("the app answers");
    assert_eq!((reply.status, reply.body.as_str()), (200, REPLY));
    let sid = reply.sid.expect("a SID");
    assert!(sid.starts_with("MM"), "{sid}");
    let received = app.received();
    assert_eq!(received.len(), 1);
    let webhook = &received[0];
    assert!(webhook.is_signed(TOKEN, &app.base_url));
    assert_eq!(webhook.param("MessageSid"), Some(sid.as_str()));
    assert_eq!(webhook.param("Body"), Some("Look"));
    assert_eq!(webhook.param("NumMedia"), Some("2"));
    assert_eq!(webhook.param("MediaUrl0"), Some(media[0]));
    assert_eq!(webhook.param("MediaContentType0"), Some("image/jpeg"));
    assert_eq!(webhook.param("MediaUrl1"), Some(media[1]));
    assert_eq!(webhook.param("MediaContentType1"), Some("application/pdf"));
    assert_eq!(webhook.param("MediaUrl2"), None);
    assert_eq!(
        sim.message(&sid).map(|m| m.media_urls),
        Some(media.map(str::to_owned).to_vec())
    );
}

#[tokio::test]
async fn a_whatsapp_message_comes_from_a_whatsapp_sender() {
    let app = Receiver::start(REPLY);
    let sim = sim_answering(&app).await;
    let to = format!("whatsapp:{NUMBER}");
    let from = format!("whatsapp:{SENDER}");
    let reply = sim
        .inbound_message_with_media(&to, &from, "", &["https://cdn.example/voice.ogg"])
        .await
        .expect("the app answers");
    assert_eq!(reply.body, REPLY);
    // Without a From, the default sender is on the recipient's channel.
    control(&sim)
        .inbound_message(&to, None, "hi")
        .await
        .expect("the app answers");
    let received = app.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].param("From"), Some(from.as_str()));
    assert_eq!(received[0].param("To"), Some(to.as_str()));
    assert_eq!(received[0].param("WaId"), Some("12125550199"));
    assert_eq!(received[0].param("MediaContentType0"), Some("audio/ogg"));
    assert_eq!(
        received[0].param("FromCity"),
        None,
        "no geography on WhatsApp"
    );
    assert_eq!(received[1].param("From"), Some("whatsapp:+15005550006"));
    assert!(received.iter().all(|r| r.is_signed(TOKEN, &app.base_url)));
}

#[tokio::test]
async fn mixed_channels_bad_media_and_too_much_media_are_refused() {
    let app = Receiver::start(REPLY);
    let sim = sim_answering(&app).await;
    let whatsapp_sender = format!("whatsapp:{SENDER}");
    let mixed = sim.inbound_message(NUMBER, &whatsapp_sender, "hi").await;
    assert!(
        matches!(&mixed, Err(SimError::InvalidArgument(m)) if m.contains("different channels")),
        "{mixed:?}"
    );
    let control = control(&sim);
    let bad_media = control
        .inbound_message_with_media(NUMBER, Some(SENDER), "", &["file:///etc/passwd"])
        .await;
    assert!(
        matches!(&bad_media, Err(ControlError::InvalidRequest { message }) if message.contains("file:///etc/passwd")),
        "{bad_media:?}"
    );
    let two = ["https://cdn.example/a.png", "https://cdn.example/b.png"];
    let whatsapp_to = format!("whatsapp:{NUMBER}");
    let too_many = control
        .inbound_message_with_media(&whatsapp_to, Some(&whatsapp_sender), "", &two)
        .await;
    assert!(
        matches!(&too_many, Err(ControlError::InvalidRequest { message }) if message.contains("at most 1")),
        "{too_many:?}"
    );
    assert!(app.received().is_empty(), "nothing reached the app");
    assert!(sim.messages().is_empty(), "nothing was recorded");
}
