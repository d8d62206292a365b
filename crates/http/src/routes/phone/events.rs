//! `GET /v1/phone/events`: the long poll a console tab listens on.

use std::time::Duration;

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{identity, local_phone};
use crate::bearer::Authenticated;
use crate::input::{Query, optional};
use crate::local_phone::PhoneEvent;
use crate::openapi::{InvalidRequest, ProblemBody, Unauthorized, Unavailable};
use crate::problem::ApiError;
use crate::state::AppState;

/// The longest a poll waits, in seconds.
const LONGEST_WAIT: u64 = 20;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct EventsQuery {
    /// The `next` of the previous answer; without it, the answer is at once, empty, and
    /// gives the current position.
    #[param(value_type = Option<i64>, minimum = 0)]
    after: Option<String>,
    /// Seconds to wait for an event.
    #[param(value_type = Option<u32>, minimum = 0, maximum = 20, default = 20)]
    wait: Option<String>,
}

/// What a poll answers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PhoneEvents)]
pub(crate) struct EventsBody {
    /// The caller's events after `after`, oldest first.
    events: Vec<PhoneEvent>,
    /// The `after` of the next poll.
    next: u64,
}

/// Waits for the caller's browser phone events: calls ringing it and calls changing state.
/// Every tab of the user hears every event.
#[utoipa::path(
    get, path = "/v1/phone/events", operation_id = "phoneEvents", tag = "phone",
    security(("bearer" = [])),
    params(EventsQuery),
    responses(
        (status = 200, description = "The events (none when the wait ran out)", body = EventsBody),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 409, description = "`local_phone_unavailable`: this deployment uses the Voice SDK", body = ProblemBody, content_type = "application/problem+json"),
        (status = 503, response = Unavailable),
    ),
)]
pub(crate) async fn events(
    state: web::Data<AppState>,
    actor: Authenticated,
    Query(q): Query<EventsQuery>,
) -> Result<HttpResponse, ApiError> {
    let after = optional("after", q.after.as_deref(), |raw| {
        raw.parse::<i64>()
            .ok()
            .and_then(|n| u64::try_from(n).ok())
            .ok_or("must be a whole number from 0 to 9223372036854775807")
    })?;
    let wait = optional("wait", q.wait.as_deref(), |raw| {
        raw.parse::<u64>()
            .ok()
            .filter(|w| *w <= LONGEST_WAIT)
            .ok_or("must be a whole number of seconds from 0 to 20")
    })?
    .unwrap_or(LONGEST_WAIT);
    let phone = local_phone(&state)?.clone();
    let identity = identity(&state, &actor).await?;
    let (events, next) = phone
        .events(&identity, after, Duration::from_secs(wait))
        .await;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(EventsBody { events, next }))
}
