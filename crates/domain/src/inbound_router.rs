//! Decides what an inbound call hears: a pool number plays its session's greeting; an owned
//! number is routed by its menu, rules and voicemail (see [`crate::routing`]); anything
//! else hears that the number is not in service.

use std::sync::Arc;

use crate::calls::{CallDirection, CallId, CallLogStatus, CallStore, LogCallError, NewCall};
use crate::routing::{self, DialOutcome, Line, MenuAnswer, RoutingStore};
use crate::sid::CallSid;
use crate::voicemail::SessionStore;
use crate::{CallPlan, Clock, Leg, MenuPath, PhoneNumber, StoreError};

/// Routes inbound calls and the requests Twilio makes during them.
#[derive(Debug, Clone)]
pub struct InboundRouter {
    sessions: Arc<dyn SessionStore>,
    lines: Arc<dyn RoutingStore>,
    calls: Arc<dyn CallStore>,
    clock: Arc<dyn Clock>,
}

/// Who is calling, as Twilio's voice request says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Caller {
    /// The call's SID.
    pub call_sid: Option<CallSid>,
    /// The caller's number, when it is one (not anonymous, a client or a SIP address).
    pub from: Option<PhoneNumber>,
}

impl InboundRouter {
    /// A router over the session store (pool numbers), the routing store (owned numbers)
    /// and the call log (inbound calls to owned numbers are logged).
    #[must_use]
    pub fn new(
        sessions: Arc<dyn SessionStore>,
        lines: Arc<dyn RoutingStore>,
        calls: Arc<dyn CallStore>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            sessions,
            lines,
            calls,
            clock,
        }
    }

    /// The plan for a call to `called` (Twilio's `To`, as sent): a pool number's greeting
    /// (one read); else an owned number's routing (a second read), logging the call; else
    /// "not in service". A value that is not an E.164 number (a SIP address, a client) is
    /// not in service without a read.
    ///
    /// # Errors
    /// [`StoreError`] when a read or the log fails.
    pub async fn route(&self, called: &str, caller: &Caller) -> Result<CallPlan, StoreError> {
        let Ok(number) = PhoneNumber::parse(called) else {
            return Ok(CallPlan::not_in_service());
        };
        let active = self
            .sessions
            .active_session_for(&number, self.clock.now())
            .await?;
        if let Some(session) = active {
            return Ok(CallPlan::greeting(session.greeting_url.as_str()));
        }
        let Some(line) = self.lines.line(&number).await? else {
            return Ok(CallPlan::not_in_service());
        };
        self.log(&line, caller).await?;
        Ok(routing::route_call(&line))
    }

    /// Logs an inbound call to an owned number once (Twilio retries the webhook).
    async fn log(&self, line: &Line, caller: &Caller) -> Result<(), StoreError> {
        let (Some(sid), Some(from)) = (&caller.call_sid, &caller.from) else {
            return Ok(());
        };
        let now = self.clock.now();
        let call = NewCall {
            id: CallId::new_v7(),
            sid: Some(sid.clone()),
            user_id: line.owner.clone(),
            direction: CallDirection::Inbound,
            from: from.clone(),
            to: line.phone.clone(),
            client: None,
            number_id: Some(line.number_id),
            status: CallLogStatus::Ringing,
            created_at: now,
        };
        match self.calls.log_call(&call).await {
            Ok(_) | Err(LogCallError::Duplicate) => Ok(()),
            Err(LogCallError::Store(e)) => Err(e),
        }
    }

    /// The plan after a `<Dial>` of an inbound call to `number` ended.
    ///
    /// # Errors
    /// [`StoreError`] when the read fails.
    pub async fn dial_result(
        &self,
        number: &PhoneNumber,
        leg: Leg,
        outcome: DialOutcome,
    ) -> Result<CallPlan, StoreError> {
        Ok(match self.lines.line(number).await? {
            Some(line) => routing::route_dial_result(&line, leg, outcome),
            None => CallPlan::not_in_service(),
        })
    }

    /// The plan after the caller answered (or did not answer) a menu of `number`.
    ///
    /// # Errors
    /// [`StoreError`] when the read fails.
    pub async fn menu_answer(
        &self,
        number: &PhoneNumber,
        path: &MenuPath,
        attempt: u32,
        answer: &MenuAnswer,
    ) -> Result<CallPlan, StoreError> {
        Ok(match self.lines.line(number).await? {
            Some(line) => routing::route_menu_answer(&line, path, attempt, answer),
            None => CallPlan::not_in_service(),
        })
    }
}
