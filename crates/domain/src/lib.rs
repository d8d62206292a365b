//! Switchboard's domain: value types that validate on construction, the pool-number and
//! voicemail-session model, the rules (lease, expiry, inbound routing, rate limiting),
//! the ports adapters implement, and the use cases the HTTP layer calls.
//!
//! This crate does no IO and owns no runtime: time comes in through the [`Clock`] port,
//! persistence through the store ports in [`ports`].

pub mod actor;
pub mod call_plan;
pub mod calls;
pub mod clock;
pub mod email;
pub mod error;
pub mod health;
mod id;
pub mod idempotency;
pub mod inbound_router;
pub mod messages;
pub mod money;
pub mod numbers;
pub mod paging;
pub mod phone_number;
pub mod ports;
pub mod rate_limit;
pub mod routing;
pub mod sid;
pub mod telephony;
pub mod voicemail;

#[cfg(feature = "contract-tests")]
pub mod contract;

pub use actor::{Actor, Role, UserId};
pub use call_plan::{CallPlan, CallStep, Callback, DialTarget, Leg, MenuInput, MenuPath, Prompt};
pub use clock::{Clock, SystemClock};
pub use error::StoreError;
pub use inbound_router::{Caller, InboundRouter};
pub use money::{Amount, Currency};
pub use paging::{Page, PageCursor, PageRequest};
pub use phone_number::PhoneNumber;
pub use rate_limit::{Quota, RateDecision};
pub use sid::{
    AccountSid, ApiKeySid, ApplicationSid, CallSid, IncomingNumberSid, InvalidSid, MessageSid,
    RecordingSid,
};
