//! `POST /webhooks/twilio/voice/answer`: what a call placed by `POST /v1/calls` does when
//! the callee answers. The URL's query (signed with the request) says what: `say` is
//! spoken and the call ends; `client` connects the callee to the caller's browser.

use actix_web::{HttpRequest, HttpResponse};
use switchboard_domain::calls::BrowserIdentity;
use switchboard_twiml::{Client, Dial, Hangup, Say, VoiceResponse};

use super::{query_value, twiml};
use crate::input::invalid;
use crate::openapi::{InvalidRequest, InvalidSignature, PayloadTooLarge};
use crate::problem::ApiError;
use crate::twilio_signature::TwilioWebhook;
use switchboard_domain::sid::CallSid;

/// The parameter of the answer request this webhook reads (Twilio sends the standard
/// voice parameters).
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "PascalCase")]
#[schema(as = AnswerRequest)]
pub(crate) struct AnswerForm {
    /// The answered call.
    #[schema(example = "CA0123456789abcdef0123456789abcdef")]
    call_sid: String,
}

/// The TwiML of an answered API call.
#[utoipa::path(
    post, path = "/webhooks/twilio/voice/answer", operation_id = "answerWebhook", tag = "twilio webhooks",
    params(
        ("say" = Option<String>, Query, description = "Text the callee hears before the call ends"),
        ("client" = Option<String>, Query, description = "The browser identity the callee is connected to"),
        ("X-Twilio-Signature" = String, Header, description = "Twilio's HMAC-SHA1 of the URL and the form parameters"),
    ),
    request_body(content = AnswerForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "TwiML: `<Say>` then `<Hangup/>`, or `<Dial><Client>`", body = String, content_type = "text/xml"),
        (status = 400, response = InvalidRequest),
        (status = 403, response = InvalidSignature),
        (status = 413, response = PayloadTooLarge),
    ),
)]
pub(crate) async fn answer(
    req: HttpRequest,
    webhook: TwilioWebhook,
) -> Result<HttpResponse, ApiError> {
    let form: AnswerForm = webhook.form()?;
    CallSid::parse(&form.call_sid).map_err(|e| invalid("CallSid", e))?;
    let document = if let Some(text) = query_value(&req, "say") {
        VoiceResponse::new().with(Say::new(text)).with(Hangup)
    } else if let Some(identity) =
        query_value(&req, "client").and_then(|c| BrowserIdentity::parse(&c).ok())
    {
        VoiceResponse::new().with(
            Dial::new()
                .answer_on_bridge(true)
                .with(Client::new(identity.as_str())),
        )
    } else {
        VoiceResponse::new().with(Hangup)
    };
    Ok(twiml(&document))
}
