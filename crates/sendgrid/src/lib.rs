//! SendGrid adapter: [`SendGridClient`], the v3 Mail Send client (`POST /v3/mail/send`) that
//! implements the domain's [`EmailSender`](switchboard_domain::email::EmailSender) port.
//!
//! One email becomes one personalization holding every recipient (they see each other, as
//! in one email's `To`), with the template's data when there is a template; the body is
//! [`mail_send_body`]. A 202 is success, with SendGrid's `X-Message-Id` kept. SendGrid's
//! `{"errors": [...]}` answers become `EmailError::Rejected` (4xx other than 429, with the
//! first message) or `EmailError::Unavailable` (5xx, timeouts, unreachable, 429 after
//! bounded retries that honour `Retry-After`). The API key is an [`ApiKey`], which never
//! prints, and is scrubbed from every error text.

mod body;
mod client;
mod config;
mod errors;
mod sleep;

pub use body::{MAIL_SEND_PATH, mail_send_body};
pub use client::{ClientBuildError, MESSAGE_ID_HEADER, SendGridClient};
pub use config::{ApiKey, RetryPolicy, SendGridConfig};
pub use sleep::{Sleeper, TokioSleeper};
