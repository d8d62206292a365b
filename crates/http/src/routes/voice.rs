//! `/webhooks/twilio/voice`: the Voice URL of every number the service controls.

use actix_web::{HttpResponse, web};

use crate::problem::ApiError;
use crate::state::AppState;
use crate::twilio_signature::TwilioWebhook;

/// Answers an inbound call with the TwiML of its routing plan.
#[tracing::instrument(skip_all, fields(call_sid = webhook.param("CallSid").unwrap_or_default()))]
pub(crate) async fn inbound(
    state: web::Data<AppState>,
    webhook: TwilioWebhook,
) -> Result<HttpResponse, ApiError> {
    let called = webhook
        .param("To")
        .or_else(|| webhook.param("Called"))
        .unwrap_or_default();
    let plan = state.router.route(called).await?;
    Ok(HttpResponse::Ok()
        .content_type(switchboard_twiml::CONTENT_TYPE)
        .body(switchboard_twiml::render_call_plan(&plan)))
}
