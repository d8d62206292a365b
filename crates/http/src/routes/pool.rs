//! `/v1/pool/numbers`: administration of the temporary-number pool (admins only).

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use switchboard_domain::PhoneNumber;
use switchboard_domain::voicemail::{PoolAdminError, PoolNumber, PoolStatus};
use time::OffsetDateTime;

use super::invalid;
use crate::auth::Authenticated;
use crate::body::JsonBody;
use crate::cursor::{self, ListQuery};
use crate::problem::ApiError;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct AddNumberBody {
    phone_number: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PoolNumberBody {
    phone_number: String,
    status: &'static str,
    #[serde(with = "time::serde::rfc3339::option")]
    leased_until: Option<OffsetDateTime>,
}

impl PoolNumberBody {
    fn new(n: &PoolNumber, now: OffsetDateTime) -> Self {
        Self {
            phone_number: n.phone_number.to_string(),
            status: match n.status_at(now) {
                PoolStatus::Free => "free",
                PoolStatus::Leased => "leased",
            },
            leased_until: n.lease_at(now),
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PoolList {
    items: Vec<PoolNumberBody>,
    free: u64,
    leased: u64,
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

pub(crate) async fn add(
    state: web::Data<AppState>,
    actor: Authenticated,
    JsonBody(body): JsonBody<AddNumberBody>,
) -> Result<HttpResponse, ApiError> {
    let number = PhoneNumber::parse(&body.phone_number).map_err(|e| invalid("phoneNumber", e))?;
    let added = state.pool.add(&actor.0, number).await?;
    Ok(HttpResponse::Created().json(PoolNumberBody::new(&added, state.pool.clock().now())))
}

pub(crate) async fn list(
    state: web::Data<AppState>,
    actor: Authenticated,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.page(|key| PhoneNumber::parse(key).is_ok())?;
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

pub(crate) async fn retire(
    state: web::Data<AppState>,
    actor: Authenticated,
    number: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let number = PhoneNumber::parse(&number).map_err(|e| invalid("phoneNumber", e))?;
    state.pool.retire(&actor.0, &number).await?;
    Ok(HttpResponse::NoContent().finish())
}
