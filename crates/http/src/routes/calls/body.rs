//! The bodies the calls routes share: a call, its list, its stats, and the errors.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use serde::Serialize;
use switchboard_domain::calls::{Call, CallStats, CallsError};
use time::OffsetDateTime;

use crate::decimal::four_places;
use crate::problem::ApiError;

/// How a call was placed.
#[derive(Debug, Clone, Copy, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
#[schema(as = CallDirection)]
#[expect(
    dead_code,
    reason = "only describes the values in the OpenAPI document"
)]
pub(crate) enum DirectionDoc {
    /// A call to one of the user's numbers.
    Inbound,
    /// Placed by `POST /v1/calls`.
    OutboundApi,
    /// Placed from the user's browser.
    OutboundBrowser,
}

/// A call's status, as Twilio reports it; the last five are terminal.
#[derive(Debug, Clone, Copy, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
#[schema(as = CallStatus)]
#[expect(
    dead_code,
    reason = "only describes the values in the OpenAPI document"
)]
pub(crate) enum StatusDoc {
    Queued,
    Initiated,
    Ringing,
    InProgress,
    Completed,
    Busy,
    NoAnswer,
    Failed,
    Canceled,
}

/// A call in the log.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Call)]
pub(crate) struct CallBody {
    /// Twilio's SID of the call.
    #[schema(
        example = "CA0123456789abcdef0123456789abcdef",
        pattern = "^CA[0-9a-fA-F]{32}$"
    )]
    call_sid: String,
    user_id: String,
    #[schema(value_type = DirectionDoc)]
    direction: &'static str,
    /// E.164; for a browser call, the caller id used.
    #[schema(example = "+14155550100")]
    from: String,
    /// E.164.
    #[schema(example = "+14155550123")]
    to: String,
    /// The browser client's identity on the call, if any.
    client: Option<String>,
    /// The user's number it came in on or went out from.
    #[schema(format = Uuid)]
    number_id: Option<String>,
    #[schema(value_type = StatusDoc)]
    status: &'static str,
    #[serde(with = "time::serde::rfc3339::option")]
    started_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    answered_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    ended_at: Option<OffsetDateTime>,
    /// Seconds, once ended.
    duration: Option<u32>,
    /// What it cost, a positive decimal string, once Twilio reports it.
    #[schema(example = "0.0130")]
    price: Option<String>,
    /// ISO 4217.
    #[schema(example = "USD")]
    price_unit: Option<String>,
    /// Whether a recording of the call exists.
    recorded: bool,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    updated_at: OffsetDateTime,
}

impl From<Call> for CallBody {
    fn from(call: Call) -> Self {
        Self {
            call_sid: call
                .sid
                .as_ref()
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
            user_id: call.user_id.as_str().to_owned(),
            direction: call.direction.as_str(),
            from: call.from.as_str().to_owned(),
            to: call.to.as_str().to_owned(),
            client: call.client.map(|c| c.as_str().to_owned()),
            number_id: call.number_id.map(|n| n.to_string()),
            status: call.progress.status.as_str(),
            started_at: call.progress.started_at,
            answered_at: call.progress.answered_at,
            ended_at: call.progress.ended_at,
            duration: call.progress.duration,
            price: call.price.map(four_places),
            price_unit: call.price_unit.map(|u| u.as_str().to_owned()),
            recorded: call.recorded,
            created_at: call.created_at,
            updated_at: call.updated_at,
        }
    }
}

/// A page of calls, newest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CallList)]
pub(crate) struct CallList {
    pub(super) items: Vec<CallBody>,
    /// Pass as `cursor` for the next page; `null` on the last.
    pub(super) next_cursor: Option<String>,
}

/// Counts over the caller's calls.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CallStats)]
pub(crate) struct StatsBody {
    total: u64,
    /// Calls not yet ended.
    active: u64,
    /// Calls per status (statuses with none are left out).
    #[schema(value_type = BTreeMap<String, u64>)]
    by_status: BTreeMap<&'static str, u64>,
    /// Calls per direction (directions with none are left out).
    #[schema(value_type = BTreeMap<String, u64>)]
    by_direction: BTreeMap<&'static str, u64>,
    /// Seconds, over every call with a duration.
    total_duration: u64,
    /// Seconds, the mean over calls with a duration; `null` when none has one.
    average_duration: Option<f64>,
}

impl From<CallStats> for StatsBody {
    fn from(s: CallStats) -> Self {
        Self {
            total: s.total,
            active: s.active,
            by_status: s.by_status.iter().map(|(k, v)| (k.as_str(), *v)).collect(),
            by_direction: s
                .by_direction
                .iter()
                .map(|(k, v)| (k.as_str(), *v))
                .collect(),
            total_duration: s.total_duration,
            average_duration: s.average_duration(),
        }
    }
}

impl From<CallsError> for ApiError {
    fn from(e: CallsError) -> Self {
        match e {
            CallsError::NotFound => Self::NotFound("no such call or recording"),
            CallsError::Forbidden => Self::Forbidden("only admins may name another user"),
            CallsError::CallerIdNotOwned => Self::refused(
                StatusCode::FORBIDDEN,
                "caller_id_not_owned",
                "from: not one of your active, voice-capable numbers",
            ),
            CallsError::NoCallerId => Self::Conflict {
                code: "no_caller_id",
                detail: "you have no active, voice-capable number to call from".into(),
            },
            CallsError::RateLimited { retry_after } => Self::rate_limited(retry_after),
            CallsError::CallRejected {
                twilio_code,
                message,
            } => Self::Refused {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "call_rejected",
                detail: format!("Twilio refused the call: {message}"),
                twilio_code,
            },
            CallsError::RecordingDeleted => Self::Conflict {
                code: "recording_deleted",
                detail: "the recording was deleted".into(),
            },
            CallsError::Telephony(e) => e.into(),
            CallsError::Store(e) => Self::StoreUnavailable(e),
        }
    }
}
