//! Settling an earlier attempt of a call before a retry places it again: Twilio may have
//! created the call although its answer was lost.

use super::call::{Call, NewCall};
use super::error::CallsError;
use super::service::Calls;
use crate::StoreError;
use crate::idempotency::RETENTION;
use crate::telephony::{CallSearch, CallWindow};

impl Calls {
    /// Finds at Twilio the call an earlier attempt of `new` placed (same callee and caller
    /// id, placed through the API, a SID not logged for another call), among the calls
    /// started since the oldest retry's attempt and those not dialled yet (which have no
    /// start time): `Some`, with its SID attached now, when found; `None` when Twilio has no
    /// such call (place it).
    pub(super) async fn settle_attempt(&self, new: &NewCall) -> Result<Option<Call>, CallsError> {
        let now = self.now();
        let oldest = now - RETENTION;
        let mut found = Vec::new();
        for window in [CallWindow::StartedSince(oldest), CallWindow::Queued] {
            let search = CallSearch {
                to: new.to.as_str().to_owned(),
                from: new.from.clone(),
                window,
            };
            found.extend(self.ports.control.find_calls(&search).await?);
        }
        for info in found {
            if info.direction != "outbound-api" || info.start_time.is_some_and(|at| at < oldest) {
                continue;
            }
            match self.ports.calls.call(&info.sid).await? {
                None => {
                    let report = self.report_of(&info);
                    let call = self
                        .ports
                        .calls
                        .attach_sid(new.id, &info.sid, &report)
                        .await?
                        .ok_or_else(|| {
                            CallsError::Store(StoreError::msg("a logged call vanished"))
                        })?;
                    return Ok(Some(call));
                }
                Some(logged) if logged.id == new.id => return Ok(Some(logged)),
                Some(_) => {}
            }
        }
        Ok(None)
    }
}
