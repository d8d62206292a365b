//! A local stand-in for SendGrid's v3 Mail Send API, for tests, the default run and
//! `switchboard simulate outbox`.
//!
//! [`SendGridSim::start`] serves `POST /v3/mail/send` on `127.0.0.1` behind
//! `Authorization: Bearer <key>` (401 with SendGrid's error body otherwise). Each body is
//! checked against the embedded part of SendGrid's OpenAPI description ([`spec`]) and
//! against what SendGrid refuses beyond it ([`rules`]); a departure is a 400 whose
//! `errors[]` name each field as SendGrid does (`personalizations.0.to.0.email`). An
//! accepted send is answered 202 with an `X-Message-Id` and kept in the outbox
//! ([`RunningSendGridSim::outbox`]); the next sends can be made to fail instead
//! ([`RunningSendGridSim::fail_next`]: 429 with `Retry-After`, 500, 400).
//!
//! Another process reads the outbox through the control API (`GET /_sim/outbox`, behind
//! the same key) with [`SendGridSimControl`].
//!
//! Not modelled: delivery itself and its events (bounces, opens, the Event Webhook),
//! templates (a `template_id` is accepted as is; nothing is rendered), sender identity
//! verification (any `from` is accepted), scheduled sends and batches (`send_at` is only
//! bounded), rate limits of its own (429s happen only when injected), gzip request bodies
//! unless actix-web decodes them, other API routes (404), and the exact wording of
//! SendGrid's messages (fields are named as SendGrid does; the sentences are the
//! stand-in's). Undeclared fields of declared objects are refused (SendGrid may ignore
//! some), so that a misspelt field is noticed.

mod config;
mod control;
mod control_client;
mod faults;
mod http;
mod outbox;
pub mod rules;
mod server;
mod sim;
pub mod spec;
mod state;

pub use config::{DEFAULT_API_KEY, SendGridSimConfig};
pub use control_client::{ControlError, SendGridSimControl};
pub use faults::Fault;
pub use outbox::{OutboxAddress, OutboxAttachment, OutboxEmail};
pub use sim::{RunningSendGridSim, SendGridSim, SimError};
pub use spec::{MailSendSpec, Violation};
pub use state::RecordedRequest;

/// Every way `body` departs from the schema of `POST /v3/mail/send` and from SendGrid's
/// other rules, as the stand-in checks it (the time now bounds `send_at`); empty when the
/// stand-in would accept it.
///
/// # Errors
/// [`spec::SpecError`] if the embedded document cannot be loaded (a build defect).
pub fn check_mail_send(body: &serde_json::Value) -> Result<Vec<Violation>, spec::SpecError> {
    let mut found = MailSendSpec::embedded()?.check_request(body);
    found.extend(rules::check(body, rules::unix_now()));
    Ok(found)
}
