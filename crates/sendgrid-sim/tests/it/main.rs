//! The stand-in over HTTP: authentication, accepted sends and the outbox, SendGrid-shaped
//! refusals naming each field, limits, injected faults and the control API.

mod control;
mod faults;
mod refusals;
mod sends;
mod support;
