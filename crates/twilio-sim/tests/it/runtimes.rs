//! The stand-in runs on whatever runtime starts it: a current-thread or multi-thread Tokio
//! runtime, or actix-web's own (as in the `switchboard` binary).

use switchboard_twilio_sim::{NumberSeed, SimConfig, TwilioSim};

use crate::common::{Api, Receiver, TOKEN};

async fn round_trip() {
    let sim = TwilioSim::start(
        SimConfig::default().with_credentials("AC0123456789abcdef0123456789abcdef", TOKEN),
    )
    .await
    .expect("starts");
    assert_eq!(sim.account_sid(), "AC0123456789abcdef0123456789abcdef");
    let api = Api::new(&sim);
    let bought = api.buy("+14155550100", &[]).await;
    assert_eq!(bought["phone_number"], "+14155550100");
    let app = Receiver::start("<Response/>");
    sim.add_incoming_number(NumberSeed::new("+14155550101").voice_url(app.url("/voice")))
        .expect("a seed");
    let reply = sim
        .inbound_call("+14155550101", "+12125550100")
        .await
        .expect("the app answers");
    assert_eq!(reply.body, "<Response/>");
    assert!(app.received()[0].is_signed(TOKEN, &app.base_url));
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn it_runs_on_a_multi_thread_tokio_runtime() {
    round_trip().await;
}

#[actix_web::test]
async fn it_runs_on_the_actix_runtime() {
    round_trip().await;
}

#[tokio::test]
async fn bad_configurations_are_refused() {
    let bad_sid = TwilioSim::start(SimConfig::default().with_credentials("AC123", "t")).await;
    assert!(matches!(
        bad_sid,
        Err(switchboard_twilio_sim::SimError::Config(_))
    ));
    let no_token = TwilioSim::start(
        SimConfig::default().with_credentials("AC0123456789abcdef0123456789abcdef", ""),
    )
    .await;
    assert!(no_token.is_err());
    let half_routing = SimConfig {
        app_public_base: Some("https://sb.example.com".parse().expect("a URL")),
        ..SimConfig::default()
    };
    assert!(TwilioSim::start(half_routing).await.is_err());
    // A taken port is a start error, not a panic.
    let first = TwilioSim::start(SimConfig::default())
        .await
        .expect("starts");
    let port: u16 = first
        .base_url()
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("a port");
    let same_port = SimConfig {
        port,
        ..SimConfig::default()
    };
    assert!(matches!(
        TwilioSim::start(same_port).await,
        Err(switchboard_twilio_sim::SimError::Start(_))
    ));
}
