//! Typed configuration, read once from the environment at start.
//!
//! | variable | used by | meaning |
//! |---|---|---|
//! | `DATABASE_URL` | serve, migrate, pool | PostgreSQL URL (`postgres://user:pass@host:5432/db`); secret. Unset for `serve`: the in-memory store (data is lost at exit) |
//! | `DATABASE_MAX_CONNECTIONS` | serve | pool size, default 16 |
//! | `BIND_ADDR` | serve | listen address, default `127.0.0.1:8080` |
//! | `PUBLIC_BASE_URL` | serve | the `scheme://host[:port]` Twilio calls (webhook signatures are checked against it); with the stand-in, default the address `serve` listens on |
//! | `TWILIO_ACCOUNT_SID` | serve, numbers, pool import | the Twilio account (`AC…`). Unset for `serve` (with no other `TWILIO_*` set): the embedded local stand-in |
//! | `TWILIO_AUTH_TOKEN` | serve, numbers, pool import | the account's auth token: signs webhooks, and authenticates REST calls unless an API key is set; secret |
//! | `TWILIO_API_KEY_SID` / `TWILIO_API_KEY_SECRET` | serve, numbers, pool import | an API key (`SK…`) for REST calls instead of the auth token; both or neither; the secret is secret |
//! | `TWILIO_API_BASE_URL` | serve, numbers, pool import | Twilio's REST base URL, default `https://api.twilio.com` (a stand-in's URL in tests) |
//! | `TWILIO_TIMEOUT_SECONDS` | serve, numbers, pool import | per-attempt timeout of a Twilio request, 1 to 60, default 10 |
//! | `NUMBER_PURCHASE_POLICY` | serve | `open` (default: users buy their own numbers) or `admin` (only admins buy, and assign) |
//! | `NUMBER_PRICES` | serve | monthly prices by country and type, `US/local=1.15,US/tollfree=2.15` (the default); `none` for unknown prices |
//! | `NUMBER_PRICE_CURRENCY` | serve | the currency of `NUMBER_PRICES`, default `USD` |
//! | `AUTH_JWT_SECRET` | serve, token | HS256 secret of bearer tokens, at least 32 bytes; secret. Unset for `serve` with the stand-in: a random one for the run |
//! | `TWILIO_SIM_AUTH_TOKEN` | serve, twilio-sim, simulate | the stand-in account's auth token, when not its fixed development token; secret |
//! | `AUTH_JWT_ISSUER` | serve, token | required `iss` of tokens, when set |
//! | `AUTH_JWT_AUDIENCE` | serve, token | required `aud` of tokens, when set |
//! | `SESSION_RATE_LIMIT_PER_MINUTE` | serve | voicemail sessions a user may create per minute, default 10 |
//! | `OUTBOUND_CALL_RATE_LIMIT_PER_MINUTE` | serve | calls a user may place per minute (API and browser), default 5 |
//! | `OUTBOUND_MESSAGE_RATE_LIMIT_PER_MINUTE` | serve | messages a user may send per minute, default 30 |
//! | `TWILIO_WHATSAPP_FROM` | serve | the shared WhatsApp sender (E.164, `whatsapp:` optional) |
//! | `SENDGRID_API_KEY` | serve | SendGrid's API key; secret. Unset: the local SendGrid stand-in with the Twilio stand-in, else email answers 503 `email_not_configured` |
//! | `SENDGRID_API_BASE_URL` | serve | SendGrid's base URL, default `https://api.sendgrid.com` |
//! | `SENDGRID_TIMEOUT_SECONDS` | serve | per-attempt timeout of a SendGrid request, 1 to 60, default 10 |
//! | `EMAIL_FROM` | serve | the default sender (`Name <addr>` or `addr`); with the stand-in, default `Switchboard <switchboard@example.com>` |
//! | `EMAIL_ALLOWED_SENDERS` | serve | other senders allowed: addresses or `@domain`s, comma-separated |
//! | `HTTP_HEADER_READ_TIMEOUT_SECONDS` | serve | seconds a client has to send a request head (from connecting, for its first), 1 to 300, default 5; later a 408 |
//! | `HTTP_BODY_READ_TIMEOUT_SECONDS` | serve | seconds a client has to send a request body after its head, 1 to 300, default 10; later a 408 |
//! | `HTTP_KEEP_ALIVE_SECONDS` | serve | seconds an idle connection stays open between requests, 1 to 300, default 5 |
//! | `LOG_FORMAT` | all | `pretty` (default) or `json` |
//! | `RUST_LOG` | all | log filter, default `info` |
//!
//! A missing or invalid value stops the start with one line naming the variable. Secret
//! values are held in [`Secret`] and never printed.

mod auth;
mod database;
mod edge;
mod email;
mod env;
mod log;
mod numbers;
mod serve;
#[cfg(test)]
mod tests;
mod twilio;
mod urls;

pub use auth::{AuthSettings, random_jwt_secret};
pub use database::DatabaseConfig;
pub use email::{EmailConfig, STAND_IN_SENDER};
pub use env::{ConfigError, Env, ProcessEnv, Secret};
pub use log::LogFormat;
pub use numbers::NumberSettings;
pub use serve::ServeConfig;
pub use twilio::{TwilioSettings, VoiceSettings};
pub use urls::public_base_url_from_env;
