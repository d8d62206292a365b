//! A local stand-in for Twilio's REST API v2010.

pub mod spec;
