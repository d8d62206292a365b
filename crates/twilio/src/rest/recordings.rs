//! [`RecordingProvider`] on the REST client: metadata, deletion and audio.

use async_trait::async_trait;
use switchboard_domain::RecordingSid;
use switchboard_domain::ports::RecordingProvider;
use switchboard_domain::telephony::{MediaFormat, RecordingInfo, RecordingMedia, TelephonyError};

use super::client::TwilioRestClient;
use super::plan;
use super::wire::recordings::RecordingWire;

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

    /// The audio with the content type Twilio served (`audio/mpeg` or `audio/x-wav` when it
    /// sent none). The whole file is read within the per-attempt timeout.
    async fn recording_media(
        &self,
        sid: &RecordingSid,
        format: MediaFormat,
    ) -> Result<RecordingMedia, TelephonyError> {
        let answer = self
            .send(&plan::recording_media(self.account_sid(), sid, format))
            .await?;
        let content_type = answer
            .content_type
            .unwrap_or_else(|| format.content_type().to_owned());
        Ok(RecordingMedia {
            content_type,
            bytes: answer.body,
        })
    }
}
