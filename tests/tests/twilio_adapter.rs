//! The Twilio REST adapter (`TwilioRestClient`) against the Twilio stand-in, method by method
//! of every domain port it implements: `NumberProvider`, `CallControl`, `RecordingProvider`
//! and `MessageSender`. After each scenario, every request the adapter sent and every answer
//! the stand-in gave must match Twilio's OpenAPI spec (`spec_violations` is empty).

use reqwest::Url;
use switchboard_domain::numbers::{
    AreaCode, AvailableNumberQuery, ContainsPattern, CountryCode, FriendlyName, NumberType,
    NumberWebhooks, PurchaseRequest,
};
use switchboard_domain::ports::{CallControl, MessageSender, NumberProvider, RecordingProvider};
use switchboard_domain::telephony::{
    CallEvent, CallInstructions, CallStatus, MediaFormat, MessageStatus, OutboundCall,
    OutboundMessage, RecordingStatus, TelephonyError,
};
use switchboard_domain::{CallSid, IncomingNumberSid, MessageSid, PhoneNumber, RecordingSid};
use switchboard_e2e::{rest_client, start_sim, twilio_client};
use switchboard_twilio::rest::TwilioRestClient;
use switchboard_twilio_sim::{CallStatus as SimCallStatus, CapabilityKeyCase, RunningSim};

/// A recording's whole audio and its content type, read chunk by chunk.
async fn download(
    client: &TwilioRestClient,
    sid: &RecordingSid,
    format: MediaFormat,
) -> (String, Vec<u8>) {
    let mut stream = client
        .open_media(sid, format, None)
        .await
        .expect("open the media");
    let mut audio = Vec::new();
    while let Some(chunk) = stream.chunks.next_chunk().await.expect("a chunk") {
        audio.extend(chunk);
    }
    (stream.content_type, audio)
}

fn assert_spec_clean(sim: &RunningSim) {
    let violations = sim.spec_violations();
    assert!(
        violations.is_empty(),
        "requests or responses outside Twilio's spec: {violations:#?}"
    );
}

fn phone(number: &str) -> PhoneNumber {
    PhoneNumber::parse(number).expect("a valid E.164 number")
}

fn url(text: &str) -> Url {
    Url::parse(text).expect("a valid URL")
}

fn webhooks(base: &str) -> NumberWebhooks {
    NumberWebhooks::under(&url(base)).expect("webhook URLs")
}

fn query(country: &str, number_type: NumberType) -> AvailableNumberQuery {
    AvailableNumberQuery {
        number_type,
        ..AvailableNumberQuery::local(CountryCode::parse(country).expect("a country"))
    }
}

/// Buys a free voice+SMS number in 415 through `provider`, pointed at `base`'s webhooks.
async fn buy_number(provider: &dyn NumberProvider, base: &str) -> PhoneNumber {
    let mut search = query("US", NumberType::Local);
    search.area_code = Some(AreaCode::parse("415").expect("area code"));
    search.voice = Some(true);
    search.sms = Some(true);
    search.mms = Some(true);
    search.limit = 1;
    let found = provider.search_available(&search).await.expect("search");
    let number = found
        .first()
        .expect("a number for sale")
        .phone_number
        .clone();
    provider
        .purchase(&PurchaseRequest {
            phone_number: number.clone(),
            friendly_name: None,
            webhooks: webhooks(base),
        })
        .await
        .expect("purchase");
    number
}

/// A status callback URL nobody listens on: deliveries fail fast and are still recorded.
const STATUS_CALLBACK: &str = "http://127.0.0.1:9/call-status";
const RECORDING_CALLBACK: &str = "http://127.0.0.1:9/recording-status";
const CALLEE: &str = "+14155550199";

fn outbound_call(from: &PhoneNumber, record: bool) -> OutboundCall {
    OutboundCall {
        to: CALLEE.to_owned(),
        from: from.clone(),
        instructions: CallInstructions::Url(url("https://public.example/twiml/outbound")),
        status_callback: Some(url(STATUS_CALLBACK)),
        status_events: vec![
            CallEvent::Initiated,
            CallEvent::Ringing,
            CallEvent::Answered,
            CallEvent::Completed,
        ],
        record,
        recording_status_callback: record.then(|| url(RECORDING_CALLBACK)),
        timeout_seconds: Some(30),
    }
}

