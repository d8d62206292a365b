//! What SendGrid refuses that its schema does not say: an empty `personalizations` or
//! `to`, no content without a template, no subject without a template, content in the wrong
//! order, attachments that are not base64, one address twice in a personalization, more than
//! 1000 recipients in one, `reply_to` with `reply_to_list`, `send_at` more than 72 hours
//! ahead, and headers SendGrid does not let a sender set.
//!
//! The rules come from SendGrid's Mail Send documentation and error pages; the messages are
//! the stand-in's own words, and the fields are named as SendGrid names them.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::Value;

use crate::spec::Violation;

/// The most recipients (to, cc and bcc) one personalization may have.
const MAX_RECIPIENTS_PER_PERSONALIZATION: usize = 1000;
/// How far ahead `send_at` may be, in seconds (72 hours).
const MAX_SEND_AHEAD_SECS: i64 = 72 * 3600;
/// Headers a sender may not set (compared without case).
const RESERVED_HEADERS: [&str; 12] = [
    "x-sg-id",
    "x-sg-eid",
    "received",
    "dkim-signature",
    "content-type",
    "content-transfer-encoding",
    "to",
    "from",
    "subject",
    "reply-to",
    "cc",
    "bcc",
];

/// Every rule `body` breaks, given the time now (seconds since the Unix epoch). Run it on
/// a body that fits the schema; parts of the wrong type are skipped here.
#[must_use]
pub fn check(body: &Value, now_unix: i64) -> Vec<Violation> {
    let mut found = Vec::new();
    let has_template = body.get("template_id").and_then(Value::as_str).is_some();
    let personalizations = array(body, "personalizations");
    if body.get("personalizations").is_some() && personalizations.is_empty() {
        found.push(Violation::new(
            "personalizations",
            "needs at least one personalization",
        ));
    }
    let top_subject = body.get("subject").is_some();
    for (i, personalization) in personalizations.iter().enumerate() {
        check_personalization(personalization, i, now_unix, &mut found);
        if !has_template && !top_subject && personalization.get("subject").is_none() {
            found.push(Violation::new(
                "subject",
                format!(
                    "is required unless a template_id is given or personalization {i} has a subject"
                ),
            ));
        }
    }
    check_content(body, has_template, &mut found);
    for (i, attachment) in array(body, "attachments").iter().enumerate() {
        if let Some(content) = attachment.get("content").and_then(Value::as_str)
            && BASE64.decode(content).is_err()
        {
            found.push(Violation::new(
                &format!("attachments.{i}.content"),
                "must be base64-encoded (RFC 4648, with padding, no line breaks)",
            ));
        }
    }
    if body.get("reply_to").is_some() && body.get("reply_to_list").is_some() {
        found.push(Violation::new(
            "reply_to_list",
            "cannot be used together with reply_to",
        ));
    }
    check_send_at(body, "send_at", now_unix, &mut found);
    check_headers(body, "headers", &mut found);
    found
}

/// Seconds since the Unix epoch, for [`check`]'s `now_unix`.
#[must_use]
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn array<'a>(value: &'a Value, name: &str) -> &'a [Value] {
    value
        .get(name)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn check_personalization(
    personalization: &Value,
    i: usize,
    now_unix: i64,
    found: &mut Vec<Violation>,
) {
    let at = |name: &str| format!("personalizations.{i}.{name}");
    if personalization.get("to").is_some() && array(personalization, "to").is_empty() {
        found.push(Violation::new(&at("to"), "needs at least one recipient"));
    }
    let mut seen: Vec<String> = Vec::new();
    let mut count = 0;
    for list in ["to", "cc", "bcc"] {
        for (j, recipient) in array(personalization, list).iter().enumerate() {
            count += 1;
            let Some(email) = recipient.get("email").and_then(Value::as_str) else {
                continue;
            };
            let email = email.to_ascii_lowercase();
            if seen.contains(&email) {
                found.push(Violation::new(
                    &at(&format!("{list}.{j}.email")),
                    "repeats an address already in this personalization's to, cc or bcc; each must be unique",
                ));
            } else {
                seen.push(email);
            }
        }
    }
    if count > MAX_RECIPIENTS_PER_PERSONALIZATION {
        found.push(Violation::new(
            &format!("personalizations.{i}"),
            "may have at most 1000 recipients in to, cc and bcc together",
        ));
    }
    check_send_at(personalization, &at("send_at"), now_unix, found);
    check_headers(personalization, &at("headers"), found);
}

fn check_content(body: &Value, has_template: bool, found: &mut Vec<Violation>) {
    let content = array(body, "content");
    if content.is_empty() && !has_template {
        found.push(Violation::new(
            "content",
            "is required unless a template_id is given: at least one block with a type and a value",
        ));
    }
    let types: Vec<&str> = content
        .iter()
        .filter_map(|c| c.get("type").and_then(Value::as_str))
        .collect();
    let plain = types.iter().position(|t| *t == "text/plain");
    let html = types.iter().position(|t| *t == "text/html");
    if let Some(at) = plain
        && at != 0
    {
        found.push(Violation::new(
            &format!("content.{at}.type"),
            "text/plain must come first",
        ));
    }
    if let Some(at) = html
        && at != usize::from(plain.is_some())
    {
        found.push(Violation::new(
            &format!("content.{at}.type"),
            "text/html must come right after text/plain, or first without it",
        ));
    }
}

fn check_send_at(object: &Value, field: &str, now_unix: i64, found: &mut Vec<Violation>) {
    let name = field.rsplit('.').next().unwrap_or(field);
    if let Some(send_at) = object.get(name).and_then(Value::as_i64)
        && send_at > now_unix.saturating_add(MAX_SEND_AHEAD_SECS)
    {
        found.push(Violation::new(field, "may be at most 72 hours ahead"));
    }
}

fn check_headers(object: &Value, field: &str, found: &mut Vec<Violation>) {
    let name = field.rsplit('.').next().unwrap_or(field);
    let Some(headers) = object.get(name).and_then(Value::as_object) else {
        return;
    };
    for header in headers.keys() {
        if RESERVED_HEADERS.contains(&header.to_ascii_lowercase().as_str()) {
            found.push(Violation::new(
                &format!("{field}.{header}"),
                "is a header SendGrid sets itself",
            ));
        }
    }
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
