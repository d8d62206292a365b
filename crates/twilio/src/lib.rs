//! Twilio adapter: webhook signature validation (`X-Twilio-Signature`), and the signing half
//! a Twilio stand-in needs. Later: the REST API v2010 client and Voice access tokens.

pub mod signature;

pub use signature::{
    BODY_SHA256_PARAM, SIGNATURE_HEADER, WebhookValidator, candidate_urls, compute_signature,
    parse_form,
};
