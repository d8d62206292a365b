//! The mail-send route and everything else outside the control API: the key is checked,
//! then planned faults apply, then the body is read (413 past the limit), parsed, checked
//! against the schema and SendGrid's other rules (400 naming each field), and accepted
//! (202 with `X-Message-Id`, or 200 in sandbox mode, which keeps nothing). Every request is
//! recorded.

use actix_web::http::Method;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::faults::Fault;
use crate::http::{error_response, general, unauthorized};
use crate::outbox::OutboxEmail;
use crate::rules;
use crate::spec::Violation;
use crate::state::{RecordedRequest, Shared};

/// The one path the stand-in serves.
pub(crate) const MAIL_SEND_PATH: &str = "/v3/mail/send";
/// The header an accepted send is named by.
pub(crate) const MESSAGE_ID_HEADER: &str = "X-Message-Id";

/// The handler behind every path outside `/_sim`.
pub(crate) async fn handle(
    request: HttpRequest,
    payload: web::Payload,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let method = request.method().as_str().to_owned();
    let path = request.path().to_owned();
    let record = |status: u16, body: Option<Value>, violations: Vec<Violation>| {
        shared.lock().requests.push(RecordedRequest {
            method: method.clone(),
            path: path.clone(),
            status,
            body,
            violations,
        });
    };
    if let Some(refusal) = unauthorized(&request, &shared.config.api_key) {
        record(401, None, Vec::new());
        return error_response(401, &[refusal]);
    }
    if path != MAIL_SEND_PATH {
        record(404, None, Vec::new());
        return error_response(404, &[general("not found")]);
    }
    if request.method() != Method::POST {
        record(405, None, Vec::new());
        return error_response(405, &[general("method not allowed")]);
    }
    let fault = shared.lock().faults.take();
    if let Some(fault) = fault {
        let (status, response) = faulted(fault);
        record(status, None, Vec::new());
        return response;
    }
    let bytes = match payload.to_bytes_limited(shared.config.max_body_bytes).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => {
            record(400, None, Vec::new());
            return error_response(400, &[general("The request body could not be read.")]);
        }
        Err(_) => {
            record(413, None, Vec::new());
            return error_response(413, &[general("content too large")]);
        }
    };
    let Ok(body) = serde_json::from_slice::<Value>(&bytes) else {
        record(400, None, Vec::new());
        return error_response(400, &[general("The request body is not valid JSON.")]);
    };
    let mut violations = shared.spec.check_request(&body);
    violations.extend(rules::check(&body, rules::unix_now()));
    if !violations.is_empty() {
        tracing::debug!(
            violations = violations.len(),
            "SendGrid stand-in refused a mail send"
        );
        let response = error_response(400, &violations);
        record(400, Some(body), violations);
        return response;
    }
    accept(&shared, body, &method, &path)
}

/// Keeps an accepted send (unless in sandbox mode) and answers it.
fn accept(shared: &Shared, body: Value, method: &str, path: &str) -> HttpResponse {
    let sandbox = body
        .pointer("/mail_settings/sandbox_mode/enable")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let status = if sandbox { 200 } else { 202 };
    let mut state = shared.lock();
    let message_id = state.next_message_id(shared.config.seed);
    state.requests.push(RecordedRequest {
        method: method.to_owned(),
        path: path.to_owned(),
        status,
        body: Some(body.clone()),
        violations: Vec::new(),
    });
    if !sandbox {
        let accepted_at = OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .unwrap_or_default();
        state
            .outbox
            .push(OutboxEmail::read(message_id.clone(), accepted_at, body));
    }
    drop(state);
    tracing::info!(message_id = %message_id, sandbox, "SendGrid stand-in accepted a mail send");
    let mut response = if sandbox {
        HttpResponse::Ok()
    } else {
        HttpResponse::Accepted()
    };
    response
        .insert_header((MESSAGE_ID_HEADER, message_id))
        .finish()
}

/// The status and answer of an injected fault.
fn faulted(fault: Fault) -> (u16, HttpResponse) {
    match fault {
        Fault::RateLimited { retry_after_secs } => {
            let mut response = error_response(429, &[general("too many requests")]);
            if let Some(secs) = retry_after_secs
                && let Ok(value) = secs.to_string().parse()
            {
                response
                    .headers_mut()
                    .insert(actix_web::http::header::RETRY_AFTER, value);
            }
            (429, response)
        }
        Fault::ServerError => (
            500,
            error_response(500, &[general("internal server error")]),
        ),
        Fault::BadRequest { message, field } => {
            (400, error_response(400, &[Violation { field, message }]))
        }
    }
}
