//! The routing decisions: examples of each path, and properties over arbitrary lines.

use proptest::prelude::*;
use time::OffsetDateTime;

use super::*;
use crate::call_plan::{CallPlan, CallStep, Callback, DialTarget, Leg, MenuPath, Prompt};
use crate::calls::BrowserIdentity;
use crate::numbers::OwnedNumberId;
use crate::{PhoneNumber, UserId};

const NUMBERS: [&str; 3] = ["+14155550100", "+14155550101", "+14155550102"];

fn phone(i: usize) -> PhoneNumber {
    PhoneNumber::parse(NUMBERS[i % NUMBERS.len()]).unwrap()
}

fn rule(kind: RuleType, to: usize, timeout: i64) -> ForwardingRule {
    ForwardingRule {
        id: RuleId::new_v7(),
        number_id: OwnedNumberId::new_v7(),
        forward_to: phone(to),
        kind,
        ring_timeout: RingTimeout::new(timeout).unwrap(),
        enabled: true,
        created_at: OffsetDateTime::UNIX_EPOCH,
        updated_at: OffsetDateTime::UNIX_EPOCH,
    }
}

fn line() -> Line {
    Line {
        number_id: OwnedNumberId::new_v7(),
        phone: phone(0),
        owner: UserId::parse("alice").unwrap(),
        active: true,
        identity: Some(BrowserIdentity::parse("u_alice").unwrap()),
        rules: vec![],
        menu: None,
        voicemail: VoicemailBox::default(),
    }
}

fn say(text: &str) -> ActionSpec {
    ActionSpec {
        kind: "say".into(),
        say: Some(text.into()),
        ..ActionSpec::default()
    }
}

