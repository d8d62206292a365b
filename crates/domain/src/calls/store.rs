//! Storage of the call log and its recordings.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::call::{Call, CallId, CallQuery, CallStats, NewCall, StatsQuery};
use super::progress::StatusReport;
use super::recording::{Recording, RecordingQuery, RecordingReport};
use crate::money::{Amount, Currency};
use crate::sid::{CallSid, RecordingSid};
use crate::{Page, StoreError};

/// What applying a report did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied<T> {
    /// Nothing is stored under that SID: the report was ignored.
    Unknown,
    /// The report was not newer: nothing changed; here is what is stored.
    Unchanged(T),
    /// The report moved it; here is what is stored now.
    Changed(T),
}

/// Why a call could not be logged.
#[derive(Debug, thiserror::Error)]
pub enum LogCallError {
    /// A call with that id or SID is already logged (a retried webhook).
    #[error("the call is already logged")]
    Duplicate,
    /// The store failed; nothing was logged.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The call log.
#[async_trait]
pub trait CallStore: Send + Sync + std::fmt::Debug + 'static {
    /// Logs a call.
    ///
    /// # Errors
    /// - MUST return [`LogCallError::Duplicate`] when a call with the same id or SID is
    ///   logged, and then change nothing.
    /// - MUST return [`LogCallError::Store`] on infrastructure failure.
    async fn log_call(&self, call: &NewCall) -> Result<Call, LogCallError>;

    /// Records the SID Twilio gave a call logged without one, and the status it reported.
    /// Returns the call as stored, or `None` (changing nothing) when the id is unknown, the
    /// call already has another SID, or the SID is another call's.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn attach_sid(
        &self,
        id: CallId,
        sid: &CallSid,
        report: &StatusReport,
    ) -> Result<Option<Call>, StoreError>;

    /// Marks a call Twilio refused (it has no SID and never will) as `failed` at `at`.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn refuse_call(&self, id: CallId, at: OffsetDateTime) -> Result<(), StoreError>;

    /// One call by SID.
    ///
    /// # Errors
    /// MUST return `Ok(None)` for an unknown SID, [`StoreError`] only on infrastructure
    /// failure.
    async fn call(&self, sid: &CallSid) -> Result<Option<Call>, StoreError>;

    /// Applies a status report to the call with `sid` by the rule of
    /// [`CallProgress::apply`](super::CallProgress::apply), in one atomic write, and sets
    /// `updated_at` to `now` when it changes anything.
    ///
    /// # Errors
    /// - MUST return [`Applied::Unknown`] for an unknown SID, writing nothing.
    /// - MUST apply concurrent reports as if one after the other, in some order.
    /// - MUST return [`StoreError`] only on infrastructure failure.
    async fn apply_status(
        &self,
        sid: &CallSid,
        report: &StatusReport,
        now: OffsetDateTime,
    ) -> Result<Applied<Call>, StoreError>;

    /// Records what a call cost (a positive amount). Returns the call as stored, or `None`
    /// for an unknown SID.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn set_price(
        &self,
        sid: &CallSid,
        price: Amount,
        unit: &Currency,
        now: OffsetDateTime,
    ) -> Result<Option<Call>, StoreError>;

    /// Calls passing `query`'s filters, newest first (by creation time, then id), one page
    /// at a time. Calls without a SID are never listed.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn list_calls(&self, query: &CallQuery) -> Result<Page<Call>, StoreError>;

    /// Counts over the calls `query` selects (calls without a SID are not counted).
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn call_stats(&self, query: &StatsQuery) -> Result<CallStats, StoreError>;
}

/// The recordings of logged calls.
#[async_trait]
pub trait RecordingStore: Send + Sync + std::fmt::Debug + 'static {
    /// Stores a recording status report: a new recording belongs to the logged call
    /// `report.call_sid` (its user and number), and marks that call recorded; a known one
    /// takes the report only when it is newer ([`Recording::apply`]).
    ///
    /// # Errors
    /// - MUST return [`Applied::Unknown`] when no call with `report.call_sid` is logged,
    ///   writing nothing.
    /// - MUST be atomic: the recording and its call's flag change together.
    /// - MUST return [`StoreError`] only on infrastructure failure.
    async fn apply_recording(
        &self,
        report: &RecordingReport,
    ) -> Result<Applied<Recording>, StoreError>;

    /// One recording by SID.
    ///
    /// # Errors
    /// MUST return `Ok(None)` for an unknown SID, [`StoreError`] only on infrastructure
    /// failure.
    async fn recording(&self, sid: &RecordingSid) -> Result<Option<Recording>, StoreError>;

    /// Recordings passing `query`'s filters, newest first (by creation time, then SID).
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn list_recordings(&self, query: &RecordingQuery) -> Result<Page<Recording>, StoreError>;
}
