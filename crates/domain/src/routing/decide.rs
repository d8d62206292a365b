//! The routing decisions: pure functions from what the store returned about a called number
//! (a [`Line`]) and what Twilio reported to the next [`CallPlan`]. Every plan ends the call,
//! dials with a fallback behind it, or listens with a fall-through behind it.

use super::line::Line;
use super::menu::{IvrMenu, MenuAction};
use super::rule::{RingTimeout, RuleType};
use crate::PhoneNumber;
use crate::call_plan::{CallPlan, CallStep, Callback, DialTarget, Leg, MenuPath, Prompt};

/// What a caller hears when voicemail is off.
pub const NOT_AVAILABLE: &str = "The person you are calling is not available. Goodbye.";
/// What a caller hears after leaving a voicemail.
pub const VOICEMAIL_THANKS: &str = "Thank you. Your message has been recorded. Goodbye.";
/// What a caller hears after a key or words no option takes.
pub const INVALID_CHOICE: &str = "Sorry, that is not a valid choice.";

/// How a `<Dial>` ended (Twilio's `DialCallStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialOutcome {
    /// `completed` or `answered`: the legs talked.
    Answered,
    /// `busy`: the browser rejected, or the number was busy.
    Busy,
    /// `no-answer`, `failed` or `canceled`.
    NoAnswer,
}

impl DialOutcome {
    /// Parses Twilio's `DialCallStatus`.
    #[must_use]
    pub fn parse(status: &str) -> Option<Self> {
        match status {
            "completed" | "answered" => Some(Self::Answered),
            "busy" => Some(Self::Busy),
            "no-answer" | "failed" | "canceled" => Some(Self::NoAnswer),
            _ => None,
        }
    }
}

/// What the caller did at a `<Gather>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuAnswer {
    /// Twilio requested the action with these (either may be absent or empty).
    Input {
        /// `Digits`.
        digits: Option<String>,
        /// `SpeechResult`.
        speech: Option<String>,
    },
    /// The `<Gather>` fell through in silence (the `<Redirect>` after it).
    Silence,
}

/// The plan for a new inbound call: the menu if there is one, else an enabled `always`
/// rule's forward, else the owner's browser (rung for the `no-answer` rule's timeout, or
/// 20 s). A switched-off number says it is not in service.
#[must_use]
pub fn route_call(line: &Line) -> CallPlan {
    if !line.active {
        return CallPlan::not_in_service();
    }
    if let Some(menu) = &line.menu {
        return menu_plan(line, menu, &MenuPath::top(), 1, None);
    }
    if let Some(rule) = line.rule(RuleType::Always) {
        return forward(line, &rule.forward_to, rule.ring_timeout);
    }
    ring_owner(line)
}

/// The plan after a `<Dial>` of `leg` ended with `outcome`: hang up after an answered leg;
/// after the browser, the `busy` or `no-answer` rule's forward, else voicemail; after a
/// forward, voicemail.
#[must_use]
pub fn route_dial_result(line: &Line, leg: Leg, outcome: DialOutcome) -> CallPlan {
    let kind = match (leg, outcome) {
        (_, DialOutcome::Answered) => {
            return CallPlan {
                steps: vec![CallStep::Hangup],
            };
        }
        (Leg::Forward, _) => return voicemail(line),
        (Leg::Client, DialOutcome::Busy) => RuleType::Busy,
        (Leg::Client, DialOutcome::NoAnswer) => RuleType::NoAnswer,
    };
    match line.rule(kind) {
        Some(rule) => forward(line, &rule.forward_to, rule.ring_timeout),
        None => voicemail(line),
    }
}

/// The plan after the caller answered (or did not answer) the menu at `path`, presented
/// for the `attempt`th time. A path that no longer leads to a menu (it changed during the
/// call) starts the top menu again; a number without a menu goes to voicemail.
#[must_use]
pub fn route_menu_answer(
    line: &Line,
    path: &MenuPath,
    attempt: u32,
    answer: &MenuAnswer,
) -> CallPlan {
    let Some(top) = &line.menu else {
        return voicemail(line);
    };
    let Some(menu) = top.at(path) else {
        return menu_plan(line, top, &MenuPath::top(), 1, None);
    };
    let picked = match answer {
        MenuAnswer::Input { digits, speech } => menu.pick(digits.as_deref(), speech.as_deref()),
        MenuAnswer::Silence => None,
    };
    if let Some((index, option)) = picked {
        return act(line, menu, path, index, &option.action, attempt);
    }
    if attempt >= menu.max_attempts() {
        return act(line, menu, path, usize::MAX, menu.on_no_input(), attempt);
    }
    let preface = matches!(answer, MenuAnswer::Input { .. }).then_some(INVALID_CHOICE);
    menu_plan(line, menu, path, attempt.saturating_add(1), preface)
}

