//! Messages: SMS, MMS and WhatsApp sent over REST, inbound messages driven by tests, the
//! delivery status machine with its status callbacks, and the autopilot that moves created
//! messages along by themselves. The message itself is `resources::Message`.

mod autopilot;
mod inbound;
mod rest;

pub use autopilot::start_autopilot;
pub use inbound::{InboundMessage, start_inbound};
pub use rest::{advance, create, fetch};