#[tokio::test]
async fn search_finds_local_toll_free_and_mobile_numbers_with_filters() {
    let sim = start_sim().await;
    let provider = twilio_client(&sim);

    // Local, by area code and capabilities, limited.
    let mut local = query("US", NumberType::Local);
    local.area_code = Some(AreaCode::parse("415").expect("area code"));
    local.sms = Some(true);
    local.mms = Some(true);
    local.limit = 5;
    let found = provider
        .search_available(&local)
        .await
        .expect("local search");
    assert!(!found.is_empty() && found.len() <= 5, "{found:#?}");
    for n in &found {
        assert!(n.phone_number.as_str().starts_with("+1415"), "{n:?}");
        assert!(n.capabilities.sms && n.capabilities.mms, "{n:?}");
        assert_eq!(n.country.as_str(), "US");
        assert_eq!(n.region.as_deref(), Some("CA"), "{n:?}");
        assert!(n.locality.is_some(), "{n:?}");
    }

    // Contains narrows to one number.
    let mut contains = query("US", NumberType::Local);
    contains.area_code = Some(AreaCode::parse("415").expect("area code"));
    contains.contains = Some(ContainsPattern::parse("5550107").expect("pattern"));
    let found = provider
        .search_available(&contains)
        .await
        .expect("contains search");
    let numbers: Vec<&str> = found.iter().map(|n| n.phone_number.as_str()).collect();
    assert_eq!(numbers, ["+14155550107"]);
    assert_eq!(found[0].friendly_name, "(415) 555-0107");

    // The voice-only numbers (…04, …09) are left out when SMS is required.
    let mut sms = query("US", NumberType::Local);
    sms.area_code = Some(AreaCode::parse("415").expect("area code"));
    sms.sms = Some(true);
    sms.limit = 50;
    let found = provider.search_available(&sms).await.expect("sms search");
    assert!(
        found
            .iter()
            .all(|n| !n.phone_number.as_str().ends_with("04")
                && !n.phone_number.as_str().ends_with("09")),
        "{found:#?}"
    );
    assert!(found.iter().all(|n| n.capabilities.sms));

    // Toll-free.
    let toll_free = provider
        .search_available(&query("US", NumberType::TollFree))
        .await
        .expect("toll-free search");
    assert!(!toll_free.is_empty());
    assert!(toll_free.len() <= usize::from(AvailableNumberQuery::DEFAULT_LIMIT));
    for n in &toll_free {
        let number = n.phone_number.as_str();
        assert!(
            number.starts_with("+1800") || number.starts_with("+1888"),
            "{n:?}"
        );
    }

    // Mobile: none in the US is an empty answer, not an error; GB has some.
    let us_mobile = provider
        .search_available(&query("US", NumberType::Mobile))
        .await
        .expect("US mobile search");
    assert!(us_mobile.is_empty(), "{us_mobile:#?}");
    let mut gb_mobile = query("GB", NumberType::Mobile);
    gb_mobile.sms = Some(true);
    let gb = provider
        .search_available(&gb_mobile)
        .await
        .expect("GB mobile search");
    assert!(!gb.is_empty());
    for n in &gb {
        assert!(n.phone_number.as_str().starts_with("+447700900"), "{n:?}");
        assert_eq!(n.country.as_str(), "GB");
        assert!(n.capabilities.sms && n.capabilities.voice, "{n:?}");
    }

    // A pattern nothing contains.
    let mut nothing = query("US", NumberType::Local);
    nothing.area_code = Some(AreaCode::parse("415").expect("area code"));
    nothing.contains = Some(ContainsPattern::parse("99999999").expect("pattern"));
    assert_eq!(
        provider.search_available(&nothing).await.expect("search"),
        vec![]
    );

    let searches = sim
        .requests()
        .into_iter()
        .filter(|r| r.path.contains("/AvailablePhoneNumbers/"))
        .count();
    assert_eq!(searches, 7);
    assert_spec_clean(&sim);
}

