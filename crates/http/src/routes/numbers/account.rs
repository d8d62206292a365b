//! `GET /v1/account`: the Twilio account.

use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::bearer::Authenticated;
use crate::openapi::{Forbidden, TwilioFailed, Unauthorized, Unavailable};
use crate::problem::ApiError;
use crate::state::AppState;

/// The Twilio account.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Account)]
pub(crate) struct AccountBody {
    /// `AC...`.
    #[schema(example = "AC0123456789abcdef0123456789abcdef")]
    sid: String,
    friendly_name: String,
    /// `active`, `suspended` or `closed`.
    status: String,
    /// `Trial` or `Full`.
    #[serde(rename = "type")]
    account_type: String,
}

/// The Twilio account the service uses (admins only).
#[utoipa::path(
    get, path = "/v1/account", operation_id = "getAccount", tag = "numbers",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account", body = AccountBody),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 502, response = TwilioFailed),
        (status = 503, response = Unavailable),
    ),
)]
pub(crate) async fn account(
    state: web::Data<AppState>,
    actor: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let account = state.numbers.account(&actor.0).await?;
    Ok(HttpResponse::Ok().json(AccountBody {
        sid: account.sid.to_string(),
        friendly_name: account.friendly_name,
        status: account.status,
        account_type: account.account_type,
    }))
}
