//! The call log: calls with their direction, parties, progress, price and recordings; the
//! call-status state machine; browser identities; and the ports that store them.

mod call;
pub mod identity;
mod progress;
mod recording;
mod status;
mod store;

pub use call::{Call, CallId, CallQuery, CallStats, NewCall, StatsQuery, StatusFilter};
pub use identity::{BrowserIdentity, IdentityKind, IdentityStore, InvalidIdentity};
pub use progress::{CallProgress, StatusReport};
pub use recording::{
    Recording, RecordingKind, RecordingLogStatus, RecordingQuery, RecordingReport,
};
pub use status::{CallDirection, CallLogStatus};
pub use store::{Applied, CallStore, LogCallError, RecordingStore};
