//! `GET /v1/numbers/available`: numbers for sale at Twilio.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use switchboard_domain::numbers::{
    AreaCode, AvailableNumber, AvailableNumberQuery, ContainsPattern, CountryCode,
    MAX_SEARCH_LIMIT, NumberType,
};

use super::body::{CapabilitiesBody, NumberTypeDoc};
use crate::bearer::Authenticated;
use crate::input::{Query, invalid, optional, parse_bool};
use crate::openapi::{InvalidRequest, TwilioFailed, Unauthorized, Unavailable};
use crate::problem::ApiError;
use crate::state::AppState;

/// A number for sale.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = AvailableNumber)]
pub(crate) struct AvailableBody {
    /// E.164.
    #[schema(example = "+14155550100")]
    phone_number: String,
    /// How Twilio shows it, e.g. `(415) 555-0100`.
    friendly_name: String,
    locality: Option<String>,
    region: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[schema(example = "US")]
    country: String,
    capabilities: CapabilitiesBody,
}

/// Numbers for sale matching a search.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(as = AvailableNumberList)]
pub(crate) struct AvailableList {
    items: Vec<AvailableBody>,
}

impl From<AvailableNumber> for AvailableBody {
    fn from(n: AvailableNumber) -> Self {
        Self {
            phone_number: n.phone_number.to_string(),
            friendly_name: n.friendly_name,
            locality: n.locality,
            region: n.region,
            country: n.country.to_string(),
            capabilities: n.capabilities.into(),
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct SearchQuery {
    /// ISO 3166-1 alpha-2 (default `US`).
    #[param(pattern = "^[A-Za-z]{2}$", example = "US")]
    country: Option<String>,
    /// Default `local`.
    #[serde(rename = "type")]
    #[param(rename = "type", value_type = Option<NumberTypeDoc>)]
    number_type: Option<String>,
    /// Three digits, the first 2-9.
    #[param(pattern = "^[2-9][0-9]{2}$", example = "415")]
    area_code: Option<String>,
    /// Digits and letters the number contains; `*` matches any one digit.
    #[param(pattern = "^[0-9A-Za-z*]{2,16}$", example = "555")]
    contains: Option<String>,
    /// Only numbers that can (`true`) or cannot (`false`) take calls.
    #[param(value_type = Option<bool>)]
    voice: Option<String>,
    /// Only numbers that can or cannot take SMS.
    #[param(value_type = Option<bool>)]
    sms: Option<String>,
    /// Only numbers that can or cannot take MMS.
    #[param(value_type = Option<bool>)]
    mms: Option<String>,
    /// The most numbers to return.
    #[param(value_type = Option<u8>, minimum = 1, maximum = 50, default = 20)]
    limit: Option<String>,
}

/// Numbers for sale at Twilio.
#[utoipa::path(
    get, path = "/v1/numbers/available", operation_id = "searchAvailableNumbers", tag = "numbers",
    security(("bearer" = [])),
    params(SearchQuery),
    responses(
        (status = 200, description = "Numbers for sale", body = AvailableList),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 502, response = TwilioFailed),
        (status = 503, response = Unavailable),
    ),
)]
pub(crate) async fn search(
    state: web::Data<AppState>,
    _actor: Authenticated,
    Query(q): Query<SearchQuery>,
) -> Result<HttpResponse, ApiError> {
    let country = optional("country", q.country.as_deref(), CountryCode::parse)?
        .unwrap_or_else(CountryCode::us);
    let mut search = AvailableNumberQuery::local(country);
    if let Some(t) = optional("type", q.number_type.as_deref(), NumberType::parse)? {
        search.number_type = t;
    }
    search.area_code = optional("areaCode", q.area_code.as_deref(), AreaCode::parse)?;
    search.contains = optional("contains", q.contains.as_deref(), ContainsPattern::parse)?;
    search.voice = parse_bool("voice", q.voice.as_deref())?;
    search.sms = parse_bool("sms", q.sms.as_deref())?;
    search.mms = parse_bool("mms", q.mms.as_deref())?;
    if let Some(raw) = q.limit.as_deref() {
        search.limit = raw
            .parse::<u8>()
            .ok()
            .filter(|l| (1..=MAX_SEARCH_LIMIT).contains(l))
            .ok_or_else(|| {
                invalid(
                    "limit",
                    format!("must be an integer from 1 to {MAX_SEARCH_LIMIT}"),
                )
            })?;
    }
    let found = state.numbers.search(&search).await?;
    Ok(HttpResponse::Ok().json(AvailableList {
        items: found.into_iter().map(AvailableBody::from).collect(),
    }))
}
