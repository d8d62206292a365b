//! Calls: outbound calls over REST, inbound and browser calls driven by tests, the status machine, the
//! status and recording callbacks each transition sends. The call itself is
//! `resources::Call`; the autopilot that drives REST calls on its own is `crate::autopilot`.

mod client;
mod inbound;
mod lookup;
mod progress;
mod rest;

pub use client::{ClientCallRequest, start_client_call};
pub use inbound::start_inbound;
pub use progress::{advance, advance_at, complete, recording_callback};
pub use rest::{create, fetch, update};
