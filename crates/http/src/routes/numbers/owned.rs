//! `/v1/numbers` and `/v1/numbers/{id}`: list, read, change and release the numbers a
//! user owns.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use switchboard_domain::numbers::{FriendlyName, ListNumbers, NumberChanges, OwnedNumberId};

use super::body::{NumberBody, NumberList, number_id, one_with_usage, with_usage};
use crate::bearer::Authenticated;
use crate::body::JsonBody;
use crate::cursor;
use crate::input::parse_user;
use crate::input::{Query, optional, parse_bool};
use crate::openapi::{
    Forbidden, InvalidRequest, NotFound, PayloadTooLarge, ProblemBody, StoreUnavailable,
    TwilioFailed, Unauthorized, Unavailable, UnsupportedMediaType,
};
use crate::problem::ApiError;
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListNumbersQuery {
    /// Only active (`true`) or inactive (`false`) numbers.
    #[param(value_type = Option<bool>)]
    active: Option<String>,
    /// Admins only: another user's numbers.
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

/// The caller's numbers, newest first, released ones included.
#[utoipa::path(
    get, path = "/v1/numbers", operation_id = "listNumbers", tag = "numbers",
    security(("bearer" = [])),
    params(ListNumbersQuery),
    responses(
        (status = 200, description = "A page of numbers", body = NumberList),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn list(
    state: web::Data<AppState>,
    actor: Authenticated,
    Query(query): Query<ListNumbersQuery>,
) -> Result<HttpResponse, ApiError> {
    let request = ListNumbers {
        user: parse_user("userId", query.user_id.as_deref())?,
        active: parse_bool("active", query.active.as_deref())?,
        page: cursor::page(query.limit.as_deref(), query.cursor.as_deref(), |key| {
            OwnedNumberId::parse(key).is_some()
        })?,
    };
    let page = state.numbers.list(&actor.0, request).await?;
    Ok(HttpResponse::Ok().json(NumberList {
        items: with_usage(&state, page.items).await?,
        next_cursor: page.next.as_ref().map(cursor::encode),
    }))
}

/// One of the caller's numbers.
#[utoipa::path(
    get, path = "/v1/numbers/{id}", operation_id = "getNumber", tag = "numbers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The number's id")),
    responses(
        (status = 200, description = "The number", body = NumberBody),
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
    let number = state.numbers.get(&actor.0, number_id(&id)?).await?;
    Ok(HttpResponse::Ok().json(one_with_usage(&state, number).await?))
}

/// What to change of a number: at least one field.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = NumberChanges, min_properties = 1)]
pub(crate) struct PatchBody {
    /// A name to show for the number (1 to 64 characters).
    #[schema(
        min_length = 1,
        max_length = 64,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    friendly_name: Option<String>,
    /// Whether it takes calls and messages.
    active: Option<bool>,
}

/// Renames a number or turns it on or off.
#[utoipa::path(
    patch, path = "/v1/numbers/{id}", operation_id = "updateNumber", tag = "numbers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The number's id")),
    request_body = PatchBody,
    responses(
        (status = 200, description = "The number, changed", body = NumberBody),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 409, description = "`number_released`: the number was released and can no longer be changed", body = ProblemBody, content_type = "application/problem+json"),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 502, response = TwilioFailed),
        (status = 503, response = Unavailable),
    ),
)]
#[tracing::instrument(skip_all, fields(user = %actor.0.user_id))]
pub(crate) async fn update(
    state: web::Data<AppState>,
    actor: Authenticated,
    id: web::Path<String>,
    JsonBody(body): JsonBody<PatchBody>,
) -> Result<HttpResponse, ApiError> {
    if body.friendly_name.is_none() && body.active.is_none() {
        return Err(ApiError::InvalidRequest(
            "friendlyName, active: give at least one to change".into(),
        ));
    }
    let id = number_id(&id)?;
    let changes = NumberChanges {
        friendly_name: optional(
            "friendlyName",
            body.friendly_name.as_deref(),
            FriendlyName::parse,
        )?,
        active: body.active,
    };
    let number = state.numbers.update(&actor.0, id, changes).await?;
    Ok(HttpResponse::Ok().json(one_with_usage(&state, number).await?))
}

/// Releases a number at Twilio; it is kept, with `releasedAt`.
#[utoipa::path(
    delete, path = "/v1/numbers/{id}", operation_id = "releaseNumber", tag = "numbers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The number's id")),
    responses(
        (status = 204, description = "Released"),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 502, response = TwilioFailed),
        (status = 503, response = Unavailable),
    ),
)]
#[tracing::instrument(skip_all, fields(user = %actor.0.user_id))]
pub(crate) async fn release(
    state: web::Data<AppState>,
    actor: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let number = state.numbers.release(&actor.0, number_id(&id)?).await?;
    tracing::info!(number = %number.phone_number, id = %number.id, "number released");
    Ok(HttpResponse::NoContent().finish())
}
