//! Support for the end-to-end tests: the real application on a random local port over a fresh
//! PostgreSQL database, a clock the tests move by hand, bearer tokens minted independently of
//! the app, Twilio-signed webhooks, and assertions for problem+json errors and TwiML answers.
//!
//! Every [`TestApp`] owns its database unless it is told to share another app's
//! ([`TestAppOptions::sharing`]), which is how two replicas behind one database are tested.

mod answer_cut;
mod app;
mod clock;
mod cluster;
mod gate;
pub mod outage;
mod responses;
mod tokens;
mod twiml;
mod webhooks;

pub use answer_cut::AnswerCutter;
pub use app::{
    ProviderRoute, RunningServer, TEST_API_KEY_SECRET, TEST_API_KEY_SID, TEST_TWIML_APP_SID,
    TestApp, TestAppOptions, TestStore, http_client, rest_client, rest_client_via, settings,
    start_sim, twilio_client,
};
pub use clock::ManualClock;
pub use cluster::PgCluster;
pub use gate::{Gate, GateCounts, GateMode};
pub use responses::{Problem, assert_problem, json_of, problem, timestamp};
pub use switchboard_postgres::test_support::TestDatabase;
pub use tokens::{JWT_SECRET, sign, sign_hs256, unsigned_token, valid_claims};
pub use twiml::{Verb, parse_twiml};
pub use webhooks::{
    PUBLIC_BASE_URL, TWILIO_AUTH_TOKEN, VOICE_WEBHOOK_PATH, inbound_call_params, twilio_signature,
};

/// The sessions collection.
pub const SESSIONS_PATH: &str = "/v1/voicemail-sessions";
/// The pool collection.
pub const POOL_PATH: &str = "/v1/pool/numbers";
/// The user id of the admin that administers the pool in helpers.
pub const POOL_ADMIN: &str = "pool-admin";
/// A greeting URL for tests that do not care which.
pub const GREETING_URL: &str = "https://cdn.example.com/greetings/hello.mp3";
