//! `/v1/numbers/{id}/auto-reply`: what a number answers inbound messages with.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use switchboard_domain::messages::AutoReply;

use crate::bearer::Authenticated;
use crate::body::JsonBody;
use crate::input::invalid;
use crate::openapi::{
    InvalidRequest, NotFound, PayloadTooLarge, StoreUnavailable, Unauthorized, UnsupportedMediaType,
};
use crate::problem::ApiError;
use crate::routes::numbers::number_id;
use crate::state::AppState;

/// A number's auto-reply.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = AutoReply)]
pub(crate) struct AutoReplyBody {
    /// Whether inbound messages are answered.
    enabled: bool,
    /// The answer (up to 1600 characters; empty only when disabled).
    #[schema(max_length = 1600, example = "Thanks! We will get back to you soon.")]
    body: String,
}

/// A number's auto-reply (disabled and empty before any is set).
#[utoipa::path(
    get, path = "/v1/numbers/{id}/auto-reply", operation_id = "getAutoReply", tag = "messages",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The number's id")),
    responses(
        (status = 200, description = "The auto-reply", body = AutoReplyBody),
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
    let reply = state.messages.auto_reply(&actor.0, number_id(&id)?).await?;
    Ok(HttpResponse::Ok().json(AutoReplyBody {
        enabled: reply.enabled,
        body: reply.body,
    }))
}

/// Sets a number's auto-reply.
#[utoipa::path(
    put, path = "/v1/numbers/{id}/auto-reply", operation_id = "putAutoReply", tag = "messages",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The number's id")),
    request_body = AutoReplyBody,
    responses(
        (status = 200, description = "The auto-reply", body = AutoReplyBody),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn put(
    state: web::Data<AppState>,
    actor: Authenticated,
    id: web::Path<String>,
    JsonBody(body): JsonBody<AutoReplyBody>,
) -> Result<HttpResponse, ApiError> {
    let number = number_id(&id)?;
    if body.body.chars().count() > 1600 {
        return Err(invalid("body", "must be at most 1600 characters"));
    }
    if body.enabled && body.body.trim().is_empty() {
        return Err(invalid("body", "must not be blank when enabled"));
    }
    let reply = state
        .messages
        .put_auto_reply(
            &actor.0,
            number,
            AutoReply {
                enabled: body.enabled,
                body: body.body,
            },
        )
        .await?;
    Ok(HttpResponse::Ok().json(AutoReplyBody {
        enabled: reply.enabled,
        body: reply.body,
    }))
}
