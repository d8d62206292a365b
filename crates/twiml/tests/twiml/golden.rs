//! Every golden output of twilio-notes.md §4.3 (produced by twilio-python's TwiML code),
//! rebuilt with this crate and compared as parsed trees.

use crate::support::{Tree, assert_same_xml, parse};
use switchboard_twiml::{
    CallProgressEvent, Client, Dial, DialRecord, Gather, GatherInput, Hangup, Message,
    MessagingResponse, Method, Number, Pause, Play, Record, RecordingEvent, Redirect, Reject,
    RejectReason, Say, Trim, VoiceResponse,
};

const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

#[test]
fn dial_with_number_and_client() {
    let golden = r#"<?xml version="1.0" encoding="UTF-8"?><Response><Dial action="https://example.com/dial-action?x=1&amp;y=2" answerOnBridge="true" callerId="+15005550006" record="record-from-answer-dual" recordingStatusCallback="https://example.com/rec" recordingStatusCallbackEvent="in-progress completed" timeout="20"><Number statusCallback="https://example.com/status" statusCallbackEvent="initiated ringing answered completed">+14155551212</Number><Client>alice</Client></Dial></Response>"#;
    let xml = VoiceResponse::new()
        .with(
            Dial::new()
                .action("https://example.com/dial-action?x=1&y=2")
                .answer_on_bridge(true)
                .caller_id("+15005550006")
                .record(DialRecord::RecordFromAnswerDual)
                .recording_status_callback("https://example.com/rec")
                .recording_status_callback_event([
                    RecordingEvent::InProgress,
                    RecordingEvent::Completed,
                ])
                .timeout(20)
                .with(
                    Number::new("+14155551212")
                        .status_callback("https://example.com/status")
                        .status_callback_event([
                            CallProgressEvent::Initiated,
                            CallProgressEvent::Ringing,
                            CallProgressEvent::Answered,
                            CallProgressEvent::Completed,
                        ]),
                )
                .with(Client::new("alice")),
        )
        .to_xml();
    assert_same_xml(&xml, golden);
    // The `&` of the action URL survives the round trip unescaped.
    let root = parse(&xml).root;
    let dial = &root.children()[0];
    assert_eq!(
        dial.attr("action"),
        Some("https://example.com/dial-action?x=1&y=2")
    );
}

