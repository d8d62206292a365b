//! RecordingProvider: metadata, deletion, and audio streamed chunk by chunk with `Range`
//! passed through.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use serde_json::json;
use switchboard_domain::ports::RecordingProvider;
use switchboard_domain::telephony::{
    ByteRange, MediaFormat, MediaOutcome, MediaStream, RecordingStatus, TelephonyError,
};
use switchboard_domain::{Amount, CallSid, Currency, RecordingSid};
use switchboard_twilio::rest::{TwilioRestClient, describe_requests};
use url::Url;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

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

/// Reads every chunk of `stream`: the chunks, in order.
async fn chunks_of(stream: &mut MediaStream) -> Vec<Vec<u8>> {
    let mut chunks = Vec::new();
    while let Some(chunk) = stream.chunks.next_chunk().await.expect("the audio arrives") {
        chunks.push(chunk);
    }
    chunks
}

/// The `Range` header of a received request, when there is one.
fn range_header(request: &Request) -> Option<&str> {
    request.headers.get("range").and_then(|v| v.to_str().ok())
}

/// The path of the planned media request for `extension`, as `describe_requests` lists it
/// (what `plan_vs_spec` checks against the OpenAPI document); the fixture account is the
/// example's.
fn planned_media_path(extension: &str) -> String {
    let planned = describe_requests()
        .into_iter()
        .find(|r| r.operation_id.is_none() && r.path.ends_with(&format!(".{extension}")))
        .expect("a planned media request");
    assert!(planned.params.is_empty());
    assert_eq!(planned.path, recording_path(extension));
    planned.path
}

fn mp3_bytes(len: usize) -> Vec<u8> {
    (0..=250_u8).cycle().take(len).collect()
}

#[tokio::test]
async fn audio_arrives_with_the_contract_s_content_type_in_either_format() {
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
    for (format, audio, content_type) in [
        (MediaFormat::Mp3, &mp3, "audio/mpeg"),
        (MediaFormat::Wav, &wav, "audio/wav"),
    ] {
        let mut stream = client
            .open_media(&recording_sid(), format, None)
            .await
            .unwrap();
        assert_eq!(stream.outcome, MediaOutcome::Full);
        assert_eq!(stream.content_type, content_type);
        assert_eq!(stream.content_length, Some(audio.len() as u64));
        assert_eq!(stream.content_range, None);
        assert_eq!(chunks_of(&mut stream).await.concat(), *audio);
        assert_eq!(stream.chunks.next_chunk().await.unwrap(), None);
    }
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for (request, extension) in requests.iter().zip(["mp3", "wav"]) {
        assert_request(request, "GET", &planned_media_path(extension));
        assert_eq!(request.url.query(), None);
        assert_eq!(range_header(request), None);
    }
}

#[tokio::test]
async fn a_large_file_arrives_in_several_chunks() {
    let server = MockServer::start().await;
    let audio = mp3_bytes(4 * 1024 * 1024);
    Mock::given(method("GET"))
        .and(path(recording_path("mp3")))
        .respond_with(ResponseTemplate::new(200).set_body_raw(audio.clone(), "audio/mpeg"))
        .expect(1)
        .mount(&server)
        .await;
    let mut stream = client(&server)
        .open_media(&recording_sid(), MediaFormat::Mp3, None)
        .await
        .unwrap();
    assert_eq!(stream.content_length, Some(audio.len() as u64));
    let chunks = chunks_of(&mut stream).await;
    assert!(chunks.len() > 1, "{} chunk(s)", chunks.len());
    assert!(
        chunks
            .iter()
            .all(|c| !c.is_empty() && c.len() < audio.len())
    );
    assert_eq!(chunks.concat(), audio);
}

