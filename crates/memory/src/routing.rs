//! Forwarding rules, IVR menus and voicemail settings of owned numbers, and the inbound
//! lookup that reads a held number with all of them.

use std::collections::{BTreeSet, HashMap};

use async_trait::async_trait;
use switchboard_domain::calls::BrowserIdentity;
use switchboard_domain::numbers::OwnedNumberId;
use switchboard_domain::ports::RoutingStore;
use switchboard_domain::routing::{
    ForwardingRule, IvrMenu, Line, RuleId, RuleWriteError, VoicemailBox,
};
use switchboard_domain::{PhoneNumber, StoreError};
use time::OffsetDateTime;

use crate::{MemoryStore, State};

/// Rules by id, each number's rules oldest first, menus and voicemail settings by number.
#[derive(Debug, Default)]
pub(crate) struct Routing {
    rules: HashMap<RuleId, ForwardingRule>,
    by_number: HashMap<OwnedNumberId, BTreeSet<(OffsetDateTime, RuleId)>>,
    menus: HashMap<OwnedNumberId, IvrMenu>,
    voicemail: HashMap<OwnedNumberId, VoicemailBox>,
}

impl Routing {
    /// A number's rules, oldest first. O(r log r) for its r rules.
    fn rules_of(&self, number: OwnedNumberId) -> impl Iterator<Item = &ForwardingRule> {
        self.by_number
            .get(&number)
            .into_iter()
            .flatten()
            .filter_map(|(_, id)| self.rules.get(id))
    }

    /// Whether another enabled rule of `rule`'s type is on its number.
    fn conflicts(&self, rule: &ForwardingRule) -> bool {
        rule.enabled
            && self
                .rules_of(rule.number_id)
                .any(|r| r.id != rule.id && r.enabled && r.kind == rule.kind)
    }
}

impl State {
    fn line(&self, phone: &PhoneNumber) -> Option<Line> {
        let number = self.numbers.held_number(phone)?;
        let identity =
            BrowserIdentity::plain(&number.user_id).or_else(|| self.identities.of(&number.user_id));
        let routing = &self.routing;
        Some(Line {
            number_id: number.id,
            phone: number.phone_number,
            owner: number.user_id,
            active: number.active,
            identity,
            rules: routing
                .rules_of(number.id)
                .filter(|r| r.enabled)
                .cloned()
                .collect(),
            menu: routing.menus.get(&number.id).cloned(),
            voicemail: routing
                .voicemail
                .get(&number.id)
                .cloned()
                .unwrap_or_default(),
        })
    }
}

#[async_trait]
impl RoutingStore for MemoryStore {
    async fn line(&self, phone: &PhoneNumber) -> Result<Option<Line>, StoreError> {
        Ok(self.lock().line(phone))
    }

    async fn rules(&self, number: OwnedNumberId) -> Result<Vec<ForwardingRule>, StoreError> {
        Ok(self.lock().routing.rules_of(number).cloned().collect())
    }

    async fn rule(&self, id: RuleId) -> Result<Option<ForwardingRule>, StoreError> {
        Ok(self.lock().routing.rules.get(&id).cloned())
    }

    async fn add_rule(&self, rule: &ForwardingRule) -> Result<(), RuleWriteError> {
        let mut state = self.lock();
        if state.numbers.completed(&rule.number_id).is_none() {
            return Err(RuleWriteError::NotFound);
        }
        let routing = &mut state.routing;
        if routing.rules.contains_key(&rule.id) || routing.conflicts(rule) {
            return Err(RuleWriteError::Conflict);
        }
        routing
            .by_number
            .entry(rule.number_id)
            .or_default()
            .insert((rule.created_at, rule.id));
        routing.rules.insert(rule.id, rule.clone());
        Ok(())
    }

    async fn update_rule(&self, rule: &ForwardingRule) -> Result<(), RuleWriteError> {
        let mut state = self.lock();
        let routing = &mut state.routing;
        let Some(stored) = routing.rules.get(&rule.id) else {
            return Err(RuleWriteError::NotFound);
        };
        let updated = ForwardingRule {
            number_id: stored.number_id,
            created_at: stored.created_at,
            ..rule.clone()
        };
        if routing.conflicts(&updated) {
            return Err(RuleWriteError::Conflict);
        }
        routing.rules.insert(rule.id, updated);
        Ok(())
    }

    async fn delete_rule(&self, id: RuleId) -> Result<bool, StoreError> {
        let mut state = self.lock();
        let routing = &mut state.routing;
        let Some(rule) = routing.rules.remove(&id) else {
            return Ok(false);
        };
        if let Some(set) = routing.by_number.get_mut(&rule.number_id) {
            set.remove(&(rule.created_at, id));
        }
        Ok(true)
    }

    async fn forwarding_graph(&self) -> Result<Vec<(PhoneNumber, PhoneNumber)>, StoreError> {
        let state = self.lock();
        Ok(state
            .numbers
            .held_numbers()
            .into_iter()
            .flat_map(|n| {
                state
                    .routing
                    .rules_of(n.id)
                    .filter(|r| r.enabled)
                    .map(|r| (n.phone_number.clone(), r.forward_to.clone()))
                    .collect::<Vec<_>>()
            })
            .collect())
    }

    async fn menu(&self, number: OwnedNumberId) -> Result<Option<IvrMenu>, StoreError> {
        Ok(self.lock().routing.menus.get(&number).cloned())
    }

    async fn put_menu(&self, number: OwnedNumberId, menu: &IvrMenu) -> Result<(), StoreError> {
        self.lock().routing.menus.insert(number, menu.clone());
        Ok(())
    }

    async fn delete_menu(&self, number: OwnedNumberId) -> Result<bool, StoreError> {
        Ok(self.lock().routing.menus.remove(&number).is_some())
    }

    async fn voicemail(&self, number: OwnedNumberId) -> Result<Option<VoicemailBox>, StoreError> {
        Ok(self.lock().routing.voicemail.get(&number).cloned())
    }

    async fn put_voicemail(
        &self,
        number: OwnedNumberId,
        settings: &VoicemailBox,
    ) -> Result<(), StoreError> {
        self.lock()
            .routing
            .voicemail
            .insert(number, settings.clone());
        Ok(())
    }
}
