//! The control routes' handler: authenticates as the Twilio routes do, runs the shared
//! drivers and answers JSON.

use std::sync::Arc;

use actix_web::http::Method;
use actix_web::{HttpRequest, HttpResponse, web};

use super::script_params::call_script;
use super::{CompletedBody, DEFAULT_INBOUND_FROM, ErrorBody, PREFIX, ReplyBody, kind};
use crate::calls::ClientCallRequest;
use crate::error::SimError;
use crate::form::Params;
use crate::http::{authenticate, basic_credentials, error_response, status_code};
use crate::messages::InboundMessage;
use crate::state::Shared;

/// The longest talk time `Complete` takes: one day.
const MAX_DURATION_SECS: i64 = 86_400;

/// A control route.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ControlRoute {
    /// `/_sim/InboundCalls`.
    InboundCalls,
    /// `/_sim/InboundMessages`.
    InboundMessages,
    /// `/_sim/ClientCalls`.
    ClientCalls,
    /// `/_sim/Calls/{Sid}/Complete`.
    CompleteCall(String),
}

impl ControlRoute {
    fn parse(path: &str) -> Option<Self> {
        let rest = path.strip_prefix(PREFIX)?.strip_prefix('/')?;
        match rest.split('/').collect::<Vec<_>>().as_slice() {
            ["InboundCalls"] => Some(Self::InboundCalls),
            ["InboundMessages"] => Some(Self::InboundMessages),
            ["ClientCalls"] => Some(Self::ClientCalls),
            ["Calls", sid, "Complete"] if !sid.is_empty() => {
                Some(Self::CompleteCall((*sid).to_owned()))
            }
            _ => None,
        }
    }
}

/// A control error: status, [`kind`] and message.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Failure {
    status: u16,
    kind: &'static str,
    message: String,
}

impl Failure {
    fn new(status: u16, kind: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            kind,
            message: message.into(),
        }
    }

    fn invalid(message: impl Into<String>) -> Self {
        Self::new(400, kind::INVALID_REQUEST, message)
    }

    fn response(&self) -> HttpResponse {
        HttpResponse::build(status_code(self.status)).json(ErrorBody {
            status: self.status,
            error: self.kind.to_owned(),
            message: self.message.clone(),
        })
    }
}

/// The handler for every path under [`PREFIX`].
pub async fn handle(
    request: HttpRequest,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let shared: Arc<Shared> = shared.into_inner();
    let credentials = basic_credentials(&request);
    let authenticated = {
        let state = shared.lock();
        authenticate(&shared, &state, credentials.as_ref()).map(|_| ())
    };
    if let Err(error) = authenticated {
        tracing::info!(
            path = request.path(),
            "control request refused: bad credentials"
        );
        return error_response(&error);
    }
    let outcome = match ControlRoute::parse(request.path()) {
        None => Err(Failure::new(
            404,
            kind::NOT_FOUND,
            format!(
                "no control route {}: the stand-in serves POST {PREFIX}/InboundCalls, \
                 {PREFIX}/ClientCalls, {PREFIX}/InboundMessages and \
                 {PREFIX}/Calls/{{CallSid}}/Complete",
                request.path()
            ),
        )),
        Some(_) if request.method() != Method::POST => Err(Failure::new(
            405,
            kind::METHOD_NOT_ALLOWED,
            format!("{} takes POST, not {}", request.path(), request.method()),
        )),
        Some(route) => {
            let params = Params::new(switchboard_twilio::parse_form(&body));
            run(&shared, &route, &params).await
        }
    };
    match outcome {
        Ok(response) => response,
        Err(failure) => {
            tracing::info!(
                path = request.path(),
                status = failure.status,
                error = failure.kind,
                message = %failure.message,
                "control request failed"
            );
            failure.response()
        }
    }
}

