//! The email log: emails by id and each user's newest first.

use std::collections::HashMap;

use async_trait::async_trait;
use switchboard_domain::email::{EmailId, EmailQuery, EmailRecord};
use switchboard_domain::ports::EmailStore;
use switchboard_domain::{Page, StoreError, UserId};

use crate::MemoryStore;
use crate::paging::{ByCreation, newest_first};

/// Emails by id, and each owner's newest first.
#[derive(Debug, Default)]
pub(crate) struct Emails {
    by_id: HashMap<EmailId, EmailRecord>,
    by_owner: HashMap<UserId, ByCreation<EmailId>>,
}

impl Emails {
    pub(crate) fn len(&self) -> usize {
        self.by_id.len()
    }
}

#[async_trait]
impl EmailStore for MemoryStore {
    async fn record_email(&self, email: &EmailRecord) -> Result<(), StoreError> {
        let mut state = self.lock();
        let log = &mut state.emails;
        if log.by_id.contains_key(&email.id) {
            return Err(StoreError::msg("an email with this id is already recorded"));
        }
        log.by_owner
            .entry(email.user_id.clone())
            .or_default()
            .insert((email.created_at, email.id));
        log.by_id.insert(email.id, email.clone());
        Ok(())
    }

    async fn email(&self, id: EmailId) -> Result<Option<EmailRecord>, StoreError> {
        Ok(self.lock().emails.by_id.get(&id).cloned())
    }

    async fn list_emails(&self, query: &EmailQuery) -> Result<Page<EmailRecord>, StoreError> {
        let after = query
            .page
            .start_after(EmailId::parse, "emails", "an email")?;
        let state = self.lock();
        let log = &state.emails;
        let Some(index) = log.by_owner.get(&query.owner) else {
            return Ok(Page::from_overfetch(
                Vec::new(),
                query.page.limit,
                EmailRecord::cursor,
            ));
        };
        let items: Vec<EmailRecord> = newest_first(index, after)
            .filter_map(|id| log.by_id.get(id))
            .take(query.page.overfetch())
            .cloned()
            .collect();
        Ok(Page::from_overfetch(
            items,
            query.page.limit,
            EmailRecord::cursor,
        ))
    }
}
