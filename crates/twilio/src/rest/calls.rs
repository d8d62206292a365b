//! [`CallControl`] on the REST client: placing, reading and ending calls.

use async_trait::async_trait;
use switchboard_domain::CallSid;
use switchboard_domain::ports::CallControl;
use switchboard_domain::telephony::{
    CallInfo, CallSearch, CallStatus, OutboundCall, TelephonyError,
};

use super::client::TwilioRestClient;
use super::errors::CODE_INVALID_CALL_STATE;
use super::plan::{self, CallUpdateStatus};
use super::wire::calls::{CallPage, CallWire};

impl TwilioRestClient {
    async fn update_call(
        &self,
        sid: &CallSid,
        status: CallUpdateStatus,
    ) -> Result<CallInfo, TelephonyError> {
        let request = plan::update_call_status(self.account_sid(), sid, status);
        match self.json(&request, CallWire::into_domain).await {
            // The call ended between our read and the update: report it as it is now.
            Err(
                error @ TelephonyError::Rejected {
                    code: Some(CODE_INVALID_CALL_STATE),
                    ..
                },
            ) => {
                let now = self.call(sid).await?;
                if now.status.is_final() {
                    Ok(now)
                } else {
                    Err(error)
                }
            }
            other => other,
        }
    }
}

#[async_trait]
impl CallControl for TwilioRestClient {
    async fn place_call(&self, call: &OutboundCall) -> Result<CallInfo, TelephonyError> {
        let request = plan::create_call(self.account_sid(), call);
        self.json(&request, CallWire::into_domain).await
    }

    async fn find_calls(&self, search: &CallSearch) -> Result<Vec<CallInfo>, TelephonyError> {
        let request = plan::list_calls(self.account_sid(), search);
        self.json(&request, CallPage::into_domain).await
    }

    async fn call(&self, sid: &CallSid) -> Result<CallInfo, TelephonyError> {
        let request = plan::fetch_call(self.account_sid(), sid);
        self.json(&request, CallWire::into_domain).await
    }

    /// Reads the call first: an ended call is returned as it is; a queued or ringing one is
    /// `canceled`, an answered one `completed`. If a cancel finds the call answered in the
    /// meantime, it is then `completed`. If Twilio answers 21220 (the call is no longer
    /// live) the call is read again and returned when it has ended.
    async fn end_call(&self, sid: &CallSid) -> Result<CallInfo, TelephonyError> {
        let current = self.call(sid).await?;
        match current.status {
            status if status.is_final() => Ok(current),
            CallStatus::Queued | CallStatus::Ringing => {
                let after = self.update_call(sid, CallUpdateStatus::Canceled).await?;
                if after.status == CallStatus::InProgress {
                    self.update_call(sid, CallUpdateStatus::Completed).await
                } else {
                    Ok(after)
                }
            }
            _ => self.update_call(sid, CallUpdateStatus::Completed).await,
        }
    }
}
