//! `<Record>`: a Recording resource (source `RecordVerb`, one channel, media served as the
//! crate serves every recording), its `recordingStatusCallback` for the events asked, then
//! the `action` (by default the current document, requested again). A caller who says
//! nothing leaves an `absent` recording, and Twilio then does not request the action: the
//! call goes on with the next verb.

use switchboard_domain::telephony::RecordingStatus;

use crate::calls::recording_callback;
use crate::resources::Recording;
use crate::transcript::Step;
use crate::twiml::Record;

use super::fetch::resolve;
use super::{Ending, Flow, Run};

/// Seconds the beep takes.
const BEEP_SECS: u32 = 1;

impl Run<'_> {
    /// `<Record>` in the document at `url`.
    pub(super) async fn record(&mut self, record: &Record, url: &str) -> Flow {
        let callback_url = match record
            .recording_status_callback
            .as_deref()
            .map(|target| resolve(url, target))
            .transpose()
        {
            Ok(callback_url) => callback_url,
            Err(error) => return Flow::End(Ending::ApplicationError(error)),
        };
        let action = match resolve(url, record.action.as_deref().unwrap_or(url)) {
            Ok(action) => action,
            Err(error) => return Flow::End(Ending::ApplicationError(error)),
        };
        if record.play_beep {
            self.clock.advance(BEEP_SECS);
        }
        let seconds = self.caller.record_seconds.min(record.max_length);
        let mut recording = Recording::started(
            self.shared.ids.next("RE"),
            &self.call_sid,
            1,
            self.clock.now(),
        );
        recording.source = "RecordVerb".to_owned();
        let subscribed = |event| record.recording_status_callback_events.contains(&event);
        let send = |recording: &Recording, wanted: bool| {
            callback_url.clone().filter(|_| wanted).map(|target| {
                recording_callback(
                    self.shared,
                    recording,
                    target,
                    record.recording_status_callback_method.as_str().to_owned(),
                )
            })
        };
        if seconds == 0 {
            self.clock.advance(record.timeout);
            recording.status = "absent".to_owned();
            recording.date_updated = self.clock.now();
            let callback = send(&recording, subscribed(RecordingStatus::Absent));
            self.steps.push(Step::RecordedNothing {
                recording_sid: recording.sid.clone(),
            });
            self.shared.lock().recordings.push(recording);
            self.deliver(callback.into_iter().collect()).await;
            return Flow::Next;
        }
        let started = send(&recording, subscribed(RecordingStatus::InProgress));
        self.deliver(started.into_iter().collect()).await;
        self.clock.advance(seconds);
        // The caller ends it with `#` when that key may; otherwise the silence timeout does.
        let key = record
            .finish_on_key
            .contains('#')
            .then_some('#')
            .or_else(|| record.finish_on_key.chars().next());
        if key.is_none() {
            self.clock.advance(record.timeout);
        }
        recording.finish(seconds, self.clock.now());
        let completed = send(&recording, subscribed(RecordingStatus::Completed));
        self.steps.push(Step::Recorded {
            recording_sid: recording.sid.clone(),
            seconds,
        });
        let media = recording.media_url(self.shared);
        let sid = recording.sid.clone();
        self.shared.lock().recordings.push(recording);
        self.deliver(completed.into_iter().collect()).await;
        let mut extra = vec![
            ("RecordingUrl".to_owned(), media),
            ("RecordingSid".to_owned(), sid),
            ("RecordingDuration".to_owned(), seconds.to_string()),
        ];
        if let Some(key) = key {
            extra.push(("Digits".to_owned(), key.to_string()));
        }
        Flow::Fetch(self.request(action, record.method, extra))
    }
}
