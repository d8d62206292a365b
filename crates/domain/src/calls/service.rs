//! The calls use cases the HTTP layer calls: placing, reading, listing, counting and ending
//! calls. Callbacks are in `callbacks.rs`, browser calls in `browser.rs`, recordings in
//! `recordings.rs`.

use std::sync::Arc;

use time::OffsetDateTime;
use url::Url;

use super::call::{Call, CallId, CallQuery, CallStats, NewCall, StatsQuery};
use super::error::CallsError;
use super::identity::{self, IdentityStore};
use super::progress::StatusReport;
use super::status::{CallDirection, CallLogStatus};
use super::store::{Applied, CallStore, LogCallError, RecordingStore};
use crate::idempotency::callback_for_record;
use crate::numbers::{NumberStore, OwnedNumber, active_numbers};
use crate::rate_limit::RateLimitStore;
use crate::rate_limit::{Quota, RateDecision};
use crate::sid::CallSid;
use crate::telephony::{CallControl, RecordingProvider, TelephonyError};
use crate::telephony::{CallEvent, CallInfo, CallInstructions, OutboundCall};
use crate::{Actor, Clock, PhoneNumber, StoreError, UserId};

/// Where Twilio calls back about calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallWebhooks {
    /// What an answered API call does (`/webhooks/twilio/voice/answer`).
    pub answer: Url,
    /// Status callbacks (`/webhooks/twilio/voice/status`).
    pub status: Url,
    /// Recording status callbacks (`/webhooks/twilio/recordings`).
    pub recordings: Url,
}

/// The ports the calls use cases need.
#[derive(Debug, Clone)]
pub struct CallPorts {
    /// The call log.
    pub calls: Arc<dyn CallStore>,
    /// Recordings of logged calls.
    pub recordings: Arc<dyn RecordingStore>,
    /// Mapped browser identities.
    pub identities: Arc<dyn IdentityStore>,
    /// Numbers users own (caller ids).
    pub numbers: Arc<dyn NumberStore>,
    /// Rate-limit state.
    pub limits: Arc<dyn RateLimitStore>,
    /// Twilio's calls.
    pub control: Arc<dyn CallControl>,
    /// Twilio's recordings.
    pub provider: Arc<dyn RecordingProvider>,
    /// The time.
    pub clock: Arc<dyn Clock>,
}

/// A call to place for the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceCall {
    /// Who to call.
    pub to: PhoneNumber,
    /// The caller id; the caller's oldest active voice number when `None`.
    pub from: Option<PhoneNumber>,
    /// Record both channels from answer.
    pub record: bool,
    /// What the callee hears before the call ends; without it, the callee is connected to
    /// the caller's browser.
    pub say: Option<String>,
}

/// Which calls to list or count: the caller's, or (admins only) another user's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListCalls {
    /// Another user (admins only); `None` is the caller.
    pub user: Option<UserId>,
    /// The filters and page (its `owner` is set from `user`).
    pub query: CallQuery,
}

/// The calls use cases.
#[derive(Debug, Clone)]
pub struct Calls {
    pub(super) ports: CallPorts,
    pub(super) quota: Quota,
    pub(super) webhooks: CallWebhooks,
}

impl Calls {
    /// The use cases over `ports`, allowing `quota` outbound calls per user (API and
    /// browser calls together).
    #[must_use]
    pub fn new(ports: CallPorts, quota: Quota, webhooks: CallWebhooks) -> Self {
        Self {
            ports,
            quota,
            webhooks,
        }
    }

    /// The time on the use cases' clock: what callbacks without a time of their own, and
    /// idempotency claims, are stamped with.
    #[must_use]
    pub fn now(&self) -> OffsetDateTime {
        self.ports.clock.now()
    }

    /// The user's active, voice-capable numbers, oldest first: the caller ids they may use.
    ///
    /// # Errors
    /// [`StoreError`] when the store fails.
    pub async fn caller_ids(&self, user: &UserId) -> Result<Vec<OwnedNumber>, StoreError> {
        let mut numbers = active_numbers(self.ports.numbers.as_ref(), user).await?;
        numbers.retain(|n| n.capabilities.voice);
        Ok(numbers)
    }

