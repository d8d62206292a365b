//! `POST /v1/numbers`: buying a number.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use switchboard_domain::PhoneNumber;
use switchboard_domain::numbers::{
    AreaCode, BuyNumber, BuyTarget, CountryCode, FriendlyName, NumberType, OwnedNumberId,
};

use super::body::{NumberBody, NumberTypeDoc};
use crate::bearer::Authenticated;
use crate::body::FingerprintedJson;
use crate::idempotency::{IdempotencyKeyHeader, attempt_id, idempotent};
use crate::input::parse_user;
use crate::input::{invalid, optional};
use crate::openapi::{
    Forbidden, InvalidRequest, PayloadTooLarge, ProblemBody, TwilioFailed, Unauthorized,
    Unavailable, UnsupportedMediaType,
};
use crate::problem::ApiError;
use crate::state::AppState;

/// What to buy: exactly `phoneNumber`; or the first number for sale in `areaCode`; or,
/// with `type` alone, the first number of that type.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = BuyNumberRequest)]
pub(crate) struct BuyBody {
    /// E.164: buy exactly this number.
    #[schema(pattern = r"^\+[1-9][0-9]{1,14}$", example = "+15005550006")]
    phone_number: Option<String>,
    /// Three digits, the first 2-9: buy the first number for sale here.
    #[schema(pattern = "^[2-9][0-9]{2}$", example = "415")]
    area_code: Option<String>,
    /// ISO 3166-1 alpha-2 (default `US`).
    #[schema(pattern = "^[A-Za-z]{2}$")]
    country: Option<String>,
    #[serde(rename = "type")]
    #[schema(value_type = Option<NumberTypeDoc>)]
    number_type: Option<String>,
    /// A name to show for the number (1 to 64 characters).
    #[schema(
        min_length = 1,
        max_length = 64,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    friendly_name: Option<String>,
    /// Admins only: the user to buy it for (default: the caller).
    #[schema(
        min_length = 1,
        max_length = 128,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]+$"
    )]
    user_id: Option<String>,
}

/// Buys a number at Twilio for the caller.
#[utoipa::path(
    post, path = "/v1/numbers", operation_id = "buyNumber", tag = "numbers",
    security(("bearer" = [])),
    params(IdempotencyKeyHeader),
    request_body = BuyBody,
    responses(
        (status = 201, description = "The number bought (`Idempotent-Replayed: true` on a replay)", body = NumberBody),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 409, description = "`no_numbers_available`: nothing matching is for sale, or Twilio refused to sell it; `number_in_use`: the number is in the pool or owned here; `idempotency_key_in_use`: a request with this key is still running", body = ProblemBody, content_type = "application/problem+json"),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, description = "`idempotency_key_reused`: the key was used with another body", body = ProblemBody, content_type = "application/problem+json"),
        (status = 502, response = TwilioFailed),
        (status = 503, response = Unavailable),
    ),
)]
#[tracing::instrument(skip_all, fields(user = %actor.0.user_id))]
pub(crate) async fn buy(
    state: web::Data<AppState>,
    request: HttpRequest,
    actor: Authenticated,
    FingerprintedJson(body, fingerprint): FingerprintedJson<BuyBody>,
) -> Result<HttpResponse, ApiError> {
    let key = IdempotencyKeyHeader::from_request(&request)?;
    let attempt = attempt_id(&actor.0, OPERATION, key.as_ref()).map(OwnedNumberId::from_uuid);
    idempotent(&state, &actor.0, OPERATION, key, fingerprint, async || {
        buy_now(&state, &actor, body, attempt).await
    })
    .await
}

/// The operation's name for idempotency keys.
const OPERATION: &str = "POST /v1/numbers";

async fn buy_now(
    state: &AppState,
    actor: &Authenticated,
    body: BuyBody,
    attempt: Option<OwnedNumberId>,
) -> Result<HttpResponse, ApiError> {
    let target = match (&body.phone_number, &body.area_code) {
        (Some(_), Some(_)) => {
            return Err(ApiError::InvalidRequest(
                "phoneNumber, areaCode: give one, not both".into(),
            ));
        }
        (Some(number), None) => {
            BuyTarget::Number(PhoneNumber::parse(number).map_err(|e| invalid("phoneNumber", e))?)
        }
        (None, Some(code)) => {
            BuyTarget::AreaCode(AreaCode::parse(code).map_err(|e| invalid("areaCode", e))?)
        }
        (None, None) if body.number_type.is_some() => BuyTarget::FirstAvailable,
        (None, None) => {
            return Err(ApiError::InvalidRequest(
                "phoneNumber, areaCode, type: give phoneNumber, or areaCode, or type alone for the first number of that type".into(),
            ));
        }
    };
    let request = BuyNumber {
        target,
        country: optional("country", body.country.as_deref(), CountryCode::parse)?
            .unwrap_or_else(CountryCode::us),
        number_type: optional("type", body.number_type.as_deref(), NumberType::parse)?,
        friendly_name: optional(
            "friendlyName",
            body.friendly_name.as_deref(),
            FriendlyName::parse,
        )?,
        on_behalf_of: parse_user("userId", body.user_id.as_deref())?,
    };
    let number = state
        .numbers
        .buy_attempt(&actor.0, request, attempt)
        .await?;
    tracing::info!(number = %number.phone_number, id = %number.id, "number bought");
    Ok(HttpResponse::Created().json(super::body::one_with_usage(state, number).await?))
}
