//! How a stand-in is set up: its API key, port, body limit and message-id seed.

/// The stand-in's configuration. [`SendGridSimConfig::default`] is deterministic: the same
/// API key and message ids every time.
#[derive(Clone)]
pub struct SendGridSimConfig {
    /// The one API key accepted as `Authorization: Bearer KEY`; printable ASCII, not empty.
    pub api_key: String,
    /// The loopback port to listen on; 0 picks a free one.
    pub port: u16,
    /// The largest request body accepted, in bytes; larger ones are answered 413. Default
    /// 30 MiB (SendGrid's limit for a whole message).
    pub max_body_bytes: usize,
    /// Whether the server stops gracefully on SIGINT/SIGTERM (for a standalone process).
    /// Off by default so that tests own the lifecycle.
    pub handle_signals: bool,
    /// Seed of the deterministic `X-Message-Id` sequence.
    pub seed: u64,
}

/// The API key [`SendGridSimConfig::default`] uses.
pub const DEFAULT_API_KEY: &str = "SG.switchboard-sim.local-stand-in-key";

impl Default for SendGridSimConfig {
    fn default() -> Self {
        Self {
            api_key: DEFAULT_API_KEY.to_owned(),
            port: 0,
            max_body_bytes: 30 * 1024 * 1024,
            handle_signals: false,
            seed: 0x5e4d_9a1d_0003_2024,
        }
    }
}

impl std::fmt::Debug for SendGridSimConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SendGridSimConfig")
            .field("api_key", &format_args!("[redacted]"))
            .field("port", &self.port)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("handle_signals", &self.handle_signals)
            .field("seed", &self.seed)
            .finish()
    }
}
