//! The service's Prometheus metrics: one registry per application (no global recorder, so
//! two apps in one process count apart), the families api.md names, and their encoding in
//! the Prometheus text format (0.0.4) for `GET /metrics`.
//!
//! Every label is bounded: methods outside the standard set are `other`, the route is the
//! pattern the request matched (`/v1/numbers/{id}`, or `unmatched`), never the raw path.

use std::fmt;
use std::time::Duration;

use actix_web::http::Method;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use switchboard_domain::ports::ConnectionPoolStatus;
use switchboard_domain::telephony::TelephonyError;
use switchboard_twilio::rest::RequestObserver;

/// The upper bounds of the request-duration buckets, in seconds.
const DURATION_BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct HttpLabels {
    method: &'static str,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: &'static str,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct WebhookLabels {
    kind: String,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TwilioLabels {
    operation: &'static str,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabels {
    state: &'static str,
}

/// The metrics of one application.
pub struct Metrics {
    registry: Registry,
    http_requests: Family<HttpLabels, Counter>,
    http_duration: Family<RouteLabels, Histogram, fn() -> Histogram>,
    webhook_requests: Family<WebhookLabels, Counter>,
    twilio_requests: Family<TwilioLabels, Counter>,
    pool_numbers: Family<StateLabels, Gauge>,
    db_pool_size: Gauge,
    db_pool_idle: Gauge,
    db_pool_waiting: Gauge,
    db_pool_max: Gauge,
}

fn duration_histogram() -> Histogram {
    Histogram::new(DURATION_BUCKETS)
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// A registry with every family, all empty.
    #[must_use]
    pub fn new() -> Self {
        let mut registry = Registry::default();
        let http_requests = Family::<HttpLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route pattern and status code",
            http_requests.clone(),
        );
        let http_duration =
            Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
                duration_histogram,
            );
        registry.register(
            "http_request_duration_seconds",
            "Time from receiving a request to its answer, by method and route pattern",
            http_duration.clone(),
        );
        let webhook_requests = Family::<WebhookLabels, Counter>::default();
        registry.register(
            "webhook_requests",
            "Twilio webhook requests, by kind and outcome (ok, invalid_signature, invalid_request, failed)",
            webhook_requests.clone(),
        );
        let twilio_requests = Family::<TwilioLabels, Counter>::default();
        registry.register(
            "twilio_requests",
            "Requests to Twilio's REST API, by operation and outcome",
            twilio_requests.clone(),
        );
        let pool_numbers = Family::<StateLabels, Gauge>::default();
        registry.register(
            "pool_numbers",
            "Voicemail pool numbers by state (free, leased), computed when scraped",
            pool_numbers.clone(),
        );
        let gauge = |registry: &mut Registry, name: &str, help: &str| {
            let gauge = Gauge::default();
            registry.register(name, help, gauge.clone());
            gauge
        };
        let db_pool_size = gauge(
            &mut registry,
            "db_pool_connections",
            "Database connections open",
        );
        let db_pool_idle = gauge(
            &mut registry,
            "db_pool_idle_connections",
            "Open database connections not in use",
        );
        let db_pool_waiting = gauge(
            &mut registry,
            "db_pool_waiting_requests",
            "Requests waiting for a database connection",
        );
        let db_pool_max = gauge(
            &mut registry,
            "db_pool_max_connections",
            "The most database connections the pool opens",
        );
        Self {
            registry,
            http_requests,
            http_duration,
            webhook_requests,
            twilio_requests,
            pool_numbers,
            db_pool_size,
            db_pool_idle,
            db_pool_waiting,
            db_pool_max,
        }
    }

    /// Counts one answered request.
    pub(crate) fn request(&self, method: &Method, route: &str, status: u16, elapsed: Duration) {
        let method = method_label(method);
        self.http_requests
            .get_or_create(&HttpLabels {
                method,
                route: route.to_owned(),
                status,
            })
            .inc();
        self.http_duration
            .get_or_create(&RouteLabels {
                method,
                route: route.to_owned(),
            })
            .observe(elapsed.as_secs_f64());
        if let Some(kind) = route.strip_prefix("/webhooks/twilio/") {
            self.webhook_requests
                .get_or_create(&WebhookLabels {
                    kind: kind.to_owned(),
                    outcome: webhook_outcome(status),
                })
                .inc();
        }
    }

    /// Sets the pool gauges from a count made now.
    pub(crate) fn pool(&self, free: u64, leased: u64) {
        for (state, n) in [("free", free), ("leased", leased)] {
            self.pool_numbers
                .get_or_create(&StateLabels { state })
                .set(i64::try_from(n).unwrap_or(i64::MAX));
        }
    }

    /// Sets the database-pool gauges.
    pub(crate) fn connection_pool(&self, status: ConnectionPoolStatus) {
        let set = |gauge: &Gauge, n: usize| {
            gauge.set(i64::try_from(n).unwrap_or(i64::MAX));
        };
        set(&self.db_pool_size, status.size);
        set(&self.db_pool_idle, status.idle);
        set(&self.db_pool_waiting, status.waiting);
        set(&self.db_pool_max, status.max_size);
    }

    /// The registry in the Prometheus text format.
    pub(crate) fn encode(&self) -> String {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::prometheus_text::encode(&mut text, &self.registry);
        text
    }
}

