//! Hostile-input entry points: the decoders the routes apply to what a client or Twilio
//! sends, callable without a server or a store, for the fuzz targets (`fuzz/`) and the
//! property tests (`tests/hostile_input.rs`). Each one runs the code a handler runs before
//! it touches a store: the same functions, not copies.
//!
//! What counts as a finding is a panic, or an error a client would see as a 5xx
//! ([`is_server_error`]): hostile input must be refused with a 4xx.

use actix_web::ResponseError as _;
use actix_web::web::Bytes;
use serde::de::DeserializeOwned;
use switchboard_domain::routing::IvrMenu;
use switchboard_twilio::WebhookValidator;
use time::OffsetDateTime;

use super::routing::menu_body::MenuBody;
use super::{calls, emails, messages, numbers, pool, recordings, routing, sessions, voice};
use super::{webhooks, webhooks::browser, webhooks::gather, webhooks::status};
use crate::body::fingerprint;
use crate::cursor::{self, ListQuery};
use crate::input::{form, invalid, json_fields, json_value};
use crate::problem::ApiError;
use crate::twilio_signature::{SignedRequest, check};

/// Whether a client would see `error` as a 5xx.
#[must_use]
pub fn is_server_error(error: &ApiError) -> bool {
    error.status_code().is_server_error()
}

/// The JSON request bodies, by operation, in the order [`json_body`] takes them.
pub const JSON_BODIES: &[&str] = &[
    "createSession",
    "addPoolNumber",
    "placeCall",
    "sendMessage",
    "sendEmail",
    "buyNumber",
    "updateNumber",
    "createForwardingRule",
    "updateForwardingRule",
    "putIvrMenu",
    "putVoicemailSettings",
    "putAutoReply",
];

fn decode<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    json_fields(value)
}

/// Reads `bytes` as the JSON body of operation `JSON_BODIES[index % JSON_BODIES.len()]`:
/// syntax, the body's type and the checks its handler makes before any store is asked.
///
/// # Errors
/// The 4xx the route would answer.
pub fn json_body(index: usize, bytes: &[u8]) -> Result<(), ApiError> {
    let value = json_value(bytes)?;
    // Idempotent routes also fingerprint the value.
    let _ = fingerprint(&value);
    match index % JSON_BODIES.len() {
        0 => decode::<sessions::CreateSessionBody>(value).map(drop),
        1 => decode::<pool::AddNumberBody>(value).map(drop),
        2 => calls::place::parse(decode(value)?).map(drop),
        3 => messages::send::parse(decode(value)?).map(drop),
        4 => decode::<emails::body::SendEmailBody>(value)?
            .into_request()
            .map(drop),
        5 => decode::<numbers::purchase::BuyBody>(value).map(drop),
        6 => decode::<numbers::owned::PatchBody>(value).map(drop),
        7 => decode::<routing::rules::NewRuleBody>(value).map(drop),
        8 => decode::<routing::rules::PatchRuleBody>(value).map(drop),
        9 => ivr_menu(bytes).map(drop),
        10 => decode::<routing::voicemail::PutVoicemailBody>(value).map(drop),
        _ => decode::<messages::auto_reply::AutoReplyBody>(value).map(drop),
    }
}

/// Reads `bytes` as `PUT /v1/numbers/{id}/ivr` does: the JSON, the body's shape, then the
/// domain's checks ([`IvrMenu::from_spec`]).
///
/// # Errors
/// The 400 the route would answer.
pub fn ivr_menu(bytes: &[u8]) -> Result<IvrMenu, ApiError> {
    let body: MenuBody = json_fields(json_value(bytes)?)?;
    IvrMenu::from_spec(&body.spec("")?).map_err(|e| invalid(&e.field, e.reason))
}

/// A menu as `GET /v1/numbers/{id}/ivr` writes it, which `PUT` must read back as the same
/// menu.
#[must_use]
pub fn ivr_menu_json(menu: &IvrMenu) -> Vec<u8> {
    serde_json::to_vec(&MenuBody::from_spec(menu.to_spec())).unwrap_or_default()
}