#[tokio::test]
async fn a_range_is_passed_through_and_answered_206_with_its_content_range() {
    let server = MockServer::start().await;
    let audio = mp3_bytes(1000);
    Mock::given(method("GET"))
        .and(path(recording_path("mp3")))
        .and(header("range", "bytes=100-199"))
        .respond_with(
            ResponseTemplate::new(206)
                .insert_header("Content-Range", "bytes 100-199/1000")
                .set_body_raw(audio[100..200].to_vec(), "audio/mpeg"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let range = ByteRange::parse("bytes=100-199").unwrap();
    let mut stream = client(&server)
        .open_media(&recording_sid(), MediaFormat::Mp3, Some(&range))
        .await
        .unwrap();
    assert_eq!(stream.outcome, MediaOutcome::Partial);
    assert_eq!(stream.content_type, "audio/mpeg");
    assert_eq!(stream.content_length, Some(100));
    assert_eq!(stream.content_range.as_deref(), Some("bytes 100-199/1000"));
    assert_eq!(chunks_of(&mut stream).await.concat(), &audio[100..200]);
    let request = only_request(&server).await;
    assert_request(&request, "GET", &planned_media_path("mp3"));
    assert_eq!(range_header(&request), Some("bytes=100-199"));
}

#[tokio::test]
async fn every_range_form_is_sent_as_parsed() {
    let server = server_answering(
        ResponseTemplate::new(206)
            .insert_header("Content-Range", "bytes 0-0/1")
            .set_body_raw(vec![0_u8], "audio/x-wav"),
    )
    .await;
    let client = client(&server);
    for range in ["bytes=0-0", "bytes=512-", "bytes=-64"] {
        let parsed = ByteRange::parse(range).unwrap();
        let stream = client
            .open_media(&recording_sid(), MediaFormat::Wav, Some(&parsed))
            .await
            .unwrap();
        assert_eq!(stream.outcome, MediaOutcome::Partial);
        assert_eq!(stream.content_type, "audio/wav");
    }
    let sent: Vec<_> = received(&server)
        .await
        .iter()
        .map(|r| range_header(r).map(str::to_owned))
        .collect();
    assert_eq!(
        sent,
        [
            Some("bytes=0-0".to_owned()),
            Some("bytes=512-".to_owned()),
            Some("bytes=-64".to_owned())
        ]
    );
}

#[tokio::test]
async fn a_range_beyond_the_file_is_unsatisfiable_with_twilio_s_content_range() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(recording_path("mp3")))
        .respond_with(
            ResponseTemplate::new(416)
                .insert_header("Content-Range", "bytes */1000")
                .set_body_string("<Error><Code>InvalidRange</Code></Error>"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let range = ByteRange::parse("bytes=5000-").unwrap();
    let mut stream = client(&server)
        .open_media(&recording_sid(), MediaFormat::Mp3, Some(&range))
        .await
        .unwrap();
    assert_eq!(stream.outcome, MediaOutcome::Unsatisfiable);
    assert_eq!(stream.content_range.as_deref(), Some("bytes */1000"));
    assert_eq!(stream.content_length, Some(0));
    assert_eq!(stream.content_type, "audio/mpeg");
    assert_eq!(stream.chunks.next_chunk().await.unwrap(), None);
    let request = only_request(&server).await;
    assert_eq!(range_header(&request), Some("bytes=5000-"));
}

#[tokio::test]
async fn a_deleted_recording_is_not_found_for_every_operation() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(404).set_body_json(not_found_json()))
        .expect(4)
        .mount(&server)
        .await;
    let client = client(&server);
    let sid = recording_sid();
    assert_eq!(client.recording(&sid).await, Err(TelephonyError::NotFound));
    assert_eq!(
        client.delete_recording(&sid).await,
        Err(TelephonyError::NotFound)
    );
    let range = ByteRange::parse("bytes=0-9").unwrap();
    for range in [None, Some(&range)] {
        let opened = client.open_media(&sid, MediaFormat::Mp3, range).await;
        assert!(
            matches!(opened, Err(TelephonyError::NotFound)),
            "{opened:?}"
        );
    }
}

