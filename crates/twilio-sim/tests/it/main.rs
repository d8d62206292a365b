//! The Twilio stand-in exercised over real HTTP with a plain client, as an app would use it.

mod account;
mod applications;
mod auth;
mod autopilot;
mod available_numbers;
mod calls;
mod client_calls;
mod common;
mod conformance;
mod control;
mod faults;
mod inbound;
mod incoming_numbers;
mod messages;
mod recordings;
mod runtimes;
