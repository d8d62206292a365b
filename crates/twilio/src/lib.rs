//! Twilio adapter: webhook signature validation (`X-Twilio-Signature`) with the signing half
//! a Twilio stand-in needs, [`rest`], the REST API v2010 client that implements the
//! domain's telephony ports, and [`access_token`], the Voice Access Tokens browsers call
//! with.

pub mod access_token;
pub mod rest;
pub mod signature;

pub use access_token::{TokenError, VoiceToken, VoiceTokenMinter};
pub use signature::{
    BODY_SHA256_PARAM, SIGNATURE_HEADER, WebhookValidator, candidate_urls, compute_signature,
    parse_form,
};
