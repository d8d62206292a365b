//! TwiML for voice calls: the `<Response>` document and its verbs.

pub mod control;
pub mod dial;
pub mod gather;
pub mod prompt;
pub mod record;
pub mod response;
