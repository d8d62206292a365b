//! Numbers users own: their ids, what is kept of them, how they change, are listed and
//! totalled.

use time::OffsetDateTime;

use super::capabilities::Capabilities;
use super::country::CountryCode;
use super::friendly_name::FriendlyName;
use super::pricing::NumberPrice;
use crate::money::Amount;
use crate::sid::IncomingNumberSid;
use crate::{PageCursor, PageRequest, PhoneNumber, UserId};

crate::id::uuid_id!(
    /// The id of a number a user owns (a UUID v7, so ids sort by creation).
    OwnedNumberId
);

/// A number a user owns (or owned: released numbers are kept as history).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedNumber {
    /// Switchboard's id.
    pub id: OwnedNumberId,
    /// The number.
    pub phone_number: PhoneNumber,
    /// Its name.
    pub friendly_name: String,
    /// Twilio's id.
    pub twilio_sid: IncomingNumberSid,
    /// The owner.
    pub user_id: UserId,
    /// Its country.
    pub country: CountryCode,
    /// Its region, when known.
    pub region: Option<String>,
    /// Its locality, when known.
    pub locality: Option<String>,
    /// What it can do.
    pub capabilities: Capabilities,
    /// Whether the owner has it switched on.
    pub active: bool,
    /// What it costs.
    pub price: NumberPrice,
    /// When it was bought.
    pub created_at: OffsetDateTime,
    /// When it was released, if it was.
    pub released_at: Option<OffsetDateTime>,
}

impl OwnedNumber {
    /// The number's cursor in newest-first listings.
    #[must_use]
    pub fn cursor(&self) -> PageCursor {
        PageCursor {
            created_at: self.created_at,
            key: self.id.to_string(),
        }
    }

    /// Applies `changes`; `None` fields stay as they are.
    pub fn apply(&mut self, changes: &NumberChanges) {
        if let Some(name) = &changes.friendly_name {
            name.as_str().clone_into(&mut self.friendly_name);
        }
        if let Some(active) = changes.active {
            self.active = active;
        }
    }
}

/// A change to a number; `None` fields stay as they are.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NumberChanges {
    /// A new name.
    pub friendly_name: Option<FriendlyName>,
    /// Switch it on or off.
    pub active: Option<bool>,
}

/// Which numbers to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberQuery {
    /// Only this user's numbers; `None` for everyone's (admins only).
    pub owner: Option<UserId>,
    /// Only active (`true`) or inactive (`false`) held numbers; `None` for all, released
    /// ones included.
    pub active: Option<bool>,
    /// Which page.
    pub page: PageRequest,
}

/// Totals over a user's numbers (or everyone's).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NumberStats {
    /// Numbers ever bought.
    pub total: u64,
    /// Held and switched on.
    pub active: u64,
    /// Held and switched off.
    pub inactive: u64,
    /// Released.
    pub released: u64,
    /// What all purchases cost.
    pub purchase_cost_total: Amount,
    /// What the numbers still held cost each month.
    pub monthly_cost_total: Amount,
}
