//! Recordings of calls made with `Record=true`: callbacks, resource, media, deletion.

use serde_json::Value;
use switchboard_twilio_sim::{CallStatus, NumberSeed};

use crate::common::{
    Api, Receiver, TOKEN, assert_conforms, assert_error, sim, sim_owning, sim_with,
};

const FROM: &str = "+12065550110";

async fn recorded_call(api: &Api, receiver: &Receiver, events: &[&str]) -> String {
    let status = receiver.url("/status");
    let recording = receiver.url("/recording");
    let mut form = vec![
        ("To", "+12065551234"),
        ("From", FROM),
        ("Url", "https://app.example/twiml"),
        ("Record", "true"),
        ("StatusCallback", status.as_str()),
        ("RecordingStatusCallback", recording.as_str()),
    ];
    for event in events {
        form.push(("RecordingStatusCallbackEvent", event));
    }
    let (code, body) = api.post("Calls.json", &form).await;
    assert_eq!(code, 201, "{body}");
    body["sid"].as_str().expect("a sid").to_owned()
}

#[tokio::test]
async fn completing_a_recorded_call_creates_the_recording_and_posts_its_callback() {
    let sim = sim_owning(FROM).await;
    let receiver = Receiver::start("");
    let api = Api::new(&sim);
    let call_sid = recorded_call(&api, &receiver, &[]).await;
    sim.complete_call(&call_sid, 17).await.expect("completes");

    let received = receiver.received();
    assert_eq!(
        received.len(),
        2,
        "call completed, then recording completed"
    );
    let call_callback = &received[0];
    assert_eq!(call_callback.path_and_query, "/status");
    let recording_sid = call_callback
        .param("RecordingSid")
        .expect("a recording")
        .to_owned();
    assert!(recording_sid.starts_with("RE") && recording_sid.len() == 34);
    let callback = &received[1];
    assert_eq!(callback.path_and_query, "/recording");
    assert!(callback.is_signed(TOKEN, &receiver.base_url));
    let media_url = format!(
        "{}/2010-04-01/Accounts/{}/Recordings/{recording_sid}",
        sim.base_url(),
        sim.account_sid()
    );
    assert_eq!(callback.param("RecordingSid"), Some(recording_sid.as_str()));
    assert_eq!(callback.param("RecordingUrl"), Some(media_url.as_str()));
    assert_eq!(callback.param("RecordingStatus"), Some("completed"));
    assert_eq!(callback.param("RecordingDuration"), Some("17"));
    assert_eq!(callback.param("RecordingChannels"), Some("1"));
    assert_eq!(callback.param("RecordingSource"), Some("OutboundAPI"));
    assert_eq!(callback.param("CallSid"), Some(call_sid.as_str()));
    assert_eq!(callback.param("AccountSid"), Some(sim.account_sid()));

    let (status, recording) = api
        .get(&format!("Recordings/{recording_sid}.json"), &[])
        .await;
    assert_eq!(status, 200, "{recording}");
    assert_eq!(recording["call_sid"], call_sid);
    assert_eq!(recording["duration"], "17");
    assert_eq!(recording["status"], "completed");
    assert_eq!(recording["channels"], 1);
    assert_eq!(recording["source"], "OutboundAPI");
    assert_eq!(recording["media_url"], media_url);
    assert!(recording["price"].is_string());
    assert_eq!(sim.recordings().len(), 1);
    assert_conforms(&sim);
}

