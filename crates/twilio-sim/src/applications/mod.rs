//! Applications (TwiML Apps): create, list, fetch, update and delete over REST, and seeding
//! one with a fixed SID, as the embedded stand-in does for its fictional account.

mod rest;
mod seed;
mod settings;

pub use rest::{create, delete, fetch, list, update};
pub use seed::{ApplicationSeed, seed};
