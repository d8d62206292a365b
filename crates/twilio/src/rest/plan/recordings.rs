//! The recordings requests: metadata, deletion and the audio.

use switchboard_domain::telephony::MediaFormat;
use switchboard_domain::{AccountSid, RecordingSid};

use super::build::{Params, account_path, request};
use super::request::{HttpMethod, PlannedRequest};

/// `GET Recordings/{Sid}.json`.
#[must_use]
pub(crate) fn fetch_recording(account: &AccountSid, sid: &RecordingSid) -> PlannedRequest {
    request(
        Some("FetchRecording"),
        "/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.json",
        HttpMethod::Get,
        account_path(account, &format!("Recordings/{sid}.json")),
        Params::new(),
        200,
    )
}

/// `DELETE Recordings/{Sid}.json` (answers 204).
#[must_use]
pub(crate) fn delete_recording(account: &AccountSid, sid: &RecordingSid) -> PlannedRequest {
    request(
        Some("DeleteRecording"),
        "/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.json",
        HttpMethod::Delete,
        account_path(account, &format!("Recordings/{sid}.json")),
        Params::new(),
        204,
    )
}

/// `GET Recordings/{Sid}.mp3` or `.wav`: the audio. Not an operation of the OpenAPI
/// document (`operation_id` is `None`); Twilio serves it at the recording's URI with the
/// extension swapped.
#[must_use]
pub(crate) fn recording_media(
    account: &AccountSid,
    sid: &RecordingSid,
    format: MediaFormat,
) -> PlannedRequest {
    let template = match format {
        MediaFormat::Mp3 => "/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.mp3",
        MediaFormat::Wav => "/2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.wav",
    };
    request(
        None,
        template,
        HttpMethod::Get,
        account_path(account, &format!("Recordings/{sid}.{}", format.extension())),
        Params::new(),
        200,
    )
}