#[tokio::test]
async fn in_progress_recording_events_are_posted_when_subscribed() {
    let sim = sim_owning(FROM).await;
    let receiver = Receiver::start("");
    let api = Api::new(&sim);
    let call_sid = recorded_call(&api, &receiver, &["in-progress", "completed"]).await;
    sim.advance_call(&call_sid, CallStatus::InProgress)
        .await
        .expect("answered");
    let during: Vec<_> = receiver
        .received()
        .into_iter()
        .filter(|r| r.path_and_query == "/recording")
        .collect();
    assert_eq!(during.len(), 1);
    assert_eq!(during[0].param("RecordingStatus"), Some("in-progress"));
    let recording_sid = during[0].param("RecordingSid").expect("a sid").to_owned();
    let (_, live) = api
        .get(&format!("Recordings/{recording_sid}.json"), &[])
        .await;
    assert_eq!(live["status"], "in-progress");
    // No media until the recording is complete.
    let pending = api
        .raw_get(&api.path(&format!("Recordings/{recording_sid}.wav")))
        .await;
    assert_eq!(pending.status(), 404);
    sim.advance_call(&call_sid, CallStatus::Completed)
        .await
        .expect("hung up");
    let statuses: Vec<String> = receiver
        .received()
        .iter()
        .filter(|r| r.path_and_query == "/recording")
        .filter_map(|r| r.param("RecordingStatus").map(str::to_owned))
        .collect();
    assert_eq!(statuses, ["in-progress", "completed"]);
    assert_conforms(&sim);
}

async fn completed_recording(sim: &switchboard_twilio_sim::RunningSim) -> String {
    sim.add_incoming_number(NumberSeed::new(FROM))
        .expect("a seed");
    let api = Api::new(sim);
    let (_, call) = api
        .post(
            "Calls.json",
            &[
                ("To", "+12065551234"),
                ("From", FROM),
                ("Url", "https://app.example/twiml"),
                ("Record", "true"),
            ],
        )
        .await;
    let call_sid = call["sid"].as_str().expect("a sid");
    sim.complete_call(call_sid, 5).await.expect("completes");
    sim.call(call_sid)
        .and_then(|c| c.recording_sid)
        .expect("a recording")
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
}

#[tokio::test]
async fn media_is_served_as_wav_and_mp3_without_auth() {
    let sim = sim().await;
    let recording_sid = completed_recording(&sim).await;
    let base = format!(
        "{}/2010-04-01/Accounts/{}/Recordings/{recording_sid}",
        sim.base_url(),
        sim.account_sid()
    );
    let client = crate::common::http();
    for (suffix, content_type) in [
        (".wav", "audio/x-wav"),
        ("", "audio/x-wav"),
        (".mp3", "audio/mpeg"),
    ] {
        let response = client
            .get(format!("{base}{suffix}"))
            .send()
            .await
            .expect("media is served");
        assert_eq!(response.status(), 200, "{suffix}");
        assert_eq!(response.headers()["content-type"], content_type);
        let bytes = response.bytes().await.expect("a body");
        if content_type == "audio/x-wav" {
            assert_eq!(&bytes[..4], b"RIFF");
            assert_eq!(&bytes[8..12], b"WAVE");
            assert_eq!(u32_at(&bytes, 4) as usize, bytes.len() - 8);
            assert_eq!(u32_at(&bytes, 24), 8_000, "sample rate");
        } else {
            assert_eq!(bytes.len() % 144, 0, "whole frames");
            assert!(bytes.chunks(144).all(|f| f[0] == 0xFF && f[1] == 0xFB));
        }
    }
    // Media is not JSON and not in the spec: it is neither checked nor reported.
    assert_conforms(&sim);
}

