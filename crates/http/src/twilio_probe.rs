//! Twilio's reachability for `/readyz`: asked at most once per interval, whatever the
//! probe rate, and never a reason to answer 503 (a Twilio outage must not take every
//! replica out of its load balancer).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use switchboard_domain::ports::NumberProvider;

/// How long one answer from Twilio is reported before Twilio is asked again.
pub const TWILIO_PROBE_INTERVAL: Duration = Duration::from_secs(30);

/// What `/readyz` reports for Twilio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TwilioReachability {
    /// The last check reached the account.
    Ok,
    /// The last check failed.
    Unreachable,
    /// No Twilio account is checked.
    NotConfigured,
}

impl TwilioReachability {
    /// The word in the readiness body.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Unreachable => "unreachable",
            Self::NotConfigured => "not_configured",
        }
    }
}

#[derive(Debug, Default)]
struct Last {
    asked_at: Option<Instant>,
    answer: Option<TwilioReachability>,
}

/// Asks Twilio for the account at most once per [`TWILIO_PROBE_INTERVAL`].
#[derive(Debug, Clone)]
pub struct TwilioProbe {
    provider: Option<Arc<dyn NumberProvider>>,
    last: Arc<Mutex<Last>>,
}

impl TwilioProbe {
    /// A probe of `provider`; `None` reports `not_configured`.
    #[must_use]
    pub fn new(provider: Option<Arc<dyn NumberProvider>>) -> Self {
        Self {
            provider,
            last: Arc::default(),
        }
    }

    /// The last known reachability, asking Twilio first when the last answer is older than
    /// the interval. While one probe asks, concurrent probes report the previous answer
    /// instead of asking too (only the very first probes, with no answer yet, all ask).
    pub async fn reachability(&self) -> TwilioReachability {
        let Some(provider) = &self.provider else {
            return TwilioReachability::NotConfigured;
        };
        let now = Instant::now();
        {
            let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
            let fresh = last
                .asked_at
                .is_some_and(|at| now.saturating_duration_since(at) < TWILIO_PROBE_INTERVAL);
            if let (true, Some(answer)) = (fresh, last.answer) {
                return answer;
            }
            // Claim this round: until it ends, other probes see a fresh time and the
            // previous answer.
            last.asked_at = Some(now);
        }
        let answer = match provider.account().await {
            Ok(_) => TwilioReachability::Ok,
            Err(e) => {
                tracing::warn!(error = %e, "Twilio did not answer the readiness check");
                TwilioReachability::Unreachable
            }
        };
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        last.answer = Some(answer);
        answer
    }
}
