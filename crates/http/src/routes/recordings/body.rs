//! A recording as the API shows it, with its signed media link.

use serde::Serialize;
use switchboard_domain::calls::Recording;
use time::OffsetDateTime;

use crate::media_url::MediaSigner;

/// What a recording is of.
#[derive(Debug, Clone, Copy, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = RecordingKind)]
#[expect(
    dead_code,
    reason = "only describes the values in the OpenAPI document"
)]
pub(crate) enum KindDoc {
    Call,
    Voicemail,
}

/// A recording's status.
#[derive(Debug, Clone, Copy, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
#[schema(as = RecordingStatus)]
#[expect(
    dead_code,
    reason = "only describes the values in the OpenAPI document"
)]
pub(crate) enum RecordingStatusDoc {
    InProgress,
    Completed,
    Absent,
    Failed,
    Deleted,
}

/// A recording of one of the caller's calls.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Recording)]
pub(crate) struct RecordingBody {
    #[schema(
        example = "RE0123456789abcdef0123456789abcdef",
        pattern = "^RE[0-9a-fA-F]{32}$"
    )]
    recording_sid: String,
    #[schema(example = "CA0123456789abcdef0123456789abcdef")]
    call_sid: String,
    user_id: String,
    #[schema(format = Uuid)]
    number_id: Option<String>,
    #[schema(value_type = KindDoc)]
    kind: &'static str,
    #[schema(value_type = RecordingStatusDoc)]
    status: &'static str,
    /// Seconds.
    duration: Option<u32>,
    /// 1 or 2.
    channels: Option<u8>,
    /// Twilio's `RecordingSource` (`OutboundAPI`, `DialVerb`, `RecordVerb`, ...).
    source: Option<String>,
    /// The caller of the recorded call.
    from: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    /// The audio: a link signed for 15 minutes, playable without `Authorization`.
    #[schema(
        example = "/v1/recordings/RE0123456789abcdef0123456789abcdef/media?expires=1796292000&signature=9f2c..."
    )]
    media_url: String,
}

impl RecordingBody {
    pub(crate) fn new(r: Recording, signer: &MediaSigner, now: OffsetDateTime) -> Self {
        let media_url = signer.link(r.sid.as_str(), now);
        Self {
            recording_sid: r.sid.as_str().to_owned(),
            call_sid: r.call_sid.as_str().to_owned(),
            user_id: r.user_id.as_str().to_owned(),
            number_id: r.number_id.map(|n| n.to_string()),
            kind: r.kind.as_str(),
            status: r.status.as_str(),
            duration: r.duration,
            channels: r.channels,
            source: r.source,
            from: r.from.map(|f| f.as_str().to_owned()),
            created_at: r.created_at,
            media_url,
        }
    }
}

/// A page of recordings, newest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = RecordingList)]
pub(crate) struct RecordingList {
    pub(super) items: Vec<RecordingBody>,
    /// Pass as `cursor` for the next page; `null` on the last.
    pub(super) next_cursor: Option<String>,
}
