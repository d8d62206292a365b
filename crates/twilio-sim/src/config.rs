//! How a stand-in is set up: its account, credentials, port and rendering options.

use std::time::Duration;

use url::Url;

use crate::sid::SidGenerator;

/// Whether the account is a paid (`Full`) or a `Trial` account. Trial accounts may only call
/// and message verified caller IDs (error 21219), as on Twilio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountType {
    /// An upgraded account (the default).
    Full,
    /// A trial account.
    Trial,
}

impl AccountType {
    /// The value of the account's `type` field.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Full => "Full",
            Self::Trial => "Trial",
        }
    }
}

/// How the keys of `capabilities` objects are spelled in responses.
///
/// The spec and its examples use lower case (`sms`, `mms`); the live API sends `SMS` and `MMS`
/// for at least some resources (twilio-java's `PhoneNumberCapabilities` reads upper case).
/// Clients should accept both, and the stand-in can emit either to prove they do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CapabilityKeyCase {
    /// `{"voice", "sms", "mms", "fax"}` (the default, as in the spec's examples).
    #[default]
    Lower,
    /// `{"voice", "SMS", "MMS", "fax"}`, as the live API sends for some resources.
    Upper,
}

/// How a call created over REST moves on its own ([`SimConfig::autopilot`]): initiated and
/// ringing at once, answered after `ring`, completed after `talk` more, with every callback
/// that causes. Ending the call over REST (`Status=canceled|completed`) stops it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Autopilot {
    /// How long the callee's phone rings before it answers.
    pub ring: Duration,
    /// How long the answered call lasts before the callee hangs up.
    pub talk: Duration,
}

impl Autopilot {
    /// Rings for `ring`, then talks for `talk`.
    #[must_use]
    pub const fn new(ring: Duration, talk: Duration) -> Self {
        Self { ring, talk }
    }
}

/// The recipient whose messages the [`MessageAutopilot`] fails by default: `+15005550009`,
/// the number Twilio's test credentials treat as one that cannot receive messages. (With
/// test credentials Twilio refuses it when the message is created, code 21614; the stand-in
/// accepts it and fails the delivery instead, so that an app sees the asynchronous failure
/// path.) `whatsapp:+15005550009` fails the same way.
pub const UNDELIVERABLE_NUMBER: &str = "+15005550009";

/// The `ErrorCode` an undeliverable message reports by default: 30003, Twilio's
/// "Unreachable destination handset".
pub const UNDELIVERABLE_ERROR_CODE: u32 = 30003;

/// How a message created over REST moves on its own ([`SimConfig::message_autopilot`]), on
/// a Tokio task, with a signed status callback for every status it takes (none for the
/// status it was created with, as on Twilio):
///
/// - `accepted` (sent through a Messaging Service) becomes `queued` at once;
/// - `sent` after [`Self::send`];
/// - `delivered` after [`Self::deliver`] more, or `undelivered` with [`Self::error_code`]
///   when the recipient is one of [`Self::undeliverable`];
/// - a delivered WhatsApp message (`whatsapp:` recipient) is `read` after [`Self::read`]
///   more.
///
/// Each callback is delivered (or has failed) before the next status is taken, so one
/// message's callbacks never arrive out of order. A message moved by a driver meanwhile
/// (`advance_message`) keeps its new status: the autopilot stops at the first step the
/// message can no longer take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageAutopilot {
    /// From creation to `sent`.
    pub send: Duration,
    /// From `sent` to `delivered` or `undelivered`.
    pub deliver: Duration,
    /// From `delivered` to `read`, for WhatsApp messages.
    pub read: Duration,
    /// Recipients (E.164, with or without `whatsapp:`) whose messages end `undelivered`;
    /// [`UNDELIVERABLE_NUMBER`] unless changed.
    pub undeliverable: Vec<String>,
    /// The `ErrorCode` of an undelivered message; [`UNDELIVERABLE_ERROR_CODE`] unless
    /// changed.
    pub error_code: u32,
}

impl MessageAutopilot {
    /// Sent after `send`, delivered after `deliver` more (and, for WhatsApp, read after
    /// `deliver` more again); messages to [`UNDELIVERABLE_NUMBER`] end `undelivered` with
    /// [`UNDELIVERABLE_ERROR_CODE`].
    #[must_use]
    pub fn new(send: Duration, deliver: Duration) -> Self {
        Self {
            send,
            deliver,
            read: deliver,
            undeliverable: vec![UNDELIVERABLE_NUMBER.to_owned()],
            error_code: UNDELIVERABLE_ERROR_CODE,
        }
    }

    /// This plan with WhatsApp messages read `read` after they were delivered.
    #[must_use]
    pub fn read_after(mut self, read: Duration) -> Self {
        self.read = read;
        self
    }

    /// This plan with `numbers` as the recipients whose messages end `undelivered`
    /// (replacing [`UNDELIVERABLE_NUMBER`]), reporting `error_code`.
    #[must_use]
    pub fn undeliverable<S: Into<String>>(
        mut self,
        numbers: impl IntoIterator<Item = S>,
        error_code: u32,
    ) -> Self {
        self.undeliverable = numbers.into_iter().map(Into::into).collect();
        self.error_code = error_code;
        self
    }

