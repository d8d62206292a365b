//! The JSON of prompts and IVR menus, both ways; the domain checks them.

use serde::{Deserialize, Serialize};
use switchboard_domain::Prompt;
use switchboard_domain::routing::{
    ActionSpec, MenuSpec, OptionSpec, PromptSpec, check_prompt, prompt_spec,
};

use crate::input::invalid;
use crate::problem::ApiError;

/// Spoken text (`say`, with an optional `voice` and `language`) or audio (`play`): one of the two.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = Prompt)]
pub(crate) struct PromptBody {
    /// Text to speak (1 to 1,000 characters).
    #[schema(
        min_length = 1,
        max_length = 1000,
        example = "Thanks for calling. Press 1 for sales."
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    say: Option<String>,
    /// Twilio's voice for `say` (`alice`, `Polly.Joanna`, ...).
    #[schema(min_length = 1, max_length = 64, pattern = r"^[A-Za-z0-9._-]+$")]
    #[serde(skip_serializing_if = "Option::is_none")]
    voice: Option<String>,
    /// The language of `say`, such as `en-US`.
    #[schema(min_length = 1, max_length = 16, pattern = r"^[A-Za-z0-9._-]+$")]
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<String>,
    /// An absolute http(s) URL of audio to play.
    #[schema(max_length = 2048, example = "https://example.com/greeting.mp3")]
    #[serde(skip_serializing_if = "Option::is_none")]
    play: Option<String>,
}

impl PromptBody {
    fn spec(self, field: &str) -> Result<PromptSpec, ApiError> {
        match (self.say, self.play) {
            (Some(text), None) => Ok(PromptSpec::Say {
                text,
                voice: self.voice,
                language: self.language,
            }),
            (None, Some(url)) if self.voice.is_none() && self.language.is_none() => {
                Ok(PromptSpec::Play { url })
            }
            (None, Some(_)) => Err(invalid(field, "voice and language go with say, not play")),
            _ => Err(invalid(field, "must have either say or play")),
        }
    }

    /// The checked prompt; errors name `field`'s parts.
    pub(crate) fn into_prompt(self, field: &str) -> Result<Prompt, ApiError> {
        check_prompt(&self.spec(field)?)
            .map_err(|e| invalid(&format!("{field}.{}", e.field), e.reason))
    }

    pub(crate) fn from_spec(spec: PromptSpec) -> Self {
        match spec {
            PromptSpec::Say {
                text,
                voice,
                language,
            } => Self {
                say: Some(text),
                voice,
                language,
                play: None,
            },
            PromptSpec::Play { url } => Self {
                say: None,
                voice: None,
                language: None,
                play: Some(url),
            },
        }
    }

    pub(crate) fn from_prompt(prompt: &Prompt) -> Self {
        Self::from_spec(prompt_spec(prompt))
    }
}

/// What an option does: `forward` (with `to`), `client`, `voicemail`, `say` (with `say`),
/// `menu` (with `menu`), `repeat` or `hangup`.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = MenuAction)]
pub(crate) struct ActionBody {
    /// The action.
    #[serde(rename = "type")]
    #[schema(example = "forward")]
    kind: ActionKind,
    /// For `forward`: the number, normalised as a call's `to`.
    #[schema(example = "+14155550123")]
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<String>,
    /// For `say`: what is said before the menu plays again.
    #[schema(min_length = 1, max_length = 1000)]
    #[serde(skip_serializing_if = "Option::is_none")]
    say: Option<String>,
    /// For `menu`: the submenu (menus nest at most 5 levels).
    #[schema(no_recursion)]
    #[serde(skip_serializing_if = "Option::is_none")]
    menu: Option<Box<MenuBody>>,
}

/// The kinds of action.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ActionKind {
    /// Dial a number (voicemail if it fails).
    Forward,
    /// Ring the owner's browser.
    Client,
    /// Take a voicemail.
    Voicemail,
    /// Say something, then the menu again.
    Say,
    /// Enter a submenu.
    Menu,
    /// The menu again.
    Repeat,
    /// End the call.
    Hangup,
}

