//! Messages: SMS, MMS and WhatsApp sent over REST, inbound messages driven by tests, and the
//! delivery status machine with its status callbacks. The message itself is
//! `resources::Message`.

mod inbound;
mod rest;

pub use inbound::start_inbound;
pub use rest::{advance, create, fetch};
