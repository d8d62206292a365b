//! The call log: calls with their direction, parties, progress, price and recordings; the
//! call-status state machine; browser identities; and the ports that store them.

mod browser;
mod call;
mod callbacks;
mod error;
pub mod identity;
mod progress;
mod recording;
mod recordings;
mod service;
mod settle;
mod status;
mod store;

pub use browser::{BrowserCallPlan, BrowserCallRequest};
pub use call::{Call, CallId, CallQuery, CallStats, NewCall, StatsQuery, StatusFilter};
pub use callbacks::StatusCallback;
pub use error::CallsError;
pub use identity::{BrowserIdentity, IdentityKind, IdentityStore, InvalidIdentity};
pub use progress::{CallProgress, StatusReport};
pub use recording::{
    Recording, RecordingKind, RecordingLogStatus, RecordingQuery, RecordingReport,
};
pub use service::{CallPorts, CallWebhooks, Calls, ListCalls, PlaceCall};
pub use status::{CallDirection, CallLogStatus};
pub use store::{Applied, CallStore, LogCallError, RecordingStore};
