//! Twilio adapter: webhook signature validation (`X-Twilio-Signature`) with the signing half
//! a Twilio stand-in needs, and [`rest`], the REST API v2010 client that implements the
//! domain's telephony ports. Later: Voice access tokens.

pub mod rest;
pub mod signature;

pub use signature::{
    BODY_SHA256_PARAM, SIGNATURE_HEADER, WebhookValidator, candidate_urls, compute_signature,
    parse_form,
};
