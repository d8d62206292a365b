//! Temporary pool numbers leased to voicemail-greeting sessions.

mod greeting_url;
mod pool;
mod service;
mod session;

pub use greeting_url::{GreetingUrl, InvalidGreetingUrl};
pub use pool::{PoolListing, PoolNumber, PoolQuery, PoolStatus};
pub use service::{
    CreateSession, CreateSessionError, PoolAdmin, PoolAdminError, SessionError, VoicemailSessions,
};
pub use session::{
    ExpiresIn, InvalidExpiry, InvalidSessionId, NewSession, SessionId, SessionQuery, SessionStatus,
    VoicemailSession,
};
