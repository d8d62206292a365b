//! A call, inbound or outbound: what the stand-in keeps of it, its JSON, and the status
//! callbacks it sends.

use serde_json::{Value, json};
use switchboard_domain::telephony::RecordingStatus;
use time::OffsetDateTime;

use crate::dates::{now, rfc2822};
use crate::pairs::owned_pairs;
use crate::phone::friendly;
use crate::transcript::Transcript;
use crate::webhooks::{Callback, WebhookReply};

pub use switchboard_domain::telephony::{CallEvent, CallStatus};

/// A call, inbound or outbound.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// `CA` SID.
    pub sid: String,
    /// Callee.
    pub to: String,
    /// Caller.
    pub from: String,
    /// `outbound-api`, `inbound`, or `outbound-dial` for a `<Dial>`'s leg.
    pub direction: String,
    /// The call whose `<Dial>` created this one (`outbound-dial` legs).
    pub parent_call_sid: Option<String>,
    /// Status now.
    pub status: CallStatus,
    /// The TwiML URL (`Url`, or the number's `VoiceUrl` for inbound calls).
    pub url: Option<String>,
    /// Inline `Twiml`.
    pub twiml: Option<String>,
    /// `ApplicationSid`.
    pub application_sid: Option<String>,
    /// `Method` for `url`.
    pub method: String,
    /// `StatusCallback`.
    pub status_callback: Option<String>,
    /// `StatusCallbackMethod`.
    pub status_callback_method: String,
    /// `StatusCallbackEvent`s (empty: only `completed`).
    pub status_callback_events: Vec<CallEvent>,
    /// `Record`.
    pub record: bool,
    /// `RecordingChannels` as a count (1 mono, 2 dual).
    pub recording_channels: u8,
    /// `RecordingStatusCallback`.
    pub recording_status_callback: Option<String>,
    /// `RecordingStatusCallbackMethod`.
    pub recording_status_callback_method: String,
    /// `RecordingStatusCallbackEvent`s (empty: only `completed`).
    pub recording_status_callback_events: Vec<RecordingStatus>,
    /// `Timeout` in seconds (default 60).
    pub timeout: u32,
    /// The account number the call was placed from or received on.
    pub phone_number_sid: Option<String>,
    /// The recording, once recording started.
    pub recording_sid: Option<String>,
    /// `Url`s and `Twiml`s the call was redirected to with an update, in order.
    pub redirects: Vec<String>,
    /// The next `SequenceNumber`.
    pub sequence_number: u32,
    /// The app's answer to the call's latest TwiML request: its `Url` fetched when an
    /// outbound call was answered, the voice webhook of an inbound or browser call, or an
    /// `action` or `<Redirect>` the engine fetched.
    pub voice_reply: Option<WebhookReply>,
    /// What the TwiML engine did on the call, once it ran (the call's end included for
    /// inbound and browser calls; for REST calls, the document carried out when answered).
    pub transcript: Option<Transcript>,
    /// Created.
    pub date_created: OffsetDateTime,
    /// Last changed.
    pub date_updated: OffsetDateTime,
    /// Answered.
    pub start_time: Option<OffsetDateTime>,
    /// Ended.
    pub end_time: Option<OffsetDateTime>,
    /// Seconds, once ended.
    pub duration: Option<u32>,
}

impl Call {
    pub(crate) fn new(
        sid: String,
        to: &str,
        from: &str,
        direction: &str,
        status: CallStatus,
    ) -> Self {
        let created = now();
        Self {
            sid,
            to: to.to_owned(),
            from: from.to_owned(),
            direction: direction.to_owned(),
            parent_call_sid: None,
            status,
            url: None,
            twiml: None,
            application_sid: None,
            method: "POST".to_owned(),
            status_callback: None,
            status_callback_method: "POST".to_owned(),
            status_callback_events: Vec::new(),
            record: false,
            recording_channels: 1,
            recording_status_callback: None,
            recording_status_callback_method: "POST".to_owned(),
            recording_status_callback_events: Vec::new(),
            timeout: 60,
            phone_number_sid: None,
            recording_sid: None,
            redirects: Vec::new(),
            sequence_number: 0,
            voice_reply: None,
            transcript: None,
            date_created: created,
            date_updated: created,
            start_time: None,
            end_time: None,
            duration: None,
        }
    }

