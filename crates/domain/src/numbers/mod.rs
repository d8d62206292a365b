//! Numbers users search for, buy, rename, switch on and off, and release; reconciliation
//! with the provider; the voicemail pool's import of unassigned account numbers; and the
//! ports these need: the [`NumberStore`] and the provider's [`NumberProvider`].

/// Declares the error of a value type that failed to parse: the (shortened) input.
macro_rules! invalid_input {
    ($(#[$doc:meta])* $name:ident, $message:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        #[error($message)]
        pub struct $name(pub String);
    };
}

mod account;
mod area_code;
mod capabilities;
mod country;
mod friendly_name;
mod number_type;
mod owned;
mod pattern;
mod pending;
mod pricing;
mod provider;
mod search;
mod service;
mod store;
mod usage;

pub use account::{AccountInfo, IncomingNumber, NumberWebhooks, PurchaseRequest};
pub use area_code::{AreaCode, InvalidAreaCode};
pub use capabilities::Capabilities;
pub use country::{CountryCode, InvalidCountry};
pub use friendly_name::{FriendlyName, InvalidFriendlyName};
pub use number_type::{InvalidNumberType, NumberType};
pub use owned::{NumberChanges, NumberQuery, NumberStats, OwnedNumber, OwnedNumberId};
pub use pattern::{ContainsPattern, InvalidPattern};
pub use pending::PendingPurchase;
pub use pricing::{NumberPrice, NumberPriceList};
pub use provider::NumberProvider;
pub use search::{AvailableNumber, AvailableNumberQuery, MAX_SEARCH_LIMIT};
pub use service::{
    BuyNumber, BuyTarget, ImportReport, ListNumbers, Numbers, NumbersError, PurchasePolicy,
    ReconcileReport,
};
pub use store::{BeginPurchaseError, CompletePurchaseError, NumberStore, active_numbers};
pub use usage::{NumberUsage, UsageStore};