/// The query strings, by operation, in the order [`query`] takes them.
pub const QUERIES: &[&str] = &[
    "listSessions",
    "listPoolNumbers",
    "listCalls",
    "callStats",
    "voiceToken",
    "listMessages",
    "listEmails",
    "listRecordings",
    "recordingMedia",
    "listNumbers",
    "searchAvailableNumbers",
    "numberStats",
];

/// Decodes `raw` as the query of operation `QUERIES[index % QUERIES.len()]`; for the
/// plain lists also their `limit` and `cursor`.
///
/// # Errors
/// The 400 the route would answer.
pub fn query(index: usize, raw: &[u8]) -> Result<(), ApiError> {
    let kind = "query parameter";
    match index % QUERIES.len() {
        0 => form::<sessions::ListSessionsQuery>(raw, kind).map(drop),
        1 => {
            let q: ListQuery = form(raw, kind)?;
            cursor::page(q.limit.as_deref(), q.cursor.as_deref(), |_| true).map(drop)
        }
        2 => form::<calls::read::ListCallsQuery>(raw, kind).map(drop),
        3 => form::<calls::read::StatsQuery>(raw, kind).map(drop),
        4 => form::<calls::token::TokenQuery>(raw, kind).map(drop),
        5 => form::<messages::read::ListMessagesQuery>(raw, kind).map(drop),
        6 => form::<emails::read::ListEmailsQuery>(raw, kind).map(drop),
        7 => form::<recordings::read::ListRecordingsQuery>(raw, kind).map(drop),
        8 => form::<recordings::media::MediaQuery>(raw, kind).map(drop),
        9 => form::<numbers::owned::ListNumbersQuery>(raw, kind).map(drop),
        10 => form::<numbers::available::SearchQuery>(raw, kind).map(drop),
        _ => form::<numbers::stats::StatsQuery>(raw, kind).map(drop),
    }
}

/// Decodes `raw` as the form of every webhook (and runs the checks that need no store),
/// returning each one's result.
#[must_use]
pub fn webhook_forms(raw: &[u8]) -> Vec<Result<(), ApiError>> {
    let kind = "parameter";
    let now = OffsetDateTime::UNIX_EPOCH;
    vec![
        form::<voice::VoiceRequest>(raw, kind).map(drop),
        form::<browser::BrowserForm>(raw, kind).map(drop),
        form(raw, kind).and_then(|f| status::callback(f, now).map(drop)),
        form::<status::DialResultForm>(raw, kind).map(drop),
        form(raw, kind)
            .and_then(|f| webhooks::recordings::report(Some("voicemail"), f, now).map(drop)),
        form::<webhooks::answer::AnswerForm>(raw, kind).map(drop),
        form::<gather::GatherForm>(raw, kind).map(drop),
        form::<gather::RecordForm>(raw, kind).map(drop),
        form::<webhooks::messages::InboundForm>(raw, kind).map(drop),
        form::<std::collections::BTreeMap<String, String>>(raw, kind).map(drop),
        form::<webhooks::messages::StatusForm>(raw, kind).map(drop),
    ]
}

/// A webhook as the signature check sees it.
#[derive(Debug)]
pub struct Webhook<'a> {
    /// The public URL it was made to, query included.
    pub url: &'a str,
    /// Sent as a GET (the parameters are the query).
    pub is_get: bool,
    /// Its body is `application/json` (signed through `bodySHA256`).
    pub is_json: bool,
    /// The raw query string.
    pub query: &'a [u8],
    /// The raw body.
    pub body: &'a [u8],
}

/// Checks `signature` over `webhook` as every webhook route does, then decodes the form it
/// carries as every webhook does.
///
/// # Errors
/// 403 for a signature that does not match; the first 4xx a webhook would answer.
pub fn signed_webhook(
    validator: &WebhookValidator,
    webhook: &Webhook<'_>,
    signature: &str,
) -> Result<(), ApiError> {
    let request = SignedRequest {
        url: webhook.url,
        is_get: webhook.is_get,
        is_json: webhook.is_json,
        query: webhook.query,
        body: Bytes::copy_from_slice(webhook.body),
    };
    let checked = check(validator, &request, signature)?;
    // What the handlers decode is what was checked.
    let form = checked.raw_form();
    webhook_forms(form)
        .into_iter()
        .find(Result::is_err)
        .unwrap_or(Ok(()))
}
