//! Switchboard's composition root: typed configuration read once from the environment, the
//! wiring of adapters into the HTTP application, tracing, and the command-line interface.
//! The only crate that knows every adapter; `main.rs` is a thin shell over [`cli::run`].

pub mod cli;
pub mod compose;
pub mod config;
mod email;
mod error;
pub mod local_phone;
mod logs;
mod outbox;
mod output;
mod quickstart;
pub mod serve;
pub mod simulate;
mod stand_in;
pub mod telemetry;
pub mod twilio_setup;
