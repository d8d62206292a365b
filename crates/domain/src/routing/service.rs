//! The routing use cases: forwarding rules, IVR menus and voicemail settings of a user's
//! numbers, with their ownership, loop and conflict checks.

use std::sync::Arc;

use time::OffsetDateTime;

use super::error::RoutingError;
use super::loops::closes_loop;
use super::menu::{IvrMenu, MenuAction};
use super::rule::{ForwardingRule, RingTimeout, RuleChange, RuleId, RuleType};
use super::store::RoutingStore;
use super::voicemail_box::VoicemailBox;
use crate::numbers::{NumberStore, OwnedNumber, OwnedNumberId};
use crate::{Actor, Clock, PhoneNumber};

/// A rule to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRule {
    /// Where calls go.
    pub forward_to: PhoneNumber,
    /// When.
    pub kind: RuleType,
    /// The ring timeout (20 s when not given).
    pub ring_timeout: RingTimeout,
    /// Whether it applies at once (`true` when not given).
    pub enabled: bool,
}

/// The routing use cases.
#[derive(Debug, Clone)]
pub struct Routing {
    pub(super) store: Arc<dyn RoutingStore>,
    numbers: Arc<dyn NumberStore>,
    pub(super) clock: Arc<dyn Clock>,
}

impl Routing {
    /// The use cases over their ports.
    #[must_use]
    pub fn new(
        store: Arc<dyn RoutingStore>,
        numbers: Arc<dyn NumberStore>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            store,
            numbers,
            clock,
        }
    }

    /// The store (for the webhook decisions in `inbound.rs`).
    #[must_use]
    pub fn store(&self) -> &Arc<dyn RoutingStore> {
        &self.store
    }

    /// The caller's number (admins: anyone's); released ones too.
    async fn number(&self, actor: &Actor, id: OwnedNumberId) -> Result<OwnedNumber, RoutingError> {
        match self.numbers.number(id).await? {
            Some(n) if actor.may_access(&n.user_id) => Ok(n),
            _ => Err(RoutingError::NotFound),
        }
    }

    /// As `number`, for a change: a released number is refused.
    async fn held(&self, actor: &Actor, id: OwnedNumberId) -> Result<OwnedNumber, RoutingError> {
        let number = self.number(actor, id).await?;
        if number.released_at.is_some() {
            return Err(RoutingError::Released);
        }
        Ok(number)
    }

    /// A number's rules, oldest first.
    ///
    /// # Errors
    /// [`RoutingError::NotFound`] for another user's number (unless admin) or an unknown one.
    pub async fn rules(
        &self,
        actor: &Actor,
        number: OwnedNumberId,
    ) -> Result<Vec<ForwardingRule>, RoutingError> {
        self.number(actor, number).await?;
        Ok(self.store.rules(number).await?)
    }

    /// Adds a rule to a number.
    ///
    /// # Errors
    /// [`RoutingError::NotFound`] as for [`Routing::rules`]; [`RoutingError::Released`];
    /// [`RoutingError::Loop`] when the target is the number or an enabled rule would close a
    /// loop; [`RoutingError::Conflict`] for a second enabled rule of a type.
    pub async fn add_rule(
        &self,
        actor: &Actor,
        number: OwnedNumberId,
        new: NewRule,
    ) -> Result<ForwardingRule, RoutingError> {
        let owned = self.held(actor, number).await?;
        let now = self.clock.now();
        let rule = ForwardingRule {
            id: RuleId::new_v7(),
            number_id: number,
            forward_to: new.forward_to,
            kind: new.kind,
            ring_timeout: new.ring_timeout,
            enabled: new.enabled,
            created_at: now,
            updated_at: now,
        };
        self.check_loop(&owned, &rule, None).await?;
        self.store
            .add_rule(&rule)
            .await
            .map_err(|e| RoutingError::from_write(e, rule.kind.as_str()))?;
        Ok(rule)
    }

    /// One rule, with its number, when the caller may see it.
    async fn owned_rule(
        &self,
        actor: &Actor,
        id: RuleId,
    ) -> Result<(ForwardingRule, OwnedNumber), RoutingError> {
        let rule = self.store.rule(id).await?.ok_or(RoutingError::NotFound)?;
        let number = self.number(actor, rule.number_id).await?;
        Ok((rule, number))
    }

    /// One rule.
    ///
    /// # Errors
    /// [`RoutingError::NotFound`] for an unknown rule or another user's (unless admin).
    pub async fn rule(&self, actor: &Actor, id: RuleId) -> Result<ForwardingRule, RoutingError> {
        Ok(self.owned_rule(actor, id).await?.0)
    }

    /// Changes a rule.
    ///
    /// # Errors
    /// As [`Routing::rule`] and [`Routing::add_rule`].
    pub async fn update_rule(
        &self,
        actor: &Actor,
        id: RuleId,
        change: &RuleChange,
    ) -> Result<ForwardingRule, RoutingError> {
        let (rule, number) = self.owned_rule(actor, id).await?;
        self.change_rule(&rule, &number, change).await
    }

    /// Writes `change` to `rule` of `number`, checking release, loops and conflicts.
    async fn change_rule(
        &self,
        rule: &ForwardingRule,
        number: &OwnedNumber,
        change: &RuleChange,
    ) -> Result<ForwardingRule, RoutingError> {
        if number.released_at.is_some() {
            return Err(RoutingError::Released);
        }
        let changed = change.applied_to(rule, self.clock.now());
        self.check_loop(number, &changed, Some(rule)).await?;
        self.store
            .update_rule(&changed)
            .await
            .map_err(|e| RoutingError::from_write(e, changed.kind.as_str()))?;
        Ok(changed)
    }

    /// Flips a rule's `enabled`.
    ///
    /// # Errors
    /// As [`Routing::update_rule`].
    pub async fn toggle_rule(
        &self,
        actor: &Actor,
        id: RuleId,
    ) -> Result<ForwardingRule, RoutingError> {
        let (rule, number) = self.owned_rule(actor, id).await?;
        let change = RuleChange {
            enabled: Some(!rule.enabled),
            ..RuleChange::default()
        };
        self.change_rule(&rule, &number, &change).await
    }

    /// Deletes a rule.
    ///
    /// # Errors
    /// As [`Routing::rule`].
    pub async fn delete_rule(&self, actor: &Actor, id: RuleId) -> Result<(), RoutingError> {
        self.rule(actor, id).await?;
        if self.store.delete_rule(id).await? {
            Ok(())
        } else {
            Err(RoutingError::NotFound)
        }
    }

    /// Refuses a rule whose target is its own number, and an enabled one that closes a
    /// loop with the other enabled rules (`previous`, the rule before a change, left out).
    async fn check_loop(
        &self,
        number: &OwnedNumber,
        rule: &ForwardingRule,
        previous: Option<&ForwardingRule>,
    ) -> Result<(), RoutingError> {
        if rule.forward_to == number.phone_number {
            return Err(RoutingError::Loop(format!(
                "{} cannot forward to itself",
                number.phone_number
            )));
        }
        if !rule.enabled {
            return Ok(());
        }
        let mut graph = self.store.forwarding_graph().await?;
        if let Some(previous) = previous.filter(|p| p.enabled)
            && let Some(at) = graph
                .iter()
                .position(|(a, b)| *a == number.phone_number && *b == previous.forward_to)
        {
            graph.swap_remove(at);
        }
        if closes_loop(&graph, &number.phone_number, &rule.forward_to) {
            return Err(RoutingError::Loop(format!(
                "forwarding {} to {} closes a loop through this service's numbers",
                number.phone_number, rule.forward_to
            )));
        }
        Ok(())
    }

    /// A number's menu.
    ///
    /// # Errors
    /// [`RoutingError::NotFound`] as for [`Routing::rules`], and when it has no menu.
    pub async fn menu(
        &self,
        actor: &Actor,
        number: OwnedNumberId,
    ) -> Result<IvrMenu, RoutingError> {
        self.number(actor, number).await?;
        self.store.menu(number).await?.ok_or(RoutingError::NotFound)
    }

    /// Sets a number's menu.
    ///
    /// # Errors
    /// As [`Routing::add_rule`] for the number; [`RoutingError::Loop`] when an option
    /// forwards to the number itself.
    pub async fn put_menu(
        &self,
        actor: &Actor,
        number: OwnedNumberId,
        menu: IvrMenu,
    ) -> Result<IvrMenu, RoutingError> {
        let owned = self.held(actor, number).await?;
        if forwards_to(&menu, &owned.phone_number) {
            return Err(RoutingError::Loop(format!(
                "a menu option of {} forwards to itself",
                owned.phone_number
            )));
        }
        self.store.put_menu(number, &menu).await?;
        Ok(menu)
    }

    /// Removes a number's menu; a number without one is left as it is (the DELETE is
    /// idempotent: api.md answers it 204).
    ///
    /// # Errors
    /// [`RoutingError::NotFound`] for an unknown or another user's number, as for
    /// [`Routing::rules`].
    pub async fn delete_menu(
        &self,
        actor: &Actor,
        number: OwnedNumberId,
    ) -> Result<(), RoutingError> {
        self.held(actor, number).await?;
        self.store.delete_menu(number).await?;
        Ok(())
    }

    /// A number's voicemail settings (the defaults before any are set).
    ///
    /// # Errors
    /// [`RoutingError::NotFound`] as for [`Routing::rules`].
    pub async fn voicemail(
        &self,
        actor: &Actor,
        number: OwnedNumberId,
    ) -> Result<VoicemailBox, RoutingError> {
        self.number(actor, number).await?;
        Ok(self.store.voicemail(number).await?.unwrap_or_default())
    }

    /// Sets a number's voicemail settings.
    ///
    /// # Errors
    /// As [`Routing::add_rule`] for the number.
    pub async fn put_voicemail(
        &self,
        actor: &Actor,
        number: OwnedNumberId,
        settings: VoicemailBox,
    ) -> Result<VoicemailBox, RoutingError> {
        self.held(actor, number).await?;
        self.store.put_voicemail(number, &settings).await?;
        Ok(settings)
    }

    /// The time, for callers that stamp what they hand in.
    #[must_use]
    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }
}

/// Whether any option of `menu` or its submenus forwards to `phone`.
fn forwards_to(menu: &IvrMenu, phone: &PhoneNumber) -> bool {
    menu.options()
        .iter()
        .map(|o| &o.action)
        .chain(std::iter::once(menu.on_no_input()))
        .any(|action| match action {
            MenuAction::Forward { to } => to == phone,
            MenuAction::Menu(sub) => forwards_to(sub, phone),
            _ => false,
        })
}