/// The plan once a voicemail was left: thanks, and hang up (never record again).
#[must_use]
pub fn voicemail_done() -> CallPlan {
    spoken_end(VOICEMAIL_THANKS)
}

/// Voicemail: the greeting and `<Record>`, or, when it is off, "not available".
#[must_use]
pub fn voicemail(line: &Line) -> CallPlan {
    if !line.voicemail.enabled {
        return spoken_end(NOT_AVAILABLE);
    }
    CallPlan {
        steps: vec![
            CallStep::Prompt(line.voicemail.greeting.clone()),
            CallStep::Record {
                max_length: line.voicemail.max_length.seconds(),
                action: Callback::VoicemailDone {
                    number: line.phone.clone(),
                },
                recording_callback: Callback::VoicemailRecording {
                    number: line.phone.clone(),
                },
            },
        ],
    }
}

fn act(
    line: &Line,
    menu: &IvrMenu,
    path: &MenuPath,
    index: usize,
    action: &MenuAction,
    attempt: u32,
) -> CallPlan {
    match action {
        MenuAction::Forward { to } => forward(line, to, RingTimeout::DEFAULT),
        MenuAction::Client => ring_owner(line),
        MenuAction::Voicemail => voicemail(line),
        MenuAction::Say { text } => menu_plan(line, menu, path, 1, Some(text)),
        MenuAction::Menu(sub) => menu_plan(line, sub, &path.child(index), 1, None),
        MenuAction::Repeat => menu_plan(line, menu, path, attempt, None),
        MenuAction::Hangup => CallPlan {
            steps: vec![CallStep::Hangup],
        },
    }
}

/// The menu at `path`: an optional spoken preface, the `<Gather>` with the prompt, then a
/// `<Redirect>` that reports silence.
fn menu_plan(
    line: &Line,
    menu: &IvrMenu,
    path: &MenuPath,
    attempt: u32,
    preface: Option<&str>,
) -> CallPlan {
    let gather = |no_input| Callback::Gather {
        number: line.phone.clone(),
        menu: path.clone(),
        attempt,
        no_input,
    };
    let mut steps = Vec::with_capacity(3);
    if let Some(text) = preface {
        steps.push(CallStep::Prompt(Prompt::spoken(text)));
    }
    steps.push(CallStep::Gather {
        prompt: menu.prompt().clone(),
        input: menu.input(),
        timeout: menu.timeout(),
        num_digits: menu.num_digits(),
        action: gather(false),
    });
    steps.push(CallStep::Redirect { to: gather(true) });
    CallPlan { steps }
}

/// Dial `to`; voicemail when it is the number itself (a call would ring back into this
/// routing).
fn forward(line: &Line, to: &PhoneNumber, timeout: RingTimeout) -> CallPlan {
    if *to == line.phone {
        return voicemail(line);
    }
    CallPlan {
        steps: vec![CallStep::Dial {
            target: DialTarget::Number(to.clone()),
            timeout: timeout.seconds(),
            answer_on_bridge: false,
            action: Callback::DialResult {
                number: line.phone.clone(),
                leg: Leg::Forward,
            },
        }],
    }
}

/// Ring the owner's browser for the `no-answer` rule's timeout (or 20 s). An owner with no
/// browser identity yet has no browser to ring: the no-answer fallback at once.
fn ring_owner(line: &Line) -> CallPlan {
    let Some(identity) = &line.identity else {
        return route_dial_result(line, Leg::Client, DialOutcome::NoAnswer);
    };
    let timeout = line
        .rule(RuleType::NoAnswer)
        .map_or(RingTimeout::DEFAULT, |r| r.ring_timeout);
    CallPlan {
        steps: vec![CallStep::Dial {
            target: DialTarget::Client(identity.clone()),
            timeout: timeout.seconds(),
            answer_on_bridge: true,
            action: Callback::DialResult {
                number: line.phone.clone(),
                leg: Leg::Client,
            },
        }],
    }
}

fn spoken_end(text: &str) -> CallPlan {
    CallPlan {
        steps: vec![CallStep::Prompt(Prompt::spoken(text)), CallStep::Hangup],
    }
}
