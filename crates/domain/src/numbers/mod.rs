//! Numbers users search for, buy, rename, switch on and off, and release; reconciliation
//! with the provider; the voicemail pool's import of unassigned account numbers.

mod model;
mod pricing;
mod service;

pub use model::*;
pub use pricing::NumberPriceList;
pub use service::{
    BuyNumber, BuyTarget, ImportReport, ListNumbers, Numbers, NumbersError, PurchasePolicy,
    ReconcileReport,
};
