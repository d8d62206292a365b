//! Decides what an inbound call hears, from the called number alone.

use std::sync::Arc;

use crate::voicemail::SessionStore;
use crate::{CallPlan, Clock, PhoneNumber, StoreError};

/// Routes inbound calls. Today: a pool number with an active session plays its greeting;
/// anything else hears that the number is not active.
#[derive(Debug, Clone)]
pub struct InboundRouter {
    sessions: Arc<dyn SessionStore>,
    clock: Arc<dyn Clock>,
}

impl InboundRouter {
    /// A router over the session store.
    #[must_use]
    pub fn new(sessions: Arc<dyn SessionStore>, clock: Arc<dyn Clock>) -> Self {
        Self { sessions, clock }
    }

    /// The plan for a call to `called` (Twilio's `To`, as sent). A value that is not an
    /// E.164 number (a SIP address, a client) is routed as "not active" without a read.
    ///
    /// # Errors
    /// [`StoreError`] when the lookup fails.
    pub async fn route(&self, called: &str) -> Result<CallPlan, StoreError> {
        let Ok(number) = PhoneNumber::parse(called) else {
            return Ok(CallPlan::not_in_service());
        };
        let active = self
            .sessions
            .active_session_for(&number, self.clock.now())
            .await?;
        Ok(active.map_or_else(CallPlan::not_in_service, |s| {
            CallPlan::greeting(s.greeting_url.as_str())
        }))
    }
}
