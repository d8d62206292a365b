//! The unchecked shape of a menu, as an adapter reads it (the API's JSON, a stored
//! document), and the checks that turn it into an [`IvrMenu`]; and back.

use std::collections::HashSet;

use super::menu::{IvrMenu, Keys, MAX_DEPTH, MAX_OPTIONS, MenuAction, MenuOption};
use crate::PhoneNumber;
use crate::call_plan::MenuInput;
use crate::call_plan::{InvalidPrompt, MAX_SAY, Prompt, checked_text};

/// A prompt as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptSpec {
    /// `{"say", "voice"?, "language"?}`.
    Say {
        /// The text.
        text: String,
        /// The voice.
        voice: Option<String>,
        /// The language.
        language: Option<String>,
    },
    /// `{"play"}`.
    Play {
        /// The URL.
        url: String,
    },
}

/// An action as given: its `type` and the fields that type reads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActionSpec {
    /// `forward`, `client`, `voicemail`, `say`, `menu`, `repeat` or `hangup`.
    pub kind: String,
    /// For `forward`: the number, normalised as a call's `to` is.
    pub to: Option<String>,
    /// For `say`: the text.
    pub say: Option<String>,
    /// For `menu`: the submenu.
    pub menu: Option<Box<MenuSpec>>,
}

/// An option as given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OptionSpec {
    /// Its keys.
    pub digits: String,
    /// Its words.
    pub speech: Option<String>,
    /// Its action.
    pub action: ActionSpec,
}

/// A menu as given; `None` fields take their defaults.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MenuSpec {
    /// What the caller hears (required).
    pub prompt: Option<PromptSpec>,
    /// `dtmf` (default), `speech` or `dtmf speech`.
    pub input: Option<String>,
    /// Seconds, 1..=30 (5).
    pub timeout: Option<i64>,
    /// 1..=10 (3).
    pub max_attempts: Option<i64>,
    /// 1 to 12 options.
    pub options: Vec<OptionSpec>,
    /// After the last miss (voicemail): forward, client, voicemail or hangup (`say` and
    /// `repeat` would replay the menu forever).
    pub on_no_input: Option<ActionSpec>,
}

/// Why a menu is not valid: the field (a path such as `options[2].action.menu.timeout`) and
/// why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct InvalidMenu {
    /// The field at fault.
    pub field: String,
    /// Why.
    pub reason: String,
}

/// The default seconds of silence.
pub const DEFAULT_TIMEOUT: u32 = 5;
/// The default number of misses.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// The longest words of an option.
pub const MAX_SPEECH: usize = 100;

fn invalid(field: impl Into<String>, reason: impl Into<String>) -> InvalidMenu {
    InvalidMenu {
        field: field.into(),
        reason: reason.into(),
    }
}

fn bounded(
    field: &str,
    value: Option<i64>,
    range: (u32, u32),
    default: u32,
) -> Result<u32, InvalidMenu> {
    match value {
        None => Ok(default),
        Some(v) => u32::try_from(v)
            .ok()
            .filter(|v| (range.0..=range.1).contains(v))
            .ok_or_else(|| invalid(field, format!("must be {} to {}", range.0, range.1))),
    }
}

impl IvrMenu {
    /// Checks a menu: a prompt; a known input; timeout 1..=30; maxAttempts 1..=10; 1 to 12
    /// options with unique keys of 1 to 4 of `0-9*#`, words of at most 100 characters
    /// (required on every option of a speech-only menu); known actions with their fields;
    /// submenus at most 5 levels deep counting this one.
    ///
    /// # Errors
    /// [`InvalidMenu`] naming the first field at fault.
    pub fn from_spec(spec: &MenuSpec) -> Result<Self, InvalidMenu> {
        check_menu(spec, "", 1)
    }

    /// The menu in its unchecked shape (for adapters that write it out).
    #[must_use]
    pub fn to_spec(&self) -> MenuSpec {
        MenuSpec {
            prompt: Some(prompt_spec(&self.prompt)),
            input: Some(self.input.as_str().to_owned()),
            timeout: Some(i64::from(self.timeout)),
            max_attempts: Some(i64::from(self.max_attempts)),
            options: self
                .options
                .iter()
                .map(|o| OptionSpec {
                    digits: o.digits.as_str().to_owned(),
                    speech: o.speech.clone(),
                    action: action_spec(&o.action),
                })
                .collect(),
            on_no_input: Some(action_spec(&self.on_no_input)),
        }
    }
}

/// A prompt in its unchecked shape.
#[must_use]
pub fn prompt_spec(prompt: &Prompt) -> PromptSpec {
    match prompt {
        Prompt::Say {
            text,
            voice,
            language,
        } => PromptSpec::Say {
            text: text.clone(),
            voice: voice.clone(),
            language: language.clone(),
        },
        Prompt::Play { url } => PromptSpec::Play {
            url: url.as_str().to_owned(),
        },
    }
}

fn action_spec(action: &MenuAction) -> ActionSpec {
    let mut spec = ActionSpec {
        kind: action.kind().to_owned(),
        ..ActionSpec::default()
    };
    match action {
        MenuAction::Forward { to } => spec.to = Some(to.to_string()),
        MenuAction::Say { text } => spec.say = Some(text.clone()),
        MenuAction::Menu(menu) => spec.menu = Some(Box::new(menu.to_spec())),
        MenuAction::Client | MenuAction::Voicemail | MenuAction::Repeat | MenuAction::Hangup => {}
    }
    spec
}

