//! The TwiML parser: the typed tree with Twilio's defaults, every refusal with its code,
//! and no panic on any input.

use proptest::prelude::*;
use switchboard_domain::telephony::{CallEvent, RecordingStatus};
use switchboard_twilio_sim::twiml::{
    DialTarget, Method, Prompt, RejectReason, SpeechTimeout, Verb, parse,
};

/// The golden outputs of twilio-python's TwiML code (twilio-notes §4.3), with and without
/// the XML declaration.
#[test]
fn the_official_librarys_documents_parse() {
    let dial = parse(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Dial action=\"https://example.com/dial-action?x=1&amp;y=2\" answerOnBridge=\"true\" callerId=\"+15005550006\" record=\"record-from-answer-dual\" recordingStatusCallback=\"https://example.com/rec\" recordingStatusCallbackEvent=\"in-progress completed\" timeout=\"20\"><Number statusCallback=\"https://example.com/status\" statusCallbackEvent=\"initiated ringing answered completed\">+14155551212</Number><Client>alice</Client></Dial></Response>",
    )
    .expect("valid");
    let [Verb::Dial(dial)] = &dial.verbs[..] else {
        panic!("{dial:?}");
    };
    assert_eq!(
        dial.action.as_deref(),
        Some("https://example.com/dial-action?x=1&y=2")
    );
    assert!(dial.answer_on_bridge);
    assert_eq!(dial.timeout, 20);
    assert_eq!(dial.caller_id.as_deref(), Some("+15005550006"));
    assert_eq!(dial.record, "record-from-answer-dual");
    let DialTarget::Number { number, callbacks } = &dial.targets[0] else {
        panic!("{dial:?}");
    };
    assert_eq!(number, "+14155551212");
    assert_eq!(
        callbacks.status_callback_events,
        [
            CallEvent::Initiated,
            CallEvent::Ringing,
            CallEvent::Answered,
            CallEvent::Completed
        ]
    );
    assert!(matches!(&dial.targets[1], DialTarget::Client { identity, .. } if identity == "alice"));

    let gather = parse(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Gather action=\"/gather\" input=\"dtmf speech\" method=\"POST\" numDigits=\"1\" timeout=\"5\"><Say language=\"en-US\" voice=\"Polly.Joanna\">Press 1 &lt;now&gt; &amp; \"quote\"</Say></Gather><Say>It's done</Say></Response>",
    )
    .expect("valid");
    let Verb::Gather(g) = &gather.verbs[0] else {
        panic!("{gather:?}");
    };
    assert!(g.dtmf && g.speech);
    assert_eq!(g.num_digits, Some(1));
    assert_eq!(g.finish_on_key, Some('#'));
    let [Prompt::Say(say)] = &g.prompts[..] else {
        panic!("{g:?}");
    };
    assert_eq!(say.text, "Press 1 <now> & \"quote\"");
    assert_eq!(say.voice.as_deref(), Some("Polly.Joanna"));

    let record = parse(
        "<Response><Record maxLength=\"30\" playBeep=\"false\" recordingStatusCallback=\"/rs\" trim=\"trim-silence\" /><Hangup /></Response>",
    )
    .expect("valid");
    let Verb::Record(r) = &record.verbs[0] else {
        panic!("{record:?}");
    };
    assert_eq!((r.max_length, r.play_beep, r.timeout), (30, false, 5));
    assert_eq!(r.recording_status_callback.as_deref(), Some("/rs"));
    assert_eq!(
        r.recording_status_callback_events,
        [RecordingStatus::Completed]
    );
    assert_eq!(record.verbs[1], Verb::Hangup);

    let misc = parse(
        "<Response><Pause length=\"2\" /><Play loop=\"0\">https://example.com/a.mp3</Play><Redirect method=\"POST\">/next</Redirect><Reject reason=\"busy\" /></Response>",
    )
    .expect("valid");
    assert!(matches!(misc.verbs[0], Verb::Pause(p) if p.length == 2));
    assert!(matches!(&misc.verbs[1], Verb::Play(p) if p.loops == 0));
    assert!(
        matches!(&misc.verbs[2], Verb::Redirect(r) if r.url == "/next" && r.method == Method::Post)
    );
    assert!(matches!(misc.verbs[3], Verb::Reject(r) if r.reason == RejectReason::Busy));

    let client = parse(
        "<Response><Dial callerId=\"+15005550006\"><Client><Identity>bob</Identity><Parameter name=\"k\" value=\"v\" /></Client></Dial></Response>",
    )
    .expect("valid");
    let Verb::Dial(d) = &client.verbs[0] else {
        panic!("{client:?}");
    };
    assert_eq!(
        d.targets[0],
        DialTarget::Client {
            identity: "bob".into(),
            parameters: vec![("k".into(), "v".into())],
            callbacks: Default::default(),
        }
    );
}

