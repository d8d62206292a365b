//! `/v1/numbers`: search, buy, list, read, change and release numbers users own;
//! `/v1/account`: the Twilio account.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use switchboard_domain::numbers::{
    AreaCode, AvailableNumber, AvailableNumberQuery, BuyNumber, BuyTarget, Capabilities,
    ContainsPattern, CountryCode, FriendlyName, ListNumbers, MAX_SEARCH_LIMIT, NumberChanges,
    NumberStats, NumberType, NumbersError, OwnedNumber, OwnedNumberId,
};
use switchboard_domain::{PhoneNumber, UserId};
use time::OffsetDateTime;

use crate::bearer::Authenticated;
use crate::body::JsonBody;
use crate::cursor;
use crate::input::{Query, invalid, optional, parse_bool};
use crate::openapi::{
    Forbidden, InvalidRequest, NotFound, PayloadTooLarge, ProblemBody, StoreUnavailable,
    TwilioFailed, Unauthorized, Unavailable, UnsupportedMediaType,
};
use crate::problem::ApiError;
use crate::state::AppState;

impl From<NumbersError> for ApiError {
    fn from(e: NumbersError) -> Self {
        match e {
            NumbersError::Forbidden(why) => Self::Forbidden(why),
            NumbersError::NotFound => Self::NotFound("no such number"),
            NumbersError::NoNumbersAvailable => Self::Conflict {
                code: "no_numbers_available",
                detail: "no phone number matching the request is for sale".into(),
            },
            NumbersError::NumberInUse => Self::Conflict {
                code: "number_in_use",
                detail: "the number is in the voicemail pool or owned by a user".into(),
            },
            NumbersError::Released => Self::Conflict {
                code: "number_released",
                detail: "the number was released and can no longer be changed".into(),
            },
            NumbersError::Telephony(e) => e.into(),
            NumbersError::Store(e) => Self::StoreUnavailable(e),
        }
    }
}

/// What a number can do.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Capabilities)]
pub(crate) struct CapabilitiesBody {
    voice: bool,
    sms: bool,
    mms: bool,
}

impl From<Capabilities> for CapabilitiesBody {
    fn from(c: Capabilities) -> Self {
        Self {
            voice: c.voice,
            sms: c.sms,
            mms: c.mms,
        }
    }
}

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

/// Calls, minutes and messages through a number. Call and message logs are not kept yet,
/// so these count what Switchboard has logged: nothing so far.
#[derive(Debug, Serialize, Default, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = NumberUsage)]
pub(crate) struct UsageBody {
    calls: u64,
    minutes: u64,
    messages: u64,
}

/// A number a user owns.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Number)]
pub(crate) struct NumberBody {
    /// The number's id (a UUID).
    #[schema(format = Uuid)]
    id: String,
    /// E.164.
    #[schema(example = "+14155550100")]
    phone_number: String,
    friendly_name: String,
    /// Twilio's SID of the number (`PN...`).
    #[schema(example = "PN0123456789abcdef0123456789abcdef")]
    twilio_sid: String,
    user_id: String,
    /// ISO 3166-1 alpha-2.
    country: String,
    region: Option<String>,
    locality: Option<String>,
    capabilities: CapabilitiesBody,
    /// Whether it takes calls and messages.
    active: bool,
    /// What it cost, as a decimal string.
    #[schema(example = "1.15")]
    purchase_price: Option<String>,
    /// ISO 4217 currency of the prices.
    #[schema(example = "USD")]
    price_unit: String,
    /// What it costs a month, as a decimal string.
    #[schema(example = "1.15")]
    monthly_cost: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    /// When it was released at Twilio; `null` while held.
    #[serde(with = "time::serde::rfc3339::option")]
    released_at: Option<OffsetDateTime>,
    usage: UsageBody,
}

impl From<OwnedNumber> for NumberBody {
    fn from(n: OwnedNumber) -> Self {
        Self {
            id: n.id.to_string(),
            phone_number: n.phone_number.to_string(),
            friendly_name: n.friendly_name,
            twilio_sid: n.twilio_sid.to_string(),
            user_id: n.user_id.to_string(),
            country: n.country.to_string(),
            region: n.region,
            locality: n.locality,
            capabilities: n.capabilities.into(),
            active: n.active,
            purchase_price: n.price.purchase.map(|a| a.to_string()),
            price_unit: n.price.currency.to_string(),
            monthly_cost: n.price.monthly.map(|a| a.to_string()),
            created_at: n.created_at,
            released_at: n.released_at,
            usage: UsageBody::default(),
        }
    }
}

/// A page of numbers, newest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = NumberList)]
pub(crate) struct NumberList {
    items: Vec<NumberBody>,
    /// The `cursor` of the next page; `null` on the last.
    next_cursor: Option<String>,
}

fn parse_user(field: &str, raw: Option<&str>) -> Result<Option<UserId>, ApiError> {
    optional(field, raw, UserId::parse)
}

fn number_id(raw: &str) -> Result<OwnedNumberId, ApiError> {
    OwnedNumberId::parse(raw).ok_or(ApiError::NotFound("no such number"))
}

/// The kind of a number.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = NumberType)]
pub(crate) enum NumberTypeDoc {
    Local,
    Tollfree,
    Mobile,
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
    request_body = BuyBody,
    responses(
        (status = 201, description = "The number bought", body = NumberBody),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 409, description = "`no_numbers_available`: nothing matching is for sale, or Twilio refused to sell it; `number_in_use`: the number is in the pool or owned here", body = ProblemBody, content_type = "application/problem+json"),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 502, response = TwilioFailed),
        (status = 503, response = Unavailable),
    ),
)]
#[tracing::instrument(skip_all, fields(user = %actor.0.user_id))]
pub(crate) async fn buy(
    state: web::Data<AppState>,
    actor: Authenticated,
    JsonBody(body): JsonBody<BuyBody>,
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
    let number = state.numbers.buy(&actor.0, request).await?;
    tracing::info!(number = %number.phone_number, id = %number.id, "number bought");
    Ok(HttpResponse::Created().json(NumberBody::from(number)))
}

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
        items: page.items.into_iter().map(NumberBody::from).collect(),
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
    Ok(HttpResponse::Ok().json(NumberBody::from(number)))
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
    Ok(HttpResponse::Ok().json(NumberBody::from(number)))
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