    /// The Call JSON.
    #[must_use]
    pub fn to_json(&self, account_sid: &str) -> Value {
        let base = format!("/2010-04-01/Accounts/{account_sid}/Calls/{}", self.sid);
        let sub = |name: &str| format!("{base}/{name}.json");
        let billed = self.duration.filter(|d| *d > 0);
        json!({
            "account_sid": account_sid,
            "answered_by": null,
            "api_version": "2010-04-01",
            "caller_name": null,
            "date_created": rfc2822(self.date_created),
            "date_updated": rfc2822(self.date_updated),
            "direction": self.direction,
            "duration": self.duration.map(|d| d.to_string()),
            "end_time": self.end_time.map(rfc2822),
            "forwarded_from": null,
            "from": self.from,
            "from_formatted": friendly(&self.from),
            "group_sid": null,
            "parent_call_sid": self.parent_call_sid,
            "phone_number_sid": self.phone_number_sid,
            "price": billed.map(|d| format!("-{:.5}", 0.014 * f64::from(d.div_ceil(60)))),
            "price_unit": "USD",
            "sid": self.sid,
            "start_time": self.start_time.map(rfc2822),
            "status": self.status.as_str(),
            "subresource_uris": {
                "notifications": sub("Notifications"),
                "recordings": sub("Recordings"),
                "payments": sub("Payments"),
                "events": sub("Events"),
                "siprec": sub("Siprec"),
                "streams": sub("Streams"),
                "transcriptions": sub("Transcriptions"),
                "user_defined_message_subscriptions": sub("UserDefinedMessageSubscriptions"),
                "user_defined_messages": sub("UserDefinedMessages"),
            },
            "to": self.to,
            "to_formatted": friendly(&self.to),
            "trunk_sid": null,
            "uri": format!("{base}.json"),
            "queue_time": "0",
        })
    }

    pub(crate) fn subscribed(&self, event: CallEvent) -> bool {
        self.status_callback.is_some()
            && if self.status_callback_events.is_empty() {
                event == CallEvent::Completed
            } else {
                self.status_callback_events.contains(&event)
            }
    }

    pub(crate) fn recording_subscribed(&self, event: RecordingStatus) -> bool {
        self.recording_status_callback.is_some()
            && if self.recording_status_callback_events.is_empty() {
                event == RecordingStatus::Completed
            } else {
                self.recording_status_callback_events.contains(&event)
            }
    }

    /// The request for the call's TwiML when an outbound call is answered: the standard
    /// parameters with `CallStatus=in-progress`, to `Url` with `Method`; `None` for inline
    /// `Twiml` or an inbound call (whose voice webhook went while it rang).
    pub(crate) fn answer_request(&self, account_sid: &str) -> Option<Callback> {
        if self.direction != "outbound-api" {
            return None;
        }
        Some(Callback {
            kind: "voice",
            url: self.url.clone()?,
            method: self.method.clone(),
            params: self.standard_params(account_sid, "in-progress"),
        })
    }

    /// The standard parameters every call webhook carries (with `ParentCallSid` for a
    /// `<Dial>`'s leg).
    pub(crate) fn standard_params(
        &self,
        account_sid: &str,
        call_status: &str,
    ) -> Vec<(String, String)> {
        let mut params = owned_pairs([
            ("CallSid", self.sid.as_str()),
            ("AccountSid", account_sid),
            ("From", &self.from),
            ("To", &self.to),
            ("Caller", &self.from),
            ("Called", &self.to),
            ("CallStatus", call_status),
            ("Direction", &self.direction),
            ("ApiVersion", "2010-04-01"),
        ]);
        if let Some(parent) = &self.parent_call_sid {
            params.push(("ParentCallSid".to_owned(), parent.clone()));
        }
        params
    }

    /// A status callback for `event` at `at`, if subscribed; advances the sequence number.
    pub(crate) fn status_callback_for(
        &mut self,
        account_sid: &str,
        event: CallEvent,
        call_status: &str,
        extra: Vec<(String, String)>,
        at: OffsetDateTime,
    ) -> Option<Callback> {
        if !self.subscribed(event) {
            return None;
        }
        let url = self.status_callback.clone()?;
        let mut params = self.standard_params(account_sid, call_status);
        params.push(("Timestamp".to_owned(), rfc2822(at)));
        params.push((
            "CallbackSource".to_owned(),
            "call-progress-events".to_owned(),
        ));
        params.push((
            "SequenceNumber".to_owned(),
            self.sequence_number.to_string(),
        ));
        params.extend(extra);
        self.sequence_number += 1;
        Some(Callback {
            kind: "call-status",
            url,
            method: self.status_callback_method.clone(),
            params,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::CallStatus;
    use crate::transitions::Transitions as _;

    #[test]
    fn calls_only_move_forwards() {
        use CallStatus::*;
        assert!(Queued.can_become(Ringing));
        assert!(Queued.can_become(InProgress));
        assert!(Ringing.can_become(NoAnswer));
        assert!(InProgress.can_become(Completed));
        assert!(!Ringing.can_become(Queued));
        assert!(!InProgress.can_become(Ringing));
        assert!(!Queued.can_become(Completed));
        assert!(!InProgress.can_become(Busy));
        assert!(!Completed.can_become(Completed));
        assert!(!Canceled.can_become(InProgress));
    }

    #[test]
    fn statuses_round_trip_through_their_wire_names() {
        for name in [
            "queued",
            "ringing",
            "in-progress",
            "completed",
            "busy",
            "failed",
            "no-answer",
            "canceled",
        ] {
            assert_eq!(CallStatus::parse(name).map(CallStatus::as_str), Some(name));
        }
        assert_eq!(CallStatus::parse("initiated"), None);
    }
}
