//! The message log and auto-replies on PostgreSQL: `messages` (partitioned by month), its
//! unpartitioned `message_keys`, and `auto_replies`. Every statement that writes a message
//! writes its key in the same statement.

mod rows;
pub mod sql;

use async_trait::async_trait;
use diesel::OptionalExtension as _;
use diesel::QueryableByName;
use diesel::result::Error as DieselError;
use diesel::sql_types::{
    Array, BigInt, Bool, Integer, Nullable, SmallInt, Text, Timestamptz, Uuid as SqlUuid,
};
use diesel_async::RunQueryDsl;
use switchboard_domain::calls::Applied;
use switchboard_domain::messages::progress::rank;
use switchboard_domain::messages::{
    AutoReply, LogMessageError, Message, MessageId, MessageQuery, MessageReport, NewMessage,
};
use switchboard_domain::numbers::OwnedNumberId;
use switchboard_domain::ports::MessageStore;
use switchboard_domain::sid::MessageSid;
use switchboard_domain::telephony::MessageStatus;
use switchboard_domain::{Page, PhoneNumber, StoreError, UserId};
use time::OffsetDateTime;

use self::rows::MessageRow;
use self::sql::{
    APPLY_MESSAGE_STATUS_SQL, LIST_USER_MESSAGES_SQL, MESSAGE_BY_SID_SQL, message_columns,
};
use crate::error;
use crate::paging;
use crate::store::PgStore;

#[derive(QueryableByName)]
struct Owner {
    #[diesel(sql_type = Text)]
    user_id: String,
}

#[derive(QueryableByName)]
struct ReplyRow {
    #[diesel(sql_type = Bool)]
    enabled: bool,
    #[diesel(sql_type = Text)]
    body: String,
}

fn count(n: Option<u32>) -> Option<i32> {
    n.map(|n| i32::try_from(n).unwrap_or(i32::MAX))
}

#[async_trait]
impl MessageStore for PgStore {
    async fn log_message(&self, m: &NewMessage) -> Result<Message, LogMessageError> {
        const CONTEXT: &str = "logging a message";
        let mut conn = self.conn(CONTEXT).await?;
        let row: Option<MessageRow> = diesel::sql_query(concat!(
            "WITH k AS (INSERT INTO message_keys (id, message_sid, created_at) VALUES ($1, $2, $12) \
             ON CONFLICT DO NOTHING RETURNING id) \
             INSERT INTO messages (id, message_sid, user_id, channel, direction, from_number, to_number, \
             body, media_urls, status, number_id, created_at, updated_at) \
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12 FROM k RETURNING ",
            message_columns!()
        ))
        .bind::<SqlUuid, _>(m.id.as_uuid())
        .bind::<Nullable<Text>, _>(m.sid.as_ref().map(|s| s.as_str()))
        .bind::<Text, _>(m.user_id.as_str())
        .bind::<Text, _>(m.channel.as_str())
        .bind::<Text, _>(m.direction.as_str())
        .bind::<Text, _>(m.from.as_str())
        .bind::<Text, _>(m.to.as_str())
        .bind::<Nullable<Text>, _>(m.body.as_deref())
        .bind::<Array<Text>, _>(m.media_urls.iter().map(url::Url::as_str).collect::<Vec<_>>())
        .bind::<Text, _>(m.status.as_str())
        .bind::<Nullable<SqlUuid>, _>(m.number_id.map(OwnedNumberId::as_uuid))
        .bind::<Timestamptz, _>(m.created_at)
        .get_result(&mut conn)
        .await
        .optional()
        .map_err(error::query(CONTEXT))
        .map_err(LogMessageError::Store)?;
        match row {
            Some(row) => Ok(row.into_domain()?),
            None => Err(LogMessageError::Duplicate),
        }
    }

