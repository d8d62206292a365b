//! `GET /v1/recordings`, `GET /v1/recordings/{recordingSid}` and
//! `DELETE /v1/recordings/{recordingSid}`.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use switchboard_domain::calls::{RecordingKind, RecordingQuery};
use switchboard_domain::sid::{CallSid, RecordingSid};
use time::OffsetDateTime;

use super::body::{RecordingBody, RecordingList};
use crate::bearer::Authenticated;
use crate::cursor;
use crate::input::{Query, optional};
use crate::openapi::{
    InvalidRequest, NotFound, StoreUnavailable, TwilioFailed, Unauthorized, Unavailable,
};
use crate::problem::ApiError;
use crate::state::AppState;

/// A recording SID from a path; malformed ones are unknown recordings (404).
pub(crate) fn recording_sid(raw: &str) -> Result<RecordingSid, ApiError> {
    RecordingSid::parse(raw).map_err(|_| ApiError::NotFound("no such recording"))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListRecordingsQuery {
    /// Only this call's recordings.
    #[param(pattern = "^CA[0-9a-fA-F]{32}$")]
    call_sid: Option<String>,
    /// `call` or `voicemail`.
    #[param(pattern = "^(call|voicemail)$")]
    kind: Option<String>,
    /// Items per page.
    #[param(value_type = Option<u16>, minimum = 1, maximum = 200, default = 50)]
    limit: Option<String>,
    /// The `nextCursor` of the previous page (opaque).
    #[param(pattern = r"^[A-Za-z0-9_-]*$")]
    cursor: Option<String>,
}

/// The caller's recordings, newest first.
#[utoipa::path(
    get, path = "/v1/recordings", operation_id = "listRecordings", tag = "recordings",
    security(("bearer" = [])),
    params(ListRecordingsQuery),
    responses(
        (status = 200, description = "A page of recordings", body = RecordingList),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn list(
    state: web::Data<AppState>,
    actor: Authenticated,
    Query(q): Query<ListRecordingsQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = RecordingQuery {
        owner: None,
        call_sid: optional("callSid", q.call_sid.as_deref(), CallSid::parse)?,
        kind: optional("kind", q.kind.as_deref(), |k| {
            RecordingKind::parse(k).ok_or("must be call or voicemail")
        })?,
        page: cursor::page(q.limit.as_deref(), q.cursor.as_deref(), |key| {
            RecordingSid::parse(key).is_ok()
        })?,
    };
    let page = state.calls.recordings(&actor.0, query).await?;
    let now = OffsetDateTime::now_utc();
    Ok(HttpResponse::Ok().json(RecordingList {
        items: page
            .items
            .into_iter()
            .map(|r| RecordingBody::new(r, &state.media, now))
            .collect(),
        next_cursor: page.next.as_ref().map(cursor::encode),
    }))
}

/// One of the caller's recordings.
#[utoipa::path(
    get, path = "/v1/recordings/{recordingSid}", operation_id = "getRecording", tag = "recordings",
    security(("bearer" = [])),
    params(("recordingSid" = String, Path, description = "The recording's SID")),
    responses(
        (status = 200, description = "The recording", body = RecordingBody),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn get(
    state: web::Data<AppState>,
    actor: Authenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let recording = state
        .calls
        .recording(&actor.0, &recording_sid(&path)?)
        .await?;
    Ok(HttpResponse::Ok().json(RecordingBody::new(
        recording,
        &state.media,
        OffsetDateTime::now_utc(),
    )))
}

/// Deletes one of the caller's recordings at Twilio; it is kept here with status
/// `deleted`. Deleting it again changes nothing.
#[utoipa::path(
    delete, path = "/v1/recordings/{recordingSid}", operation_id = "deleteRecording", tag = "recordings",
    security(("bearer" = [])),
    params(("recordingSid" = String, Path, description = "The recording's SID")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 502, response = TwilioFailed),
        (status = 503, response = Unavailable),
    ),
)]
pub(crate) async fn delete(
    state: web::Data<AppState>,
    actor: Authenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    state
        .calls
        .delete_recording(&actor.0, &recording_sid(&path)?)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
