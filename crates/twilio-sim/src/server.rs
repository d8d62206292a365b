//! The HTTP side: every request outside the control API (`/_sim`, see the `control` module)
//! goes through one handler that applies faults, checks credentials, routes, answers as
//! Twilio would, checks the exchange against the spec and records it.

use std::sync::Arc;

use actix_web::http::header::{ACCEPT_RANGES, CONTENT_RANGE, CONTENT_TYPE, HeaderValue, RANGE};
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::Value;

use crate::byte_range::{Selection, select};
use crate::error::TwilioError;
use crate::form::Params;
use crate::http::{Principal, authenticate, basic_credentials, error_response, status_code};
use crate::inventory::SearchQuery;
use crate::routes::Route;
use crate::state::{ApiKeyKind, RecordedRequest, Shared, SimState};
use crate::webhooks::Callback;
use crate::{accounts, applications, calls, lists, messages, numbers, recordings};

/// What a request is answered with.
enum Reply {
    /// A JSON body (or none, for 204).
    Json(u16, Value),
    /// Recording media.
    Audio(&'static str, Vec<u8>),
}

/// The one handler behind every Twilio path.
pub async fn handle(
    request: HttpRequest,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let shared: Arc<Shared> = shared.into_inner();
    let method = request.method().as_str().to_ascii_uppercase();
    let path = request.path().to_owned();
    let params = Params::new(if method == "POST" {
        switchboard_twilio::parse_form(&body)
    } else {
        switchboard_twilio::parse_form(request.query_string().as_bytes())
    });
    let credentials = basic_credentials(&request);
    let range = request
        .headers()
        .get(RANGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let route = Route::parse(&path);
    let checked = !route.as_ref().is_some_and(Route::is_media);
    let request_violations = if checked {
        shared.spec.check_request(&method, &path, params.pairs())
    } else {
        Vec::new()
    };

    let delay = {
        let mut state = shared.lock();
        state
            .violations
            .extend(request_violations.iter().map(|v| format!("request: {v}")));
        state.faults.take_delay(&path)
    };
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }

    let (outcome, callbacks, late) = {
        let mut state = shared.lock();
        let late = state.faults.take_late(&path);
        let outcome = process(
            &shared,
            &mut state,
            &method,
            &path,
            route.as_ref(),
            &params,
            credentials.as_ref(),
        );
        let status = match &outcome {
            Ok((Reply::Json(status, _), _)) => *status,
            Ok((Reply::Audio(_, bytes), _)) => select(range.as_deref(), bytes.len()).status(),
            Err(error) => error.status,
        };
        if checked {
            let error_body;
            let body = match &outcome {
                Ok((Reply::Json(_, body), _)) => body,
                Ok((Reply::Audio(..), _)) => &Value::Null,
                Err(error) => {
                    error_body = error.body();
                    &error_body
                }
            };
            let found = shared.spec.check_response(&method, &path, status, body);
            state
                .violations
                .extend(found.iter().map(|v| format!("response: {v}")));
        }
        state.requests.push(RecordedRequest {
            method: method.clone(),
            path: path.clone(),
            params: params.pairs().to_vec(),
            status,
            username: credentials.as_ref().map(|(user, _)| user.clone()),
        });
        match outcome {
            Ok((reply, callbacks)) => (Ok(reply), callbacks, late),
            Err(error) => (Err(error), Vec::new(), late),
        }
    };

    if let (Some(plan), Some(Route::Calls(_)), Ok(Reply::Json(201, body))) =
        (shared.config.autopilot, route.as_ref(), &outcome)
        && let Some(sid) = body["sid"].as_str()
    {
        crate::autopilot::start_autopilot(&shared, sid, plan);
    }
    if let (Some(plan), Some(Route::Messages(_)), Ok(Reply::Json(201, body))) = (
        shared.config.message_autopilot.as_ref(),
        route.as_ref(),
        &outcome,
    ) && let Some(sid) = body["sid"].as_str()
    {
        messages::start_autopilot(&shared, sid, plan);
    }
    if !callbacks.is_empty() {
        let deliverer = Arc::clone(&shared);
        actix_web::rt::spawn(async move {
            deliverer.deliver_all(callbacks).await;
        });
    }
    if let Some(late) = late {
        // Handled and recorded: only the answer waits.
        tokio::time::sleep(late).await;
    }

    match outcome {
        Ok(Reply::Json(204, _)) => HttpResponse::NoContent().finish(),
        Ok(Reply::Json(status, body)) => HttpResponse::build(status_code(status))
            .content_type("application/json")
            .body(body.to_string()),
        Ok(Reply::Audio(content_type, bytes)) => {
            audio_response(content_type, bytes, range.as_deref())
        }
        Err(error) => error_response(&error),
    }
}

/// Recording media: the whole file (200), the `Range` asked for (206, `Content-Range`), or
/// 416 with `Content-Range: bytes */LEN` for a range past the end; always
/// `Accept-Ranges: bytes`.
fn audio_response(content_type: &'static str, bytes: Vec<u8>, range: Option<&str>) -> HttpResponse {
    let len = bytes.len();
    let selection = select(range, len);
    let mut response = HttpResponse::build(status_code(selection.status()));
    response.insert_header((ACCEPT_RANGES, HeaderValue::from_static("bytes")));
    match selection {
        Selection::Whole => response
            .insert_header((CONTENT_TYPE, HeaderValue::from_static(content_type)))
            .body(bytes),
        Selection::Part { start, end } => response
            .insert_header((CONTENT_TYPE, HeaderValue::from_static(content_type)))
            .insert_header((CONTENT_RANGE, format!("bytes {start}-{end}/{len}")))
            .body(bytes[start..=end].to_vec()),
        Selection::Unsatisfiable => response
            .insert_header((CONTENT_RANGE, format!("bytes */{len}")))
            .finish(),
    }
}

type Outcome = Result<(Reply, Vec<Callback>), TwilioError>;

/// Answers one request; runs with the state locked and never awaits.
fn process(
    shared: &Shared,
    state: &mut SimState,
    method: &str,
    path: &str,
    route: Option<&Route>,
    params: &Params,
    credentials: Option<&(String, String)>,
) -> Outcome {
    if state.faults.is_unavailable() {
        return Err(TwilioError::unavailable());
    }
    if let Some(error) = state.faults.take_failure(path) {
        return Err(error);
    }
    let open_media =
        route.is_some_and(Route::is_media) && !shared.config.recording_media_requires_auth;
    let principal = if open_media {
        Principal::Anonymous
    } else {
        authenticate(shared, state, credentials)?
    };
    let route = route.ok_or_else(|| TwilioError::not_found(path))?;
    // Credentials for one account never reach another's resources: Twilio answers 404.
    if route.account() != shared.config.account_sid {
        return Err(TwilioError::not_found(path));
    }
    let json = |result: Result<(u16, Value), TwilioError>| -> Outcome {
        result.map(|(status, body)| (Reply::Json(status, body), Vec::new()))
    };
    match (route, method) {
        (Route::Account(_), "GET") => {
            if principal == Principal::Key(ApiKeyKind::Standard) {
                // Standard keys cannot use the Accounts resource; a Main key or the account's
                // own credentials are needed.
                return Err(TwilioError::authenticate());
            }
            json(Ok((200, accounts::to_json(shared))))
        }
        (
            Route::AvailableNumbers {
                country,
                number_type,
                ..
            },
            "GET",
        ) => {
            let country = country.to_ascii_uppercase();
            if !shared.inventory.knows_country(&country) {
                return Err(TwilioError::not_found(path));
            }
            let query = SearchQuery::from_params(&country, *number_type, params)?;
            let found: Vec<Value> = shared
                .inventory
                .search(&query, |n| state.owns(n))
                .into_iter()
                .map(|n| n.to_json(state.key_case))
                .collect();
            json(Ok((
                200,
                serde_json::json!({"available_phone_numbers": found, "uri": path}),
            )))
        }
        (Route::IncomingNumbers(_), "GET") => json(numbers::list(shared, state, path, params)),
        (Route::IncomingNumbers(_), "POST") => json(numbers::create(shared, state, params)),
        (Route::IncomingNumber(_, sid), "GET") => json(numbers::fetch(shared, state, sid, path)),
        (Route::IncomingNumber(_, sid), "POST") => {
            json(numbers::update(shared, state, sid, path, params))
        }
        (Route::IncomingNumber(_, sid), "DELETE") => json(numbers::delete(state, sid, path)),
        (Route::Applications(_), "GET") => json(applications::list(shared, state, path, params)),
        (Route::Applications(_), "POST") => json(applications::create(shared, state, params)),
        (Route::Application(_, sid), "GET") => json(applications::fetch(shared, state, sid, path)),
        (Route::Application(_, sid), "POST") => {
            json(applications::update(shared, state, sid, path, params))
        }
        (Route::Application(_, sid), "DELETE") => json(applications::delete(state, sid, path)),
        (Route::Calls(_), "POST") => json(calls::create(shared, state, params)),
        (Route::Calls(_), "GET") => json(lists::calls(shared, state, path, params)),
        (Route::Call(_, sid), "GET") => json(calls::fetch(shared, state, sid, path)),
        (Route::Call(_, sid), "POST") => calls::update(shared, state, sid, path, params)
            .map(|(status, body, callbacks)| (Reply::Json(status, body), callbacks)),
        (Route::Recording(_, sid), "GET") => {
            let include_deleted = params.bool("IncludeSoftDeleted")?.unwrap_or(false);
            json(recordings::fetch(shared, state, sid, path, include_deleted))
        }
        (Route::Recording(_, sid), "DELETE") => json(recordings::delete(state, sid, path)),
        (Route::RecordingMedia(_, sid, format), "GET") => {
            let (content_type, bytes) = recordings::media(state, sid, path, *format)?;
            Ok((Reply::Audio(content_type, bytes), Vec::new()))
        }
        (Route::Messages(_), "POST") => json(messages::create(shared, state, params)),
        (Route::Messages(_), "GET") => json(lists::messages(shared, state, path, params)),
        (Route::Message(_, sid), "GET") => json(messages::fetch(shared, state, sid, path)),
        _ => Err(TwilioError::method_not_allowed()),
    }
}
