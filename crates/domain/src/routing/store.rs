//! The port for forwarding rules, IVR menus and voicemail settings, and the inbound lookup
//! that reads them together.

use async_trait::async_trait;

use super::line::Line;
use super::menu::IvrMenu;
use super::rule::{ForwardingRule, RuleId};
use super::voicemail_box::VoicemailBox;
use crate::numbers::OwnedNumberId;
use crate::{PhoneNumber, StoreError};

/// Why a rule could not be written.
#[derive(Debug, thiserror::Error)]
pub enum RuleWriteError {
    /// Another enabled rule of the same type is on the number.
    #[error("the number already has an enabled rule of that type")]
    Conflict,
    /// The rule (for an update) or its number (for an add) does not exist.
    #[error("no such rule or number")]
    NotFound,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Rules, menus and voicemail settings of owned numbers.
#[async_trait]
pub trait RoutingStore: Send + Sync + std::fmt::Debug {
    /// The held number `phone` with its enabled rules, its menu, its voicemail settings
    /// (the defaults when never set) and its owner's browser identity when one exists: one
    /// indexed read.
    ///
    /// # Errors
    /// MUST return `Ok(None)` when no user holds `phone` (never bought, released, or being
    /// bought), [`StoreError`] only on infrastructure failure.
    async fn line(&self, phone: &PhoneNumber) -> Result<Option<Line>, StoreError>;

    /// Every rule of a number, enabled or not, oldest first.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn rules(&self, number: OwnedNumberId) -> Result<Vec<ForwardingRule>, StoreError>;

    /// One rule.
    ///
    /// # Errors
    /// MUST return `Ok(None)` for an unknown id, [`StoreError`] only on infrastructure failure.
    async fn rule(&self, id: RuleId) -> Result<Option<ForwardingRule>, StoreError>;

    /// Adds a rule.
    ///
    /// # Errors
    /// - MUST return [`RuleWriteError::Conflict`] when `rule` is enabled and another enabled
    ///   rule of its type is on its number, writing nothing.
    /// - MUST return [`RuleWriteError::NotFound`] when its number does not exist.
    /// - MUST return [`RuleWriteError::Store`] on infrastructure failure.
    async fn add_rule(&self, rule: &ForwardingRule) -> Result<(), RuleWriteError>;

    /// Replaces a rule's forward target, type, timeout, enabled flag and `updated_at`.
    ///
    /// # Errors
    /// - MUST return [`RuleWriteError::Conflict`] as [`RoutingStore::add_rule`] does
    ///   (the rule itself does not conflict with itself), writing nothing.
    /// - MUST return [`RuleWriteError::NotFound`] when the rule does not exist.
    /// - MUST return [`RuleWriteError::Store`] on infrastructure failure.
    async fn update_rule(&self, rule: &ForwardingRule) -> Result<(), RuleWriteError>;

    /// Deletes a rule; `false` when there was none.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn delete_rule(&self, id: RuleId) -> Result<bool, StoreError>;

    /// Every enabled rule of every held number, as (number, target) pairs: the forwarding
    /// graph the loop check walks.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn forwarding_graph(&self) -> Result<Vec<(PhoneNumber, PhoneNumber)>, StoreError>;

    /// A number's menu.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn menu(&self, number: OwnedNumberId) -> Result<Option<IvrMenu>, StoreError>;

    /// Sets (replaces) a number's menu.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn put_menu(&self, number: OwnedNumberId, menu: &IvrMenu) -> Result<(), StoreError>;

    /// Removes a number's menu; `false` when it had none.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn delete_menu(&self, number: OwnedNumberId) -> Result<bool, StoreError>;

    /// A number's voicemail settings, `None` when never set.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn voicemail(&self, number: OwnedNumberId) -> Result<Option<VoicemailBox>, StoreError>;

    /// Sets a number's voicemail settings.
    ///
    /// # Errors
    /// MUST return [`StoreError`] only on infrastructure failure.
    async fn put_voicemail(
        &self,
        number: OwnedNumberId,
        settings: &VoicemailBox,
    ) -> Result<(), StoreError>;
}