#[tokio::test]
async fn a_number_is_bought_renamed_repointed_and_released() {
    let sim = start_sim().await;
    let provider = twilio_client(&sim);
    let mut search = query("US", NumberType::Local);
    search.area_code = Some(AreaCode::parse("212").expect("area code"));
    search.voice = Some(true);
    search.sms = Some(true);
    search.limit = 1;
    let available = provider.search_available(&search).await.expect("search");
    let number = available.first().expect("a number for sale").clone();

    let bought = provider
        .purchase(&PurchaseRequest {
            phone_number: number.phone_number.clone(),
            friendly_name: Some(FriendlyName::parse("Front desk").expect("name")),
            webhooks: webhooks("https://public.example/"),
        })
        .await
        .expect("purchase");
    assert_eq!(bought.phone_number, number.phone_number);
    assert_eq!(bought.friendly_name, "Front desk");
    assert_eq!(
        bought.voice_url.as_deref(),
        Some("https://public.example/webhooks/twilio/voice")
    );
    assert_eq!(
        bought.sms_url.as_deref(),
        Some("https://public.example/webhooks/twilio/messages")
    );
    assert_eq!(bought.capabilities, number.capabilities);
    assert!(bought.created_at.is_some());
    let at_sim = sim.incoming_numbers();
    assert_eq!(at_sim.len(), 1);
    assert_eq!(at_sim[0].sid, bought.sid.as_str());
    assert_eq!(
        at_sim[0].status_callback.as_deref(),
        Some("https://public.example/webhooks/twilio/voice/status")
    );

    // It is on the account and no longer for sale.
    let listed = provider.incoming_numbers().await.expect("list");
    assert_eq!(listed, vec![bought.clone()]);
    let again = provider.search_available(&search).await.expect("search");
    assert!(
        again.iter().all(|n| n.phone_number != number.phone_number),
        "{again:#?}"
    );
    // Buying it twice: not for sale.
    let twice = provider
        .purchase(&PurchaseRequest {
            phone_number: number.phone_number.clone(),
            friendly_name: None,
            webhooks: webhooks("https://public.example/"),
        })
        .await;
    assert!(
        matches!(twice, Err(TelephonyError::NoNumbersAvailable { .. })),
        "{twice:?}"
    );

    let renamed = provider
        .rename(
            &bought.sid,
            &FriendlyName::parse("Back office").expect("name"),
        )
        .await
        .expect("rename");
    assert_eq!(renamed.friendly_name, "Back office");
    assert_eq!(renamed.sid, bought.sid);
    assert_eq!(renamed.voice_url, bought.voice_url);

    let repointed = provider
        .configure_webhooks(&bought.sid, &webhooks("https://other.example/prefix"))
        .await
        .expect("configure webhooks");
    assert_eq!(
        repointed.voice_url.as_deref(),
        Some("https://other.example/prefix/webhooks/twilio/voice")
    );
    assert_eq!(
        repointed.sms_url.as_deref(),
        Some("https://other.example/prefix/webhooks/twilio/messages")
    );
    assert_eq!(repointed.friendly_name, "Back office");
    assert_eq!(
        sim.incoming_numbers()[0].status_callback.as_deref(),
        Some("https://other.example/prefix/webhooks/twilio/voice/status")
    );

    let account = provider.account().await.expect("account");
    assert_eq!(account.sid.as_str(), sim.account_sid());
    assert_eq!(account.friendly_name, "Switchboard test account");
    assert_eq!(account.status, "active");
    assert_eq!(account.account_type, "Full");

    provider.release(&bought.sid).await.expect("release");
    assert!(sim.incoming_numbers().is_empty());
    assert_eq!(provider.incoming_numbers().await.expect("list"), vec![]);
    assert_eq!(
        provider.release(&bought.sid).await,
        Err(TelephonyError::NotFound)
    );
    assert_eq!(
        provider
            .rename(&bought.sid, &FriendlyName::parse("Gone").expect("name"))
            .await,
        Err(TelephonyError::NotFound)
    );
    assert_eq!(
        provider
            .configure_webhooks(&bought.sid, &webhooks("https://public.example/"))
            .await,
        Err(TelephonyError::NotFound)
    );
    // Released, it is for sale again.
    let for_sale = provider.search_available(&search).await.expect("search");
    assert_eq!(
        for_sale.first().map(|n| &n.phone_number),
        Some(&number.phone_number)
    );
    assert_spec_clean(&sim);
}

