//! The call status machine: each transition and the status and recording callbacks it
//! causes.

use switchboard_domain::telephony::RecordingStatus;
use time::OffsetDateTime;

use crate::dates::{now, rfc2822};
use crate::error::SimError;
use crate::pairs::owned_pairs;
use crate::recordings::media_url;
use crate::resources::Recording;
use crate::state::{Shared, SimState};
use crate::transitions::Transitions as _;
use crate::webhooks::Callback;

use super::lookup::index_of;
use crate::resources::{Call, CallEvent, CallStatus};

/// Moves call `sid` to `next` and returns the callbacks to send (status callbacks for
/// subscribed events, recording callbacks). `answered_for` is the talk time in seconds for
/// a transition to `in-progress` (backdating the start) or `completed`.
///
/// # Errors
/// [`SimError::NotFound`] for an unknown call, [`SimError::InvalidTransition`] when the call
/// cannot move to `next`.
pub fn advance(
    shared: &Shared,
    state: &mut SimState,
    sid: &str,
    next: CallStatus,
    answered_for: Option<u32>,
) -> Result<Vec<Callback>, SimError> {
    advance_at(shared, state, sid, next, answered_for, now())
}

/// [`advance`] at the time `at` (the engine's virtual clock): the call's times, the
/// callbacks' `Timestamp`s and, without `answered_for`, the talk time come from it.
///
/// # Errors
/// As [`advance`].
pub fn advance_at(
    shared: &Shared,
    state: &mut SimState,
    sid: &str,
    next: CallStatus,
    answered_for: Option<u32>,
    at: OffsetDateTime,
) -> Result<Vec<Callback>, SimError> {
    let index = index_of(state, sid).ok_or_else(|| SimError::NotFound(format!("call {sid}")))?;
    transition_at(shared, state, index, next, answered_for, at)
}

/// Rings, answers and completes call `sid` from wherever it is, as a call of `talk_secs`
/// seconds, and returns the callbacks each step causes.
///
/// # Errors
/// [`SimError::NotFound`] for an unknown call, [`SimError::InvalidTransition`] when it has
/// already ended.
pub fn complete(
    shared: &Shared,
    state: &mut SimState,
    sid: &str,
    talk_secs: u32,
) -> Result<Vec<Callback>, SimError> {
    let index = index_of(state, sid).ok_or_else(|| SimError::NotFound(format!("call {sid}")))?;
    let status = state.calls[index].status;
    let mut callbacks = Vec::new();
    if status == CallStatus::Queued {
        callbacks.extend(transition(shared, state, index, CallStatus::Ringing, None)?);
    }
    if matches!(status, CallStatus::Queued | CallStatus::Ringing) {
        callbacks.extend(transition(
            shared,
            state,
            index,
            CallStatus::InProgress,
            Some(talk_secs),
        )?);
    }
    callbacks.extend(transition(
        shared,
        state,
        index,
        CallStatus::Completed,
        Some(talk_secs),
    )?);
    Ok(callbacks)
}

/// Moves `state.calls[index]` to `next` and returns the callbacks that causes, in order. The
/// first move out of `queued` sends the `initiated` event, whose `CallStatus` is
/// `initiated`: what Twilio sends there is unverified (twilio-notes §5.2; it may be
/// `queued`), and the app's call log has an `initiated` status to put it in. Answering an
/// outbound call fetches its `Url` (the reply is kept on the call) before the `answered`
/// event; ending a call stops its autopilot.
pub(super) fn transition(
    shared: &Shared,
    state: &mut SimState,
    index: usize,
    next: CallStatus,
    answered_for: Option<u32>,
) -> Result<Vec<Callback>, SimError> {
    transition_at(shared, state, index, next, answered_for, now())
}

