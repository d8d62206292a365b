//! The voicemail pool's import of the account's unassigned numbers.

use super::{Numbers, NumbersError};
use crate::voicemail::AddPoolNumberError;
use crate::{Actor, PhoneNumber};

/// What `pool import` did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportReport {
    /// Numbers added to the pool (their webhooks now point at this service).
    pub added: Vec<PhoneNumber>,
    /// Numbers already in the pool.
    pub already_in_pool: Vec<PhoneNumber>,
    /// Numbers skipped because users hold them (or are buying them).
    pub owned: Vec<PhoneNumber>,
}

impl Numbers {
    /// Adds the account's numbers that no user holds to the voicemail pool, pointing their
    /// webhooks at this service (admins only).
    ///
    /// # Errors
    /// `Forbidden` for users; `Telephony`; `Store`.
    pub async fn import_pool(&self, actor: &Actor) -> Result<ImportReport, NumbersError> {
        if !actor.is_admin() {
            return Err(NumbersError::Forbidden("only admins administer the pool"));
        }
        let mut report = ImportReport::default();
        for number in self.provider.incoming_numbers().await? {
            let added = self
                .pool
                .add_pool_number(number.phone_number.clone(), self.clock.now())
                .await;
            let list = match added {
                Ok(_) => &mut report.added,
                Err(AddPoolNumberError::AlreadyExists) => &mut report.already_in_pool,
                Err(AddPoolNumberError::OwnedByUser) => {
                    report.owned.push(number.phone_number);
                    continue;
                }
                Err(AddPoolNumberError::Store(e)) => return Err(e.into()),
            };
            // Pool numbers route through this service; pointing them again is harmless,
            // and repairs a number whose earlier import stopped half-way.
            self.provider
                .configure_webhooks(&number.sid, &self.webhooks)
                .await?;
            list.push(number.phone_number);
        }
        Ok(report)
    }
}