#[tokio::test]
async fn an_unknown_number_is_not_for_sale_and_an_unknown_sid_is_not_found() {
    let sim = start_sim().await;
    let provider = twilio_client(&sim);
    let missing = provider
        .purchase(&PurchaseRequest {
            phone_number: phone("+14155559999"),
            friendly_name: None,
            webhooks: webhooks("https://public.example/"),
        })
        .await;
    assert!(
        matches!(missing, Err(TelephonyError::NoNumbersAvailable { .. })),
        "{missing:?}"
    );
    let unknown = IncomingNumberSid::parse("PN0123456789abcdef0123456789abcdef").expect("sid");
    assert_eq!(
        provider.release(&unknown).await,
        Err(TelephonyError::NotFound)
    );
    assert!(sim.incoming_numbers().is_empty());
    assert_spec_clean(&sim);
}

#[tokio::test]
async fn a_recorded_call_is_placed_followed_and_ended() {
    let sim = start_sim().await;
    let client = rest_client(&sim);
    let from = buy_number(&client, "https://public.example/").await;

    let placed = client
        .place_call(&outbound_call(&from, true))
        .await
        .expect("place the call");
    assert_eq!(placed.status, CallStatus::Queued);
    assert_eq!(placed.to, CALLEE);
    assert_eq!(placed.from, from.as_str());
    assert_eq!(placed.direction, "outbound-api");
    assert_eq!(placed.duration_seconds, None);

    // The events went as repeated StatusCallbackEvent keys.
    let create = sim
        .requests()
        .into_iter()
        .find(|r| r.method == "POST" && r.path.ends_with("/Calls.json"))
        .expect("the create request");
    let events: Vec<&str> = create
        .params
        .iter()
        .filter(|(k, _)| k == "StatusCallbackEvent")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(events, ["initiated", "ringing", "answered", "completed"]);
    assert!(
        create
            .params
            .contains(&("Record".to_owned(), "true".to_owned())),
        "{create:?}"
    );
    let at_sim = sim.call(placed.sid.as_str()).expect("the call at the sim");
    assert!(at_sim.record);
    assert_eq!(at_sim.status_callback_events.len(), 4);
    assert_eq!(at_sim.timeout, 30);
    assert_eq!(at_sim.status_callback.as_deref(), Some(STATUS_CALLBACK));

    sim.advance_call(placed.sid.as_str(), SimCallStatus::Ringing)
        .await
        .expect("ring");
    assert_eq!(
        client.call(&placed.sid).await.expect("fetch").status,
        CallStatus::Ringing
    );
    sim.advance_call(placed.sid.as_str(), SimCallStatus::InProgress)
        .await
        .expect("answer");
    let answered = client.call(&placed.sid).await.expect("fetch");
    assert_eq!(answered.status, CallStatus::InProgress);
    assert!(answered.start_time.is_some());
    sim.complete_call(placed.sid.as_str(), 42)
        .await
        .expect("complete");

    let completed = client.call(&placed.sid).await.expect("fetch");
    assert_eq!(completed.status, CallStatus::Completed);
    assert_eq!(completed.duration_seconds, Some(42));
    assert!(completed.end_time.is_some());
    assert!(completed.start_time.is_some());

    // Every subscribed event was reported to the status callback.
    let statuses: Vec<String> = sim
        .webhook_deliveries()
        .into_iter()
        .filter(|d| d.url == STATUS_CALLBACK)
        .filter_map(|d| {
            d.params
                .iter()
                .find(|(k, _)| k == "CallStatus")
                .map(|(_, v)| v.clone())
        })
        .collect();
    assert_eq!(
        statuses,
        ["initiated", "ringing", "in-progress", "completed"]
    );

    // Ending an ended call changes nothing and sends no update.
    let posts_before = sim.requests().iter().filter(|r| r.method == "POST").count();
    let ended = client
        .end_call(&placed.sid)
        .await
        .expect("end an ended call");
    assert_eq!(ended, completed);
    let posts_after = sim.requests().iter().filter(|r| r.method == "POST").count();
    assert_eq!(posts_before, posts_after);

    // The recording the call made.
    let recordings = sim.recordings();
    assert_eq!(recordings.len(), 1);
    assert_eq!(recordings[0].call_sid, placed.sid.as_str());
    let recording_sid = RecordingSid::parse(&recordings[0].sid).expect("recording sid");
    let info = client.recording(&recording_sid).await.expect("recording");
    assert_eq!(info.sid, recording_sid);
    assert_eq!(info.call_sid.as_ref(), Some(&placed.sid));
    assert_eq!(info.status, RecordingStatus::Completed);
    assert_eq!(info.duration_seconds, Some(42));
    assert_eq!(info.channels, Some(2), "recorded in both channels");
    assert!(info.created_at.is_some());

    let (mp3_type, mp3) = download(&client, &recording_sid, MediaFormat::Mp3).await;
    assert_eq!(mp3_type, "audio/mpeg");
    assert!(!mp3.is_empty());
    assert!(
        mp3.starts_with(b"ID3") || mp3.first() == Some(&0xFF),
        "not MP3: {:?}",
        &mp3[..mp3.len().min(8)]
    );
    let (wav_type, wav) = download(&client, &recording_sid, MediaFormat::Wav).await;
    assert_eq!(wav_type, "audio/wav");
    assert!(wav.starts_with(b"RIFF"), "not WAV");
    assert_eq!(wav.get(8..12), Some(&b"WAVE"[..]));
    assert_ne!(mp3, wav);

    client
        .delete_recording(&recording_sid)
        .await
        .expect("delete the recording");
    assert_eq!(sim.recordings()[0].status, "deleted");
    assert_eq!(
        client.recording(&recording_sid).await,
        Err(TelephonyError::NotFound)
    );
    assert_eq!(
        client
            .open_media(&recording_sid, MediaFormat::Wav, None)
            .await
            .err(),
        Some(TelephonyError::NotFound)
    );
    assert_eq!(
        client.delete_recording(&recording_sid).await,
        Err(TelephonyError::NotFound)
    );
    assert_spec_clean(&sim);
}

