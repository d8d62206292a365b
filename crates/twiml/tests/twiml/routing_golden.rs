//! The inbound routing plans, decided by the domain and rendered here, against the TwiML
//! twilio-python 9.13.0 builds for the same verbs and attributes (printed by
//! `.ci/twiml/routing-golden.py`), compared as parsed trees.

use switchboard_domain::calls::BrowserIdentity;
use switchboard_domain::numbers::OwnedNumberId;
use switchboard_domain::routing::{
    ActionSpec, DialOutcome, ForwardingRule, IvrMenu, Line, MenuAnswer, MenuSpec, OptionSpec,
    PromptSpec, RingTimeout, RuleId, RuleType, VoicemailBox, route_call, route_dial_result,
    route_menu_answer,
};
use switchboard_domain::{CallPlan, Callback, Leg, MenuPath, PhoneNumber, UserId};
use switchboard_twiml::{CallbackUrls, render_call_plan};
use time::OffsetDateTime;

use crate::support::assert_same_xml;

/// The service's callback URLs under `https://sb.example`, as the HTTP layer writes them.
struct ServiceUrls;

impl CallbackUrls for ServiceUrls {
    fn url(&self, callback: &Callback) -> String {
        let base = "https://sb.example/webhooks/twilio";
        let n = |p: &PhoneNumber| p.as_str().replace('+', "%2B");
        match callback {
            Callback::Gather {
                number,
                menu,
                attempt,
                no_input,
            } => format!(
                "{base}/voice/gather?number={}&menu={menu}&attempt={attempt}{}",
                n(number),
                if *no_input { "&noInput=true" } else { "" }
            ),
            Callback::DialResult { number, leg } => format!(
                "{base}/voice/dial-result?leg={}&number={}",
                leg.as_str(),
                n(number)
            ),
            Callback::VoicemailDone { number } => {
                format!("{base}/voice/voicemail-done?number={}", n(number))
            }
            Callback::VoicemailRecording { number } => {
                format!("{base}/recordings?kind=voicemail&number={}", n(number))
            }
        }
    }
}

fn line() -> Line {
    Line {
        number_id: OwnedNumberId::new_v7(),
        phone: PhoneNumber::parse("+14155550100").expect("a valid test value"),
        owner: UserId::parse("alice").expect("a valid test value"),
        active: true,
        identity: BrowserIdentity::parse("u_alice").ok(),
        rules: vec![],
        menu: None,
        voicemail: VoicemailBox::default(),
    }
}

fn render(plan: &CallPlan) -> String {
    render_call_plan(plan, &ServiceUrls)
}

fn action(kind: &str) -> ActionSpec {
    ActionSpec {
        kind: kind.into(),
        ..ActionSpec::default()
    }
}

fn option(digits: &str, action: ActionSpec) -> OptionSpec {
    OptionSpec {
        digits: digits.into(),
        speech: None,
        action,
    }
}

#[test]
fn ringing_the_owners_browser() {
    assert_same_xml(
        &render(&route_call(&line())),
        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Dial action="https://sb.example/webhooks/twilio/voice/dial-result?leg=client&amp;number=%2B14155550100" answerOnBridge="true" timeout="20"><Client>u_alice</Client></Dial></Response>"#,
    );
}

#[test]
fn an_always_forward() {
    let mut l = line();
    l.rules.push(ForwardingRule {
        id: RuleId::new_v7(),
        number_id: l.number_id,
        forward_to: PhoneNumber::parse("+14155550123").expect("a valid test value"),
        kind: RuleType::Always,
        ring_timeout: RingTimeout::new(15).expect("a valid test value"),
        enabled: true,
        created_at: OffsetDateTime::UNIX_EPOCH,
        updated_at: OffsetDateTime::UNIX_EPOCH,
    });
    assert_same_xml(
        &render(&route_call(&l)),
        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Dial action="https://sb.example/webhooks/twilio/voice/dial-result?leg=forward&amp;number=%2B14155550100" timeout="15"><Number>+14155550123</Number></Dial></Response>"#,
    );
}

#[test]
fn a_submenu_and_an_invalid_choice() {
    let sub = MenuSpec {
        prompt: Some(PromptSpec::Say {
            text: "Press 1 for sales.".into(),
            voice: Some("alice".into()),
            language: Some("en-US".into()),
        }),
        input: Some("dtmf speech".into()),
        timeout: Some(7),
        options: vec![
            option("1", action("hangup")),
            option("22", action("voicemail")),
        ],
        ..MenuSpec::default()
    };
    let top = MenuSpec {
        prompt: Some(PromptSpec::Play {
            url: "https://example.com/menu.mp3".into(),
        }),
        options: vec![
            option("1", action("hangup")),
            option("2", action("voicemail")),
            option(
                "3",
                ActionSpec {
                    kind: "menu".into(),
                    menu: Some(Box::new(sub)),
                    ..ActionSpec::default()
                },
            ),
        ],
        ..MenuSpec::default()
    };
    let mut l = line();
    l.menu = Some(IvrMenu::from_spec(&top).expect("a valid test value"));
    let pressed = |d: &str| MenuAnswer::Input {
        digits: Some(d.into()),
        speech: None,
    };
    assert_same_xml(
        &render(&route_menu_answer(&l, &MenuPath::top(), 1, &pressed("3"))),
        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Gather action="https://sb.example/webhooks/twilio/voice/gather?number=%2B14155550100&amp;menu=2&amp;attempt=1" input="dtmf speech" numDigits="2" timeout="7"><Say language="en-US" voice="alice">Press 1 for sales.</Say></Gather><Redirect>https://sb.example/webhooks/twilio/voice/gather?number=%2B14155550100&amp;menu=2&amp;attempt=1&amp;noInput=true</Redirect></Response>"#,
    );
    assert_same_xml(
        &render(&route_menu_answer(&l, &MenuPath::top(), 1, &pressed("7"))),
        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say>Sorry, that is not a valid choice.</Say><Gather action="https://sb.example/webhooks/twilio/voice/gather?number=%2B14155550100&amp;menu=&amp;attempt=2" input="dtmf" numDigits="1" timeout="5"><Play>https://example.com/menu.mp3</Play></Gather><Redirect>https://sb.example/webhooks/twilio/voice/gather?number=%2B14155550100&amp;menu=&amp;attempt=2&amp;noInput=true</Redirect></Response>"#,
    );
}

#[test]
fn voicemail_and_its_spoken_end_when_off() {
    let mut l = line();
    assert_same_xml(
        &render(&route_dial_result(&l, Leg::Client, DialOutcome::NoAnswer)),
        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say>The person you are calling is not available. Please leave a message after the beep.</Say><Record action="https://sb.example/webhooks/twilio/voice/voicemail-done?number=%2B14155550100" maxLength="120" playBeep="true" recordingStatusCallback="https://sb.example/webhooks/twilio/recordings?kind=voicemail&amp;number=%2B14155550100" recordingStatusCallbackEvent="completed absent" /></Response>"#,
    );
    l.voicemail.enabled = false;
    assert_same_xml(
        &render(&route_dial_result(&l, Leg::Client, DialOutcome::Busy)),
        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say>The person you are calling is not available. Goodbye.</Say><Hangup /></Response>"#,
    );
}
