//! `/v1/pool/numbers`: administration of the temporary-number pool (admins only).

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use switchboard_domain::PhoneNumber;
use switchboard_domain::voicemail::{PoolAdminError, PoolNumber, PoolStatus};
use time::OffsetDateTime;

use crate::bearer::Authenticated;
use crate::body::JsonBody;
use crate::cursor::{self, ListQuery};
use crate::input::{Query, invalid};
use crate::openapi::{
    Forbidden, InvalidRequest, NotFound, PayloadTooLarge, ProblemBody, StoreUnavailable,
    Unauthorized, UnsupportedMediaType,
};
use crate::problem::ApiError;
use crate::state::AppState;

/// A number to add to the pool.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = AddPoolNumberRequest)]
pub(crate) struct AddNumberBody {
    /// E.164.
    #[schema(pattern = r"^\+[1-9][0-9]{1,14}$", example = "+14155550100")]
    phone_number: String,
}

/// Whether a pool number is leased to a session now.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum PoolStatusBody {
    /// Free for the next session.
    Free,
    /// Leased until `leasedUntil`.
    Leased,
}

/// A number of the temporary-number pool.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PoolNumber)]
pub(crate) struct PoolNumberBody {
    /// E.164.
    #[schema(example = "+14155550100")]
    phone_number: String,
    status: PoolStatusBody,
    /// When the current lease ends; `null` when free.
    #[serde(with = "time::serde::rfc3339::option")]
    leased_until: Option<OffsetDateTime>,
}

impl PoolNumberBody {
    fn new(n: &PoolNumber, now: OffsetDateTime) -> Self {
        Self {
            phone_number: n.phone_number.to_string(),
            status: match n.status_at(now) {
                PoolStatus::Free => PoolStatusBody::Free,
                PoolStatus::Leased => PoolStatusBody::Leased,
            },
            leased_until: n.lease_at(now),
        }
    }
}

/// A page of pool numbers, with the pool's counts.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = PoolList)]
pub(crate) struct PoolList {
    items: Vec<PoolNumberBody>,
    /// Numbers free now, in the whole pool.
    free: u64,
    /// Numbers leased now, in the whole pool.
    leased: u64,
    /// The `cursor` of the next page; `null` on the last.
    next_cursor: Option<String>,
}

impl From<PoolAdminError> for ApiError {
    fn from(e: PoolAdminError) -> Self {
        match e {
            PoolAdminError::Forbidden => Self::Forbidden("only admins administer the pool"),
            PoolAdminError::AlreadyExists => Self::Conflict {
                code: "already_exists",
                detail: "the number is already in the pool".into(),
            },
            PoolAdminError::OwnedByUser => Self::Conflict {
                code: "number_owned",
                detail: "a user owns this number; pool numbers and owned numbers never overlap"
                    .into(),
            },
            PoolAdminError::NotFound => Self::NotFound("the number is not in the pool"),
            PoolAdminError::Leased { until } => Self::Conflict {
                code: "number_leased",
                detail: format!(
                    "the number is leased until {}; retire it after the lease ends",
                    until
                        .format(&time::format_description::well_known::Rfc3339)
                        .unwrap_or_default()
                ),
            },
            PoolAdminError::Store(e) => Self::StoreUnavailable(e),
        }
    }
}

/// Adds a number to the pool (admins only).
#[utoipa::path(
    post, path = "/v1/pool/numbers", operation_id = "addPoolNumber", tag = "pool",
    security(("bearer" = [])),
    request_body = AddNumberBody,
    responses(
        (status = 201, description = "The number, free", body = PoolNumberBody),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 409, description = "`already_exists`: the number is in the pool; `number_owned`: a user owns it", body = ProblemBody, content_type = "application/problem+json"),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn add(
    state: web::Data<AppState>,
    actor: Authenticated,
    JsonBody(body): JsonBody<AddNumberBody>,
) -> Result<HttpResponse, ApiError> {
    let number = PhoneNumber::parse(&body.phone_number).map_err(|e| invalid("phoneNumber", e))?;
    let added = state.pool.add(&actor.0, number).await?;
    Ok(HttpResponse::Created().json(PoolNumberBody::new(&added, state.pool.clock().now())))
}

/// The pool's numbers (admins only).
#[utoipa::path(
    get, path = "/v1/pool/numbers", operation_id = "listPoolNumbers", tag = "pool",
    security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "A page of pool numbers", body = PoolList),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn list(
    state: web::Data<AppState>,
    actor: Authenticated,
    Query(query): Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = cursor::page(query.limit.as_deref(), query.cursor.as_deref(), |key| {
        PhoneNumber::parse(key).is_ok()
    })?;
    let now = state.pool.clock().now();
    let listing = state.pool.list(&actor.0, page).await?;
    Ok(HttpResponse::Ok().json(PoolList {
        items: listing
            .items
            .iter()
            .map(|n| PoolNumberBody::new(n, now))
            .collect(),
        free: listing.free,
        leased: listing.leased,
        next_cursor: listing.next.as_ref().map(cursor::encode),
    }))
}

/// Takes a free number out of the pool (admins only).
#[utoipa::path(
    delete, path = "/v1/pool/numbers/{phoneNumber}", operation_id = "retirePoolNumber", tag = "pool",
    security(("bearer" = [])),
    params(("phoneNumber" = String, Path, description = "E.164, with `+` URL-encoded as `%2B`", example = "+14155550100", pattern = r"^\+[1-9][0-9]{1,14}$")),
    responses(
        (status = 204, description = "Retired"),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, description = "`number_leased`: leased to a session; retire it after the lease ends", body = ProblemBody, content_type = "application/problem+json"),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn retire(
    state: web::Data<AppState>,
    actor: Authenticated,
    number: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let number = PhoneNumber::parse(&number).map_err(|e| invalid("phoneNumber", e))?;
    state.pool.retire(&actor.0, &number).await?;
    Ok(HttpResponse::NoContent().finish())
}
