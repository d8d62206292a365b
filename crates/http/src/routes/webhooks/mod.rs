//! Twilio's callbacks about calls: status callbacks, the answer of an API call, the
//! dial result, recording status callbacks, and browser calls through the TwiML App.
//! Every one is signed (see `twilio_signature`).

pub(crate) mod answer;
pub(crate) mod browser;
pub(crate) mod gather;
pub(crate) mod messages;
pub(crate) mod recordings;
pub(crate) mod status;

use actix_web::HttpResponse;
use switchboard_twiml::VoiceResponse;

/// The TwiML of a routing plan, its callbacks under the public base URL.
pub(crate) fn plan(
    state: &crate::state::AppState,
    plan: &switchboard_domain::CallPlan,
) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(switchboard_twiml::CONTENT_TYPE)
        .body(switchboard_twiml::render_call_plan(
            plan,
            &state.callback_urls,
        ))
}

/// A TwiML answer.
pub(crate) fn twiml(document: &VoiceResponse) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(switchboard_twiml::CONTENT_TYPE)
        .body(document.to_xml())
}

/// An optional whole-number form field (`SequenceNumber`, `CallDuration`, ...): empty is
/// absent, anything else that is not a number is a 400 naming the field.
pub(crate) fn whole_field<T: std::str::FromStr>(
    field: &str,
    raw: Option<&str>,
) -> Result<Option<T>, crate::problem::ApiError> {
    raw.filter(|r| !r.is_empty())
        .map(|r| {
            r.parse::<T>()
                .map_err(|_| crate::input::invalid(field, "must be a whole number"))
        })
        .transpose()
}

/// A value from a webhook URL's (signed) query.
pub(crate) fn query_value(req: &actix_web::HttpRequest, name: &str) -> Option<String> {
    url::form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}
