//! `/v1/voicemail-sessions`: create, list, read and expire voicemail-greeting sessions.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use switchboard_domain::UserId;
use switchboard_domain::voicemail::{
    CreateSession, CreateSessionError, ExpiresIn, GreetingUrl, SessionError, SessionId,
    SessionStatus, VoicemailSession,
};
use time::OffsetDateTime;

use super::{invalid, optional};
use crate::auth::Authenticated;
use crate::body::JsonBody;
use crate::cursor::{self, ListQuery};
use crate::problem::ApiError;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CreateSessionBody {
    greeting_url: String,
    expires_in_minutes: Option<i64>,
    user_id: Option<String>,
}

/// A session as the API shows it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SessionBody {
    id: String,
    user_id: String,
    phone_number: String,
    greeting_url: String,
    status: &'static str,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    expires_at: OffsetDateTime,
}

impl SessionBody {
    fn new(s: VoicemailSession, now: OffsetDateTime) -> Self {
        Self {
            id: s.id.to_string(),
            status: match s.status_at(now) {
                SessionStatus::Active => "active",
                SessionStatus::Expired => "expired",
            },
            user_id: s.user_id.to_string(),
            phone_number: s.phone_number.to_string(),
            greeting_url: s.greeting_url.to_string(),
            created_at: s.created_at,
            expires_at: s.expires_at,
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SessionList {
    items: Vec<SessionBody>,
    next_cursor: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ListSessionsQuery {
    status: Option<String>,
    #[serde(flatten)]
    page: ListQuery,
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

pub(crate) async fn list(
    state: web::Data<AppState>,
    actor: Authenticated,
    query: web::Query<ListSessionsQuery>,
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
    let page = query.page.page(|key| SessionId::parse(key).is_ok())?;
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

pub(crate) async fn get(
    state: web::Data<AppState>,
    actor: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let session = state.sessions.get(&actor.0, session_id(&id)?).await?;
    Ok(HttpResponse::Ok().json(SessionBody::new(session, state.sessions.clock().now())))
}

#[tracing::instrument(skip_all, fields(user = %actor.0.user_id))]
pub(crate) async fn expire(
    state: web::Data<AppState>,
    actor: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let session = state.sessions.expire(&actor.0, session_id(&id)?).await?;
    Ok(HttpResponse::Ok().json(SessionBody::new(session, state.sessions.clock().now())))
}