    /// The caller id to use: `wanted` if it is one of the user's, else their oldest.
    pub(super) async fn pick_caller_id(
        &self,
        user: &UserId,
        wanted: Option<&PhoneNumber>,
    ) -> Result<OwnedNumber, CallsError> {
        let mut owned = self.caller_ids(user).await?;
        match wanted {
            Some(number) => owned
                .into_iter()
                .find(|n| n.phone_number == *number)
                .ok_or(CallsError::CallerIdNotOwned),
            None if owned.is_empty() => Err(CallsError::NoCallerId),
            None => Ok(owned.swap_remove(0)),
        }
    }

    /// Counts one outbound call of `user` against the quota.
    pub(super) async fn count_call(&self, user: &UserId) -> Result<(), CallsError> {
        let key = format!("calls:{}", user.as_str());
        match self
            .ports
            .limits
            .acquire(&key, self.quota, self.now())
            .await?
        {
            RateDecision::Allowed { .. } => Ok(()),
            RateDecision::Limited { retry_after } => Err(CallsError::RateLimited { retry_after }),
        }
    }

    /// The TwiML an answered API call fetches: `say` spoken, or the caller's browser rung.
    async fn answer_url(&self, user: &UserId, say: Option<&str>) -> Result<Url, StoreError> {
        let mut url = self.webhooks.answer.clone();
        match say {
            Some(text) => {
                url.query_pairs_mut().append_pair("say", text);
            }
            None => {
                let identity = identity::identity_of(self.ports.identities.as_ref(), user).await?;
                url.query_pairs_mut()
                    .append_pair("client", identity.as_str());
            }
        }
        Ok(url)
    }

    /// Places a call for the caller. The call is logged before Twilio is asked; if Twilio
    /// refuses, it is kept as `failed` history (never listed); if Twilio's answer is lost
    /// (a timeout), it stays unlisted without a SID.
    ///
    /// # Errors
    /// [`CallsError::CallerIdNotOwned`], [`CallsError::NoCallerId`],
    /// [`CallsError::RateLimited`], [`CallsError::CallRejected`], and provider and store
    /// failures.
    pub async fn place(&self, actor: &Actor, request: PlaceCall) -> Result<Call, CallsError> {
        self.place_attempt(actor, request, None).await
    }

    /// [`Calls::place`] as the attempt `attempt` (the id every retry of one keyed request
    /// gives again): when an earlier attempt logged the call, Twilio's list is searched for
    /// it first, and a call found there is attached instead of placed twice.
    ///
    /// # Errors
    /// As [`Calls::place`].
    pub async fn place_attempt(
        &self,
        actor: &Actor,
        request: PlaceCall,
        attempt: Option<CallId>,
    ) -> Result<Call, CallsError> {
        let user = &actor.user_id;
        let from = self.pick_caller_id(user, request.from.as_ref()).await?;
        self.count_call(user).await?;
        let url = self.answer_url(user, request.say.as_deref()).await?;
        let new = NewCall {
            id: attempt.unwrap_or_else(CallId::new_v7),
            sid: None,
            user_id: user.clone(),
            direction: CallDirection::OutboundApi,
            from: from.phone_number.clone(),
            to: request.to.clone(),
            client: None,
            number_id: Some(from.id),
            status: CallLogStatus::Queued,
            created_at: self.now(),
        };
        match self.ports.calls.log_call(&new).await {
            Ok(_) => {}
            Err(LogCallError::Duplicate) if attempt.is_some() => {
                if let Some(earlier) = self.settle_attempt(&new).await? {
                    return Ok(earlier);
                }
            }
            Err(LogCallError::Duplicate) => {
                return Err(CallsError::Store(StoreError::msg("a new call id repeated")));
            }
            Err(LogCallError::Store(e)) => return Err(CallsError::Store(e)),
        }
        let outbound = OutboundCall {
            to: request.to.as_str().to_owned(),
            from: from.phone_number,
            instructions: CallInstructions::Url(url),
            status_callback: Some(callback_for_record(&self.webhooks.status, new.id)),
            status_events: vec![
                CallEvent::Initiated,
                CallEvent::Ringing,
                CallEvent::Answered,
                CallEvent::Completed,
            ],
            record: request.record,
            recording_status_callback: request.record.then(|| self.webhooks.recordings.clone()),
            timeout_seconds: None,
        };
        match self.ports.control.place_call(&outbound).await {
            Ok(info) => {
                let report = self.report_of(&info);
                self.ports
                    .calls
                    .attach_sid(new.id, &info.sid, &report)
                    .await?
                    .ok_or_else(|| CallsError::Store(StoreError::msg("a logged call vanished")))
            }
            Err(e) => {
                // A keyed attempt turned away for now (429) stays unlisted without a SID,
                // so its retry can reuse the row; a refusal is final and kept as failed.
                let retried = attempt.is_some() && matches!(e, TelephonyError::RateLimited { .. });
                if e.certainly_not_applied() && !retried {
                    self.ports.calls.refuse_call(new.id, self.now()).await?;
                }
                Err(e.into())
            }
        }
    }

