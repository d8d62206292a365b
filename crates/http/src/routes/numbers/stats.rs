//! `GET /v1/numbers/stats`: counts and costs of a user's numbers.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use switchboard_domain::numbers::NumberStats;

use crate::bearer::Authenticated;
use crate::input::Query;
use crate::input::parse_user;
use crate::openapi::{Forbidden, InvalidRequest, StoreUnavailable, Unauthorized};
use crate::problem::ApiError;
use crate::state::AppState;

/// Counts and costs of the caller's numbers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = NumberStats)]
pub(crate) struct StatsBody {
    total: u64,
    active: u64,
    inactive: u64,
    released: u64,
    /// What every number cost, as a decimal string.
    #[schema(example = "2.30")]
    purchase_cost_total: String,
    /// What the held numbers cost a month, as a decimal string.
    #[schema(example = "2.30")]
    monthly_cost_total: String,
    /// ISO 4217.
    #[schema(example = "USD")]
    currency: String,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct StatsQuery {
    /// Admins only: another user's numbers.
    #[param(
        min_length = 1,
        max_length = 128,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]+$"
    )]
    user_id: Option<String>,
}

/// Counts and costs of the caller's numbers.
#[utoipa::path(
    get, path = "/v1/numbers/stats", operation_id = "numberStats", tag = "numbers",
    security(("bearer" = [])),
    params(StatsQuery),
    responses(
        (status = 200, description = "The counts and costs", body = StatsBody),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn stats(
    state: web::Data<AppState>,
    actor: Authenticated,
    Query(query): Query<StatsQuery>,
) -> Result<HttpResponse, ApiError> {
    let user = parse_user("userId", query.user_id.as_deref())?;
    let NumberStats {
        total,
        active,
        inactive,
        released,
        purchase_cost_total,
        monthly_cost_total,
    } = state.numbers.stats(&actor.0, user).await?;
    Ok(HttpResponse::Ok().json(StatsBody {
        total,
        active,
        inactive,
        released,
        purchase_cost_total: purchase_cost_total.to_string(),
        monthly_cost_total: monthly_cost_total.to_string(),
        currency: state.numbers.currency().to_string(),
    }))
}