/// [`transition`] at the time `at`.
fn transition_at(
    shared: &Shared,
    state: &mut SimState,
    index: usize,
    next: CallStatus,
    answered_for: Option<u32>,
    at: OffsetDateTime,
) -> Result<Vec<Callback>, SimError> {
    let account_sid = shared.config.account_sid.as_str();
    let call = &mut state.calls[index];
    let previous = call.status;
    if !previous.can_become(next) {
        return Err(SimError::InvalidTransition {
            sid: call.sid.clone(),
            from: previous.to_string(),
            to: next.to_string(),
        });
    }
    call.status = next;
    call.date_updated = at;
    let mut callbacks = Vec::new();
    if previous == CallStatus::Queued && next != CallStatus::Canceled {
        callbacks.extend(call.status_callback_for(
            account_sid,
            CallEvent::Initiated,
            "initiated",
            Vec::new(),
            at,
        ));
    }
    let mut new_recording = None;
    match next {
        CallStatus::Queued => {}
        CallStatus::Ringing => {
            callbacks.extend(call.status_callback_for(
                account_sid,
                CallEvent::Ringing,
                "ringing",
                Vec::new(),
                at,
            ));
        }
        CallStatus::InProgress => {
            let talk = time::Duration::seconds(i64::from(answered_for.unwrap_or(0)));
            call.start_time = Some(at - talk);
            callbacks.extend(call.answer_request(account_sid));
            callbacks.extend(call.status_callback_for(
                account_sid,
                CallEvent::Answered,
                "in-progress",
                Vec::new(),
                at,
            ));
            if call.record {
                let recording = Recording::started(
                    shared.ids.next("RE"),
                    &call.sid,
                    call.recording_channels,
                    at - talk,
                );
                call.recording_sid = Some(recording.sid.clone());
                if call.recording_subscribed(RecordingStatus::InProgress) {
                    callbacks.push(call_recording_callback(shared, call, &recording));
                }
                new_recording = Some(recording);
            }
        }
        CallStatus::Completed
        | CallStatus::Busy
        | CallStatus::Failed
        | CallStatus::NoAnswer
        | CallStatus::Canceled => {
            let talked = match (previous, call.start_time) {
                (CallStatus::InProgress, Some(start)) => answered_for.unwrap_or_else(|| {
                    u32::try_from((at - start).whole_seconds().max(0)).unwrap_or(u32::MAX)
                }),
                _ => 0,
            };
            call.end_time = Some(at);
            call.duration = Some(talked);
            let mut extra = owned_pairs([
                ("CallDuration", talked.to_string()),
                ("Duration", talked.to_string()),
            ]);
            if let Some(recording_sid) = call.recording_sid.clone() {
                extra.extend(owned_pairs([
                    ("RecordingSid", recording_sid.clone()),
                    ("RecordingUrl", media_url(shared, &recording_sid)),
                    ("RecordingDuration", talked.to_string()),
                ]));
            }
            callbacks.extend(call.status_callback_for(
                account_sid,
                CallEvent::Completed,
                next.as_str(),
                extra,
                at,
            ));
        }
    }
    if let Some(recording) = new_recording {
        state.recordings.push(recording);
    }
    if next.is_final()
        && let Some(stop) = state.autopilots.remove(&state.calls[index].sid)
    {
        stop.notify_one();
    }
    // Finish the recording when an answered call ends.
    let call = &state.calls[index];
    if next.is_final()
        && let Some(recording_sid) = call.recording_sid.clone()
        && let Some(recording) = state
            .recordings
            .iter_mut()
            // A recording deleted while the call lasted stays deleted.
            .find(|r| r.sid == recording_sid && r.status == "in-progress")
    {
        recording.finish(call.duration.unwrap_or(0), at);
        if call.recording_subscribed(RecordingStatus::Completed) {
            callbacks.push(call_recording_callback(shared, call, recording));
        }
    }
    Ok(callbacks)
}

/// The recording status callback for `recording` of `call` (recorded with `Record=true`), in
/// its current status, to the call's `RecordingStatusCallback`.
fn call_recording_callback(shared: &Shared, call: &Call, recording: &Recording) -> Callback {
    recording_callback(
        shared,
        recording,
        call.recording_status_callback.clone().unwrap_or_default(),
        call.recording_status_callback_method.clone(),
    )
}

/// The recording status callback for `recording` in its current status, to `url` with
/// `method`: `AccountSid`, `CallSid`, `RecordingSid`, `RecordingUrl`, `RecordingStatus`,
/// `RecordingChannels`, `RecordingSource`, `RecordingStartTime`, and `RecordingDuration`
/// once completed.
pub fn recording_callback(
    shared: &Shared,
    recording: &Recording,
    url: String,
    method: String,
) -> Callback {
    let mut params = owned_pairs([
        ("AccountSid", shared.config.account_sid.clone()),
        ("CallSid", recording.call_sid.clone()),
        ("RecordingSid", recording.sid.clone()),
        ("RecordingUrl", recording.media_url(shared)),
        ("RecordingStatus", recording.status.clone()),
        ("RecordingChannels", recording.channels.to_string()),
        ("RecordingSource", recording.source.clone()),
        ("RecordingStartTime", rfc2822(recording.start_time)),
    ]);
    if recording.status == "completed" {
        params.push((
            "RecordingDuration".to_owned(),
            recording.duration.to_string(),
        ));
    }
    Callback {
        kind: "recording-status",
        url,
        method,
        params,
    }
}
