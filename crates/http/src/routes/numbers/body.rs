//! The bodies the numbers routes share: a number, its capabilities and usage, lists,
//! and the id and user parsing every route does.

use serde::{Deserialize, Serialize};
use switchboard_domain::numbers::{Capabilities, NumberUsage, OwnedNumber, OwnedNumberId};
use time::OffsetDateTime;

use crate::problem::ApiError;
use crate::state::AppState;

/// What a number can do.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Capabilities)]
pub(crate) struct CapabilitiesBody {
    pub(super) voice: bool,
    pub(super) sms: bool,
    pub(super) mms: bool,
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

/// Calls, minutes and messages through a number. Call and message logs are not kept yet,
/// so these count what Switchboard has logged: nothing so far.
#[derive(Debug, Serialize, Default, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = NumberUsage)]
pub(crate) struct UsageBody {
    pub(super) calls: u64,
    pub(super) minutes: u64,
    pub(super) messages: u64,
}

/// A number a user owns.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Number)]
pub(crate) struct NumberBody {
    /// The number's id (a UUID).
    #[schema(format = Uuid)]
    pub(super) id: String,
    /// E.164.
    #[schema(example = "+14155550100")]
    pub(super) phone_number: String,
    pub(super) friendly_name: String,
    /// Twilio's SID of the number (`PN...`).
    #[schema(example = "PN0123456789abcdef0123456789abcdef")]
    pub(super) twilio_sid: String,
    pub(super) user_id: String,
    /// ISO 3166-1 alpha-2.
    pub(super) country: String,
    pub(super) region: Option<String>,
    pub(super) locality: Option<String>,
    pub(super) capabilities: CapabilitiesBody,
    /// Whether it takes calls and messages.
    pub(super) active: bool,
    /// What it cost, as a decimal string.
    #[schema(example = "1.15")]
    pub(super) purchase_price: Option<String>,
    /// ISO 4217 currency of the prices.
    #[schema(example = "USD")]
    pub(super) price_unit: String,
    /// What it costs a month, as a decimal string.
    #[schema(example = "1.15")]
    pub(super) monthly_cost: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub(super) created_at: OffsetDateTime,
    /// When it was released at Twilio; `null` while held.
    #[serde(with = "time::serde::rfc3339::option")]
    pub(super) released_at: Option<OffsetDateTime>,
    pub(super) usage: UsageBody,
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

impl NumberBody {
    /// The body with the number's usage.
    pub(super) fn with_usage(mut self, usage: Option<&NumberUsage>) -> Self {
        if let Some(u) = usage {
            self.usage = UsageBody {
                calls: u.calls,
                minutes: u.minutes,
                messages: u.messages,
            };
        }
        self
    }
}

/// The bodies of `numbers` with their usage (one read for all of them).
pub(super) async fn with_usage(
    state: &AppState,
    numbers: Vec<OwnedNumber>,
) -> Result<Vec<NumberBody>, ApiError> {
    let ids: Vec<OwnedNumberId> = numbers.iter().map(|n| n.id).collect();
    let usage = state
        .usage
        .usage(&ids)
        .await
        .map_err(ApiError::StoreUnavailable)?;
    Ok(numbers
        .into_iter()
        .map(|n| {
            let u = usage.get(&n.id).copied();
            NumberBody::from(n).with_usage(u.as_ref())
        })
        .collect())
}

/// The body of one number with its usage.
pub(super) async fn one_with_usage(
    state: &AppState,
    number: OwnedNumber,
) -> Result<NumberBody, ApiError> {
    let usage = state
        .usage
        .usage(&[number.id])
        .await
        .map_err(ApiError::StoreUnavailable)?;
    let of = usage.get(&number.id).copied();
    Ok(NumberBody::from(number).with_usage(of.as_ref()))
}

/// A page of numbers, newest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = NumberList)]
pub(crate) struct NumberList {
    pub(super) items: Vec<NumberBody>,
    /// The `cursor` of the next page; `null` on the last.
    pub(super) next_cursor: Option<String>,
}

pub(crate) fn number_id(raw: &str) -> Result<OwnedNumberId, ApiError> {
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
