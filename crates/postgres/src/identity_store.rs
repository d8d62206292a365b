//! Mapped browser identities on PostgreSQL: `browser_identities`.

use async_trait::async_trait;
use diesel::OptionalExtension as _;
use diesel::QueryableByName;
use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use switchboard_domain::calls::BrowserIdentity;
use switchboard_domain::ports::IdentityStore;
use switchboard_domain::{StoreError, UserId};

use crate::error;
use crate::store::PgStore;

#[derive(QueryableByName)]
struct Identity {
    #[diesel(sql_type = Text)]
    identity: String,
}

#[derive(QueryableByName)]
struct Owner {
    #[diesel(sql_type = Text)]
    user_id: String,
}

fn parse(row: Identity) -> Result<BrowserIdentity, StoreError> {
    BrowserIdentity::parse(&row.identity)
        .map_err(|_| StoreError::msg("a stored browser identity is invalid"))
}

#[async_trait]
impl IdentityStore for PgStore {
    async fn mapped_identity(
        &self,
        user: &UserId,
        candidate: &BrowserIdentity,
    ) -> Result<BrowserIdentity, StoreError> {
        const CONTEXT: &str = "minting a browser identity";
        let mut conn = self.conn(CONTEXT).await?;
        // Inserts the candidate unless the user has an identity; a concurrent insert that
        // won is not visible to this statement's snapshot, so it is read afterwards.
        let inserted: Option<Identity> = diesel::sql_query(
            "INSERT INTO browser_identities (identity, user_id) VALUES ($1, $2) \
             ON CONFLICT (user_id) DO NOTHING RETURNING identity",
        )
        .bind::<Text, _>(candidate.as_str())
        .bind::<Text, _>(user.as_str())
        .get_result(&mut conn)
        .await
        .optional()
        .map_err(error::query(CONTEXT))?;
        if let Some(row) = inserted {
            return parse(row);
        }
        let stored: Identity =
            diesel::sql_query("SELECT identity FROM browser_identities WHERE user_id = $1")
                .bind::<Text, _>(user.as_str())
                .get_result(&mut conn)
                .await
                .map_err(error::query(CONTEXT))?;
        parse(stored)
    }

    async fn identity_user(
        &self,
        identity: &BrowserIdentity,
    ) -> Result<Option<UserId>, StoreError> {
        const CONTEXT: &str = "reading a browser identity";
        let mut conn = self.conn(CONTEXT).await?;
        let row: Option<Owner> =
            diesel::sql_query("SELECT user_id FROM browser_identities WHERE identity = $1")
                .bind::<Text, _>(identity.as_str())
                .get_result(&mut conn)
                .await
                .optional()
                .map_err(error::query(CONTEXT))?;
        row.map(|r| {
            UserId::parse(&r.user_id)
                .map_err(|_| StoreError::msg("a stored browser identity's user id is invalid"))
        })
        .transpose()
    }
}
