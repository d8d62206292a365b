//! Recordings of logged calls on PostgreSQL: `recordings`.

use async_trait::async_trait;
use diesel::OptionalExtension as _;
use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Integer, Nullable, SmallInt, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use switchboard_domain::calls::{
    Applied, Recording, RecordingKind, RecordingLogStatus, RecordingQuery, RecordingReport,
};
use switchboard_domain::numbers::OwnedNumberId;
use switchboard_domain::ports::RecordingStore;
use switchboard_domain::sid::{CallSid, RecordingSid};
use switchboard_domain::{Page, PhoneNumber, StoreError, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error;
use crate::paging;
use crate::store::PgStore;

macro_rules! recording_columns {
    () => {
        "recording_sid, call_sid, user_id, number_id, kind, status, duration, channels, source, \
         from_number, created_at, updated_at"
    };
}

/// Stores a report in one statement: a new recording takes its call's user, number and
/// caller (the call found by its key in `call_keys`, so in one partition of `calls`) and
/// flags the call recorded; a known one takes the report only when its rank
/// (`$9`) is higher. Binds: `$1` SID, `$2` call SID, `$3` kind, `$4` status, `$5` duration,
/// `$6` channels, `$7` source, `$8` when, `$9` its rank. Returns no row when nothing changed.
const APPLY_SQL: &str = concat!(
    "WITH call AS (SELECT c.call_sid, c.user_id, c.number_id, c.from_number \
       FROM call_keys k JOIN calls c ON c.id = k.id AND c.created_at = k.created_at \
       WHERE k.call_sid = $2), \
     stored AS (\
       INSERT INTO recordings (recording_sid, call_sid, user_id, number_id, kind, status, \
         duration, channels, source, from_number, created_at, updated_at) \
       SELECT $1, call_sid, user_id, number_id, $3, $4, $5, $6, $7, from_number, $8, $8 FROM call \
       ON CONFLICT (recording_sid) DO UPDATE SET status = EXCLUDED.status, \
         duration = COALESCE(EXCLUDED.duration, recordings.duration), \
         channels = COALESCE(EXCLUDED.channels, recordings.channels), \
         source = COALESCE(EXCLUDED.source, recordings.source), \
         updated_at = EXCLUDED.updated_at \
       WHERE recordings.status_rank < $9 \
       RETURNING ",
    recording_columns!(),
    "), flagged AS (UPDATE calls SET recorded = true FROM stored, call_keys k \
       WHERE k.call_sid = stored.call_sid AND calls.id = k.id AND calls.created_at = k.created_at \
       AND NOT calls.recorded) \
     SELECT * FROM stored"
);

const BY_SID_SQL: &str = concat!(
    "SELECT ",
    recording_columns!(),
    " FROM recordings WHERE recording_sid = $1"
);

/// One owner's (`$1`, or everyone's when NULL) recordings newest first, by call (`$2`) and
/// kind (`$3`), after the cursor `$4`/`$5`, at most `$6`.
/// `$created` is the creation-time expression its index holds (see the migration) and
/// `$cursor` the same expression of the cursor's time.
macro_rules! list_sql {
    ($owner:literal, $created:literal, $cursor:literal) => {
        concat!(
            "SELECT ",
            recording_columns!(),
            " FROM recordings WHERE ",
            $owner,
            " AND ($2::text IS NULL OR call_sid = $2) AND ($3::text IS NULL OR kind = $3) \
             AND ($4::timestamptz IS NULL OR (",
            $created,
            ", recording_sid) < (",
            $cursor,
            ", $5::text)) ORDER BY ",
            $created,
            " DESC, recording_sid DESC LIMIT $6"
        )
    };
}

#[derive(Debug, QueryableByName)]
struct RecordingRow {
    #[diesel(sql_type = Text)]
    recording_sid: String,
    #[diesel(sql_type = Text)]
    call_sid: String,
    #[diesel(sql_type = Text)]
    user_id: String,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    number_id: Option<Uuid>,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Nullable<Integer>)]
    duration: Option<i32>,
    #[diesel(sql_type = Nullable<SmallInt>)]
    channels: Option<i16>,
    #[diesel(sql_type = Nullable<Text>)]
    source: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    from_number: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    created_at: OffsetDateTime,
    #[diesel(sql_type = Timestamptz)]
    updated_at: OffsetDateTime,
}

