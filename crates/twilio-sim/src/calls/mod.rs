//! Calls: outbound calls over REST, inbound and browser calls driven by tests, the status machine, the
//! status and recording callbacks each transition sends, and the autopilot. The call itself is
//! `resources::Call`.

mod autopilot;
mod client;
mod inbound;
mod lookup;
mod progress;
mod rest;

pub use autopilot::start_autopilot;
pub use client::{ClientCallRequest, start_client_call};
pub use inbound::start_inbound;
pub use progress::{advance, complete};
pub use rest::{create, fetch, update};
