//! Every routing plan renders to TwiML that Twilio accepts: for arbitrary numbers (rules,
//! menus, voicemail settings, with or without a browser identity) and every request routing
//! answers, the document the app would serve parses with the stand-in's TwiML parser, which
//! refuses what Twilio refuses (unknown verbs, wrong nesting, bad attributes).

use proptest::prelude::*;
use switchboard_domain::calls::BrowserIdentity;
use switchboard_domain::numbers::OwnedNumberId;
use switchboard_domain::routing::{
    ActionSpec, DialOutcome, ForwardingRule, IvrMenu, Line, MenuAnswer, MenuSpec, OptionSpec,
    PromptSpec, RingTimeout, RuleId, RuleType, VoicemailBox, route_call, route_dial_result,
    route_menu_answer, voicemail_done,
};
use switchboard_domain::{Leg, MenuPath, PhoneNumber, Prompt, UserId};
use switchboard_http::CallbackUrls;
use switchboard_twilio_sim::twiml;
use time::OffsetDateTime;

const NUMBERS: [&str; 3] = ["+14155550100", "+14155550101", "+14155550102"];

fn action() -> impl Strategy<Value = ActionSpec> {
    let simple = |k: &str| ActionSpec {
        kind: k.to_owned(),
        ..ActionSpec::default()
    };
    prop_oneof![
        (0..3usize).prop_map(|i| ActionSpec {
            kind: "forward".into(),
            to: Some(NUMBERS[i].into()),
            ..ActionSpec::default()
        }),
        Just(simple("client")),
        Just(simple("voicemail")),
        "[a-zA-Z <>&\"'.]{1,40}".prop_map(|t| ActionSpec {
            kind: "say".into(),
            say: Some(format!("x{t}")),
            ..ActionSpec::default()
        }),
        Just(simple("repeat")),
        Just(simple("hangup")),
    ]
}

fn prompt() -> impl Strategy<Value = PromptSpec> {
    prop_oneof![
        (
            "[a-zA-Z <>&\"'.]{1,40}",
            proptest::option::of(Just("Polly.Joanna".to_owned())),
            proptest::option::of(Just("en-US".to_owned()))
        )
            .prop_map(|(t, voice, language)| PromptSpec::Say {
                text: format!("x{t}"),
                voice,
                language
            }),
        "[a-z]{1,8}".prop_map(|p| PromptSpec::Play {
            url: format!("https://example.com/{p}.mp3?a=1&b=2")
        }),
    ]
}

fn menu(depth: u32) -> BoxedStrategy<MenuSpec> {
    let option_action = if depth == 0 {
        action().boxed()
    } else {
        prop_oneof![3 => action(), 1 => menu(depth - 1).prop_map(|m| ActionSpec { kind: "menu".into(), menu: Some(Box::new(m)), ..ActionSpec::default() })].boxed()
    };
    (
        prompt(),
        prop_oneof![Just("dtmf"), Just("speech"), Just("dtmf speech")],
        1..30i64,
        1..5i64,
        proptest::collection::vec((option_action, proptest::option::of("[a-z]{1,10}")), 1..6),
    )
        .prop_map(|(prompt, input, timeout, attempts, options)| MenuSpec {
            prompt: Some(prompt),
            input: Some(input.to_owned()),
            timeout: Some(timeout),
            max_attempts: Some(attempts),
            options: options
                .into_iter()
                .enumerate()
                .map(|(i, (action, speech))| OptionSpec {
                    digits: format!("{i}#"),
                    speech: Some(speech.unwrap_or_else(|| format!("word{i}"))),
                    action,
                })
                .collect(),
            on_no_input: None,
        })
        .boxed()
}

fn line() -> impl Strategy<Value = Line> {
    let rules = proptest::collection::vec((0..3usize, 0..3usize, 5..60i64), 0..3);
    (
        rules,
        proptest::option::of(menu(2)),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        1..600i64,
    )
        .prop_map(|(rules, menu, active, identity, voicemail, max_length)| {
            let mut l = Line {
                number_id: OwnedNumberId::new_v7(),
                phone: PhoneNumber::parse(NUMBERS[0]).expect("E.164"),
                owner: UserId::parse("alice").expect("a user id"),
                active,
                identity: identity.then(|| BrowserIdentity::parse("u_alice").expect("an identity")),
                rules: vec![],
                menu: menu.map(|m| IvrMenu::from_spec(&m).expect("a valid menu")),
                voicemail: VoicemailBox {
                    enabled: voicemail,
                    greeting: Prompt::spoken("Leave a message."),
                    max_length: switchboard_domain::routing::MaxLength::new(max_length)
                        .expect("1..=600"),
                },
            };
            for (kind, to, timeout) in rules {
                let kind = RuleType::ALL[kind];
                if l.rule(kind).is_none() {
                    l.rules.push(ForwardingRule {
                        id: RuleId::new_v7(),
                        number_id: l.number_id,
                        forward_to: PhoneNumber::parse(NUMBERS[to]).expect("E.164"),
                        kind,
                        ring_timeout: RingTimeout::new(timeout).expect("5..=60"),
                        enabled: true,
                        created_at: OffsetDateTime::UNIX_EPOCH,
                        updated_at: OffsetDateTime::UNIX_EPOCH,
                    });
                }
            }
            l
        })
}

fn answer() -> impl Strategy<Value = MenuAnswer> {
    prop_oneof![
        Just(MenuAnswer::Silence),
        ("[0-9*#]{0,3}", "(word1|hello|x)?").prop_map(|(d, s)| MenuAnswer::Input {
            digits: Some(d),
            speech: Some(s)
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn every_routing_plan_renders_to_twiml_twilio_accepts(
        l in line(),
        steps in proptest::collection::vec(0..5u8, 0..3),
        attempt in 1..5u32,
        answer in answer(),
    ) {
        let urls = CallbackUrls::under("https://sb.example");
        let path = MenuPath::parse(&steps.iter().map(u8::to_string).collect::<Vec<_>>().join(".")).expect("a path");
        let mut plans = vec![route_call(&l), route_menu_answer(&l, &path, attempt, &answer), voicemail_done()];
        for leg in [Leg::Client, Leg::Forward] {
            for outcome in [DialOutcome::Answered, DialOutcome::Busy, DialOutcome::NoAnswer] {
                plans.push(route_dial_result(&l, leg, outcome));
            }
        }
        for plan in &plans {
            let xml = switchboard_twiml::render_call_plan(plan, &urls);
            prop_assert!(twiml::parse(&xml).is_ok(), "{xml}: {:?}", twiml::parse(&xml).err());
        }
    }
}