#[tokio::test]
async fn ending_a_ringing_or_answered_call_cancels_or_completes_it() {
    let sim = start_sim().await;
    let client = rest_client(&sim);
    let from = buy_number(&client, "https://public.example/").await;

    let ringing = client
        .place_call(&outbound_call(&from, false))
        .await
        .expect("place");
    sim.advance_call(ringing.sid.as_str(), SimCallStatus::Ringing)
        .await
        .expect("ring");
    let canceled = client.end_call(&ringing.sid).await.expect("end");
    assert_eq!(canceled.status, CallStatus::Canceled);
    assert_eq!(
        sim.call(ringing.sid.as_str()).expect("at sim").status,
        SimCallStatus::Canceled
    );
    let update = sim
        .requests()
        .into_iter()
        .rfind(|r| r.method == "POST" && r.path.ends_with(&format!("{}.json", ringing.sid)))
        .expect("the update");
    assert!(
        update
            .params
            .contains(&("Status".to_owned(), "canceled".to_owned())),
        "{update:?}"
    );
    // Ended: ending again returns it unchanged.
    assert_eq!(client.end_call(&ringing.sid).await, Ok(canceled));

    // A queued call is canceled too.
    let queued = client
        .place_call(&outbound_call(&from, false))
        .await
        .expect("place");
    assert_eq!(
        client.end_call(&queued.sid).await.expect("end").status,
        CallStatus::Canceled
    );

    // An answered call is hung up: completed.
    let answered = client
        .place_call(&outbound_call(&from, false))
        .await
        .expect("place");
    sim.advance_call(answered.sid.as_str(), SimCallStatus::Ringing)
        .await
        .expect("ring");
    sim.advance_call(answered.sid.as_str(), SimCallStatus::InProgress)
        .await
        .expect("answer");
    let hung_up = client.end_call(&answered.sid).await.expect("end");
    assert_eq!(hung_up.status, CallStatus::Completed);
    assert!(hung_up.duration_seconds.is_some());

    // No recording without Record.
    assert!(sim.recordings().is_empty());

    let unknown = CallSid::parse("CA0123456789abcdef0123456789abcdef").expect("sid");
    assert_eq!(client.call(&unknown).await, Err(TelephonyError::NotFound));
    assert_eq!(
        client.end_call(&unknown).await,
        Err(TelephonyError::NotFound)
    );
    assert_spec_clean(&sim);
}

