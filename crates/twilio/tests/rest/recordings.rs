//! RecordingProvider: metadata, deletion, audio.

use serde_json::json;
use switchboard_domain::ports::RecordingProvider;
use switchboard_domain::telephony::{MediaFormat, RecordingStatus, TelephonyError};
use switchboard_domain::{Amount, CallSid, Currency, RecordingSid};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

fn recording_sid() -> RecordingSid {
    RecordingSid::parse(RECORDING_SID).expect("a valid fixture")
}

fn recording_path(extension: &str) -> String {
    account_path(&format!("Recordings/{RECORDING_SID}.{extension}"))
}

fn recording_json() -> serde_json::Value {
    json!({
        "account_sid": ACCOUNT,
        "api_version": "2010-04-01",
        "call_sid": CALL_SID,
        "conference_sid": null,
        "channels": 2,
        "date_created": "Fri, 14 Oct 2016 21:56:34 +0000",
        "date_updated": "Fri, 14 Oct 2016 21:56:38 +0000",
        "start_time": "Fri, 14 Oct 2016 21:56:34 +0000",
        "price": "-0.0025",
        "price_unit": "USD",
        "duration": "4",
        "sid": RECORDING_SID,
        "source": "StartConferenceRecordingAPI",
        "status": "completed",
        "error_code": null,
        "encryption_details": null,
        "uri": format!("/2010-04-01/Accounts/{ACCOUNT}/Recordings/{RECORDING_SID}.json"),
        "media_url": format!("https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Recordings/{RECORDING_SID}")
    })
}

#[tokio::test]
async fn recording_metadata_is_mapped() {
    let server = MockServer::start().await;
    answer_json("GET", recording_path("json"), 200, recording_json())
        .expect(1)
        .mount(&server)
        .await;
    let recording = client(&server).recording(&recording_sid()).await.unwrap();
    assert_request(&only_request(&server).await, "GET", &recording_path("json"));
    assert_eq!(recording.sid, recording_sid());
    assert_eq!(recording.call_sid, Some(CallSid::parse(CALL_SID).unwrap()));
    assert_eq!(recording.status, RecordingStatus::Completed);
    assert_eq!(recording.duration_seconds, Some(4));
    assert_eq!(recording.channels, Some(2));
    assert_eq!(recording.price, Some(Amount::parse("-0.0025").unwrap()));
    assert_eq!(recording.price_unit, Some(Currency::usd()));
    assert_eq!(
        recording.created_at.map(|t| t.unix_timestamp()),
        Some(1_476_482_194)
    );
}

#[tokio::test]
async fn deleting_a_recording_sends_delete_and_accepts_204() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(recording_path("json")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .delete_recording(&recording_sid())
        .await
        .unwrap();
    assert_request(
        &only_request(&server).await,
        "DELETE",
        &recording_path("json"),
    );
}

#[tokio::test]
async fn audio_is_downloaded_with_its_content_type_in_either_format() {
    let server = MockServer::start().await;
    let mp3 = vec![0x49, 0x44, 0x33, 0x04, 0x00, 0xff];
    let wav = b"RIFF\x24\x00\x00\x00WAVE".to_vec();
    Mock::given(method("GET"))
        .and(path(recording_path("mp3")))
        .respond_with(ResponseTemplate::new(200).set_body_raw(mp3.clone(), "audio/mpeg"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(recording_path("wav")))
        .respond_with(ResponseTemplate::new(200).set_body_raw(wav.clone(), "audio/x-wav"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let got_mp3 = client
        .recording_media(&recording_sid(), MediaFormat::Mp3)
        .await
        .unwrap();
    assert_eq!(got_mp3.content_type, "audio/mpeg");
    assert_eq!(got_mp3.bytes, mp3);
    let got_wav = client
        .recording_media(&recording_sid(), MediaFormat::Wav)
        .await
        .unwrap();
    assert_eq!(got_wav.content_type, "audio/x-wav");
    assert_eq!(got_wav.bytes, wav);
    for request in received(&server).await {
        assert!(request.url.path().starts_with(&account_path("Recordings/")));
        assert_eq!(authorization(&request), Some(auth_header().as_str()));
    }
}

#[tokio::test]
async fn a_deleted_recording_is_not_found_for_every_operation() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(404).set_body_json(not_found_json()))
        .expect(3)
        .mount(&server)
        .await;
    let client = client(&server);
    let sid = recording_sid();
    assert_eq!(client.recording(&sid).await, Err(TelephonyError::NotFound));
    assert_eq!(
        client.delete_recording(&sid).await,
        Err(TelephonyError::NotFound)
    );
    assert_eq!(
        client.recording_media(&sid, MediaFormat::Mp3).await,
        Err(TelephonyError::NotFound)
    );
}

#[tokio::test]
async fn audio_redirected_to_another_host_is_fetched_without_the_credentials() {
    let api = MockServer::start().await;
    let storage = MockServer::start().await;
    let audio = vec![1_u8, 2, 3, 4];
    Mock::given(method("GET"))
        .and(path(recording_path("mp3")))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", format!("{}/media/abc.mp3", storage.uri())),
        )
        .expect(1)
        .mount(&api)
        .await;
    Mock::given(method("GET"))
        .and(path("/media/abc.mp3"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(audio.clone(), "audio/mpeg"))
        .expect(1)
        .mount(&storage)
        .await;
    let media = client(&api)
        .recording_media(&recording_sid(), MediaFormat::Mp3)
        .await
        .unwrap();
    assert_eq!(media.bytes, audio);
    assert_eq!(media.content_type, "audio/mpeg");
    assert_request(&only_request(&api).await, "GET", &recording_path("mp3"));
    let fetched = only_request(&storage).await;
    assert!(
        fetched.headers.get("authorization").is_none(),
        "credentials must not follow a redirect to another host"
    );
}
