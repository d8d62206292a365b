//! Sessions and their leases on pool numbers.

use std::time::Instant;

use async_trait::async_trait;
use diesel::prelude::*;
use diesel::sql_types::{Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use switchboard_domain::ports::{LeaseError, SessionStore};
use switchboard_domain::voicemail::{
    GreetingUrl, NewSession, SessionId, SessionQuery, SessionStatus, VoicemailSession,
};
use switchboard_domain::{Page, PhoneNumber, Quota, StoreError, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error;
use crate::lease_queue::LimitedLease;
use crate::paging;
use crate::prepared::prepared_statement;
use crate::schema::voicemail_sessions;
use crate::store::PgStore;

/// The lease itself, shared by [`LEASE_SQL`] and [`LEASE_AND_RECORD_SQL`].
macro_rules! lease_update {
    () => {
        "UPDATE pool_numbers SET leased_until = $2, lease_session_id = $3 \
         WHERE phone_number = (\
             SELECT phone_number FROM pool_numbers \
             WHERE leased_until <= $1 \
             ORDER BY leased_until \
             LIMIT 1 \
             FOR UPDATE SKIP LOCKED) \
         RETURNING phone_number"
    };
}

/// Leases the free number whose lease ended longest ago (never-leased numbers hold
/// `-infinity` and come first). Binds: `$1` now, `$2` lease end, `$3` session id.
/// The inner select is one range scan of `pool_numbers_by_lease_end` that stops at the first
/// row nobody else holds: its cost depends on neither leased numbers nor past sessions.
pub const LEASE_SQL: &str = lease_update!();

/// [`LEASE_SQL`] and the session's row in one statement (one round trip, atomic without an
/// explicit transaction): no row is inserted when no number is free. Binds as
/// [`LEASE_SQL`], then `$4` user id and `$5` greeting URL; returns the leased number.
const LEASE_AND_RECORD_SQL: &str = concat!(
    "WITH leased AS (",
    lease_update!(),
    ") INSERT INTO voicemail_sessions \
       (id, user_id, phone_number, greeting_url, created_at, expires_at) \
     SELECT $3, $4, phone_number, $5, $1, $2 FROM leased \
     RETURNING phone_number"
);

/// The session active on a number (`$1`) at an instant (`$2`): one probe of
/// `voicemail_sessions_by_number`. This is the inbound-call webhook's only query.
pub const ACTIVE_SESSION_SQL: &str = "\
SELECT id, user_id, phone_number, greeting_url, created_at, expires_at \
FROM voicemail_sessions \
WHERE phone_number = $1 AND expires_at > $2 \
ORDER BY expires_at DESC \
LIMIT 1";

prepared_statement! {
    /// [`ACTIVE_SESSION_SQL`], planned once per connection.
    ActiveSessionStatement<'a> {
        number: &'a str => Text,
        now: OffsetDateTime => Timestamptz,
    } = ACTIVE_SESSION_SQL
}

/// Ends session `$1` at `$2` unless it ended before (an ended session keeps its end), and
/// frees its number if the number is still leased to it, in one statement. The freeing
/// re-checks `lease_session_id` on the row it locks, so a newer lease is never freed.
const EXPIRE_SQL: &str = "\
WITH expired AS (\
    UPDATE voicemail_sessions SET expires_at = LEAST(expires_at, $2) \
    WHERE id = $1 \
    RETURNING id, user_id, phone_number, greeting_url, created_at, expires_at), \
freed AS (\
    UPDATE pool_numbers SET leased_until = $2, lease_session_id = NULL \
    FROM expired \
    WHERE pool_numbers.phone_number = expired.phone_number \
      AND pool_numbers.lease_session_id = $1 AND pool_numbers.leased_until > $2) \
SELECT * FROM expired";

#[derive(Debug, Queryable, QueryableByName, Selectable, Insertable)]
#[diesel(table_name = voicemail_sessions, check_for_backend(diesel::pg::Pg))]
struct SessionRow {
    id: Uuid,
    user_id: String,
    phone_number: String,
    greeting_url: String,
    created_at: OffsetDateTime,
    expires_at: OffsetDateTime,
}

impl SessionRow {
    fn from_new(new: &NewSession, number: &str) -> Self {
        Self {
            id: new.id.as_uuid(),
            user_id: new.user_id.as_str().to_owned(),
            phone_number: number.to_owned(),
            greeting_url: new.greeting_url.as_str().to_owned(),
            created_at: new.created_at,
            expires_at: new.expires_at,
        }
    }

    fn into_domain(self) -> Result<VoicemailSession, StoreError> {
        let corrupt = |what: &str| {
            StoreError::msg(format!(
                "reading session {}: stored {what} is invalid",
                self.id
            ))
        };
        Ok(VoicemailSession {
            id: SessionId::from_uuid(self.id),
            user_id: UserId::parse(&self.user_id).map_err(|_| corrupt("user id"))?,
            phone_number: PhoneNumber::parse(&self.phone_number)
                .map_err(|_| corrupt("phone number"))?,
            greeting_url: GreetingUrl::parse(&self.greeting_url)
                .map_err(|_| corrupt("greeting URL"))?,
            created_at: self.created_at,
            expires_at: self.expires_at,
        })
    }
}

/// The result of a query that matches at most one session.
fn at_most_one_session(
    row: QueryResult<SessionRow>,
    context: &'static str,
) -> Result<Option<VoicemailSession>, StoreError> {
    row.optional()
        .map_err(error::query(context))?
        .map(SessionRow::into_domain)
        .transpose()
}

#[derive(QueryableByName)]
struct LeasedNumber {
    #[diesel(sql_type = Text)]
    phone_number: String,
}

/// The session `new` became with `number` leased.
pub(crate) fn session_of(new: &NewSession, number: &str) -> Result<VoicemailSession, LeaseError> {
    SessionRow::from_new(new, number)
        .into_domain()
        .map_err(LeaseError::Store)
}

#[async_trait]
impl SessionStore for PgStore {
    async fn lease_number(&self, new: NewSession) -> Result<VoicemailSession, LeaseError> {
        const CONTEXT: &str = "leasing a pool number";
        let mut conn = self.conn(CONTEXT).await?;
        let sent = Instant::now();
        let leased: Option<LeasedNumber> = match diesel::sql_query(LEASE_AND_RECORD_SQL)
            .bind::<Timestamptz, _>(new.created_at)
            .bind::<Timestamptz, _>(new.expires_at)
            .bind::<SqlUuid, _>(new.id.as_uuid())
            .bind::<Text, _>(new.user_id.as_str())
            .bind::<Text, _>(new.greeting_url.as_str())
            .get_result(&mut conn)
            .await
            .optional()
        {
            Ok(leased) => leased,
            Err(e) => {
                drop(conn);
                return Err(self.failed_lease(e, &new, sent, CONTEXT).await);
            }
        };
        let leased = leased.ok_or(LeaseError::PoolExhausted)?;
        SessionRow::from_new(&new, &leased.phone_number)
            .into_domain()
            .map_err(LeaseError::Store)
    }

    async fn lease_number_within(
        &self,
        new: NewSession,
        limit_key: &str,
        quota: Quota,
    ) -> Result<VoicemailSession, LeaseError> {
        self.lease_within(LimitedLease {
            new,
            key: limit_key.to_owned(),
            quota,
        })
        .await
    }

    async fn session(&self, id: SessionId) -> Result<Option<VoicemailSession>, StoreError> {
        const CONTEXT: &str = "reading a session";
        let mut conn = self.conn(CONTEXT).await?;
        let row = voicemail_sessions::table
            .find(id.as_uuid())
            .select(SessionRow::as_select())
            .first(&mut conn)
            .await;
        at_most_one_session(row, CONTEXT)
    }

    async fn list_sessions(
        &self,
        query: &SessionQuery,
    ) -> Result<Page<VoicemailSession>, StoreError> {
        const CONTEXT: &str = "listing sessions";
        use voicemail_sessions::dsl;
        let mut select = dsl::voicemail_sessions
            .filter(dsl::user_id.eq(query.user_id.as_str()))
            .into_boxed();
        select = match query.status {
            Some(SessionStatus::Active) => select.filter(dsl::expires_at.gt(query.now)),
            Some(SessionStatus::Expired) => select.filter(dsl::expires_at.le(query.now)),
            None => select,
        };
        if let Some((at, id)) =
            query
                .page
                .start_after(|key| Uuid::try_parse(key).ok(), CONTEXT, "a session")?
        {
            select = select.filter(
                dsl::created_at
                    .lt(at)
                    .or(dsl::created_at.eq(at).and(dsl::id.lt(id))),
            );
        }
        let mut conn = self.conn(CONTEXT).await?;
        let rows: Vec<SessionRow> = select
            .order((dsl::created_at.desc(), dsl::id.desc()))
            .limit(paging::overfetch(&query.page))
            .select(SessionRow::as_select())
            .load(&mut conn)
            .await
            .map_err(error::query(CONTEXT))?;
        let items = rows
            .into_iter()
            .map(SessionRow::into_domain)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_overfetch(
            items,
            query.page.limit,
            VoicemailSession::cursor,
        ))
    }

    async fn expire_session(
        &self,
        id: SessionId,
        now: OffsetDateTime,
    ) -> Result<Option<VoicemailSession>, StoreError> {
        const CONTEXT: &str = "expiring a session";
        let mut conn = self.conn(CONTEXT).await?;
        let row = diesel::sql_query(EXPIRE_SQL)
            .bind::<SqlUuid, _>(id.as_uuid())
            .bind::<Timestamptz, _>(now)
            .get_result(&mut conn)
            .await;
        at_most_one_session(row, CONTEXT)
    }

    async fn active_session_for(
        &self,
        number: &PhoneNumber,
        now: OffsetDateTime,
    ) -> Result<Option<VoicemailSession>, StoreError> {
        const CONTEXT: &str = "looking up the session of a called number";
        let mut conn = self.conn(CONTEXT).await?;
        let row = ActiveSessionStatement {
            number: number.as_str(),
            now,
        }
        .get_result(&mut conn)
        .await;
        at_most_one_session(row, CONTEXT)
    }
}