#[tokio::test]
async fn an_inline_twiml_call_without_callbacks_is_placed() {
    let sim = start_sim().await;
    let client = rest_client(&sim);
    let from = buy_number(&client, "https://public.example/").await;
    let call = OutboundCall {
        to: "client:alice".to_owned(),
        from: from.clone(),
        instructions: CallInstructions::Twiml("<Response><Say>Hi</Say></Response>".to_owned()),
        status_callback: None,
        status_events: vec![],
        record: false,
        recording_status_callback: None,
        timeout_seconds: None,
    };
    let placed = client.place_call(&call).await.expect("place");
    assert_eq!(placed.to, "client:alice");
    let at_sim = sim.call(placed.sid.as_str()).expect("at sim");
    assert_eq!(
        at_sim.twiml.as_deref(),
        Some("<Response><Say>Hi</Say></Response>")
    );
    assert_eq!(at_sim.url, None);
    assert!(!at_sim.record);
    assert_eq!(at_sim.timeout, 60);
    assert_spec_clean(&sim);
}

#[tokio::test]
async fn unknown_recordings_are_not_found() {
    let sim = start_sim().await;
    let client = rest_client(&sim);
    let unknown = RecordingSid::parse("RE0123456789abcdef0123456789abcdef").expect("sid");
    assert_eq!(
        client.recording(&unknown).await,
        Err(TelephonyError::NotFound)
    );
    assert_eq!(
        client
            .open_media(&unknown, MediaFormat::Mp3, None)
            .await
            .err(),
        Some(TelephonyError::NotFound)
    );
    assert_eq!(
        client.delete_recording(&unknown).await,
        Err(TelephonyError::NotFound)
    );
    assert_spec_clean(&sim);
}

#[tokio::test]
async fn a_message_with_media_is_sent_and_read_back() {
    let sim = start_sim().await;
    let client = rest_client(&sim);
    let from = buy_number(&client, "https://public.example/").await;
    let message = OutboundMessage {
        to: CALLEE.to_owned(),
        from: from.as_str().to_owned(),
        body: Some("Your table is ready".to_owned()),
        media_urls: vec![
            url("https://cdn.example.com/a.jpg"),
            url("https://cdn.example.com/b.png"),
        ],
        status_callback: Some(url("http://127.0.0.1:9/message-status")),
    };
    let sent = client.send_message(&message).await.expect("send");
    assert_eq!(sent.to, CALLEE);
    assert_eq!(sent.from, from.as_str());
    assert_eq!(sent.body.as_deref(), Some("Your table is ready"));
    assert!(
        matches!(sent.status, MessageStatus::Queued | MessageStatus::Accepted),
        "{sent:?}"
    );
    assert!(sent.created_at.is_some());

    let at_sim = sim.message(sent.sid.as_str()).expect("at sim");
    assert_eq!(
        at_sim.media_urls,
        [
            "https://cdn.example.com/a.jpg",
            "https://cdn.example.com/b.png"
        ]
    );
    assert_eq!(
        at_sim.status_callback.as_deref(),
        Some("http://127.0.0.1:9/message-status")
    );
    let create = sim
        .requests()
        .into_iter()
        .find(|r| r.method == "POST" && r.path.ends_with("/Messages.json"))
        .expect("the create request");
    assert_eq!(
        create
            .params
            .iter()
            .filter(|(k, _)| k == "MediaUrl")
            .count(),
        2
    );

    let read = client.message(&sent.sid).await.expect("fetch");
    assert_eq!(read.sid, sent.sid);
    assert_eq!(read.body, sent.body);
    sim.advance_message(
        sent.sid.as_str(),
        switchboard_twilio_sim::MessageStatus::Sent,
    )
    .await
    .expect("sent");
    sim.advance_message(
        sent.sid.as_str(),
        switchboard_twilio_sim::MessageStatus::Delivered,
    )
    .await
    .expect("delivered");
    assert_eq!(
        client.message(&sent.sid).await.expect("fetch").status,
        MessageStatus::Delivered
    );

    // Media only, no body.
    let media_only = client
        .send_message(&OutboundMessage {
            body: None,
            status_callback: None,
            ..message
        })
        .await
        .expect("send media only");
    assert_ne!(media_only.sid, sent.sid);

    let unknown = MessageSid::parse("SM0123456789abcdef0123456789abcdef").expect("sid");
    assert_eq!(
        client.message(&unknown).await,
        Err(TelephonyError::NotFound)
    );
    assert_spec_clean(&sim);
}

