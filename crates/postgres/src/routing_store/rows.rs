//! Routing rows as PostgreSQL returns them, and their conversion to the domain's types.

use diesel::QueryableByName;
use diesel::sql_types::{Bool, Nullable, SmallInt, Text, Timestamptz, Uuid as SqlUuid};
use switchboard_domain::calls::BrowserIdentity;
use switchboard_domain::numbers::OwnedNumberId;
use switchboard_domain::routing::{
    ForwardingRule, IvrMenu, Line, MaxLength, RingTimeout, RuleId, RuleType, VoicemailBox,
};
use switchboard_domain::{PhoneNumber, Prompt, StoreError, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

use super::menu_json;

fn corrupt(what: &str) -> StoreError {
    StoreError::msg(format!("reading routing: a stored {what} is invalid"))
}

/// A `forwarding_rules` row.
#[derive(Debug, QueryableByName)]
pub(super) struct RuleRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    number_id: Uuid,
    #[diesel(sql_type = Text)]
    forward_to: String,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = SmallInt)]
    ring_timeout: i16,
    #[diesel(sql_type = Bool)]
    enabled: bool,
    #[diesel(sql_type = Timestamptz)]
    created_at: OffsetDateTime,
    #[diesel(sql_type = Timestamptz)]
    updated_at: OffsetDateTime,
}

/// The columns of a [`RuleRow`], in its order.
pub(super) const RULE_COLUMNS: &str =
    "id, number_id, forward_to, kind, ring_timeout, enabled, created_at, updated_at";

impl RuleRow {
    pub(super) fn into_domain(self) -> Result<ForwardingRule, StoreError> {
        Ok(ForwardingRule {
            id: RuleId::from_uuid(self.id),
            number_id: OwnedNumberId::from_uuid(self.number_id),
            forward_to: PhoneNumber::parse(&self.forward_to)
                .map_err(|_| corrupt("forwarding target"))?,
            kind: RuleType::parse(&self.kind).ok_or_else(|| corrupt("rule type"))?,
            ring_timeout: RingTimeout::new(i64::from(self.ring_timeout))
                .map_err(|_| corrupt("ring timeout"))?,
            enabled: self.enabled,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// The menu of a stored document, checked again.
pub(super) fn menu(document: &str) -> Result<IvrMenu, StoreError> {
    let value: serde_json::Value = serde_json::from_str(document).map_err(|_| corrupt("menu"))?;
    let spec = menu_json::from_json(&value).ok_or_else(|| corrupt("menu"))?;
    IvrMenu::from_spec(&spec).map_err(|_| corrupt("menu"))
}

/// A `voicemail_settings` row's greeting and settings.
#[derive(Debug, QueryableByName)]
pub(super) struct VoicemailRow {
    #[diesel(sql_type = Bool)]
    enabled: bool,
    #[diesel(sql_type = Nullable<Text>)]
    greeting_say: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    greeting_voice: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    greeting_language: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    greeting_play: Option<String>,
    #[diesel(sql_type = SmallInt)]
    max_length: i16,
}

fn voicemail(
    enabled: bool,
    say: Option<&str>,
    voice: Option<&str>,
    language: Option<&str>,
    play: Option<&str>,
    max_length: i16,
) -> Result<VoicemailBox, StoreError> {
    let greeting = match (say, play) {
        (Some(text), None) => Prompt::say(text, voice, language),
        (None, Some(url)) => Prompt::play(url),
        _ => return Err(corrupt("voicemail greeting")),
    }
    .map_err(|_| corrupt("voicemail greeting"))?;
    Ok(VoicemailBox {
        enabled,
        greeting,
        max_length: MaxLength::new(i64::from(max_length))
            .map_err(|_| corrupt("voicemail length"))?,
    })
}

impl VoicemailRow {
    pub(super) fn into_domain(self) -> Result<VoicemailBox, StoreError> {
        voicemail(
            self.enabled,
            self.greeting_say.as_deref(),
            self.greeting_voice.as_deref(),
            self.greeting_language.as_deref(),
            self.greeting_play.as_deref(),
            self.max_length,
        )
    }
}

/// The columns a greeting is written to: say, voice, language, play.
pub(super) fn greeting_columns(greeting: &Prompt) -> [Option<&str>; 4] {
    match greeting {
        Prompt::Say {
            text,
            voice,
            language,
        } => [Some(text), voice.as_deref(), language.as_deref(), None],
        Prompt::Play { url } => [None, None, None, Some(url.as_str())],
    }
}

/// One row of [`LINE_SQL`](super::sql::LINE_SQL).
#[derive(Debug, QueryableByName)]
pub(super) struct LineRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    user_id: String,
    #[diesel(sql_type = Text)]
    phone_number: String,
    #[diesel(sql_type = Bool)]
    active: bool,
    #[diesel(sql_type = Nullable<Text>)]
    identity: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    menu: Option<String>,
    #[diesel(sql_type = Nullable<Bool>)]
    vm_enabled: Option<bool>,
    #[diesel(sql_type = Nullable<Text>)]
    greeting_say: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    greeting_voice: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    greeting_language: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    greeting_play: Option<String>,
    #[diesel(sql_type = Nullable<SmallInt>)]
    max_length: Option<i16>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    rule_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    forward_to: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    kind: Option<String>,
    #[diesel(sql_type = Nullable<SmallInt>)]
    ring_timeout: Option<i16>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    rule_created_at: Option<OffsetDateTime>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    rule_updated_at: Option<OffsetDateTime>,
}

/// The line the rows of one lookup describe (`None` for no rows).
pub(super) fn line(rows: Vec<LineRow>) -> Result<Option<Line>, StoreError> {
    let mut rules = Vec::with_capacity(rows.len());
    for row in &rows {
        if let (Some(id), Some(to), Some(kind), Some(timeout), Some(created), Some(updated)) = (
            row.rule_id,
            &row.forward_to,
            &row.kind,
            row.ring_timeout,
            row.rule_created_at,
            row.rule_updated_at,
        ) {
            let stored = RuleRow {
                id,
                number_id: row.id,
                forward_to: to.clone(),
                kind: kind.clone(),
                ring_timeout: timeout,
                enabled: true,
                created_at: created,
                updated_at: updated,
            };
            rules.push(stored.into_domain()?);
        }
    }
    let Some(first) = rows.into_iter().next() else {
        return Ok(None);
    };
    let owner = UserId::parse(&first.user_id).map_err(|_| corrupt("user id"))?;
    let identity = match first.identity.as_deref() {
        Some(stored) => {
            Some(BrowserIdentity::parse(stored).map_err(|_| corrupt("browser identity"))?)
        }
        None => BrowserIdentity::plain(&owner),
    };
    Ok(Some(Line {
        number_id: OwnedNumberId::from_uuid(first.id),
        phone: PhoneNumber::parse(&first.phone_number).map_err(|_| corrupt("phone number"))?,
        owner,
        active: first.active,
        identity,
        rules,
        menu: first.menu.as_deref().map(menu).transpose()?,
        voicemail: match (first.vm_enabled, first.max_length) {
            (Some(enabled), Some(max_length)) => voicemail(
                enabled,
                first.greeting_say.as_deref(),
                first.greeting_voice.as_deref(),
                first.greeting_language.as_deref(),
                first.greeting_play.as_deref(),
                max_length,
            )?,
            _ => VoicemailBox::default(),
        },
    }))
}