    async fn attach_message_sid(
        &self,
        id: MessageId,
        sid: &MessageSid,
        status: MessageStatus,
        segments: Option<u32>,
        at: OffsetDateTime,
    ) -> Result<Option<Message>, StoreError> {
        const CONTEXT: &str = "attaching a message SID";
        let mut conn = self.conn(CONTEXT).await?;
        let row: Result<MessageRow, DieselError> = diesel::sql_query(concat!(
            "WITH k AS (UPDATE message_keys SET message_sid = $2 \
             WHERE id = $1 AND (message_sid IS NULL OR message_sid = $2) \
             RETURNING id AS message_id, created_at AS message_created_at) \
             UPDATE messages SET message_sid = $2, \
             status = CASE WHEN $4 > status_rank THEN $3 ELSE status END, \
             segments = COALESCE($5, segments), updated_at = $6 \
             FROM k WHERE messages.id = k.message_id AND messages.created_at = k.message_created_at \
             RETURNING ",
            message_columns!()
        ))
        .bind::<SqlUuid, _>(id.as_uuid())
        .bind::<Text, _>(sid.as_str())
        .bind::<Text, _>(status.as_str())
        .bind::<SmallInt, _>(i16::from(rank(status)))
        .bind::<Nullable<Integer>, _>(count(segments))
        .bind::<Timestamptz, _>(at)
        .get_result(&mut conn)
        .await;
        // No row: the id is unknown or has another SID; a unique violation: the SID is
        // another message's. Either way nothing changed.
        match row {
            Ok(row) => row.into_domain().map(Some),
            Err(DieselError::NotFound) => Ok(None),
            Err(e) if error::unique_violation(&e) => Ok(None),
            Err(e) => Err(error::query(CONTEXT)(e)),
        }
    }

    async fn refuse_message(&self, id: MessageId, at: OffsetDateTime) -> Result<(), StoreError> {
        const CONTEXT: &str = "marking a message refused";
        let mut conn = self.conn(CONTEXT).await?;
        diesel::sql_query(
            "UPDATE messages SET status = 'failed', updated_at = $2 FROM message_keys k \
             WHERE k.id = $1 AND messages.id = k.id AND messages.created_at = k.created_at \
             AND messages.message_sid IS NULL",
        )
        .bind::<SqlUuid, _>(id.as_uuid())
        .bind::<Timestamptz, _>(at)
        .execute(&mut conn)
        .await
        .map_err(error::query(CONTEXT))?;
        Ok(())
    }

    async fn apply_message_status(
        &self,
        report: &MessageReport,
    ) -> Result<Applied<Message>, StoreError> {
        const CONTEXT: &str = "applying a message status";
        let mut conn = self.conn(CONTEXT).await?;
        let row: Option<MessageRow> = diesel::sql_query(APPLY_MESSAGE_STATUS_SQL)
            .bind::<Text, _>(report.sid.as_str())
            .bind::<Text, _>(report.status.as_str())
            .bind::<SmallInt, _>(i16::from(rank(report.status)))
            .bind::<Nullable<Integer>, _>(count(report.error_code))
            .bind::<Timestamptz, _>(report.at)
            .get_result(&mut conn)
            .await
            .optional()
            .map_err(error::query(CONTEXT))?;
        if let Some(row) = row {
            return Ok(Applied::Changed(row.into_domain()?));
        }
        drop(conn);
        Ok(match self.message(&report.sid).await? {
            Some(message) => Applied::Unchanged(message),
            None => Applied::Unknown,
        })
    }

    async fn message(&self, sid: &MessageSid) -> Result<Option<Message>, StoreError> {
        const CONTEXT: &str = "reading a message";
        let mut conn = self.conn(CONTEXT).await?;
        let row: Option<MessageRow> = diesel::sql_query(MESSAGE_BY_SID_SQL)
            .bind::<Text, _>(sid.as_str())
            .get_result(&mut conn)
            .await
            .optional()
            .map_err(error::query(CONTEXT))?;
        row.map(MessageRow::into_domain).transpose()
    }

