//! `/webhooks/twilio/voice`: the Voice URL of every number the service controls.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use switchboard_domain::sid::CallSid;
use switchboard_domain::{Caller, PhoneNumber};

use super::webhooks::browser;
use crate::openapi::{InvalidRequest, InvalidSignature, PayloadTooLarge, StoreUnavailable};
use crate::problem::ApiError;
use crate::state::AppState;
use crate::twilio_signature::TwilioWebhook;

/// The parameters of Twilio's voice request this webhook reads; Twilio sends more (see its
/// "TwiML Voice: Your Response" documentation), and every one is covered by the signature.
#[derive(Debug, Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[serde(rename_all = "PascalCase")]
#[schema(as = VoiceRequest)]
#[into_params(parameter_in = Query)]
pub(crate) struct VoiceRequest {
    /// The call's SID.
    #[schema(example = "CA0123456789abcdef0123456789abcdef")]
    #[param(example = "CA0123456789abcdef0123456789abcdef")]
    call_sid: Option<String>,
    /// The number called, E.164: what the call is routed by (Twilio always sends it; a call
    /// without it is refused). For a browser call, the number the browser dials (it may be
    /// empty: the browser then hears that it is not a number).
    #[schema(example = "+14155550100")]
    #[param(example = "+14155550100")]
    to: Option<String>,
    /// The caller; `client:<identity>` for a browser call through the TwiML App.
    #[schema(example = "+14155550123")]
    #[param(example = "+14155550123")]
    from: Option<String>,
}

/// Answers an inbound call with the TwiML of its routing plan; a browser call (`From` is
/// `client:<identity>`, from this service's TwiML App) dials the number asked for from an
/// owned caller id (the custom parameter `CallerId`, else the oldest; `Record=true`
/// records it), or hears why not.
#[utoipa::path(
    post, path = "/webhooks/twilio/voice", operation_id = "voiceWebhook", tag = "twilio webhooks",
    params(("X-Twilio-Signature" = String, Header, description = "Twilio's HMAC-SHA1 of the URL and the form parameters")),
    request_body(content = VoiceRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "TwiML: `<Play>` a pool number's greeting; for an owned number its menu (`<Gather>`), a forward or the owner's browser (`<Dial>`), or voicemail (`<Record>`); or `<Say>` that the number is not in service; for a browser call, `<Dial>` the number, or `<Say>` why not and `<Hangup/>`", body = String, content_type = "text/xml"),
        (status = 400, response = InvalidRequest),
        (status = 403, response = InvalidSignature),
        (status = 413, response = PayloadTooLarge),
        (status = 503, response = StoreUnavailable),
    ),
)]
#[tracing::instrument(skip_all, fields(call_sid = tracing::field::Empty))]
pub(crate) async fn inbound(
    state: web::Data<AppState>,
    webhook: TwilioWebhook,
) -> Result<HttpResponse, ApiError> {
    let call: VoiceRequest = webhook.form()?;
    tracing::Span::current().record("call_sid", call.call_sid.as_deref().unwrap_or_default());
    if call
        .from
        .as_deref()
        .is_some_and(|f| f.starts_with("client:"))
    {
        let document = browser::browser_call(&state, webhook.form()?).await?;
        return Ok(super::webhooks::twiml(&document));
    }
    let to = call
        .to
        .ok_or_else(|| ApiError::InvalidRequest("To: is required".into()))?;
    let caller = Caller {
        call_sid: call
            .call_sid
            .as_deref()
            .and_then(|s| CallSid::parse(s).ok()),
        from: call
            .from
            .as_deref()
            .and_then(|f| PhoneNumber::parse(f).ok()),
    };
    let plan = state.router.route(&to, &caller).await?;
    Ok(super::webhooks::plan(&state, &plan))
}

/// The same webhook for a number whose Voice method is GET: the parameters in the query.
#[utoipa::path(
    get, path = "/webhooks/twilio/voice", operation_id = "voiceWebhookGet", tag = "twilio webhooks",
    params(
        VoiceRequest,
        ("X-Twilio-Signature" = String, Header, description = "Twilio's HMAC-SHA1 of the URL with its query"),
    ),
    responses(
        (status = 200, description = "TwiML", body = String, content_type = "text/xml"),
        (status = 400, response = InvalidRequest),
        (status = 403, response = InvalidSignature),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn inbound_get(
    state: web::Data<AppState>,
    webhook: TwilioWebhook,
) -> Result<HttpResponse, ApiError> {
    inbound(state, webhook).await
}