impl fmt::Debug for Metrics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

/// The `Content-Type` of `GET /metrics`.
pub(crate) const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// A webhook's outcome from its answer: webhooks answer 403 only for a missing or invalid
/// `X-Twilio-Signature`.
fn webhook_outcome(status: u16) -> &'static str {
    match status {
        200..=399 => "ok",
        403 => "invalid_signature",
        400..=499 => "invalid_request",
        _ => "failed",
    }
}

/// Counts the Twilio REST client's requests (`TwilioRestClient::observed_by`).
impl RequestObserver for Metrics {
    fn finished(&self, operation: &'static str, outcome: Result<(), &TelephonyError>) {
        self.twilio_requests
            .get_or_create(&TwilioLabels {
                operation,
                outcome: twilio_outcome(outcome),
            })
            .inc();
    }
}

fn twilio_outcome(outcome: Result<(), &TelephonyError>) -> &'static str {
    match outcome {
        Ok(()) => "ok",
        Err(TelephonyError::AuthFailed) => "auth_failed",
        Err(TelephonyError::NoNumbersAvailable { .. }) => "no_numbers_available",
        Err(TelephonyError::InvalidTo { .. }) => "invalid_to",
        Err(TelephonyError::NotFound) => "not_found",
        Err(TelephonyError::RateLimited { .. }) => "rate_limited",
        Err(TelephonyError::Rejected { .. }) => "rejected",
        Err(TelephonyError::Unavailable { .. }) => "unavailable",
        Err(TelephonyError::InvalidResponse { .. }) => "invalid_response",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_are_encoded_with_bounded_labels() {
        let metrics = Metrics::new();
        metrics.request(
            &Method::GET,
            "/v1/numbers/{id}",
            200,
            Duration::from_millis(3),
        );
        metrics.request(
            &Method::from_bytes(b"BREW").expect("a method"),
            "unmatched",
            404,
            Duration::from_millis(1),
        );
        metrics.request(
            &Method::POST,
            "/webhooks/twilio/voice",
            403,
            Duration::from_millis(1),
        );
        metrics.finished("CreateIncomingPhoneNumber", Err(&TelephonyError::NotFound));
        metrics.pool(3, 2);
        let text = metrics.encode();
        for line in [
            r#"http_requests_total{method="GET",route="/v1/numbers/{id}",status="200"} 1"#,
            r#"http_requests_total{method="other",route="unmatched",status="404"} 1"#,
            r#"http_request_duration_seconds_bucket{method="GET",route="/v1/numbers/{id}",le="0.005"} 1"#,
            r#"webhook_requests_total{kind="voice",outcome="invalid_signature"} 1"#,
            r#"twilio_requests_total{operation="CreateIncomingPhoneNumber",outcome="not_found"} 1"#,
            r#"pool_numbers{state="free"} 3"#,
            r#"pool_numbers{state="leased"} 2"#,
            "# TYPE http_requests_total counter",
            "# TYPE http_request_duration_seconds histogram",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "{line} missing from:\n{text}"
            );
        }
    }
}
