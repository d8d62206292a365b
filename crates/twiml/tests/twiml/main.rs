//! Integration tests of the TwiML renderer, in one test binary.

mod builder;
mod call_plan;
mod escaping;
mod golden;
mod routing_golden;
mod support;
