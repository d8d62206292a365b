//! What a running stand-in shares between its handlers and its [`RunningSendGridSim`]
//! handle: the configuration, the embedded spec, and under one lock the outbox, the
//! requests seen, the planned faults and the message-id counter.
//!
//! [`RunningSendGridSim`]: crate::RunningSendGridSim

use std::sync::{Mutex, MutexGuard};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use crate::config::SendGridSimConfig;
use crate::faults::Faults;
use crate::outbox::OutboxEmail;
use crate::spec::{MailSendSpec, Violation};

/// One request the stand-in answered (control requests aside).
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRequest {
    /// `POST`, `GET`, ...
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The status it was answered with.
    pub status: u16,
    /// The body, when it was JSON.
    pub body: Option<Value>,
    /// What was wrong with the body (the reasons for a 400), empty otherwise.
    pub violations: Vec<Violation>,
}

/// The mutable part.
#[derive(Debug, Default)]
pub(crate) struct SimState {
    pub outbox: Vec<OutboxEmail>,
    pub requests: Vec<RecordedRequest>,
    pub faults: Faults,
    next_message: u64,
}

/// Everything the handlers need.
#[derive(Debug)]
pub(crate) struct Shared {
    pub config: SendGridSimConfig,
    pub base_url: String,
    pub spec: &'static MailSendSpec,
    state: Mutex<SimState>,
}

impl Shared {
    pub fn new(config: SendGridSimConfig, base_url: String, spec: &'static MailSendSpec) -> Self {
        Self {
            config,
            base_url,
            spec,
            state: Mutex::new(SimState::default()),
        }
    }

    /// The state, locked. A handler that panicked while holding the lock leaves data that
    /// is still consistent (each change is one push), so poisoning is ignored.
    pub fn lock(&self) -> MutexGuard<'_, SimState> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl SimState {
    /// The next `X-Message-Id`: 22 URL-safe base64 characters, as SendGrid's look,
    /// derived from the seed and a counter.
    pub fn next_message_id(&mut self, seed: u64) -> String {
        self.next_message += 1;
        let first = mix(seed ^ self.next_message);
        let second = mix(first ^ self.next_message.rotate_left(32));
        let mut bytes = [0_u8; 16];
        bytes[..8].copy_from_slice(&first.to_be_bytes());
        bytes[8..].copy_from_slice(&second.to_be_bytes());
        URL_SAFE_NO_PAD.encode(bytes)
    }
}

/// SplitMix64's finaliser: a well-spread 64-bit value from any input.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::SimState;

    #[test]
    fn message_ids_are_distinct_deterministic_and_shaped_like_sendgrids() {
        let mut a = SimState::default();
        let mut b = SimState::default();
        let ids: Vec<String> = (0..100).map(|_| a.next_message_id(7)).collect();
        assert_eq!(ids[0], b.next_message_id(7));
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(id.len(), 22);
            assert!(
                id.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
            );
            assert!(!ids[..i].contains(id));
        }
    }
}