    /// Whether messages to `to` (`+E164` or `whatsapp:+E164`) end `undelivered`.
    #[must_use]
    pub fn is_undeliverable(&self, to: &str) -> bool {
        let bare = |s: &str| s.strip_prefix("whatsapp:").unwrap_or(s).to_owned();
        let to = bare(to);
        self.undeliverable.iter().any(|n| bare(n) == to)
    }
}

impl Default for MessageAutopilot {
    /// Sent after 200 ms, delivered 1 s later (read 1 s after that, for WhatsApp).
    fn default() -> Self {
        Self::new(Duration::from_millis(200), Duration::from_secs(1))
    }
}

/// The stand-in's configuration. [`SimConfig::default`] is deterministic: the same account
/// SID and auth token every time (derived from `seed`).
#[derive(Clone)]
pub struct SimConfig {
    /// The one account the stand-in serves: `AC` + 32 hex digits.
    pub account_sid: String,
    /// The account's auth token: the Basic-auth password and the webhook signing key.
    pub auth_token: String,
    /// The account's `friendly_name`.
    pub friendly_name: String,
    /// `Full` or `Trial`.
    pub account_type: AccountType,
    /// The loopback port to listen on; 0 picks a free one.
    pub port: u16,
    /// How `capabilities` keys are spelled in responses.
    pub capability_key_case: CapabilityKeyCase,
    /// The public base URL the app is configured with (its `PUBLIC_BASE_URL`). Webhook URLs
    /// under it are signed as they are but delivered to [`Self::app_webhook_base`]. Both can
    /// also be set later with `RunningSim::route_webhooks`.
    pub app_public_base: Option<Url>,
    /// Where the app really listens (e.g. `http://127.0.0.1:PORT`), for webhook URLs under
    /// [`Self::app_public_base`].
    pub app_webhook_base: Option<Url>,
    /// How long a webhook may take before the stand-in gives up (Twilio: 15 s).
    pub webhook_timeout: Duration,
    /// Whether recording media needs Basic auth. Twilio serves it without auth unless the
    /// account enables "HTTP Basic Authentication for media"; the default is `false`.
    pub recording_media_requires_auth: bool,
    /// Whether created calls progress on their own; `None` (the default) leaves them queued
    /// until a test or the control API drives them.
    pub autopilot: Option<Autopilot>,
    /// Whether created messages progress on their own ([`MessageAutopilot`]); `None` (the
    /// default) leaves them queued until a test or the control API drives them.
    pub message_autopilot: Option<MessageAutopilot>,
    /// Whether the server stops gracefully on SIGINT/SIGTERM (for a standalone binary).
    /// Off by default so that tests own the lifecycle.
    pub handle_signals: bool,
    /// Seed of the deterministic SID sequence.
    pub seed: u64,
}

impl std::fmt::Debug for SimConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimConfig")
            .field("account_sid", &self.account_sid)
            .field("auth_token", &format_args!("[redacted]"))
            .field("friendly_name", &self.friendly_name)
            .field("account_type", &self.account_type)
            .field("port", &self.port)
            .field("capability_key_case", &self.capability_key_case)
            .field(
                "app_public_base",
                &self.app_public_base.as_ref().map(Url::as_str),
            )
            .field(
                "app_webhook_base",
                &self.app_webhook_base.as_ref().map(Url::as_str),
            )
            .field("webhook_timeout", &self.webhook_timeout)
            .field(
                "recording_media_requires_auth",
                &self.recording_media_requires_auth,
            )
            .field("autopilot", &self.autopilot)
            .field("message_autopilot", &self.message_autopilot)
            .field("handle_signals", &self.handle_signals)
            .field("seed", &self.seed)
            .finish()
    }
}

/// The seed [`SimConfig::default`] uses.
pub const DEFAULT_SEED: u64 = 0x5157_1c4b_0a2d_2010;

impl Default for SimConfig {
    fn default() -> Self {
        Self::with_seed(DEFAULT_SEED)
    }
}

impl SimConfig {
    /// A configuration whose account SID and auth token are derived from `seed`, so that
    /// several stand-ins in one process have distinct accounts.
    #[must_use]
    pub fn with_seed(seed: u64) -> Self {
        let ids = SidGenerator::new(seed);
        Self {
            account_sid: ids.derived("AC", 0),
            auth_token: ids.derived("", 1),
            friendly_name: "Switchboard test account".to_owned(),
            account_type: AccountType::Full,
            port: 0,
            capability_key_case: CapabilityKeyCase::Lower,
            app_public_base: None,
            app_webhook_base: None,
            webhook_timeout: Duration::from_secs(15),
            recording_media_requires_auth: false,
            autopilot: None,
            message_autopilot: None,
            handle_signals: false,
            seed,
        }
    }

    /// This configuration with the given credentials.
    #[must_use]
    pub fn with_credentials(
        mut self,
        account_sid: impl Into<String>,
        auth_token: impl Into<String>,
    ) -> Self {
        self.account_sid = account_sid.into();
        self.auth_token = auth_token.into();
        self
    }
}
