//! Rendering a domain [`CallPlan`] as voice TwiML.

use switchboard_domain::{CallPlan, CallStep};

use crate::voice::control::Hangup;
use crate::voice::prompt::{Play, Say};
use crate::voice::response::VoiceResponse;

/// The `<Response>` for `plan`: each step becomes `<Play>`, `<Say>` or `<Hangup/>`, in order.
#[must_use]
pub fn call_plan_response(plan: &CallPlan) -> VoiceResponse {
    let mut response = VoiceResponse::new();
    for step in &plan.steps {
        match step {
            CallStep::Play { url } => response.push(Play::new(url.as_str())),
            CallStep::Say { text } => response.push(Say::new(text.as_str())),
            CallStep::Hangup => response.push(Hangup),
        };
    }
    response
}

/// The TwiML document for `plan`, ready to serve with [`CONTENT_TYPE`](crate::CONTENT_TYPE).
#[must_use]
pub fn render_call_plan(plan: &CallPlan) -> String {
    call_plan_response(plan).to_xml()
}