    async fn list_messages(&self, query: &MessageQuery) -> Result<Page<Message>, StoreError> {
        const CONTEXT: &str = "listing messages";
        let after = query
            .page
            .start_after(MessageId::parse, CONTEXT, "a message")?;
        let mut conn = self.conn(CONTEXT).await?;
        let rows: Vec<MessageRow> = diesel::sql_query(LIST_USER_MESSAGES_SQL)
            .bind::<Text, _>(query.owner.as_str())
            .bind::<Nullable<Text>, _>(query.channel.map(|c| c.as_str()))
            .bind::<Nullable<Text>, _>(query.direction.map(|d| d.as_str()))
            .bind::<Nullable<Text>, _>(query.status.map(MessageStatus::as_str))
            .bind::<Nullable<Text>, _>(query.number.as_ref().map(PhoneNumber::as_str))
            .bind::<Nullable<Timestamptz>, _>(query.since)
            .bind::<Nullable<Timestamptz>, _>(query.until)
            .bind::<Nullable<Timestamptz>, _>(after.map(|(at, _)| at))
            .bind::<Nullable<SqlUuid>, _>(after.map(|(_, id)| id.as_uuid()))
            .bind::<BigInt, _>(paging::overfetch(&query.page))
            .load(&mut conn)
            .await
            .map_err(error::query(CONTEXT))?;
        let items = rows
            .into_iter()
            .map(MessageRow::into_domain)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_overfetch(
            items,
            query.page.limit,
            Message::cursor,
        ))
    }

    async fn last_writer(
        &self,
        from: &PhoneNumber,
        to: &PhoneNumber,
    ) -> Result<Option<UserId>, StoreError> {
        const CONTEXT: &str = "reading a WhatsApp conversation's last writer";
        let mut conn = self.conn(CONTEXT).await?;
        let row: Option<Owner> = diesel::sql_query(
            "SELECT user_id FROM messages WHERE from_number = $1 AND to_number = $2 \
             AND channel = 'whatsapp' AND direction = 'outbound' AND message_sid IS NOT NULL \
             ORDER BY created_at DESC, id DESC LIMIT 1",
        )
        .bind::<Text, _>(from.as_str())
        .bind::<Text, _>(to.as_str())
        .get_result(&mut conn)
        .await
        .optional()
        .map_err(error::query(CONTEXT))?;
        row.map(|r| {
            UserId::parse(&r.user_id).map_err(|_| StoreError::msg("a stored user id is invalid"))
        })
        .transpose()
    }

    async fn auto_reply(&self, number: OwnedNumberId) -> Result<Option<AutoReply>, StoreError> {
        const CONTEXT: &str = "reading an auto-reply";
        let mut conn = self.conn(CONTEXT).await?;
        let row: Option<ReplyRow> =
            diesel::sql_query("SELECT enabled, body FROM auto_replies WHERE number_id = $1")
                .bind::<SqlUuid, _>(number.as_uuid())
                .get_result(&mut conn)
                .await
                .optional()
                .map_err(error::query(CONTEXT))?;
        Ok(row.map(|r| AutoReply {
            enabled: r.enabled,
            body: r.body,
        }))
    }

    async fn put_auto_reply(
        &self,
        number: OwnedNumberId,
        reply: &AutoReply,
    ) -> Result<(), StoreError> {
        const CONTEXT: &str = "writing an auto-reply";
        let mut conn = self.conn(CONTEXT).await?;
        diesel::sql_query(
            "INSERT INTO auto_replies (number_id, enabled, body, updated_at) VALUES ($1, $2, $3, now()) \
             ON CONFLICT (number_id) DO UPDATE SET enabled = EXCLUDED.enabled, body = EXCLUDED.body, \
             updated_at = EXCLUDED.updated_at",
        )
        .bind::<SqlUuid, _>(number.as_uuid())
        .bind::<Bool, _>(reply.enabled)
        .bind::<Text, _>(reply.body.as_str())
        .execute(&mut conn)
        .await
        .map_err(error::query(CONTEXT))?;
        Ok(())
    }
}