    /// What Twilio's description of a call says, as a report at the current time.
    pub(super) fn report_of(&self, info: &CallInfo) -> StatusReport {
        StatusReport {
            status: info.status.into(),
            sequence: None,
            at: self.now(),
            duration: info.duration_seconds,
        }
    }

    /// One of the caller's calls (any call for admins).
    ///
    /// # Errors
    /// [`CallsError::NotFound`] for an unknown call or another user's.
    pub async fn call(&self, actor: &Actor, sid: &CallSid) -> Result<Call, CallsError> {
        match self.ports.calls.call(sid).await? {
            Some(call) if actor.is_admin() || call.user_id == actor.user_id => Ok(call),
            _ => Err(CallsError::NotFound),
        }
    }

    fn owner_for(actor: &Actor, user: Option<UserId>) -> Result<UserId, CallsError> {
        match user {
            Some(other) if other != actor.user_id && !actor.is_admin() => {
                Err(CallsError::Forbidden)
            }
            Some(other) => Ok(other),
            None => Ok(actor.user_id.clone()),
        }
    }

    /// The caller's calls (an admin may name another user), newest first.
    ///
    /// # Errors
    /// [`CallsError::Forbidden`] when a non-admin names another user; store failures.
    pub async fn list(
        &self,
        actor: &Actor,
        list: ListCalls,
    ) -> Result<crate::Page<Call>, CallsError> {
        let mut query = list.query;
        query.owner = Some(Self::owner_for(actor, list.user)?);
        Ok(self.ports.calls.list_calls(&query).await?)
    }

    /// Counts over the caller's calls (an admin may name another user).
    ///
    /// # Errors
    /// [`CallsError::Forbidden`] when a non-admin names another user; store failures.
    pub async fn stats(
        &self,
        actor: &Actor,
        user: Option<UserId>,
        since: Option<OffsetDateTime>,
        until: Option<OffsetDateTime>,
    ) -> Result<CallStats, CallsError> {
        let query = StatsQuery {
            owner: Some(Self::owner_for(actor, user)?),
            since,
            until,
        };
        Ok(self.ports.calls.call_stats(&query).await?)
    }

    /// Ends one of the caller's calls: canceled at Twilio if not answered, completed if
    /// live; an ended call is returned as it is.
    ///
    /// # Errors
    /// [`CallsError::NotFound`], provider and store failures.
    pub async fn end(&self, actor: &Actor, sid: &CallSid) -> Result<Call, CallsError> {
        let call = self.call(actor, sid).await?;
        if call.status().is_terminal() {
            return Ok(call);
        }
        let info = self.ports.control.end_call(sid).await?;
        let report = self.report_of(&info);
        match self
            .ports
            .calls
            .apply_status(sid, &report, report.at)
            .await?
        {
            Applied::Changed(call) | Applied::Unchanged(call) => Ok(call),
            Applied::Unknown => Err(CallsError::NotFound),
        }
    }
}
