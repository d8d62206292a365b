//! `/v1/voicemail-sessions`: create, list, read and expire voicemail-greeting sessions.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use switchboard_domain::UserId;
use switchboard_domain::voicemail::{
    CreateSession, CreateSessionError, ExpiresIn, GreetingUrl, SessionError, SessionId,
    SessionStatus, VoicemailSession,
};
use time::OffsetDateTime;

use crate::bearer::Authenticated;
use crate::body::JsonBody;
use crate::cursor;
use crate::input::{Query, invalid, optional};
use crate::openapi::{
    InvalidRequest, NotFound, PayloadTooLarge, ProblemBody, RateLimited, StoreUnavailable,
    Unauthorized, UnsupportedMediaType,
};
use crate::problem::ApiError;
use crate::state::AppState;

/// A new voicemail-greeting session.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = CreateSessionRequest)]
pub(crate) struct CreateSessionBody {
    /// What callers to the session's number hear: an absolute http(s) URL.
    #[schema(
        format = "uri",
        max_length = 2048,
        example = "https://example.com/greeting.mp3"
    )]
    greeting_url: String,
    /// Minutes until the session expires and its number is free again.
    #[schema(minimum = 1, maximum = 1440, default = 30)]
    #[serde(default, deserialize_with = "crate::input::whole_number")]
    expires_in_minutes: Option<i64>,
    /// Admins only: the user the session is for (default: the caller).
    #[schema(
        min_length = 1,
        max_length = 128,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]+$"
    )]
    user_id: Option<String>,
}

/// Whether a session's number still plays its greeting.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum SessionStatusBody {
    /// Until `expiresAt`.
    Active,
    /// Expired, or expired early; the number is free again.
    Expired,
}

/// A voicemail-greeting session: a pool number leased until `expiresAt`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Session)]
pub(crate) struct SessionBody {
    /// The session's id (a UUID).
    #[schema(format = Uuid)]
    id: String,
    /// The user the session is for.
    user_id: String,
    /// The pool number leased to the session, E.164.
    #[schema(example = "+14155550100")]
    phone_number: String,
    /// What callers hear.
    #[schema(format = "uri")]
    greeting_url: String,
    status: SessionStatusBody,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    /// When the session expires; the expiry time when it was expired early.
    #[serde(with = "time::serde::rfc3339")]
    expires_at: OffsetDateTime,
}

impl SessionBody {
    fn new(s: VoicemailSession, now: OffsetDateTime) -> Self {
        Self {
            id: s.id.to_string(),
            status: match s.status_at(now) {
                SessionStatus::Active => SessionStatusBody::Active,
                SessionStatus::Expired => SessionStatusBody::Expired,
            },
            user_id: s.user_id.to_string(),
            phone_number: s.phone_number.to_string(),
            greeting_url: s.greeting_url.to_string(),
            created_at: s.created_at,
            expires_at: s.expires_at,
        }
    }
}

