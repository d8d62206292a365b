//! IVR menus: a prompt inside `<Gather>`, the keys (or words) that pick an option, and what
//! each option does. An [`IvrMenu`] is only built by [`IvrMenu::from_spec`], which checks
//! every rule, so a menu that exists is a menu that can run.

use crate::PhoneNumber;
use crate::call_plan::{MenuInput, MenuPath, Prompt};

pub use crate::call_plan::{MAX_DEPTH, MAX_OPTIONS};

/// The most keys one option takes.
pub const MAX_KEYS: usize = 4;

/// 1 to 4 keypad keys (`0`-`9`, `*`, `#`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Keys(String);

impl Keys {
    /// Parses keys.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        ((1..=MAX_KEYS).contains(&input.len())
            && input
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'*' || b == b'#'))
        .then(|| Self(input.to_owned()))
    }

    /// The keys.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// How many keys.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Never true: keys are at least one.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What picking an option (or not answering) does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuAction {
    /// Dial a number; a failed dial goes to voicemail.
    Forward {
        /// The number.
        to: PhoneNumber,
    },
    /// Ring the owner's browser, with the number's busy and no-answer rules behind it.
    Client,
    /// Take a voicemail.
    Voicemail,
    /// Say something, then play the menu again.
    Say {
        /// What is said (1 to 1,000 characters).
        text: String,
    },
    /// Enter a submenu.
    Menu(Box<IvrMenu>),
    /// Play the menu again.
    Repeat,
    /// End the call.
    Hangup,
}

impl MenuAction {
    /// The API's name of the action.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Forward { .. } => "forward",
            Self::Client => "client",
            Self::Voicemail => "voicemail",
            Self::Say { .. } => "say",
            Self::Menu(_) => "menu",
            Self::Repeat => "repeat",
            Self::Hangup => "hangup",
        }
    }
}

/// One choice of a menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuOption {
    /// The keys that pick it (unique within the menu).
    pub digits: Keys,
    /// Words that pick it when spoken (matched case-insensitively within what was said).
    pub speech: Option<String>,
    /// What it does.
    pub action: MenuAction,
}

/// A checked menu (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IvrMenu {
    pub(super) prompt: Prompt,
    pub(super) input: MenuInput,
    pub(super) timeout: u32,
    pub(super) max_attempts: u32,
    pub(super) options: Vec<MenuOption>,
    pub(super) on_no_input: MenuAction,
}

impl IvrMenu {
    /// What the caller hears.
    #[must_use]
    pub fn prompt(&self) -> &Prompt {
        &self.prompt
    }

    /// How the caller answers.
    #[must_use]
    pub fn input(&self) -> MenuInput {
        self.input
    }

    /// Seconds of silence before the menu counts as unanswered.
    #[must_use]
    pub fn timeout(&self) -> u32 {
        self.timeout
    }

    /// How many misses (invalid or no input) before `on_no_input`.
    #[must_use]
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The options, in the order given.
    #[must_use]
    pub fn options(&self) -> &[MenuOption] {
        &self.options
    }

    /// What happens after `max_attempts` misses.
    #[must_use]
    pub fn on_no_input(&self) -> &MenuAction {
        &self.on_no_input
    }

    /// The longest option's number of keys (`<Gather numDigits>`).
    #[must_use]
    pub fn num_digits(&self) -> u32 {
        let longest = self.options.iter().map(|o| o.digits.len()).max();
        u32::try_from(longest.unwrap_or(1)).unwrap_or(1)
    }

    /// The option `digits` picks, or whose words `speech` contains.
    #[must_use]
    pub fn pick(&self, digits: Option<&str>, speech: Option<&str>) -> Option<(usize, &MenuOption)> {
        let digits = digits.map(str::trim).filter(|d| !d.is_empty());
        if let Some(digits) = digits.filter(|_| self.input.takes_dtmf()) {
            return self
                .options
                .iter()
                .enumerate()
                .find(|(_, o)| o.digits.as_str() == digits);
        }
        let said = speech.filter(|_| self.input.takes_speech())?.to_lowercase();
        self.options.iter().enumerate().find(|(_, o)| {
            o.speech
                .as_deref()
                .is_some_and(|words| said.contains(&words.to_lowercase()))
        })
    }

    /// The submenu `path` leads to from this menu, if every step is a submenu option.
    #[must_use]
    pub fn at(&self, path: &MenuPath) -> Option<&Self> {
        path.steps().iter().try_fold(self, |menu, &step| {
            match &menu.options.get(usize::from(step))?.action {
                MenuAction::Menu(sub) => Some(sub.as_ref()),
                _ => None,
            }
        })
    }
}
