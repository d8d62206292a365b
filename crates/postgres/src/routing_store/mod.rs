//! Forwarding rules, IVR menus and voicemail settings on PostgreSQL: `forwarding_rules`,
//! `ivr_menus`, `voicemail_settings`, and the inbound lookup over them and the number.

mod menu_json;
mod rows;
pub mod sql;

use async_trait::async_trait;
use diesel::OptionalExtension as _;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sql_types::{Bool, Nullable, SmallInt, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use switchboard_domain::numbers::OwnedNumberId;
use switchboard_domain::ports::RoutingStore;
use switchboard_domain::routing::{
    ForwardingRule, IvrMenu, Line, RuleId, RuleWriteError, VoicemailBox,
};
use switchboard_domain::{PhoneNumber, StoreError};

use self::rows::{LineRow, RULE_COLUMNS, RuleRow, VoicemailRow, greeting_columns};
use crate::error;
use crate::prepared::prepared_statement;
use crate::store::PgStore;

#[derive(diesel::QueryableByName)]
struct Edge {
    #[diesel(sql_type = Text)]
    phone_number: String,
    #[diesel(sql_type = Text)]
    forward_to: String,
}

#[derive(diesel::QueryableByName)]
struct MenuRow {
    #[diesel(sql_type = Text)]
    menu: String,
}

/// A write refused by `forwarding_rules_one_enabled` is a conflict; by the number's
/// foreign key, an unknown number.
fn rule_write(context: &'static str) -> impl FnOnce(DieselError) -> RuleWriteError {
    move |e| match &e {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info)
            if info.constraint_name() == Some("forwarding_rules_one_enabled") =>
        {
            RuleWriteError::Conflict
        }
        DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
            RuleWriteError::NotFound
        }
        _ => RuleWriteError::Store(error::query(context)(e)),
    }
}

fn ring_timeout(rule: &ForwardingRule) -> i16 {
    i16::try_from(rule.ring_timeout.seconds()).unwrap_or(i16::MAX)
}

prepared_statement! {
    /// [`sql::LINE_SQL`], the owned-number webhook's one read, planned once per connection.
    LineStatement<'a> {
        phone: &'a str => Text,
    } = sql::LINE_SQL
}

#[async_trait]
impl RoutingStore for PgStore {
    async fn line(&self, phone: &PhoneNumber) -> Result<Option<Line>, StoreError> {
        const CONTEXT: &str = "reading a number's routing";
        let mut conn = self.conn(CONTEXT).await?;
        let rows: Vec<LineRow> = LineStatement {
            phone: phone.as_str(),
        }
        .load(&mut conn)
        .await
        .map_err(error::query(CONTEXT))?;
        rows::line(rows)
    }

    async fn rules(&self, number: OwnedNumberId) -> Result<Vec<ForwardingRule>, StoreError> {
        const CONTEXT: &str = "listing forwarding rules";
        let mut conn = self.conn(CONTEXT).await?;
        let rows: Vec<RuleRow> = diesel::sql_query(format!(
            "SELECT {RULE_COLUMNS} FROM forwarding_rules WHERE number_id = $1 ORDER BY created_at, id"
        ))
        .bind::<SqlUuid, _>(number.as_uuid())
        .load(&mut conn)
        .await
        .map_err(error::query(CONTEXT))?;
        rows.into_iter().map(RuleRow::into_domain).collect()
    }

    async fn rule(&self, id: RuleId) -> Result<Option<ForwardingRule>, StoreError> {
        const CONTEXT: &str = "reading a forwarding rule";
        let mut conn = self.conn(CONTEXT).await?;
        let row: Option<RuleRow> = diesel::sql_query(format!(
            "SELECT {RULE_COLUMNS} FROM forwarding_rules WHERE id = $1"
        ))
        .bind::<SqlUuid, _>(id.as_uuid())
        .get_result(&mut conn)
        .await
        .optional()
        .map_err(error::query(CONTEXT))?;
        row.map(RuleRow::into_domain).transpose()
    }

