//! Builder behaviour beyond the golden documents: attribute rendering rules and nesting.

use crate::support::{assert_same_xml, parse};
use switchboard_twiml::{
    Client, Dial, Gather, GatherInput, Hangup, Message, MessagingResponse, Method, Node, Number,
    Pause, Play, Record, RecordingEvent, Redirect, Say, SpeechTimeout, Trim, VoiceResponse,
};

#[test]
fn every_voice_attribute_is_rendered_under_its_twiml_name() {
    let xml = VoiceResponse::new()
        .with(Say::new("s").voice("alice").language("fr-FR").loop_count(2))
        .with(Play::new("https://e.x/a.mp3").loop_count(3).digits("1w2"))
        .with(Play::dtmf("9"))
        .with(
            Dial::new()
                .action("/d")
                .method(Method::Get)
                .timeout(15)
                .caller_id("+15005550006")
                .answer_on_bridge(false)
                .time_limit(600)
                .hangup_on_star(true)
                .trim(Trim::DoNotTrim)
                .recording_status_callback_method(Method::Get)
                .with(
                    Number::new("+14155551212")
                        .send_digits("ww1")
                        .url("/whisper")
                        .method(Method::Get)
                        .status_callback_method(Method::Get),
                )
                .with(
                    Client::new("carol")
                        .url("/c")
                        .method(Method::Post)
                        .status_callback("/cs")
                        .status_callback_method(Method::Post)
                        .status_callback_event([]),
                ),
        )
        .with(
            Gather::new()
                .input([GatherInput::Speech])
                .finish_on_key("*")
                .language("de-DE")
                .speech_timeout(SpeechTimeout::Auto)
                .hints("cake, shoe")
                .with(Play::new("https://e.x/p.mp3"))
                .with(Pause::new().length(1))
                .with(Say::new("again")),
        )
        .with(Gather::new().speech_timeout(SpeechTimeout::Seconds(3)))
        .with(
            Record::new()
                .action("/r")
                .method(Method::Post)
                .timeout(10)
                .finish_on_key("#")
                .recording_status_callback_event([
                    RecordingEvent::Completed,
                    RecordingEvent::Absent,
                ])
                .recording_status_callback_method(Method::Get)
                .transcribe(true)
                .transcribe_callback("/t"),
        )
        .to_xml();
    assert_same_xml(
        &xml,
        r##"<?xml version="1.0" encoding="UTF-8"?><Response>
<Say voice="alice" language="fr-FR" loop="2">s</Say>
<Play loop="3" digits="1w2">https://e.x/a.mp3</Play>
<Play digits="9"/>
<Dial action="/d" method="GET" timeout="15" callerId="+15005550006" answerOnBridge="false" timeLimit="600" hangupOnStar="true" trim="do-not-trim" recordingStatusCallbackMethod="GET"><Number sendDigits="ww1" url="/whisper" method="GET" statusCallbackMethod="GET">+14155551212</Number><Client url="/c" method="POST" statusCallback="/cs" statusCallbackMethod="POST">carol</Client></Dial>
<Gather input="speech" finishOnKey="*" language="de-DE" speechTimeout="auto" hints="cake, shoe"><Play>https://e.x/p.mp3</Play><Pause length="1"/><Say>again</Say></Gather>
<Gather speechTimeout="3"/>
<Record action="/r" method="POST" timeout="10" finishOnKey="#" recordingStatusCallbackEvent="completed absent" recordingStatusCallbackMethod="GET" transcribe="true" transcribeCallback="/t"/>
</Response>"##
            .replace('\n', "")
            .as_str(),
    );
}

#[test]
fn setting_an_attribute_twice_keeps_the_last_value_once() {
    let xml = VoiceResponse::new()
        .with(Say::new("x").voice("a").voice("b"))
        .to_xml();
    assert!(xml.contains(r#"<Say voice="b">x</Say>"#), "{xml}");
}

#[test]
fn push_appends_in_place_and_write_to_matches_to_xml() {
    let mut response = VoiceResponse::new();
    response
        .push(Say::new("a"))
        .push(Redirect::new("/next"))
        .push(Hangup);
    let written = response.write_to(Vec::new()).unwrap();
    assert_eq!(String::from_utf8(written).unwrap(), response.to_xml());
    let names: Vec<_> = response
        .element()
        .children()
        .iter()
        .map(|node| match node {
            Node::Element(element) => element.name(),
            Node::Text(text) => panic!("unexpected text {text:?}"),
        })
        .collect();
    assert_eq!(names, ["Say", "Redirect", "Hangup"]);
}

#[test]
fn messaging_body_children_and_redirect() {
    let mut response = MessagingResponse::new();
    response
        .push(
            Message::new("")
                .body("hi")
                .media("https://e.x/1.png")
                .method(Method::Get),
        )
        .push(Redirect::new("/sms-next"));
    assert_same_xml(
        &response.to_xml(),
        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Message method="GET"><Body>hi</Body><Media>https://e.x/1.png</Media></Message><Redirect>/sms-next</Redirect></Response>"#,
    );
    assert_eq!(
        response.write_to(Vec::new()).unwrap(),
        response.to_xml().into_bytes()
    );
    assert_eq!(parse(&response.to_xml()).root.children().len(), 2);
}
