//! Inbound routing of owned numbers: forwarding rules, IVR menus, voicemail settings, the
//! loop check, and the pure decisions from what one read returns to a call plan.

mod decide;
mod error;
mod line;
mod loops;
mod menu;
mod menu_spec;
mod rule;
mod service;
mod store;
mod voicemail_box;

#[cfg(test)]
mod decide_tests;

pub use decide::{
    DialOutcome, INVALID_CHOICE, MenuAnswer, NOT_AVAILABLE, VOICEMAIL_THANKS, route_call,
    route_dial_result, route_menu_answer, voicemail, voicemail_done,
};
pub use error::RoutingError;
pub use line::Line;
pub use loops::closes_loop;
pub use menu::{IvrMenu, Keys, MAX_KEYS, MenuAction, MenuOption};
pub use menu_spec::{
    ActionSpec, DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT, InvalidMenu, MAX_SPEECH, MenuSpec,
    OptionSpec, PromptSpec, check_prompt, prompt_spec,
};
pub use rule::{ForwardingRule, InvalidRingTimeout, RingTimeout, RuleChange, RuleId, RuleType};
pub use service::{NewRule, Routing};
pub use store::{RoutingStore, RuleWriteError};
pub use voicemail_box::{DEFAULT_GREETING, InvalidMaxLength, MaxLength, VoicemailBox};
