//! Answering and ending the call the engine carries out, in virtual time, with the call's
//! status callbacks; and the transcript it leaves.

use crate::calls;
use crate::resources::CallStatus;
use crate::transcript::{Step, Transcript};
use crate::twiml::RejectReason;

use super::{Ending, Run};

/// Seconds the caller hears "An application error has occurred" before Twilio hangs up.
const APPLICATION_ERROR_SECS: u32 = 3;

impl Run<'_> {
    /// The call's status now, `None` once it is gone.
    pub(super) fn status(&self) -> Option<CallStatus> {
        self.shared
            .lock()
            .calls
            .iter()
            .find(|c| c.sid == self.call_sid)
            .map(|c| c.status)
    }

    /// Whether the call is still up (a REST hangup may have ended it meanwhile).
    pub(super) fn is_live(&self) -> bool {
        self.status().is_some_and(|s| !s.is_final())
    }

    /// Answers the call now (once): `in-progress` and its callbacks.
    pub(super) async fn answer(&mut self) {
        if self.answered {
            return;
        }
        self.answered = true;
        self.move_to(CallStatus::InProgress).await;
    }

    /// Moves the call to `next` at the clock's time and sends what that causes; a move the
    /// call cannot make (it ended meanwhile) sends nothing.
    pub(super) async fn move_to(&mut self, next: CallStatus) {
        let at = self.clock.now();
        let callbacks = {
            let mut state = self.shared.lock();
            calls::advance_at(self.shared, &mut state, &self.call_sid, next, None, at)
        };
        match callbacks {
            Ok(callbacks) => self.deliver(callbacks).await,
            Err(error) => {
                tracing::debug!(call_sid = %self.call_sid, %error, "the engine's call moved on")
            }
        }
    }

    /// Ends the call as `ending` says (unless the engine does not end this call) and
    /// returns the transcript, which is also kept on the call.
    pub(super) async fn finish(mut self, ending: Ending) -> Transcript {
        let mut error = None;
        match &ending {
            Ending::Completed | Ending::Gone => {}
            Ending::Rejected(reason) => {
                self.steps.push(Step::Rejected {
                    reason: reason.as_str().to_owned(),
                });
            }
            Ending::Failed(failure) | Ending::ApplicationError(failure) => {
                self.steps.push(Step::ApplicationError {
                    code: failure.code,
                    message: failure.message.clone(),
                });
                error = Some(failure.clone());
            }
        }
        if self.ends_call && self.is_live() {
            let next = match &ending {
                Ending::Rejected(RejectReason::Busy) => CallStatus::Busy,
                Ending::Rejected(RejectReason::Rejected) => CallStatus::NoAnswer,
                Ending::Failed(_) => CallStatus::Failed,
                Ending::ApplicationError(_) => {
                    self.answer().await;
                    self.clock.advance(APPLICATION_ERROR_SECS);
                    CallStatus::Completed
                }
                Ending::Completed | Ending::Gone => {
                    self.answer().await;
                    CallStatus::Completed
                }
            };
            self.move_to(next).await;
        }
        let (status, duration) = {
            let state = self.shared.lock();
            state
                .calls
                .iter()
                .find(|c| c.sid == self.call_sid)
                .map_or((CallStatus::Failed, 0), |c| {
                    (c.status, c.duration.unwrap_or_default())
                })
        };
        let transcript = Transcript {
            call_sid: self.call_sid.clone(),
            steps: std::mem::take(&mut self.steps),
            status: status.as_str().to_owned(),
            duration,
            error,
        };
        let mut state = self.shared.lock();
        if let Some(call) = state.calls.iter_mut().find(|c| c.sid == self.call_sid) {
            call.transcript = Some(transcript.clone());
        }
        drop(state);
        transcript
    }
}