/// Runs `route` with `params`.
async fn run(
    shared: &Shared,
    route: &ControlRoute,
    params: &Params,
) -> Result<HttpResponse, Failure> {
    match route {
        ControlRoute::InboundCalls => {
            let to = required(params, "To", "the account's number being called")?;
            let from = params.non_empty("From").unwrap_or(DEFAULT_INBOUND_FROM);
            let script = call_script(params).map_err(Failure::invalid)?;
            let outcome = shared
                .inbound_call(to, from, script)
                .await
                .map_err(|e| inbound_failure(shared, e, to, "voice"))?;
            tracing::info!(
                to,
                from,
                call_sid = ?outcome.first_reply.sid,
                app_status = outcome.first_reply.status,
                call_status = %outcome.transcript.status,
                "control: inbound call"
            );
            Ok(HttpResponse::Ok().json(
                ReplyBody::new(outcome.first_reply, true).with_transcript(outcome.transcript),
            ))
        }
        ControlRoute::ClientCalls => {
            let identity = params.non_empty("Identity").ok_or_else(|| {
                Failure::invalid("Identity is required: the browser client's identity")
            })?;
            let to = required(params, "To", "the number the browser dials")?;
            let caller_id = params.non_empty("CallerId");
            let record = params
                .bool("Record")
                .map_err(|e| Failure::invalid(e.message))?
                .unwrap_or(false);
            let request = ClientCallRequest {
                identity,
                to,
                caller_id,
                record,
            };
            let script = call_script(params).map_err(Failure::invalid)?;
            let outcome = shared
                .client_call(request, script)
                .await
                .map_err(|e| client_failure(shared, e))?;
            tracing::info!(
                identity,
                to,
                call_sid = ?outcome.first_reply.sid,
                app_status = outcome.first_reply.status,
                call_status = %outcome.transcript.status,
                "control: browser call"
            );
            Ok(HttpResponse::Ok().json(
                ReplyBody::new(outcome.first_reply, true).with_transcript(outcome.transcript),
            ))
        }
        ControlRoute::InboundMessages => {
            let to = required(params, "To", "the account's number being messaged")?;
            // The default sender is on the recipient's channel.
            let default_from = if to.starts_with("whatsapp:") {
                format!("whatsapp:{DEFAULT_INBOUND_FROM}")
            } else {
                DEFAULT_INBOUND_FROM.to_owned()
            };
            let from = params.non_empty("From").unwrap_or(&default_from);
            let body = params
                .get("Body")
                .ok_or_else(|| Failure::invalid("Body is required (it may be empty)"))?;
            let media = params.all("MediaUrl");
            let inbound = InboundMessage {
                to,
                from,
                body,
                media: &media,
            };
            let reply = shared
                .inbound_message(&inbound)
                .await
                .map_err(|e| inbound_failure(shared, e, to, "SMS"))?;
            tracing::info!(
                to,
                from,
                message_sid = ?reply.sid,
                media = media.len(),
                app_status = reply.status,
                "control: inbound message"
            );
            Ok(HttpResponse::Ok().json(ReplyBody::new(reply, false)))
        }
        ControlRoute::CompleteCall(sid) => {
            let duration = params
                .integer("Duration", 0, MAX_DURATION_SECS)
                .map_err(|e| Failure::invalid(e.message))?
                .map_or(Ok(0), u32::try_from)
                .map_err(|e| Failure::invalid(format!("Duration: {e}")))?;
            let deliveries = shared
                .complete_call(sid, duration)
                .await
                .map_err(|e| match e {
                    SimError::NotFound(_) => Failure::new(
                        404,
                        kind::UNKNOWN_CALL,
                        format!("there is no call {sid} on the stand-in"),
                    ),
                    SimError::InvalidTransition { from, .. } => Failure::new(
                        409,
                        kind::CALL_ENDED,
                        format!("call {sid} has already ended (it is {from})"),
                    ),
                    other => unexpected(&other),
                })?;
            tracing::info!(call_sid = %sid, duration, "control: call completed");
            Ok(HttpResponse::Ok().json(CompletedBody {
                call_sid: sid.clone(),
                call_status: "completed".to_owned(),
                duration,
                webhooks: deliveries,
            }))
        }
    }
}

/// The non-empty value of `name`, or a 400 saying what it is for.
fn required<'p>(params: &'p Params, name: &str, what: &str) -> Result<&'p str, Failure> {
    params
        .non_empty(name)
        .ok_or_else(|| Failure::invalid(format!("{name} is required: {what}, e.g. +14155550100")))
}

/// The control error for a failed inbound call or message to `to`; `traffic` is `voice` or
/// `SMS`.
fn inbound_failure(shared: &Shared, error: SimError, to: &str, traffic: &str) -> Failure {
    match error {
        SimError::InvalidArgument(message) => Failure::invalid(message),
        SimError::NotFound(_) => Failure::new(
            404,
            kind::UNKNOWN_NUMBER,
            format!(
                "{to} is not a number on account {}: buy it or add it to the stand-in first",
                shared.config.account_sid
            ),
        ),
        SimError::NoWebhook { number, which } => Failure::new(
            409,
            kind::NO_WEBHOOK,
            format!(
                "{number} has no {which}, so there is no app to send the {traffic} webhook to: \
                 set its {which} first"
            ),
        ),
        SimError::Webhook { url, reason } => Failure::new(
            502,
            kind::APP_UNREACHABLE,
            format!("the app did not answer the {traffic} webhook to {url}: {reason}"),
        ),
        other => unexpected(&other),
    }
}

/// The control error for a failed browser call.
fn client_failure(shared: &Shared, error: SimError) -> Failure {
    match error {
        SimError::InvalidArgument(message) => Failure::invalid(message),
        SimError::NoApplication => Failure::new(
            409,
            kind::NO_WEBHOOK,
            format!(
                "account {} has no TwiML App with a VoiceUrl, so there is no app to send the \
                 browser call's voice request to: create one first",
                shared.config.account_sid
            ),
        ),
        SimError::Webhook { url, reason } => Failure::new(
            502,
            kind::APP_UNREACHABLE,
            format!("the app did not answer the browser call's voice request to {url}: {reason}"),
        ),
        other => unexpected(&other),
    }
}

/// A 500 for an error the route cannot cause.
fn unexpected(error: &SimError) -> Failure {
    tracing::error!(%error, "control request hit an unexpected error");
    Failure::new(500, kind::INTERNAL, format!("the stand-in failed: {error}"))
}

#[cfg(test)]
mod tests {
    use super::ControlRoute;

    #[test]
    fn only_the_control_paths_are_routes() {
        assert_eq!(
            ControlRoute::parse("/_sim/InboundCalls"),
            Some(ControlRoute::InboundCalls)
        );
        assert_eq!(
            ControlRoute::parse("/_sim/InboundMessages"),
            Some(ControlRoute::InboundMessages)
        );
        assert_eq!(
            ControlRoute::parse("/_sim/ClientCalls"),
            Some(ControlRoute::ClientCalls)
        );
        assert_eq!(
            ControlRoute::parse("/_sim/Calls/CA1/Complete"),
            Some(ControlRoute::CompleteCall("CA1".into()))
        );
        for path in [
            "/_sim",
            "/_sim/",
            "/_sim/InboundCalls/",
            "/_sim/Calls//Complete",
            "/_sim/Calls/CA1",
            "/_simInboundCalls",
            "/2010-04-01/Accounts/AC1/Calls.json",
        ] {
            assert_eq!(ControlRoute::parse(path), None, "{path}");
        }
    }
}
