//! Purchases recorded before the provider is asked.

use time::OffsetDateTime;

use super::account::IncomingNumber;
use super::capabilities::Capabilities;
use super::country::CountryCode;
use super::friendly_name::FriendlyName;
use super::owned::{OwnedNumber, OwnedNumberId};
use super::pricing::NumberPrice;
use crate::{PhoneNumber, UserId};

/// A purchase recorded before Twilio is asked, so that a number Twilio sells is never left
/// without a row even if the process dies before the purchase is completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingPurchase {
    /// The id the number gets.
    pub id: OwnedNumberId,
    /// Who will own it.
    pub user_id: UserId,
    /// The number being bought.
    pub phone_number: PhoneNumber,
    /// The name asked for, if any.
    pub friendly_name: Option<FriendlyName>,
    /// Its country.
    pub country: CountryCode,
    /// Its region, from the search.
    pub region: Option<String>,
    /// Its locality, from the search.
    pub locality: Option<String>,
    /// Its capabilities, from the search.
    pub capabilities: Capabilities,
    /// What it costs.
    pub price: NumberPrice,
    /// When the purchase started.
    pub started_at: OffsetDateTime,
}

impl PendingPurchase {
    /// The held number this purchase becomes once the provider sold it as `bought`, at
    /// `at`: the provider's sid, name and capabilities, this purchase's owner, place and
    /// price, switched on.
    #[must_use]
    pub fn complete(&self, bought: &IncomingNumber, at: OffsetDateTime) -> OwnedNumber {
        OwnedNumber {
            id: self.id,
            phone_number: self.phone_number.clone(),
            friendly_name: bought.friendly_name.clone(),
            twilio_sid: bought.sid.clone(),
            user_id: self.user_id.clone(),
            country: self.country.clone(),
            region: self.region.clone(),
            locality: self.locality.clone(),
            capabilities: bought.capabilities,
            active: true,
            price: self.price.clone(),
            created_at: at,
            released_at: None,
        }
    }
}
