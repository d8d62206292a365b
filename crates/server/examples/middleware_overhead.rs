//! Serves one application state three times on loopback: with and without the observing
//! middleware (request ids, access log, metrics), and with it through the edge (the head
//! checks `serve` runs every request through), so that `docs/load/middleware.sh` can load
//! them from the same build in one run. The in-memory store holds one pool number,
//! `+15550000042`, leased to a session, so the signed voice webhook plays its greeting.
//!
//! Prints `observed=URL unobserved=URL edge=URL` and serves until killed.

use std::sync::Arc;

use switchboard_domain::voicemail::{CreateSession, ExpiresIn, GreetingUrl};
use switchboard_domain::{Actor, PhoneNumber, Quota, Role, SystemClock, UserId};
use switchboard_http::Metrics;
use switchboard_memory::MemoryStore;
use switchboard_server::compose::{AppSettings, app_state};
use switchboard_server::config::{
    AuthSettings, NumberSettings, Secret, TwilioSettings, VoiceSettings,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token =
        std::env::var("TWILIO_AUTH_TOKEN").unwrap_or_else(|_| "load-test-twilio-token".into());
    let public =
        std::env::var("PUBLIC_BASE_URL").unwrap_or_else(|_| "https://public.example".into());
    let settings = AppSettings {
        auth: AuthSettings {
            secret: Secret::new("load-test-secret-0123456789abcdef0123456789"),
            issuer: None,
            audience: None,
        },
        public_base_url: public,
        twilio_auth_token: Secret::new(token.clone()),
        session_quota: Quota::per_minute(1_000_000)?,
        numbers: NumberSettings::from_env(&|_: &str| None)?,
        check_twilio_readiness: false,
        call_quota: Quota::per_minute(5)?,
        message_quota: Quota::per_minute(30)?,
        whatsapp_from: None,
        email_sender: None,
        email_senders: switchboard_domain::email::EmailSettings::default(),
        twilio_account_sid: "AC00000000000000000000000000000000".parse()?,
        voice: VoiceSettings::default(),
    };
    // Twilio is never called by the webhook; the client points at a closed port.
    let twilio = TwilioSettings::stand_in(
        "AC00000000000000000000000000000000".parse()?,
        Secret::new(token),
        "http://127.0.0.1:9",
        VoiceSettings::default(),
    );
    let provider = switchboard_server::compose::twilio_client(&twilio, None)?;
    let metrics = Arc::new(Metrics::new());
    let state = app_state(
        Arc::new(MemoryStore::new()),
        provider,
        Arc::new(SystemClock),
        &settings,
        metrics,
    )?;
    let admin = Actor {
        user_id: UserId::parse("load")?,
        role: Role::Admin,
    };
    state
        .pool
        .add(&admin, PhoneNumber::parse("+15550000042")?)
        .await?;
    state
        .sessions
        .create(
            &admin,
            CreateSession {
                greeting_url: GreetingUrl::parse("https://example.com/greeting.mp3")?,
                expires_in: ExpiresIn::minutes(1440)?,
                on_behalf_of: None,
            },
        )
        .await?;

    let edge_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let edge_addr = edge_listener.local_addr()?;
    let edge = switchboard_http::edge::server(
        edge_listener,
        state.clone(),
        switchboard_http::EdgeSettings::default(),
    )?
    .run();
    let observed_state = state.clone();
    let observed =
        actix_web::HttpServer::new(move || switchboard_http::app(observed_state.clone()))
            .bind("127.0.0.1:0")?;
    let observed_addr = observed.addrs()[0];
    let unobserved =
        actix_web::HttpServer::new(move || switchboard_http::app_unobserved(state.clone()))
            .bind("127.0.0.1:0")?;
    let unobserved_addr = unobserved.addrs()[0];
    println!(
        "observed=http://{observed_addr} unobserved=http://{unobserved_addr} edge=http://{edge_addr}"
    );
    tokio::try_join!(observed.run(), unobserved.run(), edge)?;
    Ok(())
}