impl ActionKind {
    fn parse(kind: &str) -> Self {
        match kind {
            "forward" => Self::Forward,
            "client" => Self::Client,
            "voicemail" => Self::Voicemail,
            "say" => Self::Say,
            "menu" => Self::Menu,
            "repeat" => Self::Repeat,
            _ => Self::Hangup,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Forward => "forward",
            Self::Client => "client",
            Self::Voicemail => "voicemail",
            Self::Say => "say",
            Self::Menu => "menu",
            Self::Repeat => "repeat",
            Self::Hangup => "hangup",
        }
    }
}

/// One choice of a menu.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = MenuOption)]
pub(crate) struct OptionBody {
    /// 1 to 4 keys of `0-9`, `*` and `#`, unique within the menu.
    #[schema(pattern = r"^[0-9*#]{1,4}$", example = "1")]
    digits: String,
    /// Words that pick the option when said (case-insensitive, within what was said).
    #[schema(min_length = 1, max_length = 100, example = "sales")]
    #[serde(skip_serializing_if = "Option::is_none")]
    speech: Option<String>,
    /// What it does.
    action: ActionBody,
}

/// An IVR menu: the prompt inside `<Gather>`, its options, and what happens after
/// `maxAttempts` misses.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schema(as = IvrMenu)]
pub(crate) struct MenuBody {
    /// What the caller hears.
    prompt: PromptBody,
    /// `dtmf` (default), `speech` or `dtmf speech`.
    #[schema(example = "dtmf")]
    #[serde(skip_serializing_if = "Option::is_none")]
    input: Option<String>,
    /// Seconds of silence before the menu counts as unanswered (1 to 30, default 5).
    #[schema(minimum = 1, maximum = 30)]
    #[serde(skip_serializing_if = "Option::is_none")]
    timeout: Option<i64>,
    /// Misses (invalid keys or silence) before `onNoInput` (1 to 10, default 3).
    #[schema(minimum = 1, maximum = 10)]
    #[serde(skip_serializing_if = "Option::is_none")]
    max_attempts: Option<i64>,
    /// 1 to 12 options.
    #[schema(min_items = 1, max_items = 12)]
    options: Vec<OptionBody>,
    /// After the last miss: `forward`, `client`, `voicemail` (default) or `hangup`.
    #[serde(skip_serializing_if = "Option::is_none")]
    on_no_input: Option<ActionBody>,
}

impl ActionBody {
    fn spec(self, field: &str) -> Result<ActionSpec, ApiError> {
        Ok(ActionSpec {
            kind: self.kind.as_str().to_owned(),
            to: self.to,
            say: self.say,
            menu: self
                .menu
                .map(|m| m.spec(&format!("{field}.menu.")).map(Box::new))
                .transpose()?,
        })
    }

    fn from_spec(spec: ActionSpec) -> Self {
        Self {
            kind: ActionKind::parse(&spec.kind),
            to: spec.to,
            say: spec.say,
            menu: spec.menu.map(|m| Box::new(MenuBody::from_spec(*m))),
        }
    }
}

impl MenuBody {
    /// The menu in the domain's unchecked shape; `at` prefixes field names (`""` at the top).
    pub(crate) fn spec(self, at: &str) -> Result<MenuSpec, ApiError> {
        Ok(MenuSpec {
            prompt: Some(self.prompt.spec(&format!("{at}prompt"))?),
            input: self.input,
            timeout: self.timeout,
            max_attempts: self.max_attempts,
            options: self
                .options
                .into_iter()
                .enumerate()
                .map(|(i, o)| {
                    Ok(OptionSpec {
                        digits: o.digits,
                        speech: o.speech,
                        action: o.action.spec(&format!("{at}options[{i}].action"))?,
                    })
                })
                .collect::<Result<_, ApiError>>()?,
            on_no_input: self
                .on_no_input
                .map(|a| a.spec(&format!("{at}onNoInput")))
                .transpose()?,
        })
    }

    /// The body of a menu.
    pub(crate) fn from_spec(spec: MenuSpec) -> Self {
        Self {
            prompt: PromptBody::from_spec(
                spec.prompt
                    .unwrap_or(PromptSpec::Play { url: String::new() }),
            ),
            input: spec.input,
            timeout: spec.timeout,
            max_attempts: spec.max_attempts,
            options: spec
                .options
                .into_iter()
                .map(|o| OptionBody {
                    digits: o.digits,
                    speech: o.speech,
                    action: ActionBody::from_spec(o.action),
                })
                .collect(),
            on_no_input: spec.on_no_input.map(ActionBody::from_spec),
        }
    }
}
