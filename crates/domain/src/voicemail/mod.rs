//! Temporary pool numbers leased to voicemail-greeting sessions, and the ports they need:
//! the [`PoolStore`] and the [`SessionStore`].

mod greeting_url;
mod pool;
mod pool_store;
mod service;
mod session;
mod session_store;

pub use greeting_url::{GreetingUrl, InvalidGreetingUrl};
pub use pool::{PoolListing, PoolNumber, PoolQuery, PoolStatus, PoolTotals};
pub use pool_store::{AddPoolNumberError, PoolStore, RetirePoolNumberError};
pub use service::{
    CreateSession, CreateSessionError, PoolAdmin, PoolAdminError, SessionError, VoicemailSessions,
};
pub use session::{
    ExpiresIn, InvalidExpiry, InvalidSessionId, NewSession, SessionId, SessionQuery, SessionStatus,
    VoicemailSession,
};
pub use session_store::{LeaseError, SessionStore};