#[tokio::test]
async fn audio_redirected_to_another_host_keeps_the_range_but_not_the_credentials() {
    let api = MockServer::start().await;
    let storage = MockServer::start().await;
    let audio = [1_u8, 2, 3, 4];
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
        .respond_with(
            ResponseTemplate::new(206)
                .insert_header("Content-Range", "bytes 2-3/6")
                .set_body_raw(audio[2..].to_vec(), "binary/octet-stream"),
        )
        .expect(1)
        .mount(&storage)
        .await;
    let range = ByteRange::parse("bytes=2-3").unwrap();
    let mut stream = client(&api)
        .open_media(&recording_sid(), MediaFormat::Mp3, Some(&range))
        .await
        .unwrap();
    assert_eq!(stream.outcome, MediaOutcome::Partial);
    assert_eq!(stream.content_type, "audio/mpeg");
    assert_eq!(chunks_of(&mut stream).await.concat(), &audio[2..]);
    assert_request(&only_request(&api).await, "GET", &recording_path("mp3"));
    let fetched = only_request(&storage).await;
    assert!(
        fetched.headers.get("authorization").is_none(),
        "credentials must not follow a redirect to another host"
    );
    assert_eq!(range_header(&fetched), Some("bytes=2-3"));
}

/// A one-connection HTTP server that answers 200 with a chunked body: each piece written
/// after its delay.
fn trickling_server(pieces: Vec<(Duration, Vec<u8>)>) -> Url {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let address = listener.local_addr().expect("a local address");
    std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else {
            return;
        };
        let mut reader = BufReader::new(stream.try_clone().expect("a second handle"));
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            line.clear();
        }
        let mut stream = stream;
        let head =
            "HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nTransfer-Encoding: chunked\r\n\r\n";
        if stream.write_all(head.as_bytes()).is_err() {
            return;
        }
        for (delay, piece) in pieces {
            std::thread::sleep(delay);
            let framed = [
                format!("{:x}\r\n", piece.len()).into_bytes(),
                piece,
                b"\r\n".to_vec(),
            ]
            .concat();
            if stream
                .write_all(&framed)
                .and_then(|()| stream.flush())
                .is_err()
            {
                return;
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n");
    });
    Url::parse(&format!("http://{address}")).expect("a local URL")
}

fn client_at(base_url: Url, timeout: Duration) -> TwilioRestClient {
    let mut config = config_for(base_url);
    config.timeout = timeout;
    TwilioRestClient::new(config).expect("the client builds")
}

#[tokio::test]
async fn a_download_longer_than_the_timeout_is_not_cut_while_bytes_keep_coming() {
    let pieces: Vec<_> = (0..6_u8)
        .map(|i| (Duration::from_millis(120), vec![i; 1000]))
        .collect();
    let expected: Vec<u8> = pieces.iter().flat_map(|(_, p)| p.clone()).collect();
    let client = client_at(trickling_server(pieces), Duration::from_millis(400));
    let started = Instant::now();
    let mut stream = client
        .open_media(&recording_sid(), MediaFormat::Mp3, None)
        .await
        .unwrap();
    assert_eq!(stream.content_length, None);
    assert_eq!(chunks_of(&mut stream).await.concat(), expected);
    assert!(
        started.elapsed() > Duration::from_millis(600),
        "the body took longer than the per-attempt timeout: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_stalled_download_ends_as_unavailable_after_the_idle_timeout() {
    let pieces = vec![
        (Duration::ZERO, vec![7_u8; 100]),
        (Duration::from_secs(5), vec![8_u8; 100]),
    ];
    let client = client_at(trickling_server(pieces), Duration::from_millis(300));
    let mut stream = client
        .open_media(&recording_sid(), MediaFormat::Mp3, None)
        .await
        .unwrap();
    assert_eq!(
        stream.chunks.next_chunk().await.unwrap(),
        Some(vec![7; 100])
    );
    let started = Instant::now();
    let stalled = stream.chunks.next_chunk().await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    match stalled {
        Err(TelephonyError::Unavailable { reason, .. }) => {
            assert!(reason.contains("no audio arrived"), "{reason}");
            assert!(!reason.contains(TOKEN));
        }
        other => panic!("expected Unavailable, got {other:?}"),
    }
    assert_eq!(stream.chunks.next_chunk().await.unwrap(), None);
}
