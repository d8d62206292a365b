//! IncomingPhoneNumbers: buying (by number or area code), listing with paging, fetching,
//! updating and releasing the account's numbers.

mod rest;
mod seed;
mod settings;

pub use rest::{create, delete, fetch, list, update};
pub use seed::{NumberSeed, seed};
