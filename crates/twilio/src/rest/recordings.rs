//! [`RecordingProvider`] on the REST client: metadata, deletion and audio.

use async_trait::async_trait;
use reqwest::header::CONTENT_RANGE;
use switchboard_domain::RecordingSid;
use switchboard_domain::ports::RecordingProvider;
use switchboard_domain::telephony::{
    BufferedChunks, ByteRange, MediaFormat, MediaOutcome, MediaStream, RecordingInfo,
    TelephonyError,
};

use super::client::TwilioRestClient;
use super::media::ResponseChunks;
use super::plan;
use super::transport::header;
use super::wire::recordings::RecordingWire;

/// HTTP 416 Range Not Satisfiable: an answer to a media request, not a failure.
const RANGE_NOT_SATISFIABLE: u16 = 416;

#[async_trait]
impl RecordingProvider for TwilioRestClient {
    async fn recording(&self, sid: &RecordingSid) -> Result<RecordingInfo, TelephonyError> {
        let request = plan::fetch_recording(self.account_sid(), sid);
        self.json(&request, RecordingWire::into_domain).await
    }

    async fn delete_recording(&self, sid: &RecordingSid) -> Result<(), TelephonyError> {
        self.send(&plan::delete_recording(self.account_sid(), sid))
            .await
            .map(|_| ())
    }

    /// `GET Recordings/{Sid}.mp3|.wav` with `range` as the `Range` header. The head must
    /// arrive within the per-attempt timeout (retried as every request is); the body then
    /// streams with no overall limit, each chunk within the same duration as an idle timeout.
    /// Twilio's 200 is [`MediaOutcome::Full`], 206 `Partial` and 416 `Unsatisfiable` (with
    /// its `Content-Range`); 404 is [`TelephonyError::NotFound`]. The content type is the
    /// format's ([`MediaFormat::served_content_type`]): Twilio's `audio/x-wav`, or a storage
    /// host's generic type after a redirect, is normalised.
    async fn open_media(
        &self,
        sid: &RecordingSid,
        format: MediaFormat,
        range: Option<&ByteRange>,
    ) -> Result<MediaStream, TelephonyError> {
        let request = plan::recording_media(self.account_sid(), sid, format);
        let range = range.map(ToString::to_string);
        let response = self
            .open(&request, range.as_deref(), &[RANGE_NOT_SATISFIABLE])
            .await?;
        let content_range = header(&response, CONTENT_RANGE);
        let content_type = format.served_content_type().to_owned();
        let outcome = match response.status().as_u16() {
            RANGE_NOT_SATISFIABLE => {
                return Ok(MediaStream {
                    outcome: MediaOutcome::Unsatisfiable,
                    content_type,
                    content_length: Some(0),
                    content_range,
                    chunks: Box::new(BufferedChunks::default()),
                });
            }
            206 => MediaOutcome::Partial,
            _ => MediaOutcome::Full,
        };
        Ok(MediaStream {
            outcome,
            content_type,
            content_length: response.content_length(),
            content_range,
            chunks: Box::new(ResponseChunks::new(
                response,
                self.transport().timeout(),
                request.label(),
                self.transport().clone(),
            )),
        })
    }
}
