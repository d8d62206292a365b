//! Call rows as PostgreSQL returns them, and their conversion to the domain's calls.

use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Bool, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use switchboard_domain::calls::{
    BrowserIdentity, Call, CallDirection, CallId, CallLogStatus, CallProgress,
};
use switchboard_domain::numbers::OwnedNumberId;
use switchboard_domain::sid::CallSid;
use switchboard_domain::{Amount, Currency, PhoneNumber, StoreError, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

/// A `calls` row, in the order of `call_columns!`.
#[derive(Debug, QueryableByName)]
pub(crate) struct CallRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Nullable<Text>)]
    call_sid: Option<String>,
    #[diesel(sql_type = Text)]
    user_id: String,
    #[diesel(sql_type = Text)]
    direction: String,
    #[diesel(sql_type = Text)]
    from_number: String,
    #[diesel(sql_type = Text)]
    to_number: String,
    #[diesel(sql_type = Nullable<Text>)]
    client: Option<String>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    number_id: Option<Uuid>,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    status_sequence: Option<i64>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    started_at: Option<OffsetDateTime>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    answered_at: Option<OffsetDateTime>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    ended_at: Option<OffsetDateTime>,
    #[diesel(sql_type = Nullable<Integer>)]
    duration: Option<i32>,
    #[diesel(sql_type = Nullable<BigInt>)]
    price: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    price_unit: Option<String>,
    #[diesel(sql_type = Bool)]
    recorded: bool,
    #[diesel(sql_type = Timestamptz)]
    created_at: OffsetDateTime,
    #[diesel(sql_type = Timestamptz)]
    updated_at: OffsetDateTime,
}

impl CallRow {
    pub(crate) fn into_domain(self) -> Result<Call, StoreError> {
        let id = self.id;
        let corrupt =
            |what: &str| StoreError::msg(format!("reading call {id}: stored {what} is invalid"));
        let number = |raw: &str, what: &str| PhoneNumber::parse(raw).map_err(|_| corrupt(what));
        Ok(Call {
            id: CallId::from_uuid(id),
            sid: self
                .call_sid
                .map(|s| CallSid::parse(&s).map_err(|_| corrupt("call SID")))
                .transpose()?,
            user_id: UserId::parse(&self.user_id).map_err(|_| corrupt("user id"))?,
            direction: CallDirection::parse(&self.direction).ok_or_else(|| corrupt("direction"))?,
            from: number(&self.from_number, "from number")?,
            to: number(&self.to_number, "to number")?,
            client: self
                .client
                .map(|c| BrowserIdentity::parse(&c).map_err(|_| corrupt("client")))
                .transpose()?,
            number_id: self.number_id.map(OwnedNumberId::from_uuid),
            progress: CallProgress {
                status: CallLogStatus::parse(&self.status).ok_or_else(|| corrupt("status"))?,
                status_sequence: self
                    .status_sequence
                    .map(|s| u32::try_from(s).map_err(|_| corrupt("sequence number")))
                    .transpose()?,
                started_at: self.started_at,
                answered_at: self.answered_at,
                ended_at: self.ended_at,
                duration: self
                    .duration
                    .map(|d| u32::try_from(d).map_err(|_| corrupt("duration")))
                    .transpose()?,
            },
            price: self.price.map(Amount::from_ten_thousandths),
            price_unit: self
                .price_unit
                .map(|u| Currency::parse(&u).map_err(|_| corrupt("price unit")))
                .transpose()?,
            recorded: self.recorded,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// One group of [`CALL_STATS_SQL`](super::sql::CALL_STATS_SQL).
#[derive(Debug, QueryableByName)]
pub(crate) struct StatsRow {
    #[diesel(sql_type = Text)]
    pub(crate) status: String,
    #[diesel(sql_type = Text)]
    pub(crate) direction: String,
    #[diesel(sql_type = BigInt)]
    pub(crate) calls: i64,
    #[diesel(sql_type = BigInt)]
    pub(crate) total_duration: i64,
    #[diesel(sql_type = BigInt)]
    pub(crate) timed: i64,
}