#[test]
fn defaults_are_twilios() {
    let document = parse(
        "<Response><Say>Hi</Say><Gather/><Dial>+14155550123</Dial><Record/><Reject/><Pause/></Response>",
    )
    .expect("valid");
    let Verb::Say(say) = &document.verbs[0] else {
        panic!()
    };
    assert_eq!(say.loops, 1);
    let Verb::Gather(gather) = &document.verbs[1] else {
        panic!()
    };
    assert!(gather.dtmf && !gather.speech);
    assert_eq!((gather.timeout, gather.num_digits), (5, None));
    assert_eq!(gather.action, None);
    assert_eq!(gather.method, Method::Post);
    assert!(!gather.action_on_empty_result);
    assert_eq!(gather.speech_timeout, None);
    let Verb::Dial(dial) = &document.verbs[2] else {
        panic!()
    };
    assert_eq!((dial.timeout, dial.answer_on_bridge), (30, false));
    assert_eq!(dial.record, "do-not-record");
    assert!(
        matches!(&dial.targets[..], [DialTarget::Number { number, .. }] if number == "+14155550123")
    );
    let Verb::Record(record) = &document.verbs[3] else {
        panic!()
    };
    assert_eq!(
        (record.max_length, record.timeout, record.play_beep),
        (3600, 5, true)
    );
    assert_eq!(record.finish_on_key, "1234567890*#");
    assert_eq!(
        record.recording_status_callback_events,
        [RecordingStatus::Completed]
    );
    assert_eq!(record.trim, "trim-silence");
    assert!(matches!(document.verbs[4], Verb::Reject(r) if r.reason == RejectReason::Rejected));
    assert!(matches!(document.verbs[5], Verb::Pause(p) if p.length == 1));
    assert!(
        parse("<Response/>")
            .expect("empty is fine")
            .verbs
            .is_empty()
    );
    let speech = parse(
        "<Response><Gather input=\"speech\" speechTimeout=\"auto\" finishOnKey=\"\"/></Response>",
    )
    .expect("valid");
    let Verb::Gather(gather) = &speech.verbs[0] else {
        panic!()
    };
    assert!(!gather.dtmf && gather.speech);
    assert_eq!(gather.speech_timeout, Some(SpeechTimeout::Auto));
    assert_eq!(gather.finish_on_key, None);
}

#[test]
fn what_twilio_refuses_is_refused_with_its_code() {
    let eleven: String = (0..11)
        .map(|n| format!("<Number>+1415555{n:04}</Number>"))
        .collect();
    let ten: String = (0..10)
        .map(|n| format!("<Number>+1415555{n:04}</Number>"))
        .collect();
    assert!(parse(&format!("<Response><Dial>{ten}</Dial></Response>")).is_ok());
    for (document, code) in [
        // Not XML, or not a <Response>.
        ("", 12100),
        ("Hello", 12100),
        ("<Response>", 12100),
        ("<Response><Say>Hi</Response>", 12100),
        ("<Response a=1/>", 12100),
        ("<Say>Hi</Say>", 12100),
        ("<response/>", 12100),
        ("<Response/><Response/>", 12100),
        // Unknown verbs, nouns and attributes (TwiML is case-sensitive).
        ("<Response><say>Hi</say></Response>", 12200),
        ("<Response><Sya>Hi</Sya></Response>", 12200),
        ("<Response><Say colour=\"red\">Hi</Say></Response>", 12200),
        ("<Response><Enqueue>q</Enqueue></Response>", 12200),
        ("<Response>loose text</Response>", 12200),
        ("<Response><Number>+14155550123</Number></Response>", 12200),
        ("<Response><Client>alice</Client></Response>", 12200),
        ("<Response><Redirect/></Response>", 12200),
        ("<Response><Play/></Response>", 12200),
        ("<Response><Hangup><Say>x</Say></Hangup></Response>", 12200),
        ("<Response><Reject reason=\"later\"/></Response>", 12200),
        (
            "<Response><Redirect method=\"PUT\">/x</Redirect></Response>",
            12200,
        ),
        // Wrong nesting.
        (
            "<Response><Gather><Dial>+14155550123</Dial></Gather></Response>",
            13320,
        ),
        ("<Response><Gather><Record/></Gather></Response>", 13320),
        ("<Response><Gather>Press 1</Gather></Response>", 13320),
        ("<Response><Dial><Say>Hi</Say></Dial></Response>", 13215),
        ("<Response><Dial></Dial></Response>", 13215),
        (
            "<Response><Dial>+14155550123<Number>+14155550124</Number></Dial></Response>",
            13215,
        ),
        (
            &format!("<Response><Dial>{eleven}</Dial></Response>"),
            13215,
        ),
        // Bad values.
        (
            "<Response><Dial timeout=\"0\">+14155550123</Dial></Response>",
            13212,
        ),
        (
            "<Response><Dial timeout=\"soon\">+14155550123</Dial></Response>",
            13212,
        ),
        ("<Response><Gather numDigits=\"0\"/></Response>", 13314),
        (
            "<Response><Gather actionOnEmptyResult=\"maybe\"/></Response>",
            13338,
        ),
        (
            "<Response><Gather><Say loop=\"-1\">x</Say></Gather></Response>",
            13322,
        ),
        ("<Response><Record maxLength=\"0\"/></Response>", 13612),
        ("<Response><Record timeout=\"x\"/></Response>", 13611),
        ("<Response><Gather input=\"voice\"/></Response>", 12200),
        (
            "<Response><Dial><Number statusCallbackEvent=\"hangup\">+1415</Number></Dial></Response>",
            12200,
        ),
        (
            "<Response><Record recordingStatusCallbackEvent=\"failed\"/></Response>",
            12200,
        ),
    ] {
        let error = parse(document).expect_err(document);
        assert_eq!(error.code, code, "{document}: {error}");
        assert!(!error.message.is_empty());
    }
}

