//! `GET /v1/calls`, `GET /v1/calls/{callSid}` and `GET /v1/calls/stats`: the call log.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use switchboard_domain::PhoneNumber;
use switchboard_domain::calls::{
    CallDirection, CallId, CallLogStatus, CallQuery, ListCalls, StatusFilter,
};
use switchboard_domain::sid::CallSid;

use super::body::{CallBody, CallList, StatsBody};
use crate::bearer::Authenticated;
use crate::cursor;
use crate::input::{Query, instant, optional, parse_user};
use crate::openapi::{Forbidden, InvalidRequest, NotFound, StoreUnavailable, Unauthorized};
use crate::problem::ApiError;
use crate::state::AppState;

/// A call SID from a path; malformed ones are unknown calls (404).
pub(crate) fn call_sid(raw: &str) -> Result<CallSid, ApiError> {
    CallSid::parse(raw).map_err(|_| ApiError::NotFound("no such call"))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListCallsQuery {
    /// One status, or `active` for any status that is not terminal.
    #[param(
        pattern = "^(active|queued|initiated|ringing|in-progress|completed|busy|no-answer|failed|canceled)$"
    )]
    status: Option<String>,
    /// `inbound`, `outbound-api` or `outbound-browser`.
    #[param(pattern = "^(inbound|outbound-api|outbound-browser)$")]
    direction: Option<String>,
    /// Only calls from or to this E.164 number.
    #[param(pattern = r"^\+[1-9][0-9]{1,14}$")]
    number: Option<String>,
    /// Only calls created at or after this RFC 3339 instant.
    #[param(format = DateTime)]
    since: Option<String>,
    /// Only calls created before this RFC 3339 instant.
    #[param(format = DateTime)]
    until: Option<String>,
    /// Admins only: another user's calls.
    #[param(
        min_length = 1,
        max_length = 128,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]+$"
    )]
    user_id: Option<String>,
    /// Items per page.
    #[param(value_type = Option<u16>, minimum = 1, maximum = 200, default = 50)]
    limit: Option<String>,
    /// The `nextCursor` of the previous page (opaque).
    #[param(pattern = r"^[A-Za-z0-9_-]*$")]
    cursor: Option<String>,
}

/// The caller's calls, newest first.
#[utoipa::path(
    get, path = "/v1/calls", operation_id = "listCalls", tag = "calls",
    security(("bearer" = [])),
    params(ListCallsQuery),
    responses(
        (status = 200, description = "A page of calls", body = CallList),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn list(
    state: web::Data<AppState>,
    actor: Authenticated,
    Query(q): Query<ListCallsQuery>,
) -> Result<HttpResponse, ApiError> {
    let status = optional("status", q.status.as_deref(), |s| match s {
        "active" => Ok(StatusFilter::Active),
        other => CallLogStatus::parse(other)
            .map(StatusFilter::Is)
            .ok_or("must be active or a call status"),
    })?;
    let direction = optional("direction", q.direction.as_deref(), |d| {
        CallDirection::parse(d).ok_or("must be inbound, outbound-api or outbound-browser")
    })?;
    let query = CallQuery {
        owner: None,
        status,
        direction,
        number: optional("number", q.number.as_deref(), PhoneNumber::parse)?,
        since: instant("since", q.since.as_deref())?,
        until: instant("until", q.until.as_deref())?,
        page: cursor::page(q.limit.as_deref(), q.cursor.as_deref(), |key| {
            CallId::parse(key).is_some()
        })?,
    };
    let list = ListCalls {
        user: parse_user("userId", q.user_id.as_deref())?,
        query,
    };
    let page = state.calls.list(&actor.0, list).await?;
    Ok(HttpResponse::Ok().json(CallList {
        items: page.items.into_iter().map(CallBody::from).collect(),
        next_cursor: page.next.as_ref().map(cursor::encode),
    }))
}

/// One of the caller's calls.
#[utoipa::path(
    get, path = "/v1/calls/{callSid}", operation_id = "getCall", tag = "calls",
    security(("bearer" = [])),
    params(("callSid" = String, Path, description = "The call's SID")),
    responses(
        (status = 200, description = "The call", body = CallBody),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn get(
    state: web::Data<AppState>,
    actor: Authenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let call = state.calls.call(&actor.0, &call_sid(&path)?).await?;
    Ok(HttpResponse::Ok().json(CallBody::from(call)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct StatsQuery {
    /// Only calls created at or after this RFC 3339 instant.
    #[param(format = DateTime)]
    since: Option<String>,
    /// Only calls created before this RFC 3339 instant.
    #[param(format = DateTime)]
    until: Option<String>,
    /// Admins only: another user's calls.
    #[param(
        min_length = 1,
        max_length = 128,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]+$"
    )]
    user_id: Option<String>,
}

/// Counts over the caller's calls, from the store (the same whichever replica answers).
#[utoipa::path(
    get, path = "/v1/calls/stats", operation_id = "callStats", tag = "calls",
    security(("bearer" = [])),
    params(StatsQuery),
    responses(
        (status = 200, description = "The counts", body = StatsBody),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn stats(
    state: web::Data<AppState>,
    actor: Authenticated,
    Query(q): Query<StatsQuery>,
) -> Result<HttpResponse, ApiError> {
    let stats = state
        .calls
        .stats(
            &actor.0,
            parse_user("userId", q.user_id.as_deref())?,
            instant("since", q.since.as_deref())?,
            instant("until", q.until.as_deref())?,
        )
        .await?;
    Ok(HttpResponse::Ok().json(StatsBody::from(stats)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_sids_are_unknown_calls() {
        assert!(matches!(call_sid("CA1"), Err(ApiError::NotFound(_))));
        assert!(call_sid("CA0123456789abcdef0123456789abcdef").is_ok());
        assert!(instant("since", Some("yesterday")).is_err());
        assert!(
            instant("since", Some("2026-12-03T10:00:00Z"))
                .expect("valid")
                .is_some()
        );
    }
}
