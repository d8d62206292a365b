//! A local, stateful stand-in for Twilio's REST API v2010, for tests and for
//! `switchboard twilio-sim`.
//!
//! [`TwilioSim::start`] serves the paths, JSON shapes, status codes and error bodies of the
//! operations Switchboard uses on `127.0.0.1`, behind HTTP Basic auth. Tests drive the other
//! direction through [`RunningSim`]: call and message status changes with their signed
//! callbacks, inbound calls and messages to the app's webhooks, and injected faults. Every
//! request and response is checked against the embedded OpenAPI subset ([`spec`]) and the
//! departures are kept for [`RunningSim::spec_violations`]. With [`SimConfig::autopilot`]
//! and [`SimConfig::message_autopilot`] set, calls and messages created over REST also move
//! along by themselves, as on Twilio (a message is sent, then delivered, or undelivered for
//! [`UNDELIVERABLE_NUMBER`], and read on WhatsApp).
//!
//! Calls run the app's TwiML as Twilio would: [`twiml::parse`] reads a document into a typed
//! tree (refusing what Twilio refuses), and the engine carries inbound and browser calls
//! through the documents the app returns, in virtual time, with the caller following a
//! [`CallScript`] ([`RunningSim::run_inbound_call`], [`RunningSim::run_client_call`]); what
//! happened is a [`Transcript`].
//!
//! The same drivers are served over HTTP under `/_sim/` (the control API), so that another
//! process can drive a stand-in it did not start; [`SimControl`] is the client.

mod accounts;
mod applications;
mod audio;
mod autopilot;
mod browser;
mod byte_range;
mod calls;
mod config;
mod control;
mod dates;
mod drivers;
mod engine;
mod error;
mod faults;
mod form;
mod geo;
mod http;
mod inventory;
mod lists;
mod messages;
mod numbers;
mod paging;
mod pairs;
mod phone;
mod recordings;
mod resources;
mod routes;
mod script;
mod server;
mod sid;
mod sim;
pub mod spec;
mod state;
mod transcript;
mod transitions;
pub mod twiml;
mod urls;
mod webhooks;

pub use applications::ApplicationSeed;
pub use browser::{
    BrowserPhones, LISTENING, PhoneCallState, PhoneDirection, PhoneError, PhoneEvent,
    PhoneEventKind,
};
pub use config::{
    AccountType, Autopilot, CapabilityKeyCase, DEFAULT_SEED, MessageAutopilot, SimConfig,
    UNDELIVERABLE_ERROR_CODE, UNDELIVERABLE_NUMBER,
};
pub use control::{ControlError, DEFAULT_INBOUND_FROM, SimControl};
pub use engine::MAX_DOCUMENTS;
pub use error::{SimError, TwilioError};
pub use inventory::{AvailableNumber, Capabilities, Inventory, NumberType};
pub use numbers::NumberSeed;
pub use resources::{
    Application, Call, CallEvent, CallStatus, IncomingNumber, Message, MessageStatus, Recording,
};
pub use script::{
    ANSWER_AFTER_SECS, BUSY_AFTER_SECS, CallScript, ClientResponder, ClientRing, DialOutcome,
    HeldCall, HoldFuture, ResponderFuture,
};
pub use sim::{ClientCallRun, RunningSim, TwilioSim};
pub use state::RecordedRequest;
pub use transcript::{Step, Transcript};
pub use webhooks::{WebhookDelivery, WebhookReply};