#[test]
fn gather_with_nested_say_then_say() {
    let golden = r#"<?xml version="1.0" encoding="UTF-8"?><Response><Gather action="/gather" input="dtmf speech" method="POST" numDigits="1" timeout="5"><Say language="en-US" voice="Polly.Joanna">Press 1 &lt;now&gt; &amp; "quote"</Say></Gather><Say>It's done</Say></Response>"#;
    let xml = VoiceResponse::new()
        .with(
            Gather::new()
                .action("/gather")
                .input([GatherInput::Dtmf, GatherInput::Speech])
                .method(Method::Post)
                .num_digits(1)
                .timeout(5)
                .with(
                    Say::new(r#"Press 1 <now> & "quote""#)
                        .language("en-US")
                        .voice("Polly.Joanna"),
                ),
        )
        .with(Say::new("It's done"))
        .to_xml();
    assert_same_xml(&xml, golden);
    // Text is escaped as twilio-python escapes it: markup characters only, quotes left alone.
    assert!(
        xml.contains(r#">Press 1 &lt;now&gt; &amp; "quote"</Say>"#),
        "{xml}"
    );
    assert!(xml.contains("<Say>It's done</Say>"), "{xml}");
}

#[test]
fn record_then_hangup() {
    let golden = r#"<?xml version="1.0" encoding="UTF-8"?><Response><Record maxLength="30" playBeep="false" recordingStatusCallback="/rs" trim="trim-silence" /><Hangup /></Response>"#;
    let xml = VoiceResponse::new()
        .with(
            Record::new()
                .max_length(30)
                .play_beep(false)
                .recording_status_callback("/rs")
                .trim(Trim::TrimSilence),
        )
        .with(Hangup)
        .to_xml();
    assert_same_xml(&xml, golden);
}

#[test]
fn pause_play_redirect_reject() {
    let golden = r#"<?xml version="1.0" encoding="UTF-8"?><Response><Pause length="2" /><Play loop="0">https://example.com/a.mp3</Play><Redirect method="POST">/next</Redirect><Reject reason="busy" /></Response>"#;
    let xml = VoiceResponse::new()
        .with(Pause::new().length(2))
        .with(Play::new("https://example.com/a.mp3").loop_count(0))
        .with(Redirect::new("/next").method(Method::Post))
        .with(Reject::new().reason(RejectReason::Busy))
        .to_xml();
    assert_same_xml(&xml, golden);
}

#[test]
fn client_with_identity_and_parameter() {
    let golden = r#"<?xml version="1.0" encoding="UTF-8"?><Response><Dial callerId="+15005550006"><Client><Identity>bob</Identity><Parameter name="k" value="v" /></Client></Dial></Response>"#;
    let xml = VoiceResponse::new()
        .with(
            Dial::new()
                .caller_id("+15005550006")
                .with(Client::new("bob").parameter("k", "v")),
        )
        .to_xml();
    assert_same_xml(&xml, golden);
}

#[test]
fn message_with_text_and_media() {
    let golden = r#"<?xml version="1.0" encoding="UTF-8"?><Response><Message action="/status" from="+15005550001" to="+15005550006">Hello &amp; bye<Media>https://example.com/x.png</Media></Message></Response>"#;
    let xml = MessagingResponse::new()
        .with(
            Message::new("Hello & bye")
                .action("/status")
                .from("+15005550001")
                .to("+15005550006")
                .media("https://example.com/x.png"),
        )
        .to_xml();
    assert_same_xml(&xml, golden);
}

#[test]
fn empty_responses_match_python_and_node() {
    let python = r#"<?xml version="1.0" encoding="UTF-8"?><Response />"#;
    let node = r#"<?xml version="1.0" encoding="UTF-8"?><Response/>"#;
    assert_eq!(VoiceResponse::new().to_xml(), node);
    assert_eq!(MessagingResponse::new().to_xml(), node);
    assert_same_xml(&VoiceResponse::new().to_xml(), python);
}

#[test]
fn declaration_is_followed_directly_by_the_root() {
    let xml = VoiceResponse::new().with(Say::new("hi")).to_xml();
    let rest = xml
        .strip_prefix(DECLARATION)
        .expect("starts with the declaration");
    assert!(rest.starts_with("<Response>"), "{xml}");
    assert!(!xml.contains('\n'), "{xml}");
    assert_eq!(
        parse(&xml).declaration,
        Some(("1.0".to_owned(), Some("UTF-8".to_owned())))
    );
}

/// The comparison the golden tests rely on must tell different documents apart.
#[test]
fn comparison_detects_differences() {
    let base = parse(r#"<Response><Say voice="a" loop="1">x</Say><Hangup/></Response>"#);
    let reordered = parse(r#"<Response><Say loop="1" voice="a">x</Say><Hangup /></Response>"#);
    assert_eq!(base, reordered);
    for different in [
        r#"<Response><Say voice="b" loop="1">x</Say><Hangup/></Response>"#,
        r#"<Response><Say voice="a">x</Say><Hangup/></Response>"#,
        r#"<Response><Say voice="a" loop="1">y</Say><Hangup/></Response>"#,
        r#"<Response><Hangup/><Say voice="a" loop="1">x</Say></Response>"#,
        r#"<Response><Say voice="a" loop="1">x</Say></Response>"#,
        r#"<Response><Play voice="a" loop="1">x</Play><Hangup/></Response>"#,
    ] {
        assert_ne!(base, parse(different), "{different}");
    }
    let Tree::Element { name, .. } = &base.root else {
        panic!("root is an element")
    };
    assert_eq!(name, "Response");
    assert_eq!(base.root.children()[0].text(), "x");
}
