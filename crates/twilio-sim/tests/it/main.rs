//! The Twilio stand-in exercised over real HTTP with a plain client, as an app would use it.

mod account;
mod applications;
mod auth;
mod autopilot;
mod available_numbers;
mod browser_phones;
mod calls;
mod client_calls;
mod common;
mod conformance;
mod control;
mod faults;
mod inbound;
mod inbound_media;
mod incoming_numbers;
mod message_autopilot;
mod messages;
mod recordings;
mod runtimes;
mod twiml_app;
mod twiml_engine;
mod twiml_flow;
mod twiml_parse;
mod twiml_record;