/// Checks a prompt given in its unchecked shape.
///
/// # Errors
/// [`InvalidPrompt`] as [`Prompt::say`] and [`Prompt::play`] do.
pub fn check_prompt(spec: &PromptSpec) -> Result<Prompt, InvalidPrompt> {
    match spec {
        PromptSpec::Say {
            text,
            voice,
            language,
        } => Prompt::say(text, voice.as_deref(), language.as_deref()),
        PromptSpec::Play { url } => Prompt::play(url),
    }
}

fn check_menu(spec: &MenuSpec, at: &str, level: usize) -> Result<IvrMenu, InvalidMenu> {
    let prompt = spec
        .prompt
        .as_ref()
        .ok_or_else(|| invalid(format!("{at}prompt"), "is required"))?;
    let prompt =
        check_prompt(prompt).map_err(|e| invalid(format!("{at}prompt.{}", e.field), e.reason))?;
    let input = match spec.input.as_deref() {
        None => MenuInput::Dtmf,
        Some(raw) => MenuInput::parse(raw).ok_or_else(|| {
            invalid(
                format!("{at}input"),
                "must be \"dtmf\", \"speech\" or \"dtmf speech\"",
            )
        })?,
    };
    let timeout = bounded(
        &format!("{at}timeout"),
        spec.timeout,
        (1, 30),
        DEFAULT_TIMEOUT,
    )?;
    let max_attempts = bounded(
        &format!("{at}maxAttempts"),
        spec.max_attempts,
        (1, 10),
        DEFAULT_MAX_ATTEMPTS,
    )?;
    if spec.options.is_empty() || spec.options.len() > MAX_OPTIONS {
        return Err(invalid(
            format!("{at}options"),
            format!("must hold 1 to {MAX_OPTIONS} options"),
        ));
    }
    let mut seen = HashSet::new();
    let mut options = Vec::with_capacity(spec.options.len());
    for (i, option) in spec.options.iter().enumerate() {
        let here = format!("{at}options[{i}].");
        let digits = Keys::parse(&option.digits).ok_or_else(|| {
            invalid(
                format!("{here}digits"),
                "must be 1 to 4 of the keys 0-9, * and #",
            )
        })?;
        if !seen.insert(digits.clone()) {
            return Err(invalid(
                format!("{here}digits"),
                format!("\"{}\" is already another option's", digits.as_str()),
            ));
        }
        let speech = option
            .speech
            .as_deref()
            .map(|s| checked_text("speech", s, MAX_SPEECH).map(|s| s.trim().to_owned()))
            .transpose()
            .map_err(|e| invalid(format!("{here}speech"), e.reason))?;
        if speech.is_none() && input == MenuInput::Speech {
            return Err(invalid(
                format!("{here}speech"),
                "is required when the menu takes speech only",
            ));
        }
        let action = check_action(&option.action, &format!("{here}action."), level)?;
        options.push(MenuOption {
            digits,
            speech,
            action,
        });
    }
    let on_no_input = match &spec.on_no_input {
        None => MenuAction::Voicemail,
        Some(action) => {
            let field = format!("{at}onNoInput.");
            let action = check_action(action, &field, level)?;
            if matches!(
                action,
                MenuAction::Say { .. } | MenuAction::Repeat | MenuAction::Menu(_)
            ) {
                return Err(invalid(
                    format!("{field}type"),
                    "must leave the menu: forward, client, voicemail or hangup",
                ));
            }
            action
        }
    };
    Ok(IvrMenu {
        prompt,
        input,
        timeout,
        max_attempts,
        options,
        on_no_input,
    })
}

fn check_action(spec: &ActionSpec, at: &str, level: usize) -> Result<MenuAction, InvalidMenu> {
    Ok(match spec.kind.as_str() {
        "forward" => {
            let to = spec
                .to
                .as_deref()
                .ok_or_else(|| invalid(format!("{at}to"), "is required"))?;
            let to = PhoneNumber::normalize(to)
                .map_err(|e| invalid(format!("{at}to"), e.to_string()))?;
            MenuAction::Forward { to }
        }
        "client" => MenuAction::Client,
        "voicemail" => MenuAction::Voicemail,
        "say" => {
            let text = spec
                .say
                .as_deref()
                .ok_or_else(|| invalid(format!("{at}say"), "is required"))?;
            let text = checked_text("say", text, MAX_SAY)
                .map_err(|e| invalid(format!("{at}say"), e.reason))?;
            MenuAction::Say { text }
        }
        "menu" => {
            let menu = spec
                .menu
                .as_deref()
                .ok_or_else(|| invalid(format!("{at}menu"), "is required"))?;
            if level >= MAX_DEPTH {
                return Err(invalid(
                    format!("{at}menu"),
                    format!("menus nest at most {MAX_DEPTH} levels"),
                ));
            }
            MenuAction::Menu(Box::new(check_menu(
                menu,
                &format!("{at}menu."),
                level + 1,
            )?))
        }
        "repeat" => MenuAction::Repeat,
        "hangup" => MenuAction::Hangup,
        _ => {
            return Err(invalid(
                format!("{at}type"),
                "must be forward, client, voicemail, say, menu, repeat or hangup",
            ));
        }
    })
}
