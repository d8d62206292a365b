//! Recordings over REST: their JSON and media URL under this stand-in, fetched and deleted,
//! and served as audio (`.wav`, `.mp3`, or WAV without an extension). The recording itself
//! is `resources::Recording`, created when a recorded call ends.

use serde_json::{Value, json};
use switchboard_domain::telephony::MediaFormat;

use crate::dates::{now, rfc2822};
use crate::error::TwilioError;
use crate::resources::Recording;
use crate::state::{Shared, SimState};

/// Rendering that needs the running stand-in (its base URL and account).
impl Recording {
    /// The media URL without extension (append `.mp3` or `.wav`).
    #[must_use]
    pub fn media_url(&self, shared: &Shared) -> String {
        media_url(shared, &self.sid)
    }

    /// The Recording JSON.
    #[must_use]
    pub fn to_json(&self, shared: &Shared) -> Value {
        let base = format!("{}/Recordings/{}", shared.account_path(), self.sid);
        json!({
            "account_sid": shared.config.account_sid,
            "api_version": "2010-04-01",
            "call_sid": self.call_sid,
            "conference_sid": null,
            "channels": self.channels,
            "date_created": rfc2822(self.date_created),
            "date_updated": rfc2822(self.date_updated),
            "start_time": rfc2822(self.start_time),
            "price": "-0.00250",
            "price_unit": "USD",
            "duration": self.duration.to_string(),
            "sid": self.sid,
            "source": self.source,
            "status": self.status,
            "error_code": null,
            "uri": format!("{base}.json"),
            "subresource_uris": {
                "add_on_results": format!("{base}/AddOnResults.json"),
                "transcriptions": format!("{base}/Transcriptions.json"),
            },
            "encryption_details": null,
            "media_url": self.media_url(shared),
        })
    }
}

/// The media URL of recording `sid`, without extension.
#[must_use]
pub fn media_url(shared: &Shared, sid: &str) -> String {
    format!(
        "{}{}/Recordings/{sid}",
        shared.base_url,
        shared.account_path()
    )
}

/// `GET Recordings/{Sid}.json` (`IncludeSoftDeleted=true` shows deleted ones with status
/// `deleted`).
///
/// # Errors
/// 404 20404 for an unknown or deleted recording.
pub fn fetch(
    shared: &Shared,
    state: &SimState,
    sid: &str,
    path: &str,
    include_deleted: bool,
) -> Result<(u16, Value), TwilioError> {
    state
        .recordings
        .iter()
        .find(|r| r.sid == sid && (include_deleted || !r.is_deleted()))
        .map(|r| (200, r.to_json(shared)))
        .ok_or_else(|| TwilioError::not_found(path))
}

/// `DELETE Recordings/{Sid}.json`: later fetches answer 404.
///
/// # Errors
/// 404 20404 for an unknown or already deleted recording.
pub fn delete(state: &mut SimState, sid: &str, path: &str) -> Result<(u16, Value), TwilioError> {
    let recording = state
        .recordings
        .iter_mut()
        .find(|r| r.sid == sid && !r.is_deleted())
        .ok_or_else(|| TwilioError::not_found(path))?;
    recording.status = "deleted".to_owned();
    recording.date_updated = now();
    Ok((204, Value::Null))
}

/// The audio of a recording: `(content type, bytes)`.
///
/// # Errors
/// 404 20404 for an unknown, unfinished or deleted recording.
pub fn media(
    state: &SimState,
    sid: &str,
    path: &str,
    format: MediaFormat,
) -> Result<(&'static str, Vec<u8>), TwilioError> {
    // Media exists once the recording is complete (and until it is deleted).
    if !state
        .recordings
        .iter()
        .any(|r| r.sid == sid && r.status == "completed")
    {
        return Err(TwilioError::not_found(path));
    }
    let audio = match format {
        MediaFormat::Wav => crate::audio::silent_wav(),
        MediaFormat::Mp3 => crate::audio::silent_mp3(),
    };
    Ok((format.content_type(), audio))
}