#[tokio::test]
async fn a_bad_destination_is_invalid_to_for_calls_and_messages() {
    let sim = start_sim().await;
    let client = rest_client(&sim);
    let from = buy_number(&client, "https://public.example/").await;
    let call = OutboundCall {
        to: "not-a-number".to_owned(),
        ..outbound_call(&from, false)
    };
    let placed = client.place_call(&call).await;
    assert!(
        matches!(placed, Err(TelephonyError::InvalidTo { .. })),
        "{placed:?}"
    );
    let sent = client
        .send_message(&OutboundMessage {
            to: "12345".to_owned(),
            from: from.as_str().to_owned(),
            body: Some("hello".to_owned()),
            media_urls: vec![],
            status_callback: None,
        })
        .await;
    assert!(
        matches!(sent, Err(TelephonyError::InvalidTo { .. })),
        "{sent:?}"
    );
    assert!(sim.calls().is_empty());
    assert!(sim.messages().is_empty());
    assert_spec_clean(&sim);
}

#[tokio::test]
async fn upper_case_capability_keys_still_parse() {
    let sim = start_sim().await;
    sim.set_capability_key_case(CapabilityKeyCase::Upper);
    let provider = twilio_client(&sim);
    let mut search = query("US", NumberType::Local);
    search.area_code = Some(AreaCode::parse("312").expect("area code"));
    search.contains = Some(ContainsPattern::parse("5550101").expect("pattern"));
    let found = provider.search_available(&search).await.expect("search");
    assert_eq!(found.len(), 1, "{found:#?}");
    // …01: voice, SMS and MMS.
    let caps = found[0].capabilities;
    assert!(caps.voice && caps.sms && caps.mms, "{caps:?}");

    // …02: no MMS; the upper-case keys must not read as all-false or all-true.
    search.contains = Some(ContainsPattern::parse("5550102").expect("pattern"));
    let no_mms = provider.search_available(&search).await.expect("search");
    assert_eq!(no_mms.len(), 1);
    assert!(no_mms[0].capabilities.sms && !no_mms[0].capabilities.mms);

    let bought = provider
        .purchase(&PurchaseRequest {
            phone_number: found[0].phone_number.clone(),
            friendly_name: None,
            webhooks: webhooks("https://public.example/"),
        })
        .await
        .expect("purchase");
    assert!(bought.capabilities.sms && bought.capabilities.mms);
    let listed = provider.incoming_numbers().await.expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].capabilities, bought.capabilities);
    assert_spec_clean(&sim);
}

#[tokio::test]
async fn an_undeclared_form_parameter_is_reported_as_a_violation() {
    let sim = start_sim().await;
    let provider = twilio_client(&sim);
    let number = buy_number(provider.as_ref(), "https://public.example/").await;
    assert_spec_clean(&sim);
    let sid = sim
        .incoming_numbers()
        .into_iter()
        .find(|n| n.phone_number == number.as_str())
        .expect("bought")
        .sid;
    let response = reqwest::Client::new()
        .post(format!(
            "{}/2010-04-01/Accounts/{}/IncomingPhoneNumbers/{sid}.json",
            sim.base_url(),
            sim.account_sid()
        ))
        .basic_auth(sim.account_sid(), Some(sim.auth_token()))
        .form(&[("FriendlyName", "Hand made"), ("NotATwilioParam", "1")])
        .send()
        .await
        .expect("send");
    assert!(response.status().is_success(), "{}", response.status());
    let violations = sim.spec_violations();
    assert_eq!(violations.len(), 1, "{violations:#?}");
    assert!(violations[0].starts_with("request"), "{violations:#?}");
    assert!(violations[0].contains("NotATwilioParam"), "{violations:#?}");
}
