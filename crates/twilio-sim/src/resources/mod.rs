//! The resources the stand-in keeps in its state: calls, messages, the account's numbers,
//! TwiML Apps and recordings, each with its JSON and the callbacks it sends. The operations
//! on them (REST and drivers) live in `calls`, `messages`, `numbers`, `applications` and
//! `recordings`.

mod application;
mod call;
mod incoming_number;
mod message;
mod recording;

pub use application::Application;
pub use call::{Call, CallEvent, CallStatus};
pub use incoming_number::IncomingNumber;
pub use message::{Message, MessageStatus, segments};
pub use recording::Recording;