    async fn add_rule(&self, rule: &ForwardingRule) -> Result<(), RuleWriteError> {
        const CONTEXT: &str = "adding a forwarding rule";
        let mut conn = self.conn(CONTEXT).await?;
        diesel::sql_query(format!(
            "INSERT INTO forwarding_rules ({RULE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        ))
        .bind::<SqlUuid, _>(rule.id.as_uuid())
        .bind::<SqlUuid, _>(rule.number_id.as_uuid())
        .bind::<Text, _>(rule.forward_to.as_str())
        .bind::<Text, _>(rule.kind.as_str())
        .bind::<SmallInt, _>(ring_timeout(rule))
        .bind::<Bool, _>(rule.enabled)
        .bind::<Timestamptz, _>(rule.created_at)
        .bind::<Timestamptz, _>(rule.updated_at)
        .execute(&mut conn)
        .await
        .map_err(rule_write(CONTEXT))?;
        Ok(())
    }

    async fn update_rule(&self, rule: &ForwardingRule) -> Result<(), RuleWriteError> {
        const CONTEXT: &str = "changing a forwarding rule";
        let mut conn = self.conn(CONTEXT).await?;
        let updated = diesel::sql_query(
            "UPDATE forwarding_rules SET forward_to = $2, kind = $3, ring_timeout = $4, enabled = $5, \
             updated_at = $6 WHERE id = $1",
        )
        .bind::<SqlUuid, _>(rule.id.as_uuid())
        .bind::<Text, _>(rule.forward_to.as_str())
        .bind::<Text, _>(rule.kind.as_str())
        .bind::<SmallInt, _>(ring_timeout(rule))
        .bind::<Bool, _>(rule.enabled)
        .bind::<Timestamptz, _>(rule.updated_at)
        .execute(&mut conn)
        .await
        .map_err(rule_write(CONTEXT))?;
        if updated == 0 {
            Err(RuleWriteError::NotFound)
        } else {
            Ok(())
        }
    }

    async fn delete_rule(&self, id: RuleId) -> Result<bool, StoreError> {
        const CONTEXT: &str = "deleting a forwarding rule";
        let mut conn = self.conn(CONTEXT).await?;
        let deleted = diesel::sql_query("DELETE FROM forwarding_rules WHERE id = $1")
            .bind::<SqlUuid, _>(id.as_uuid())
            .execute(&mut conn)
            .await
            .map_err(error::query(CONTEXT))?;
        Ok(deleted > 0)
    }

    async fn forwarding_graph(&self) -> Result<Vec<(PhoneNumber, PhoneNumber)>, StoreError> {
        const CONTEXT: &str = "reading the forwarding graph";
        let mut conn = self.conn(CONTEXT).await?;
        let edges: Vec<Edge> = diesel::sql_query(
            "SELECT n.phone_number, r.forward_to FROM forwarding_rules r \
             JOIN owned_numbers n ON n.id = r.number_id \
             WHERE r.enabled AND n.state = 'held' ORDER BY r.created_at, r.id",
        )
        .load(&mut conn)
        .await
        .map_err(error::query(CONTEXT))?;
        let parse = |raw: &str| {
            PhoneNumber::parse(raw)
                .map_err(|_| StoreError::msg("a stored forwarding number is invalid"))
        };
        edges
            .iter()
            .map(|e| Ok((parse(&e.phone_number)?, parse(&e.forward_to)?)))
            .collect()
    }

    async fn menu(&self, number: OwnedNumberId) -> Result<Option<IvrMenu>, StoreError> {
        const CONTEXT: &str = "reading a menu";
        let mut conn = self.conn(CONTEXT).await?;
        let row: Option<MenuRow> =
            diesel::sql_query("SELECT menu::text AS menu FROM ivr_menus WHERE number_id = $1")
                .bind::<SqlUuid, _>(number.as_uuid())
                .get_result(&mut conn)
                .await
                .optional()
                .map_err(error::query(CONTEXT))?;
        row.map(|r| rows::menu(&r.menu)).transpose()
    }

    async fn put_menu(&self, number: OwnedNumberId, menu: &IvrMenu) -> Result<(), StoreError> {
        const CONTEXT: &str = "writing a menu";
        let mut conn = self.conn(CONTEXT).await?;
        let document = menu_json::to_json(&menu.to_spec()).to_string();
        diesel::sql_query(
            "INSERT INTO ivr_menus (number_id, menu, updated_at) VALUES ($1, $2::jsonb, now()) \
             ON CONFLICT (number_id) DO UPDATE SET menu = EXCLUDED.menu, updated_at = EXCLUDED.updated_at",
        )
        .bind::<SqlUuid, _>(number.as_uuid())
        .bind::<Text, _>(document)
        .execute(&mut conn)
        .await
        .map_err(error::query(CONTEXT))?;
        Ok(())
    }

    async fn delete_menu(&self, number: OwnedNumberId) -> Result<bool, StoreError> {
        const CONTEXT: &str = "deleting a menu";
        let mut conn = self.conn(CONTEXT).await?;
        let deleted = diesel::sql_query("DELETE FROM ivr_menus WHERE number_id = $1")
            .bind::<SqlUuid, _>(number.as_uuid())
            .execute(&mut conn)
            .await
            .map_err(error::query(CONTEXT))?;
        Ok(deleted > 0)
    }

    async fn voicemail(&self, number: OwnedNumberId) -> Result<Option<VoicemailBox>, StoreError> {
        const CONTEXT: &str = "reading voicemail settings";
        let mut conn = self.conn(CONTEXT).await?;
        let row: Option<VoicemailRow> = diesel::sql_query(
            "SELECT enabled, greeting_say, greeting_voice, greeting_language, greeting_play, max_length \
             FROM voicemail_settings WHERE number_id = $1",
        )
        .bind::<SqlUuid, _>(number.as_uuid())
        .get_result(&mut conn)
        .await
        .optional()
        .map_err(error::query(CONTEXT))?;
        row.map(VoicemailRow::into_domain).transpose()
    }

    async fn put_voicemail(
        &self,
        number: OwnedNumberId,
        settings: &VoicemailBox,
    ) -> Result<(), StoreError> {
        const CONTEXT: &str = "writing voicemail settings";
        let mut conn = self.conn(CONTEXT).await?;
        let [say, voice, language, play] = greeting_columns(&settings.greeting);
        diesel::sql_query(
            "INSERT INTO voicemail_settings (number_id, enabled, greeting_say, greeting_voice, \
             greeting_language, greeting_play, max_length, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, now()) ON CONFLICT (number_id) DO UPDATE SET \
             enabled = EXCLUDED.enabled, greeting_say = EXCLUDED.greeting_say, \
             greeting_voice = EXCLUDED.greeting_voice, greeting_language = EXCLUDED.greeting_language, \
             greeting_play = EXCLUDED.greeting_play, max_length = EXCLUDED.max_length, \
             updated_at = EXCLUDED.updated_at",
        )
        .bind::<SqlUuid, _>(number.as_uuid())
        .bind::<Bool, _>(settings.enabled)
        .bind::<Nullable<Text>, _>(say)
        .bind::<Nullable<Text>, _>(voice)
        .bind::<Nullable<Text>, _>(language)
        .bind::<Nullable<Text>, _>(play)
        .bind::<SmallInt, _>(i16::try_from(settings.max_length.seconds()).unwrap_or(i16::MAX))
        .execute(&mut conn)
        .await
        .map_err(error::query(CONTEXT))?;
        Ok(())
    }
}
