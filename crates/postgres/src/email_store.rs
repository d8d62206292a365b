//! The email log on PostgreSQL: `emails`, partitioned by month, and its unpartitioned
//! `email_keys` (an id is unique across months; a read by id finds the month there).

use async_trait::async_trait;
use diesel::OptionalExtension as _;
use diesel::QueryableByName;
use diesel::sql_types::{Array, BigInt, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use switchboard_domain::email::{EmailAddress, EmailId, EmailQuery, EmailRecord, EmailStatus};
use switchboard_domain::ports::EmailStore;
use switchboard_domain::{Page, StoreError, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error;
use crate::paging;
use crate::store::PgStore;

const COLUMNS: &str = "id, user_id, to_addresses, from_address, from_name, subject, status, provider_message_id, error, created_at";

#[derive(QueryableByName)]
struct EmailRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    user_id: String,
    #[diesel(sql_type = Array<Text>)]
    to_addresses: Vec<String>,
    #[diesel(sql_type = Text)]
    from_address: String,
    #[diesel(sql_type = Nullable<Text>)]
    from_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    subject: Option<String>,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Nullable<Text>)]
    provider_message_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    error: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    created_at: OffsetDateTime,
}

impl EmailRow {
    fn into_domain(self) -> Result<EmailRecord, StoreError> {
        let id = self.id;
        let corrupt =
            |what: &str| StoreError::msg(format!("reading email {id}: stored {what} is invalid"));
        let address = |raw: &str| EmailAddress::parse(raw).map_err(|_| corrupt("address"));
        let mut from = address(&self.from_address)?;
        if let Some(name) = self.from_name.as_deref() {
            from = from.with_name(name).map_err(|_| corrupt("sender name"))?;
        }
        Ok(EmailRecord {
            id: EmailId::from_uuid(id),
            user_id: UserId::parse(&self.user_id).map_err(|_| corrupt("user id"))?,
            to: self
                .to_addresses
                .iter()
                .map(|a| address(a))
                .collect::<Result<_, _>>()?,
            from,
            subject: self.subject,
            status: EmailStatus::parse(&self.status).ok_or_else(|| corrupt("status"))?,
            provider_message_id: self.provider_message_id,
            error: self.error,
            created_at: self.created_at,
        })
    }
}

#[async_trait]
impl EmailStore for PgStore {
    async fn record_email(&self, email: &EmailRecord) -> Result<(), StoreError> {
        const CONTEXT: &str = "recording an email";
        let mut conn = self.conn(CONTEXT).await?;
        diesel::sql_query(format!(
            "WITH k AS (INSERT INTO email_keys (id, created_at) VALUES ($1, $10) RETURNING id) \
             INSERT INTO emails ({COLUMNS}) SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM k"
        ))
        .bind::<SqlUuid, _>(email.id.as_uuid())
        .bind::<Text, _>(email.user_id.as_str())
        .bind::<Array<Text>, _>(
            email
                .to
                .iter()
                .map(EmailAddress::as_str)
                .collect::<Vec<_>>(),
        )
        .bind::<Text, _>(email.from.as_str())
        .bind::<Nullable<Text>, _>(email.from.name())
        .bind::<Nullable<Text>, _>(email.subject.as_deref())
        .bind::<Text, _>(email.status.as_str())
        .bind::<Nullable<Text>, _>(email.provider_message_id.as_deref())
        .bind::<Nullable<Text>, _>(
            email
                .error
                .as_deref()
                .map(|e| e.chars().take(2000).collect::<String>()),
        )
        .bind::<Timestamptz, _>(email.created_at)
        .execute(&mut conn)
        .await
        .map_err(error::query(CONTEXT))?;
        Ok(())
    }

    async fn email(&self, id: EmailId) -> Result<Option<EmailRecord>, StoreError> {
        const CONTEXT: &str = "reading an email";
        let mut conn = self.conn(CONTEXT).await?;
        let row: Option<EmailRow> = diesel::sql_query(format!(
            "SELECT {COLUMNS} FROM emails \
                 WHERE (id, created_at) = (SELECT id, created_at FROM email_keys WHERE id = $1)"
        ))
        .bind::<SqlUuid, _>(id.as_uuid())
        .get_result(&mut conn)
        .await
        .optional()
        .map_err(error::query(CONTEXT))?;
        row.map(EmailRow::into_domain).transpose()
    }

    async fn list_emails(&self, query: &EmailQuery) -> Result<Page<EmailRecord>, StoreError> {
        const CONTEXT: &str = "listing emails";
        let after = query
            .page
            .start_after(EmailId::parse, CONTEXT, "an email")?;
        let mut conn = self.conn(CONTEXT).await?;
        let rows: Vec<EmailRow> = diesel::sql_query(format!(
            "SELECT {COLUMNS} FROM emails WHERE user_id = $1 \
             AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid)) \
             AND ($2::timestamptz IS NULL OR created_at <= $2) \
             ORDER BY created_at DESC, id DESC LIMIT $4"
        ))
        .bind::<Text, _>(query.owner.as_str())
        .bind::<Nullable<Timestamptz>, _>(after.map(|(at, _)| at))
        .bind::<Nullable<SqlUuid>, _>(after.map(|(_, id)| id.as_uuid()))
        .bind::<BigInt, _>(paging::overfetch(&query.page))
        .load(&mut conn)
        .await
        .map_err(error::query(CONTEXT))?;
        let items = rows
            .into_iter()
            .map(EmailRow::into_domain)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_overfetch(
            items,
            query.page.limit,
            EmailRecord::cursor,
        ))
    }
}