#[tokio::test]
async fn media_answers_byte_ranges_in_both_formats() {
    let sim = sim().await;
    let recording_sid = completed_recording(&sim).await;
    let base = format!(
        "{}/2010-04-01/Accounts/{}/Recordings/{recording_sid}",
        sim.base_url(),
        sim.account_sid()
    );
    let client = crate::common::http();
    for (suffix, content_type) in [(".wav", "audio/x-wav"), (".mp3", "audio/mpeg")] {
        let url = format!("{base}{suffix}");
        let get = |range: Option<&'static str>| {
            let mut request = client.get(&url);
            if let Some(range) = range {
                request = request.header("Range", range);
            }
            async move { request.send().await.expect("media is served") }
        };
        let whole_response = get(None).await;
        assert_eq!(whole_response.status(), 200, "{suffix}");
        assert_eq!(whole_response.headers()["accept-ranges"], "bytes");
        let length: usize = whole_response.headers()["content-length"]
            .to_str()
            .expect("ASCII")
            .parse()
            .expect("a length");
        let whole = whole_response.bytes().await.expect("a body");
        assert_eq!(whole.len(), length);

        for (range, start, end) in [
            ("bytes=0-3", 0, 3),
            ("bytes=100-", 100, length - 1),
            ("bytes=-16", length - 16, length - 1),
            ("bytes=10-999999", 10, length - 1),
        ] {
            let response = get(Some(range)).await;
            assert_eq!(response.status(), 206, "{suffix} {range}");
            assert_eq!(response.headers()["content-type"], content_type);
            assert_eq!(response.headers()["accept-ranges"], "bytes");
            assert_eq!(
                response.headers()["content-range"],
                format!("bytes {start}-{end}/{length}").as_str(),
                "{suffix} {range}"
            );
            let part = response.bytes().await.expect("a body");
            assert_eq!(part[..], whole[start..=end], "{suffix} {range}");
        }

        let past_end = format!("bytes={length}-");
        let response = client
            .get(&url)
            .header("Range", past_end.as_str())
            .send()
            .await
            .expect("media is served");
        assert_eq!(response.status(), 416, "{suffix}");
        assert_eq!(
            response.headers()["content-range"],
            format!("bytes */{length}").as_str()
        );
    }
    assert_eq!(
        sim.requests().iter().filter(|r| r.status == 206).count(),
        8,
        "the partial answers are recorded as 206"
    );
    assert_conforms(&sim);
}

#[tokio::test]
async fn media_can_require_auth_like_an_account_with_protected_media() {
    let sim = sim_with(|c| c.recording_media_requires_auth = true).await;
    let recording_sid = completed_recording(&sim).await;
    let api = Api::new(&sim);
    let path = api.path(&format!("Recordings/{recording_sid}.mp3"));
    let anonymous = crate::common::http()
        .get(api.url(&path))
        .send()
        .await
        .expect("answered");
    assert_eq!(anonymous.status(), 401);
    assert_eq!(api.raw_get(&path).await.status(), 200);
}

#[tokio::test]
async fn a_deleted_recording_is_gone_except_as_soft_deleted() {
    let sim = sim().await;
    let recording_sid = completed_recording(&sim).await;
    let api = Api::new(&sim);
    let resource = format!("Recordings/{recording_sid}.json");
    let (status, body) = api.delete(&resource).await;
    assert_eq!((status, body), (204, Value::Null));
    assert_error(&api.get(&resource, &[]).await, 404, 20404);
    assert_error(&api.delete(&resource).await, 404, 20404);
    let media = api
        .raw_get(&api.path(&format!("Recordings/{recording_sid}.wav")))
        .await;
    assert_eq!(media.status(), 404);
    let (status, soft) = api.get(&resource, &[("IncludeSoftDeleted", "true")]).await;
    assert_eq!(status, 200);
    assert_eq!(soft["status"], "deleted");
    assert_conforms(&sim);
}

#[tokio::test]
async fn a_recording_deleted_during_the_call_stays_deleted() {
    let sim = sim_owning(FROM).await;
    let receiver = Receiver::start("");
    let api = Api::new(&sim);
    let call_sid = recorded_call(&api, &receiver, &[]).await;
    sim.advance_call(&call_sid, CallStatus::InProgress)
        .await
        .expect("answered");
    let recording_sid = sim
        .call(&call_sid)
        .and_then(|c| c.recording_sid)
        .expect("recording started");
    let (status, _) = api
        .delete(&format!("Recordings/{recording_sid}.json"))
        .await;
    assert_eq!(status, 204);
    sim.advance_call(&call_sid, CallStatus::Completed)
        .await
        .expect("hung up");
    let recordings = sim.recordings();
    assert_eq!(recordings.len(), 1);
    assert!(recordings[0].is_deleted());
    // Only the call's own callback went out; there is no recording to report.
    let paths: Vec<String> = receiver
        .received()
        .iter()
        .map(|r| r.path_and_query.clone())
        .collect();
    assert_eq!(paths, ["/status"]);
    assert_conforms(&sim);
}
