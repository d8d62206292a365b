//! `/v1/numbers`: search, buy, list, read, change and release numbers users own;
//! `/v1/account`: the Twilio account.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use switchboard_domain::numbers::{
    AreaCode, AvailableNumber, AvailableNumberQuery, BuyNumber, BuyTarget, Capabilities,
    ContainsPattern, CountryCode, FriendlyName, ListNumbers, MAX_SEARCH_LIMIT, NumberChanges,
    NumberStats, NumberType, NumbersError, OwnedNumber, OwnedNumberId,
};
use switchboard_domain::{PhoneNumber, UserId};
use time::OffsetDateTime;

use super::{invalid, optional};
use crate::auth::Authenticated;
use crate::body::JsonBody;
use crate::cursor::{self, ListQuery};
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

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct CapabilitiesBody {
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

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct AvailableBody {
    phone_number: String,
    friendly_name: String,
    locality: Option<String>,
    region: Option<String>,
    country: String,
    capabilities: CapabilitiesBody,
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
#[derive(Debug, Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct UsageBody {
    calls: u64,
    minutes: u64,
    messages: u64,
}

/// A number as the API shows it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct NumberBody {
    id: String,
    phone_number: String,
    friendly_name: String,
    twilio_sid: String,
    user_id: String,
    country: String,
    region: Option<String>,
    locality: Option<String>,
    capabilities: CapabilitiesBody,
    active: bool,
    purchase_price: Option<String>,
    price_unit: String,
    monthly_cost: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
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

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct NumberList {
    items: Vec<NumberBody>,
    next_cursor: Option<String>,
}

fn parse_bool(field: &str, raw: Option<&str>) -> Result<Option<bool>, ApiError> {
    match raw {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(_) => Err(invalid(field, "must be true or false")),
    }
}

fn parse_user(field: &str, raw: Option<&str>) -> Result<Option<UserId>, ApiError> {
    optional(field, raw, UserId::parse)
}

fn number_id(raw: &str) -> Result<OwnedNumberId, ApiError> {
    OwnedNumberId::parse(raw).ok_or(ApiError::NotFound("no such number"))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SearchQuery {
    country: Option<String>,
    #[serde(rename = "type")]
    number_type: Option<String>,
    area_code: Option<String>,
    contains: Option<String>,
    voice: Option<String>,
    sms: Option<String>,
    mms: Option<String>,
    limit: Option<String>,
}

pub(crate) async fn search(
    state: web::Data<AppState>,
    _actor: Authenticated,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
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
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "items": found.into_iter().map(AvailableBody::from).collect::<Vec<_>>(),
    })))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct BuyBody {
    phone_number: Option<String>,
    area_code: Option<Value>,
    country: Option<String>,
    #[serde(rename = "type")]
    number_type: Option<String>,
    friendly_name: Option<String>,
    user_id: Option<String>,
}

fn area_code(raw: &Value) -> Result<AreaCode, ApiError> {
    let text = match raw {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    AreaCode::parse(&text).map_err(|e| invalid("areaCode", e))
}

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
        (None, Some(code)) => BuyTarget::AreaCode(area_code(code)?),
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

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ListNumbersQuery {
    active: Option<String>,
    user_id: Option<String>,
    #[serde(flatten)]
    page: ListQuery,
}

pub(crate) async fn list(
    state: web::Data<AppState>,
    actor: Authenticated,
    query: web::Query<ListNumbersQuery>,
) -> Result<HttpResponse, ApiError> {
    let request = ListNumbers {
        user: parse_user("userId", query.user_id.as_deref())?,
        active: parse_bool("active", query.active.as_deref())?,
        page: query.page.page(|key| OwnedNumberId::parse(key).is_some())?,
    };
    let page = state.numbers.list(&actor.0, request).await?;
    Ok(HttpResponse::Ok().json(NumberList {
        items: page.items.into_iter().map(NumberBody::from).collect(),
        next_cursor: page.next.as_ref().map(cursor::encode),
    }))
}

pub(crate) async fn get(
    state: web::Data<AppState>,
    actor: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let number = state.numbers.get(&actor.0, number_id(&id)?).await?;
    Ok(HttpResponse::Ok().json(NumberBody::from(number)))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PatchBody {
    friendly_name: Option<String>,
    active: Option<bool>,
}

#[tracing::instrument(skip_all, fields(user = %actor.0.user_id))]
pub(crate) async fn update(
    state: web::Data<AppState>,
    actor: Authenticated,
    id: web::Path<String>,
    JsonBody(body): JsonBody<PatchBody>,
) -> Result<HttpResponse, ApiError> {
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

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct StatsBody {
    total: u64,
    active: u64,
    inactive: u64,
    released: u64,
    purchase_cost_total: String,
    monthly_cost_total: String,
    currency: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StatsQuery {
    user_id: Option<String>,
}

pub(crate) async fn stats(
    state: web::Data<AppState>,
    actor: Authenticated,
    query: web::Query<StatsQuery>,
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

pub(crate) async fn account(
    state: web::Data<AppState>,
    actor: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let account = state.numbers.account(&actor.0).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "sid": account.sid.to_string(),
        "friendlyName": account.friendly_name,
        "status": account.status,
        "type": account.account_type,
    })))
}
