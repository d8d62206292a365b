//! Browser calls: the TwiML App's voice request for a call from a user's browser, decided
//! into a number to dial or a refusal; and the identity a user's browser registers under.

use super::call::{Call, CallId, NewCall};
use super::error::CallsError;
use super::identity::{self, BrowserIdentity};
use super::service::Calls;
use super::status::{CallDirection, CallLogStatus};
use super::store::LogCallError;
use crate::sid::CallSid;
use crate::{PhoneNumber, StoreError, UserId};

/// The TwiML App request of a browser call, as the webhook read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserCallRequest {
    /// The browser leg's `CallSid`.
    pub sid: CallSid,
    /// The browser's identity (`From` without `client:`).
    pub identity: BrowserIdentity,
    /// `To` as the browser sent it (normalised here).
    pub to: String,
    /// The `CallerId` custom parameter.
    pub caller_id: Option<String>,
    /// The `Record` custom parameter is `true`.
    pub record: bool,
}

/// What a browser call does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrowserCallPlan {
    /// Dial `to` from `caller_id`; the call is logged.
    Dial {
        /// The logged call.
        call: Box<Call>,
        /// The caller id.
        caller_id: PhoneNumber,
        /// The number dialled.
        to: PhoneNumber,
        /// Record it.
        record: bool,
    },
    /// Refuse: the browser hears this short reason and the call ends; nothing is placed.
    Refuse(&'static str),
}

impl Calls {
    /// The identity `user`'s browser registers under (see [`identity`]).
    ///
    /// # Errors
    /// [`StoreError`] when the store fails.
    pub async fn browser_identity(&self, user: &UserId) -> Result<BrowserIdentity, StoreError> {
        identity::identity_of(self.ports.identities.as_ref(), user).await
    }

    /// Decides a browser call: the identity's user dials `to` from `caller_id` (or their
    /// oldest active voice number), within their outbound call quota, and the call is
    /// logged as `outbound-browser`. A retried request for a call already logged gets the
    /// same plan again without counting against the quota.
    ///
    /// # Errors
    /// Store failures only; every refusal is a [`BrowserCallPlan::Refuse`].
    pub async fn browser_call(
        &self,
        request: &BrowserCallRequest,
    ) -> Result<BrowserCallPlan, StoreError> {
        let Some(user) =
            identity::user_of(self.ports.identities.as_ref(), &request.identity).await?
        else {
            return Ok(BrowserCallPlan::Refuse(
                "This browser is not signed in to a user.",
            ));
        };
        let Ok(to) = PhoneNumber::normalize(&request.to) else {
            return Ok(BrowserCallPlan::Refuse("That is not a phone number."));
        };
        let wanted = match request.caller_id.as_deref().filter(|c| !c.is_empty()) {
            Some(raw) => match PhoneNumber::normalize(raw) {
                Ok(number) => Some(number),
                Err(_) => return Ok(BrowserCallPlan::Refuse("That caller ID is not yours.")),
            },
            None => None,
        };
        if let Some(call) = self.ports.calls.call(&request.sid).await? {
            return Ok(
                if call.user_id == user && call.direction == CallDirection::OutboundBrowser {
                    BrowserCallPlan::Dial {
                        caller_id: call.from.clone(),
                        to: call.to.clone(),
                        record: request.record,
                        call: Box::new(call),
                    }
                } else {
                    BrowserCallPlan::Refuse("This call is already in progress.")
                },
            );
        }
        let from = match self.pick_caller_id(&user, wanted.as_ref()).await {
            Ok(from) => from,
            Err(CallsError::Store(e)) => return Err(e),
            Err(CallsError::NoCallerId) => {
                return Ok(BrowserCallPlan::Refuse(
                    "You have no phone number to call from.",
                ));
            }
            Err(_) => return Ok(BrowserCallPlan::Refuse("That caller ID is not yours.")),
        };
        match self.count_call(&user).await {
            Ok(()) => {}
            Err(CallsError::Store(e)) => return Err(e),
            Err(_) => {
                return Ok(BrowserCallPlan::Refuse(
                    "You have placed too many calls. Try again in a minute.",
                ));
            }
        }
        let new = NewCall {
            id: CallId::new_v7(),
            sid: Some(request.sid.clone()),
            user_id: user,
            direction: CallDirection::OutboundBrowser,
            from: from.phone_number.clone(),
            to: to.clone(),
            client: Some(request.identity.clone()),
            number_id: Some(from.id),
            status: CallLogStatus::Queued,
            created_at: self.now(),
        };
        let call = match self.ports.calls.log_call(&new).await {
            Ok(call) => call,
            Err(LogCallError::Store(e)) => return Err(e),
            Err(LogCallError::Duplicate) => match self.ports.calls.call(&request.sid).await? {
                Some(call) => call,
                None => return Err(StoreError::msg("a logged browser call vanished")),
            },
        };
        Ok(BrowserCallPlan::Dial {
            call: Box::new(call),
            caller_id: from.phone_number,
            to,
            record: request.record,
        })
    }
}