proptest! {
    #[test]
    fn any_text_is_parsed_or_refused_without_panicking(body in "\\PC{0,200}") {
        match parse(&body) {
            Ok(document) => prop_assert!(document.verbs.len() <= body.len()),
            Err(error) => prop_assert!(error.code >= 12100 && !error.message.is_empty()),
        }
    }

    #[test]
    fn any_mix_of_twiml_pieces_is_parsed_or_refused_without_panicking(
        pieces in proptest::collection::vec(
            prop_oneof![
                Just("<Response>"), Just("</Response>"), Just("<Say>"), Just("</Say>"),
                Just("<Gather numDigits=\"1\">"), Just("</Gather>"), Just("<Dial>"),
                Just("</Dial>"), Just("<Number>"), Just("</Number>"), Just("+14155550123"),
                Just("<Client>"), Just("</Client>"), Just("<Record/>"), Just("<Hangup/>"),
                Just("<Pause length=\"x\"/>"), Just("&amp;"), Just("&bogus;"), Just("<!-- c -->"),
                Just("<![CDATA[x]]>"), Just("<Redirect>/x</Redirect>"), Just("<Reject/>"),
                Just(" "), Just("<"), Just(">"), Just("\""), Just("<Identity>"),
            ],
            0..40,
        )
    ) {
        let body: String = pieces.concat();
        if let Err(error) = parse(&body) {
            prop_assert!(error.code >= 12100);
            prop_assert!(!error.message.is_empty());
        }
    }
}

/// Attribute values at the edges of what each verb takes: numbers out of range or past
/// `u32`, signs, blanks, words, escapes.
fn attribute_value() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(
            &[
                "0",
                "1",
                "-1",
                "5",
                "60",
                "600",
                "3601",
                "4294967296",
                "99999999999999999999",
                "1.5",
                " 5 ",
                "",
                "auto",
                "true",
                "false",
                "POST",
                "get",
                "dtmf speech",
                "speech",
                "#",
                "*#",
                "1234567890*#",
                "record-from-answer",
                "busy",
                "en-US",
                "alice",
                "&amp;",
                "&#0;",
                "&#x110000;",
                "initiated ringing answered completed",
            ][..]
        )
        .prop_map(str::to_owned),
        "[ -~]{0,12}",
    ]
    .prop_map(|v| v.replace('"', "&quot;").replace('<', "&lt;"))
}

proptest! {
    #[test]
    fn any_attribute_values_on_any_verb_are_parsed_or_refused_without_panicking(
        verb in proptest::sample::select(
            &["Say", "Play", "Pause", "Gather", "Record", "Dial", "Redirect", "Reject", "Hangup"][..]
        ),
        attributes in proptest::collection::vec(
            (
                proptest::sample::select(
                    &[
                        "voice", "language", "loop", "digits", "length", "input", "action",
                        "method", "timeout", "speechTimeout", "maxSpeechTime", "numDigits",
                        "finishOnKey", "actionOnEmptyResult", "maxLength", "playBeep", "trim",
                        "recordingStatusCallback", "recordingStatusCallbackEvent", "callerId",
                        "record", "answerOnBridge", "timeLimit", "hangupOnStar", "reason",
                        "statusCallbackEvent", "statusCallback", "bogus",
                    ][..]
                ),
                attribute_value(),
            ),
            0..5,
        ),
        text in prop_oneof![Just(String::new()), Just("+14155550123".to_owned()), "[ -;=?-~]{0,16}"],
    ) {
        let mut seen = std::collections::HashSet::new();
        let attributes: String = attributes
            .into_iter()
            .filter(|(name, _)| seen.insert(*name))
            .map(|(name, value)| format!(" {name}=\"{value}\""))
            .collect();
        let body = format!("<Response><{verb}{attributes}>{text}</{verb}></Response>");
        if let Err(error) = parse(&body) {
            prop_assert!(error.code >= 12100, "{body}: {error:?}");
            prop_assert!(!error.message.is_empty());
        }
    }
}
