//! Browser calls: the TwiML App's voice request (`From` is `client:<identity>`) answered
//! with a `<Dial>` of the number asked for, or a short refusal.

use serde::Deserialize;
use switchboard_domain::calls::{BrowserCallPlan, BrowserCallRequest, BrowserIdentity};
use switchboard_domain::sid::CallSid;
use switchboard_twiml::{CallProgressEvent, Dial, DialRecord, Hangup, Number, Say, VoiceResponse};

use crate::input::invalid;
use crate::problem::ApiError;
use crate::state::AppState;

/// The parameters of a browser call's voice request (the Voice JS SDK's custom parameters
/// `CallerId` and `Record` among them).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct BrowserForm {
    call_sid: String,
    from: String,
    #[serde(default)]
    to: String,
    application_sid: Option<String>,
    caller_id: Option<String>,
    record: Option<String>,
}

fn refuse(reason: &str) -> VoiceResponse {
    VoiceResponse::new().with(Say::new(reason)).with(Hangup)
}

/// The TwiML of a browser call's voice request.
///
/// # Errors
/// 400 for a malformed `CallSid`; 503 when the store fails.
pub(crate) async fn browser_call(
    state: &AppState,
    form: BrowserForm,
) -> Result<VoiceResponse, ApiError> {
    let ours = state.twiml_app_sid.as_deref();
    if ours.is_none() || form.application_sid.as_deref() != ours {
        return Ok(refuse(
            "Browser calling is not set up for this application.",
        ));
    }
    let sid = CallSid::parse(&form.call_sid).map_err(|e| invalid("CallSid", e))?;
    let identity = form.from.strip_prefix("client:").unwrap_or_default();
    let Ok(identity) = BrowserIdentity::parse(identity) else {
        return Ok(refuse("This browser is not signed in to a user."));
    };
    let request = BrowserCallRequest {
        sid,
        identity,
        to: form.to,
        caller_id: form.caller_id,
        record: form.record.as_deref() == Some("true"),
    };
    Ok(match state.calls.browser_call(&request).await? {
        BrowserCallPlan::Refuse(reason) => refuse(reason),
        BrowserCallPlan::Dial {
            caller_id,
            to,
            record,
            call,
        } => {
            tracing::info!(call_sid = ?call.sid, to = %to, "browser call");
            let urls = &state.callback_urls;
            let number = Number::new(to.as_str())
                .status_callback(urls.status.as_str())
                .status_callback_event([
                    CallProgressEvent::Initiated,
                    CallProgressEvent::Ringing,
                    CallProgressEvent::Answered,
                    CallProgressEvent::Completed,
                ]);
            let mut dial = Dial::new()
                .caller_id(caller_id.as_str())
                .answer_on_bridge(true)
                .action(urls.dial_result.as_str());
            if record {
                dial = dial
                    .record(DialRecord::RecordFromAnswerDual)
                    .recording_status_callback(urls.recordings.as_str());
            }
            VoiceResponse::new().with(dial.with(number))
        }
    })
}
