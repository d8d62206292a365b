//! Twilio's callbacks about calls: status callbacks (a dialled leg's applied to its parent
//! call), recording status callbacks, and the price fetched once a call ends.

use super::call::{Call, CallId};
use super::error::CallsError;
use super::progress::StatusReport;
use super::recording::{Recording, RecordingReport};
use super::service::Calls;
use super::store::Applied;
use crate::StoreError;
use crate::sid::CallSid;

/// A status callback as the webhook read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusCallback {
    /// `CallSid`: the call reported on.
    pub sid: CallSid,
    /// `ParentCallSid`: set on a leg a call dialled.
    pub parent: Option<CallSid>,
    /// What it says.
    pub report: StatusReport,
    /// The call the callback URL names (`?record=`): the app's own id of an API call, so a
    /// callback for a call whose answer was lost can still find its row.
    pub record: Option<CallId>,
}

impl Calls {
    /// Applies a status callback to its call, or, for a leg the log does not know, to the
    /// leg's parent (a browser call's dialled number). Duplicates and late callbacks change
    /// nothing; a callback for a call the log does not know is [`Applied::Unknown`].
    ///
    /// # Errors
    /// [`StoreError`] when the store fails (Twilio retries then).
    pub async fn status_callback(
        &self,
        callback: &StatusCallback,
    ) -> Result<Applied<Call>, StoreError> {
        let now = self.now();
        let calls = &self.ports.calls;
        match calls
            .apply_status(&callback.sid, &callback.report, now)
            .await?
        {
            Applied::Unknown => match (&callback.parent, callback.record) {
                (Some(parent), _) => calls.apply_status(parent, &callback.report, now).await,
                // A call of ours without a SID (Twilio's answer was lost) gets this one; the
                // report then moves it forward only. Another SID or no row: still unknown. A
                // store failure is an error, so that Twilio retries the callback.
                (None, Some(id)) => Ok(calls
                    .attach_sid(id, &callback.sid, &callback.report)
                    .await?
                    .map_or(Applied::Unknown, Applied::Changed)),
                (None, None) => Ok(Applied::Unknown),
            },
            known => Ok(known),
        }
    }

    /// Fetches an ended call from Twilio and records its price once Twilio reports one.
    /// Returns the call as stored, or `None` when it is unknown or Twilio has no price yet.
    ///
    /// # Errors
    /// Provider and store failures.
    pub async fn fill_price(&self, sid: &CallSid) -> Result<Option<Call>, CallsError> {
        let info = self.ports.control.call(sid).await?;
        match (info.price, info.price_unit) {
            (Some(price), Some(unit)) => Ok(self
                .ports
                .calls
                .set_price(sid, price.abs(), &unit, self.now())
                .await?),
            _ => Ok(None),
        }
    }

    /// Stores a recording status callback: idempotently by SID, a later status replacing an
    /// earlier one, never the reverse; unknown calls are [`Applied::Unknown`].
    ///
    /// # Errors
    /// [`StoreError`] when the store fails (Twilio retries then).
    pub async fn recording_callback(
        &self,
        report: &RecordingReport,
    ) -> Result<Applied<Recording>, StoreError> {
        self.ports.recordings.apply_recording(report).await
    }
}
