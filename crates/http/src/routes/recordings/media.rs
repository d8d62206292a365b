//! `GET /v1/recordings/{recordingSid}/media`: a recording's audio, fetched from Twilio
//! with the account's credentials and streamed through (never buffered whole), with `Range`
//! passed through. A bearer token or the signed link of `mediaUrl` authorises it.

use actix_web::body::{BodyStream, SizedStream};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use serde::Deserialize;
use switchboard_domain::telephony::{
    ByteRange, MediaChunks, MediaFormat, MediaOutcome, TelephonyError,
};
use time::OffsetDateTime;

use super::read::recording_sid;
use crate::bearer::Authenticated;
use crate::input::{Query, invalid};
use crate::openapi::{
    InvalidRequest, NotFound, ProblemBody, TwilioFailed, Unauthorized, Unavailable,
};
use crate::problem::ApiError;
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct MediaQuery {
    /// `mp3` (default) or `wav`.
    #[param(pattern = "^(mp3|wav)$")]
    format: Option<String>,
    /// Unix seconds: when the signed link stops playing (from `mediaUrl`). A request with
    /// a bearer token is not checked against it.
    #[param(value_type = Option<i64>)]
    expires: Option<String>,
    /// The link's signature (from `mediaUrl`; opaque). A request with a bearer token is
    /// not checked against it.
    signature: Option<String>,
}

/// The audio of a download, piece by piece, ending at the first error.
fn body_of(
    chunks: Box<dyn MediaChunks>,
) -> impl futures::Stream<Item = Result<Bytes, TelephonyError>> {
    futures::stream::unfold(Some(chunks), |state| async move {
        let mut chunks = state?;
        match chunks.next_chunk().await {
            Ok(Some(piece)) => Some((Ok(Bytes::from(piece)), Some(chunks))),
            Ok(None) => None,
            Err(e) => {
                tracing::warn!(error = %e, "a recording download broke off");
                Some((Err(e), None))
            }
        }
    })
}

/// A recording's audio, streamed from Twilio.
#[utoipa::path(
    get, path = "/v1/recordings/{recordingSid}/media", operation_id = "getRecordingMedia", tag = "recordings",
    security((), ("bearer" = [])),
    params(
        ("recordingSid" = String, Path, description = "The recording's SID"),
        MediaQuery,
        ("Range" = Option<String>, Header, description = "One byte range: `bytes=A-B`, `bytes=A-` or `bytes=-N`"),
    ),
    responses(
        (status = 200, description = "The audio (`audio/mpeg` or `audio/wav`)", content((Vec<u8> = "audio/mpeg"), (Vec<u8> = "audio/wav"))),
        (status = 206, description = "The range asked for, with `Content-Range`", content((Vec<u8> = "audio/mpeg"), (Vec<u8> = "audio/wav"))),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 409, description = "`recording_deleted`: the recording was deleted", body = ProblemBody, content_type = "application/problem+json"),
        (status = 416, description = "`range_not_satisfiable`: the range lies beyond the audio (`Content-Range: bytes */LENGTH`)", body = ProblemBody, content_type = "application/problem+json"),
        (status = 502, response = TwilioFailed),
        (status = 503, response = Unavailable),
    ),
)]
pub(crate) async fn media(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    Query(q): Query<MediaQuery>,
) -> Result<HttpResponse, ApiError> {
    let sid = recording_sid(&path)?;
    let format = match q.format.as_deref() {
        None | Some("mp3") => MediaFormat::Mp3,
        Some("wav") => MediaFormat::Wav,
        Some(_) => return Err(invalid("format", "must be mp3 or wav")),
    };
    let expires = q
        .expires
        .as_deref()
        .map(|v| {
            v.parse::<i64>()
                .map_err(|_| invalid("expires", "must be an integer (Unix seconds)"))
        })
        .transpose()?;
    let range = req
        .headers()
        .get(header::RANGE)
        .map(|v| {
            v.to_str()
                .ok()
                .and_then(|v| ByteRange::parse(v).ok())
                .ok_or_else(|| {
                    invalid(
                        "Range",
                        "must be one byte range: bytes=A-B, bytes=A- or bytes=-N",
                    )
                })
        })
        .transpose()?;
    let actor = if req.headers().contains_key(header::AUTHORIZATION) {
        Some(Authenticated::extract(&req).await?.0)
    } else {
        let signed = match (expires, q.signature.as_deref()) {
            (Some(expires), Some(signature)) => {
                state
                    .media
                    .verify(sid.as_str(), expires, signature, OffsetDateTime::now_utc())
            }
            _ => false,
        };
        if !signed {
            return Err(ApiError::Unauthorized(
                "a bearer token or a valid, unexpired signed media link is required",
            ));
        }
        None
    };
    let download = state
        .calls
        .recording_media(actor.as_ref(), &sid, format, range.as_ref())
        .await?;
    let status = match download.outcome {
        MediaOutcome::Full => StatusCode::OK,
        MediaOutcome::Partial => StatusCode::PARTIAL_CONTENT,
        MediaOutcome::Unsatisfiable => {
            let mut refusal = actix_web::ResponseError::error_response(&ApiError::refused(
                StatusCode::RANGE_NOT_SATISFIABLE,
                "range_not_satisfiable",
                "Range: lies beyond the end of the audio",
            ));
            if let Some(value) = download
                .content_range
                .as_deref()
                .and_then(|v| HeaderValue::from_str(v).ok())
            {
                refusal.headers_mut().insert(header::CONTENT_RANGE, value);
            }
            return Ok(refusal);
        }
    };
    let mut response = HttpResponse::build(status);
    response
        .insert_header((header::CONTENT_TYPE, download.content_type.as_str()))
        .insert_header((header::ACCEPT_RANGES, "bytes"))
        .insert_header((header::CACHE_CONTROL, "private, max-age=900"));
    if let Some(value) = download
        .content_range
        .as_deref()
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        response.insert_header((header::CONTENT_RANGE, value));
    }
    let body = body_of(download.chunks);
    Ok(match download.content_length {
        Some(length) => response.body(SizedStream::new(length, body)),
        None => response.body(BodyStream::new(body)),
    })
}
