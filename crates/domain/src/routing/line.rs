//! What the inbound routing decisions read about a called number: the one indexed read of
//! an owned number returns all of it.

use super::menu::IvrMenu;
use super::rule::{ForwardingRule, RuleType};
use super::voicemail_box::VoicemailBox;
use crate::calls::BrowserIdentity;
use crate::numbers::OwnedNumberId;
use crate::{PhoneNumber, UserId};

/// An owned number as inbound routing sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The number's id.
    pub number_id: OwnedNumberId,
    /// The number.
    pub phone: PhoneNumber,
    /// Its owner.
    pub owner: UserId,
    /// Whether the owner has it switched on.
    pub active: bool,
    /// The owner's browser identity, when they have one (the pure rule's, or the stored one).
    pub identity: Option<BrowserIdentity>,
    /// Its enabled forwarding rules (at most one of each type).
    pub rules: Vec<ForwardingRule>,
    /// Its IVR menu.
    pub menu: Option<IvrMenu>,
    /// Its voicemail settings (the defaults when never set).
    pub voicemail: VoicemailBox,
}

impl Line {
    /// The enabled rule of a type.
    #[must_use]
    pub fn rule(&self, kind: RuleType) -> Option<&ForwardingRule> {
        self.rules.iter().find(|r| r.enabled && r.kind == kind)
    }
}
