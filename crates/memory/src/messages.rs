//! The message log and auto-replies: messages by id, their SIDs, each user's newest-first
//! index, and the auto-reply of each number.

use std::collections::HashMap;

use async_trait::async_trait;
use switchboard_domain::calls::Applied;
use switchboard_domain::messages::progress::advances;
use switchboard_domain::messages::{
    AutoReply, Channel, LogMessageError, Message, MessageDirection, MessageId, MessageQuery,
    MessageReport, NewMessage,
};
use switchboard_domain::numbers::OwnedNumberId;
use switchboard_domain::ports::MessageStore;
use switchboard_domain::sid::MessageSid;
use switchboard_domain::telephony::MessageStatus;
use switchboard_domain::{Page, PhoneNumber, StoreError, UserId};
use time::OffsetDateTime;

use crate::MemoryStore;
use crate::paging::{ByCreation, newest_first};

/// Messages by id, by SID, and each owner's newest first; auto-replies by number.
#[derive(Debug, Default)]
pub(crate) struct Messages {
    by_id: HashMap<MessageId, Message>,
    by_sid: HashMap<MessageSid, MessageId>,
    by_owner: HashMap<UserId, ByCreation<MessageId>>,
    auto_replies: HashMap<OwnedNumberId, AutoReply>,
}

impl Messages {
    /// Every logged message, in no order.
    pub(crate) fn all(&self) -> impl Iterator<Item = &Message> {
        self.by_id.values()
    }

    pub(crate) fn len(&self) -> usize {
        self.by_id.len()
    }
}

#[async_trait]
impl MessageStore for MemoryStore {
    async fn log_message(&self, new: &NewMessage) -> Result<Message, LogMessageError> {
        let mut state = self.lock();
        let log = &mut state.messages;
        if log.by_id.contains_key(&new.id)
            || new.sid.as_ref().is_some_and(|s| log.by_sid.contains_key(s))
        {
            return Err(LogMessageError::Duplicate);
        }
        let message = Message::logged(new);
        if let Some(sid) = &new.sid {
            log.by_sid.insert(sid.clone(), new.id);
        }
        log.by_owner
            .entry(new.user_id.clone())
            .or_default()
            .insert((new.created_at, new.id));
        log.by_id.insert(new.id, message.clone());
        Ok(message)
    }

    async fn attach_message_sid(
        &self,
        id: MessageId,
        sid: &MessageSid,
        status: MessageStatus,
        segments: Option<u32>,
        at: OffsetDateTime,
    ) -> Result<Option<Message>, StoreError> {
        let mut state = self.lock();
        let log = &mut state.messages;
        if log.by_sid.get(sid).is_some_and(|other| *other != id) {
            return Ok(None);
        }
        let Some(message) = log.by_id.get_mut(&id) else {
            return Ok(None);
        };
        if message.sid.as_ref().is_some_and(|s| s != sid) {
            return Ok(None);
        }
        message.sid = Some(sid.clone());
        if advances(message.status, status) {
            message.status = status;
        }
        message.segments = segments.or(message.segments);
        message.updated_at = at;
        let message = message.clone();
        log.by_sid.insert(sid.clone(), id);
        Ok(Some(message))
    }

    async fn refuse_message(&self, id: MessageId, at: OffsetDateTime) -> Result<(), StoreError> {
        if let Some(message) = self.lock().messages.by_id.get_mut(&id)
            && message.sid.is_none()
        {
            message.status = MessageStatus::Failed;
            message.updated_at = at;
        }
        Ok(())
    }

    async fn apply_message_status(
        &self,
        report: &MessageReport,
    ) -> Result<Applied<Message>, StoreError> {
        let mut state = self.lock();
        let log = &mut state.messages;
        let Some(message) = log
            .by_sid
            .get(&report.sid)
            .copied()
            .and_then(|id| log.by_id.get_mut(&id))
        else {
            return Ok(Applied::Unknown);
        };
        if !advances(message.status, report.status) {
            return Ok(Applied::Unchanged(message.clone()));
        }
        message.status = report.status;
        if report.error_code.is_some() {
            message.error_code = report.error_code;
        }
        message.updated_at = report.at;
        Ok(Applied::Changed(message.clone()))
    }

    async fn message(&self, sid: &MessageSid) -> Result<Option<Message>, StoreError> {
        let state = self.lock();
        let log = &state.messages;
        Ok(log
            .by_sid
            .get(sid)
            .and_then(|id| log.by_id.get(id))
            .cloned())
    }

    async fn list_messages(&self, query: &MessageQuery) -> Result<Page<Message>, StoreError> {
        let after = query
            .page
            .start_after(MessageId::parse, "messages", "a message")?;
        let state = self.lock();
        let log = &state.messages;
        let Some(index) = log.by_owner.get(&query.owner) else {
            return Ok(Page::from_overfetch(
                Vec::new(),
                query.page.limit,
                Message::cursor,
            ));
        };
        let items: Vec<Message> = newest_first(index, after)
            .filter_map(|id| log.by_id.get(id))
            .filter(|m| query.accepts(m))
            .take(query.page.overfetch())
            .cloned()
            .collect();
        Ok(Page::from_overfetch(
            items,
            query.page.limit,
            Message::cursor,
        ))
    }

    async fn last_writer(
        &self,
        from: &PhoneNumber,
        to: &PhoneNumber,
    ) -> Result<Option<UserId>, StoreError> {
        let state = self.lock();
        Ok(state
            .messages
            .by_id
            .values()
            .filter(|m| {
                m.channel == Channel::Whatsapp
                    && m.direction == MessageDirection::Outbound
                    && m.sid.is_some()
                    && m.from == *from
                    && m.to == *to
            })
            .max_by_key(|m| (m.created_at, m.id))
            .map(|m| m.user_id.clone()))
    }

    async fn auto_reply(&self, number: OwnedNumberId) -> Result<Option<AutoReply>, StoreError> {
        Ok(self.lock().messages.auto_replies.get(&number).cloned())
    }

    async fn put_auto_reply(
        &self,
        number: OwnedNumberId,
        reply: &AutoReply,
    ) -> Result<(), StoreError> {
        self.lock()
            .messages
            .auto_replies
            .insert(number, reply.clone());
        Ok(())
    }
}