/// A page of the caller's sessions, newest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = SessionList)]
pub(crate) struct SessionList {
    items: Vec<SessionBody>,
    /// The `cursor` of the next page; `null` on the last.
    next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListSessionsQuery {
    /// Only sessions with this status.
    #[param(value_type = Option<SessionStatusBody>)]
    status: Option<String>,
    /// Items per page.
    #[param(value_type = Option<u16>, minimum = 1, maximum = 200, default = 50)]
    limit: Option<String>,
    /// The `nextCursor` of the previous page (opaque).
    #[param(pattern = r"^[A-Za-z0-9_-]*$")]
    cursor: Option<String>,
}

impl From<CreateSessionError> for ApiError {
    fn from(e: CreateSessionError) -> Self {
        match e {
            CreateSessionError::Forbidden => {
                Self::Forbidden("only admins may create sessions for other users")
            }
            CreateSessionError::RateLimited { retry_after } => Self::rate_limited(retry_after),
            CreateSessionError::PoolExhausted => Self::Conflict {
                code: "pool_exhausted",
                detail: "every pool number is leased; try again when a session ends".into(),
            },
            CreateSessionError::Store(e) => Self::StoreUnavailable(e),
        }
    }
}

impl From<SessionError> for ApiError {
    fn from(e: SessionError) -> Self {
        match e {
            SessionError::NotFound => Self::NotFound("no such session"),
            SessionError::Store(e) => Self::StoreUnavailable(e),
        }
    }
}

fn session_id(raw: &str) -> Result<SessionId, ApiError> {
    SessionId::parse(raw).map_err(|_| ApiError::NotFound("no such session"))
}

/// Leases a free pool number to a new session.
#[utoipa::path(
    post, path = "/v1/voicemail-sessions", operation_id = "createSession", tag = "voicemail sessions",
    security(("bearer" = [])),
    request_body = CreateSessionBody,
    responses(
        (status = 201, description = "The session", body = SessionBody),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 403, description = "`forbidden`: only admins may create sessions for other users", body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "`pool_exhausted`: every pool number is leased", body = ProblemBody, content_type = "application/problem+json"),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 429, response = RateLimited),
        (status = 503, response = StoreUnavailable),
    ),
)]
#[tracing::instrument(skip_all, fields(user = %actor.0.user_id))]
pub(crate) async fn create(
    state: web::Data<AppState>,
    actor: Authenticated,
    JsonBody(body): JsonBody<CreateSessionBody>,
) -> Result<HttpResponse, ApiError> {
    let greeting_url =
        GreetingUrl::parse(&body.greeting_url).map_err(|e| invalid("greetingUrl", e))?;
    let expires_in = body
        .expires_in_minutes
        .map(ExpiresIn::minutes)
        .transpose()
        .map_err(|e| invalid("expiresInMinutes", e))?
        .unwrap_or(ExpiresIn::DEFAULT);
    let on_behalf_of = optional("userId", body.user_id.as_deref(), UserId::parse)?;
    let request = CreateSession {
        greeting_url,
        expires_in,
        on_behalf_of,
    };
    let session = state.sessions.create(&actor.0, request).await?;
    let now = state.sessions.clock().now();
    Ok(HttpResponse::Created().json(SessionBody::new(session, now)))
}

/// The caller's sessions, newest first.
#[utoipa::path(
    get, path = "/v1/voicemail-sessions", operation_id = "listSessions", tag = "voicemail sessions",
    security(("bearer" = [])),
    params(ListSessionsQuery),
    responses(
        (status = 200, description = "A page of sessions", body = SessionList),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn list(
    state: web::Data<AppState>,
    actor: Authenticated,
    Query(query): Query<ListSessionsQuery>,
) -> Result<HttpResponse, ApiError> {
    let status = match query.status.as_deref() {
        None => None,
        Some("active") => Some(SessionStatus::Active),
        Some("expired") => Some(SessionStatus::Expired),
        Some(_) => {
            return Err(ApiError::InvalidRequest(
                "status: must be active or expired".into(),
            ));
        }
    };
    let page = cursor::page(query.limit.as_deref(), query.cursor.as_deref(), |key| {
        SessionId::parse(key).is_ok()
    })?;
    let listed = state.sessions.list(&actor.0, status, page).await?;
    let now = state.sessions.clock().now();
    Ok(HttpResponse::Ok().json(SessionList {
        items: listed
            .items
            .into_iter()
            .map(|s| SessionBody::new(s, now))
            .collect(),
        next_cursor: listed.next.as_ref().map(cursor::encode),
    }))
}

/// One of the caller's sessions.
#[utoipa::path(
    get, path = "/v1/voicemail-sessions/{id}", operation_id = "getSession", tag = "voicemail sessions",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The session's id")),
    responses(
        (status = 200, description = "The session", body = SessionBody),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn get(
    state: web::Data<AppState>,
    actor: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let session = state.sessions.get(&actor.0, session_id(&id)?).await?;
    Ok(HttpResponse::Ok().json(SessionBody::new(session, state.sessions.clock().now())))
}

/// Ends a session now (idempotent): its number is free at once.
#[utoipa::path(
    post, path = "/v1/voicemail-sessions/{id}/expire", operation_id = "expireSession", tag = "voicemail sessions",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The session's id")),
    responses(
        (status = 200, description = "The session, expired", body = SessionBody),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 503, response = StoreUnavailable),
    ),
)]
#[tracing::instrument(skip_all, fields(user = %actor.0.user_id))]
pub(crate) async fn expire(
    state: web::Data<AppState>,
    actor: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let session = state.sessions.expire(&actor.0, session_id(&id)?).await?;
    Ok(HttpResponse::Ok().json(SessionBody::new(session, state.sessions.clock().now())))
}