impl RecordingRow {
    fn into_domain(self) -> Result<Recording, StoreError> {
        let sid = self.recording_sid.clone();
        let corrupt = |what: &str| {
            StoreError::msg(format!("reading recording {sid}: stored {what} is invalid"))
        };
        Ok(Recording {
            sid: RecordingSid::parse(&self.recording_sid).map_err(|_| corrupt("SID"))?,
            call_sid: CallSid::parse(&self.call_sid).map_err(|_| corrupt("call SID"))?,
            user_id: UserId::parse(&self.user_id).map_err(|_| corrupt("user id"))?,
            number_id: self.number_id.map(OwnedNumberId::from_uuid),
            kind: RecordingKind::parse(&self.kind).ok_or_else(|| corrupt("kind"))?,
            status: RecordingLogStatus::parse(&self.status).ok_or_else(|| corrupt("status"))?,
            duration: self
                .duration
                .map(|d| u32::try_from(d).map_err(|_| corrupt("duration")))
                .transpose()?,
            channels: self
                .channels
                .map(|c| u8::try_from(c).map_err(|_| corrupt("channels")))
                .transpose()?,
            source: self.source,
            from: self
                .from_number
                .map(|n| PhoneNumber::parse(&n).map_err(|_| corrupt("caller")))
                .transpose()?,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

#[async_trait]
impl RecordingStore for PgStore {
    async fn apply_recording(
        &self,
        report: &RecordingReport,
    ) -> Result<Applied<Recording>, StoreError> {
        const CONTEXT: &str = "storing a recording";
        let mut conn = self.conn(CONTEXT).await?;
        let row: Option<RecordingRow> = diesel::sql_query(APPLY_SQL)
            .bind::<Text, _>(report.sid.as_str())
            .bind::<Text, _>(report.call_sid.as_str())
            .bind::<Text, _>(report.kind.as_str())
            .bind::<Text, _>(report.status.as_str())
            .bind::<Nullable<Integer>, _>(
                report
                    .duration
                    .map(|d| i32::try_from(d).unwrap_or(i32::MAX)),
            )
            .bind::<Nullable<SmallInt>, _>(report.channels.map(i16::from))
            .bind::<Nullable<Text>, _>(report.source.as_deref())
            .bind::<Timestamptz, _>(report.at)
            .bind::<SmallInt, _>(i16::from(report.status.rank()))
            .get_result(&mut conn)
            .await
            .optional()
            .map_err(error::query(CONTEXT))?;
        drop(conn);
        if let Some(row) = row {
            return Ok(Applied::Changed(row.into_domain()?));
        }
        Ok(match self.recording(&report.sid).await? {
            Some(stored) => Applied::Unchanged(stored),
            None => Applied::Unknown,
        })
    }

    async fn recording(&self, sid: &RecordingSid) -> Result<Option<Recording>, StoreError> {
        const CONTEXT: &str = "reading a recording";
        let mut conn = self.conn(CONTEXT).await?;
        let row: Option<RecordingRow> = diesel::sql_query(BY_SID_SQL)
            .bind::<Text, _>(sid.as_str())
            .get_result(&mut conn)
            .await
            .optional()
            .map_err(error::query(CONTEXT))?;
        row.map(RecordingRow::into_domain).transpose()
    }

    async fn list_recordings(&self, query: &RecordingQuery) -> Result<Page<Recording>, StoreError> {
        const CONTEXT: &str = "listing recordings";
        let after =
            query
                .page
                .start_after(|key| RecordingSid::parse(key).ok(), CONTEXT, "a recording")?;
        let sql = if query.owner.is_some() {
            list_sql!("user_id = $1", "created_at", "$4::timestamptz")
        } else {
            list_sql!(
                "$1::text IS NULL",
                "created_at AT TIME ZONE 'UTC'",
                "$4::timestamptz AT TIME ZONE 'UTC'"
            )
        };
        let mut conn = self.conn(CONTEXT).await?;
        let rows: Vec<RecordingRow> = diesel::sql_query(sql)
            .bind::<Nullable<Text>, _>(query.owner.as_ref().map(UserId::as_str))
            .bind::<Nullable<Text>, _>(query.call_sid.as_ref().map(CallSid::as_str))
            .bind::<Nullable<Text>, _>(query.kind.map(RecordingKind::as_str))
            .bind::<Nullable<Timestamptz>, _>(after.as_ref().map(|(at, _)| *at))
            .bind::<Nullable<Text>, _>(after.as_ref().map(|(_, sid)| sid.as_str()))
            .bind::<BigInt, _>(paging::overfetch(&query.page))
            .load(&mut conn)
            .await
            .map_err(error::query(CONTEXT))?;
        let items = rows
            .into_iter()
            .map(RecordingRow::into_domain)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_overfetch(
            items,
            query.page.limit,
            Recording::cursor,
        ))
    }
}
