//! Messages: SMS, MMS and WhatsApp sent and received, their status order, auto-replies, and
//! the port that keeps them.

mod error;
mod message;
pub mod progress;
mod send;
mod service;
mod store;

pub use error::MessagesError;
pub use message::{
    AutoReply, Channel, Message, MessageDirection, MessageId, MessageQuery, NewMessage,
};
pub use service::{InboundMessage, MessagePorts, MessageSettings, Messages, SendMessage};
pub use store::{LogMessageError, MessageReport, MessageStore};
