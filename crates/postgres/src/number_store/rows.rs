//! The rows the number store reads, and how they become the domain's numbers and
//! pending purchases.

use diesel::OptionalExtension;
use diesel::prelude::QueryableByName;
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use switchboard_domain::numbers::{
    Capabilities, CountryCode, FriendlyName, NumberPrice, OwnedNumber, OwnedNumberId,
    PendingPurchase,
};
use switchboard_domain::{Amount, Currency, IncomingNumberSid, PhoneNumber, StoreError, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error;

const STATE_PENDING: &str = "pending";

/// One `owned_numbers` row (the table has more columns than diesel's default `table!`
/// supports, so the SQL types are named here).
#[derive(QueryableByName)]
pub(super) struct NumberRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    user_id: String,
    #[diesel(sql_type = Text)]
    phone_number: String,
    #[diesel(sql_type = Text)]
    state: String,
    #[diesel(sql_type = Nullable<Text>)]
    twilio_sid: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    friendly_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    requested_friendly_name: Option<String>,
    #[diesel(sql_type = Text)]
    country: String,
    #[diesel(sql_type = Nullable<Text>)]
    region: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    locality: Option<String>,
    #[diesel(sql_type = Bool)]
    voice: bool,
    #[diesel(sql_type = Bool)]
    sms: bool,
    #[diesel(sql_type = Bool)]
    mms: bool,
    #[diesel(sql_type = Bool)]
    active: bool,
    #[diesel(sql_type = Nullable<BigInt>)]
    purchase_price: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    monthly_cost: Option<i64>,
    #[diesel(sql_type = Text)]
    price_unit: String,
    #[diesel(sql_type = Timestamptz)]
    started_at: OffsetDateTime,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    created_at: Option<OffsetDateTime>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    released_at: Option<OffsetDateTime>,
}

fn corrupt(id: Uuid, what: &str) -> StoreError {
    StoreError::msg(format!("reading number {id}: stored {what} is invalid"))
}

impl NumberRow {
    fn price(&self) -> Result<NumberPrice, StoreError> {
        Ok(NumberPrice {
            purchase: self.purchase_price.map(Amount::from_ten_thousandths),
            monthly: self.monthly_cost.map(Amount::from_ten_thousandths),
            currency: Currency::parse(&self.price_unit)
                .map_err(|_| corrupt(self.id, "price unit"))?,
        })
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            voice: self.voice,
            sms: self.sms,
            mms: self.mms,
        }
    }

    pub(super) fn into_owned(self) -> Result<OwnedNumber, StoreError> {
        let id = self.id;
        let price = self.price()?;
        let capabilities = self.capabilities();
        let (Some(sid), Some(friendly_name), Some(created_at)) =
            (&self.twilio_sid, self.friendly_name, self.created_at)
        else {
            return Err(corrupt(id, "state (a pending purchase read as a number)"));
        };
        Ok(OwnedNumber {
            id: OwnedNumberId::from_uuid(id),
            phone_number: PhoneNumber::parse(&self.phone_number)
                .map_err(|_| corrupt(id, "phone number"))?,
            friendly_name,
            twilio_sid: IncomingNumberSid::parse(sid).map_err(|_| corrupt(id, "Twilio sid"))?,
            user_id: UserId::parse(&self.user_id).map_err(|_| corrupt(id, "user id"))?,
            country: CountryCode::parse(&self.country).map_err(|_| corrupt(id, "country"))?,
            region: self.region,
            locality: self.locality,
            capabilities,
            active: self.active,
            price,
            created_at,
            released_at: self.released_at,
        })
    }

    pub(super) fn into_pending(self) -> Result<PendingPurchase, StoreError> {
        let id = self.id;
        if self.state != STATE_PENDING {
            return Err(corrupt(id, "state (a number read as a pending purchase)"));
        }
        let price = self.price()?;
        let capabilities = self.capabilities();
        Ok(PendingPurchase {
            id: OwnedNumberId::from_uuid(id),
            user_id: UserId::parse(&self.user_id).map_err(|_| corrupt(id, "user id"))?,
            phone_number: PhoneNumber::parse(&self.phone_number)
                .map_err(|_| corrupt(id, "phone number"))?,
            friendly_name: self
                .requested_friendly_name
                .as_deref()
                .map(FriendlyName::parse)
                .transpose()
                .map_err(|_| corrupt(id, "requested friendly name"))?,
            country: CountryCode::parse(&self.country).map_err(|_| corrupt(id, "country"))?,
            region: self.region,
            locality: self.locality,
            capabilities,
            price,
            started_at: self.started_at,
        })
    }
}

#[derive(QueryableByName)]
pub(super) struct StatsRow {
    #[diesel(sql_type = BigInt)]
    pub(super) total: i64,
    #[diesel(sql_type = BigInt)]
    pub(super) active: i64,
    #[diesel(sql_type = BigInt)]
    pub(super) inactive: i64,
    #[diesel(sql_type = BigInt)]
    pub(super) released: i64,
    #[diesel(sql_type = BigInt)]
    pub(super) purchase_cost_total: i64,
    #[diesel(sql_type = BigInt)]
    pub(super) monthly_cost_total: i64,
}

pub(super) fn rows_into_owned(rows: Vec<NumberRow>) -> Result<Vec<OwnedNumber>, StoreError> {
    rows.into_iter().map(NumberRow::into_owned).collect()
}

/// The result of a query that matches at most one completed number.
pub(super) fn at_most_one_number(
    row: diesel::QueryResult<NumberRow>,
    context: &'static str,
) -> Result<Option<OwnedNumber>, StoreError> {
    row.optional()
        .map_err(error::query(context))?
        .map(NumberRow::into_owned)
        .transpose()
}