fn kind(k: &str) -> ActionSpec {
    ActionSpec {
        kind: k.into(),
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

fn menu(options: Vec<OptionSpec>) -> MenuSpec {
    MenuSpec {
        prompt: Some(PromptSpec::Say {
            text: "Press a key.".into(),
            voice: None,
            language: None,
        }),
        options,
        ..MenuSpec::default()
    }
}

fn dials(plan: &CallPlan) -> Vec<&DialTarget> {
    plan.steps
        .iter()
        .filter_map(|s| match s {
            CallStep::Dial { target, .. } => Some(target),
            _ => None,
        })
        .collect()
}

fn records(plan: &CallPlan) -> bool {
    plan.steps
        .iter()
        .any(|s| matches!(s, CallStep::Record { .. }))
}

fn says(plan: &CallPlan, words: &str) -> bool {
    plan.steps
        .iter()
        .any(|s| matches!(s, CallStep::Prompt(Prompt::Say { text, .. }) if text.contains(words)))
}

#[test]
fn a_plain_number_rings_the_owners_browser_for_twenty_seconds() {
    let plan = route_call(&line());
    assert_eq!(
        plan.steps,
        vec![CallStep::Dial {
            target: DialTarget::Client(BrowserIdentity::parse("u_alice").unwrap()),
            timeout: 20,
            answer_on_bridge: true,
            action: Callback::DialResult {
                number: phone(0),
                leg: Leg::Client
            },
        }]
    );
}

#[test]
fn the_no_answer_rule_sets_the_ring_time_and_always_forwards_at_once() {
    let mut l = line();
    l.rules = vec![rule(RuleType::NoAnswer, 1, 12)];
    assert!(matches!(
        route_call(&l).steps[0],
        CallStep::Dial { timeout: 12, .. }
    ));
    l.rules.push(rule(RuleType::Always, 2, 30));
    assert_eq!(dials(&route_call(&l)), vec![&DialTarget::Number(phone(2))]);
}

#[test]
fn a_menu_comes_before_every_rule_and_falls_through_to_a_silent_redirect() {
    let mut l = line();
    l.rules = vec![rule(RuleType::Always, 2, 30)];
    l.menu = Some(IvrMenu::from_spec(&menu(vec![option("1", kind("voicemail"))])).unwrap());
    let plan = route_call(&l);
    assert!(matches!(
        &plan.steps[0],
        CallStep::Gather {
            num_digits: 1,
            timeout: 5,
            action: Callback::Gather {
                attempt: 1,
                no_input: false,
                ..
            },
            ..
        }
    ));
    assert!(matches!(
        &plan.steps[1],
        CallStep::Redirect {
            to: Callback::Gather { no_input: true, .. }
        }
    ));
}

#[test]
fn a_switched_off_number_is_not_in_service() {
    let mut l = line();
    l.active = false;
    assert_eq!(route_call(&l), CallPlan::not_in_service());
}

#[test]
fn dial_results_follow_the_busy_and_no_answer_rules_then_voicemail() {
    let mut l = line();
    assert_eq!(
        route_dial_result(&l, Leg::Client, DialOutcome::Answered).steps,
        vec![CallStep::Hangup]
    );
    assert!(records(&route_dial_result(
        &l,
        Leg::Client,
        DialOutcome::Busy
    )));
    l.rules = vec![rule(RuleType::Busy, 1, 20), rule(RuleType::NoAnswer, 2, 20)];
    assert_eq!(
        dials(&route_dial_result(&l, Leg::Client, DialOutcome::Busy)),
        vec![&DialTarget::Number(phone(1))]
    );
    assert_eq!(
        dials(&route_dial_result(&l, Leg::Client, DialOutcome::NoAnswer)),
        vec![&DialTarget::Number(phone(2))]
    );
    assert!(records(&route_dial_result(
        &l,
        Leg::Forward,
        DialOutcome::NoAnswer
    )));
    l.voicemail.enabled = false;
    assert!(says(
        &route_dial_result(&l, Leg::Forward, DialOutcome::Busy),
        "not available"
    ));
}

#[test]
fn an_owner_without_a_browser_identity_goes_straight_to_the_no_answer_fallback() {
    let mut l = line();
    l.identity = None;
    assert!(records(&route_call(&l)));
}

#[test]
fn menu_answers_pick_by_keys_or_words_and_misses_replay_until_max_attempts() {
    let mut spec = menu(vec![
        OptionSpec {
            digits: "1".into(),
            speech: Some("Sales".into()),
            action: ActionSpec {
                kind: "forward".into(),
                to: Some("+14155550101".into()),
                ..ActionSpec::default()
            },
        },
        option("2", say("We are open 9 to 5.")),
        option(
            "3",
            ActionSpec {
                kind: "menu".into(),
                menu: Some(Box::new(menu(vec![option("9", kind("hangup"))]))),
                ..ActionSpec::default()
            },
        ),
    ]);
    spec.input = Some("dtmf speech".into());
    spec.on_no_input = Some(kind("hangup"));
    let mut l = line();
    l.menu = Some(IvrMenu::from_spec(&spec).unwrap());
    let top = MenuPath::top();
    let input = |d: &str, s: &str| MenuAnswer::Input {
        digits: Some(d.into()),
        speech: Some(s.into()),
    };
    assert_eq!(
        dials(&route_menu_answer(&l, &top, 1, &input("1", ""))),
        vec![&DialTarget::Number(phone(1))]
    );
    assert_eq!(
        dials(&route_menu_answer(
            &l,
            &top,
            1,
            &input("", "I want sales please")
        )),
        vec![&DialTarget::Number(phone(1))]
    );
    let said = route_menu_answer(&l, &top, 1, &input("2", ""));
    assert!(says(&said, "open 9 to 5") && matches!(said.steps[1], CallStep::Gather { .. }));
    let sub = route_menu_answer(&l, &top, 1, &input("3", ""));
    assert!(
        matches!(&sub.steps[0], CallStep::Gather { action: Callback::Gather { menu, .. }, .. } if menu.to_string() == "2")
    );
    let wrong = route_menu_answer(&l, &top, 1, &input("7", ""));
    assert!(says(&wrong, INVALID_CHOICE));
    assert!(matches!(
        &wrong.steps[1],
        CallStep::Gather {
            action: Callback::Gather { attempt: 2, .. },
            ..
        }
    ));
    let silent = route_menu_answer(&l, &top, 2, &MenuAnswer::Silence);
    assert!(!says(&silent, INVALID_CHOICE));
    assert_eq!(
        route_menu_answer(&l, &top, 3, &MenuAnswer::Silence).steps,
        vec![CallStep::Hangup]
    );
    let gone = MenuPath::parse("7").unwrap();
    assert!(matches!(
        &route_menu_answer(&l, &gone, 1, &input("1", "")).steps[0],
        CallStep::Gather { .. }
    ));
}

#[test]
fn bad_menus_name_the_field() {
    let err = |spec: MenuSpec| IvrMenu::from_spec(&spec).unwrap_err().field;
    assert_eq!(
        err(menu(vec![
            option("1", kind("hangup")),
            option("1", kind("repeat"))
        ])),
        "options[1].digits"
    );
    assert_eq!(
        err(menu(vec![option("12345", kind("hangup"))])),
        "options[0].digits"
    );
    assert_eq!(
        err(menu(vec![option("1", kind("dance"))])),
        "options[0].action.type"
    );
    assert_eq!(err(menu(vec![])), "options");
    let mut deep = menu(vec![option("1", kind("hangup"))]);
    for _ in 0..5 {
        deep = menu(vec![option(
            "1",
            ActionSpec {
                kind: "menu".into(),
                menu: Some(Box::new(deep)),
                ..ActionSpec::default()
            },
        )]);
    }
    assert_eq!(
        err(deep),
        "options[0].action.menu.options[0].action.menu.options[0].action.menu.options[0].action.menu.options[0].action.menu"
    );
    let mut looped = menu(vec![option("1", kind("hangup"))]);
    looped.on_no_input = Some(kind("repeat"));
    assert_eq!(err(looped), "onNoInput.type");
}

fn arb_action(depth: u32) -> BoxedStrategy<ActionSpec> {
    let leaf = prop_oneof![
        (0..3usize).prop_map(|i| ActionSpec {
            kind: "forward".into(),
            to: Some(NUMBERS[i].into()),
            ..ActionSpec::default()
        }),
        Just(kind("client")),
        Just(kind("voicemail")),
        Just(say("Hello.")),
        Just(kind("repeat")),
        Just(kind("hangup")),
    ];
    if depth == 0 {
        return leaf.boxed();
    }
    prop_oneof![3 => leaf, 1 => arb_menu(depth - 1).prop_map(|m| ActionSpec { kind: "menu".into(), menu: Some(Box::new(m)), ..ActionSpec::default() })].boxed()
}

fn arb_menu(depth: u32) -> BoxedStrategy<MenuSpec> {
    (
        proptest::collection::vec(arb_action(depth), 1..5),
        1..4i64,
        prop_oneof![
            Just(kind("voicemail")),
            Just(kind("hangup")),
            Just(kind("client"))
        ],
    )
        .prop_map(|(actions, attempts, no_input)| {
            let mut m = menu(
                actions
                    .into_iter()
                    .enumerate()
                    .map(|(i, a)| option(&i.to_string(), a))
                    .collect(),
            );
            m.max_attempts = Some(attempts);
            m.on_no_input = Some(no_input);
            m
        })
        .boxed()
}

fn arb_line() -> impl Strategy<Value = Line> {
    let rules = proptest::collection::vec(
        (
            prop_oneof![
                Just(RuleType::Always),
                Just(RuleType::Busy),
                Just(RuleType::NoAnswer)
            ],
            0..3usize,
        ),
        0..3,
    );
    (
        rules,
        proptest::option::of(arb_menu(2)),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(rules, menu, active, identity, voicemail)| {
            let mut l = line();
            for (kind, to) in rules {
                if l.rule(kind).is_none() {
                    l.rules.push(rule(kind, to, 20));
                }
            }
            l.menu = menu.map(|m| IvrMenu::from_spec(&m).unwrap());
            l.active = active;
            if !identity {
                l.identity = None;
            }
            l.voicemail.enabled = voicemail;
            l
        })
}

fn arb_answer() -> impl Strategy<Value = MenuAnswer> {
    prop_oneof![
        Just(MenuAnswer::Silence),
        ("[0-9*#]{0,2}", "(hello|sales)?").prop_map(|(d, s)| MenuAnswer::Input {
            digits: Some(d),
            speech: Some(s)
        })
    ]
}

fn arb_path() -> impl Strategy<Value = MenuPath> {
    proptest::collection::vec(0..5u8, 0..3).prop_map(|steps| {
        MenuPath::parse(
            &steps
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join("."),
        )
        .unwrap()
    })
}

fn ends_somewhere(plan: &CallPlan) -> bool {
    matches!(
        plan.steps.last(),
        Some(
            CallStep::Hangup
                | CallStep::Dial { .. }
                | CallStep::Record { .. }
                | CallStep::Redirect { .. }
        )
    )
}

proptest! {
    #[test]
    fn no_plan_dials_the_number_itself_and_every_plan_ends_or_waits(
        l in arb_line(), path in arb_path(), attempt in 1..5u32, answer in arb_answer(),
    ) {
        let own = DialTarget::Number(l.phone.clone());
        let plans = [
            route_call(&l),
            route_dial_result(&l, Leg::Client, DialOutcome::Busy),
            route_dial_result(&l, Leg::Client, DialOutcome::NoAnswer),
            route_menu_answer(&l, &path, attempt, &answer),
        ];
        for plan in &plans {
            prop_assert!(!dials(plan).contains(&&own), "{plan:?}");
            prop_assert!(ends_somewhere(plan), "{plan:?}");
        }
    }

    #[test]
    fn a_failed_forward_ends_in_voicemail_or_a_spoken_end(l in arb_line(), busy in any::<bool>()) {
        let outcome = if busy { DialOutcome::Busy } else { DialOutcome::NoAnswer };
        let plan = route_dial_result(&l, Leg::Forward, outcome);
        prop_assert!(dials(&plan).is_empty());
        prop_assert!(records(&plan) || plan.steps.last() == Some(&CallStep::Hangup));
    }

    #[test]
    fn menus_survive_their_round_trip_through_the_spec(spec in arb_menu(3)) {
        let menu = IvrMenu::from_spec(&spec).unwrap();
        prop_assert_eq!(IvrMenu::from_spec(&menu.to_spec()).unwrap(), menu);
    }
}
