//! Waiting between attempts, behind a small trait so that tests do not wait.

use std::fmt::Debug;
use std::time::Duration;

use async_trait::async_trait;

/// Waits between attempts. The client uses [`TokioSleeper`] unless told otherwise
/// ([`SendGridClient::with_sleeper`](crate::SendGridClient::with_sleeper)); tests pass one
/// that records the waits and returns at once.
#[async_trait]
pub trait Sleeper: Send + Sync + Debug {
    /// Returns after `duration` (or sooner, in tests).
    async fn sleep(&self, duration: Duration);
}

/// Sleeps on the Tokio timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleeper;

#[async_trait]
impl Sleeper for TokioSleeper {
    async fn sleep(&self, duration: Duration) {
        tokio::time::sleep(duration).await;
    }
}
