//! Message rows as PostgreSQL returns them, and their conversion to the domain's messages.

use diesel::QueryableByName;
use diesel::sql_types::{Array, BigInt, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use switchboard_domain::messages::{Channel, Message, MessageDirection, MessageId};
use switchboard_domain::numbers::OwnedNumberId;
use switchboard_domain::sid::MessageSid;
use switchboard_domain::telephony::MessageStatus;
use switchboard_domain::{Amount, Currency, PhoneNumber, StoreError, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

/// A `messages` row, in the order of `message_columns!`.
#[derive(Debug, QueryableByName)]
pub(super) struct MessageRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Nullable<Text>)]
    message_sid: Option<String>,
    #[diesel(sql_type = Text)]
    user_id: String,
    #[diesel(sql_type = Text)]
    channel: String,
    #[diesel(sql_type = Text)]
    direction: String,
    #[diesel(sql_type = Text)]
    from_number: String,
    #[diesel(sql_type = Text)]
    to_number: String,
    #[diesel(sql_type = Nullable<Text>)]
    body: Option<String>,
    #[diesel(sql_type = Array<Text>)]
    media_urls: Vec<String>,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Nullable<Integer>)]
    error_code: Option<i32>,
    #[diesel(sql_type = Nullable<Integer>)]
    segments: Option<i32>,
    #[diesel(sql_type = Nullable<BigInt>)]
    price: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    price_unit: Option<String>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    number_id: Option<Uuid>,
    #[diesel(sql_type = Timestamptz)]
    created_at: OffsetDateTime,
    #[diesel(sql_type = Timestamptz)]
    updated_at: OffsetDateTime,
}

impl MessageRow {
    pub(super) fn into_domain(self) -> Result<Message, StoreError> {
        let id = self.id;
        let corrupt =
            |what: &str| StoreError::msg(format!("reading message {id}: stored {what} is invalid"));
        let number = |raw: &str, what: &str| PhoneNumber::parse(raw).map_err(|_| corrupt(what));
        let count = |n: Option<i32>| n.and_then(|n| u32::try_from(n).ok());
        Ok(Message {
            id: MessageId::from_uuid(id),
            sid: self
                .message_sid
                .map(|s| MessageSid::parse(&s).map_err(|_| corrupt("SID")))
                .transpose()?,
            user_id: UserId::parse(&self.user_id).map_err(|_| corrupt("user id"))?,
            channel: Channel::parse(&self.channel).ok_or_else(|| corrupt("channel"))?,
            direction: MessageDirection::parse(&self.direction)
                .ok_or_else(|| corrupt("direction"))?,
            from: number(&self.from_number, "from number")?,
            to: number(&self.to_number, "to number")?,
            body: self.body,
            media_urls: self
                .media_urls
                .iter()
                .map(|u| url::Url::parse(u).map_err(|_| corrupt("media URL")))
                .collect::<Result<_, _>>()?,
            status: MessageStatus::parse(&self.status).ok_or_else(|| corrupt("status"))?,
            error_code: count(self.error_code),
            segments: count(self.segments),
            price: self.price.map(Amount::from_ten_thousandths),
            price_unit: self
                .price_unit
                .map(|c| Currency::parse(&c).map_err(|_| corrupt("price unit")))
                .transpose()?,
            number_id: self.number_id.map(OwnedNumberId::from_uuid),
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}
