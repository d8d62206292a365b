//! Calls: outbound calls over REST, inbound calls driven by tests, the status machine, and
//! the status and recording callbacks each transition sends. The call itself is
//! `resources::Call`.

mod inbound;
mod lookup;
mod progress;
mod rest;

pub use inbound::start_inbound;
pub use progress::{advance, complete};
pub use rest::{create, fetch, update};
