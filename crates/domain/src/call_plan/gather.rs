//! A `<Gather>`'s input kinds, and where in a menu tree a caller is (carried in callback
//! URLs, so routing needs no session state).

use std::fmt;

/// The deepest nesting of menus: the top menu is level 1.
pub const MAX_DEPTH: usize = 5;
/// The most options one menu has.
pub const MAX_OPTIONS: usize = 12;

/// How the caller answers a menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuInput {
    /// Keypad only.
    Dtmf,
    /// Spoken words only.
    Speech,
    /// Either.
    DtmfSpeech,
}

impl MenuInput {
    /// The API's and TwiML's spelling: `dtmf`, `speech` or `dtmf speech`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dtmf => "dtmf",
            Self::Speech => "speech",
            Self::DtmfSpeech => "dtmf speech",
        }
    }

    /// Parses `dtmf`, `speech`, or both separated by a space (in either order).
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        let mut words: Vec<&str> = input.split_whitespace().collect();
        words.sort_unstable();
        words.dedup();
        match words.as_slice() {
            ["dtmf"] => Some(Self::Dtmf),
            ["speech"] => Some(Self::Speech),
            ["dtmf", "speech"] => Some(Self::DtmfSpeech),
            _ => None,
        }
    }

    /// Whether keys are listened for.
    #[must_use]
    pub fn takes_dtmf(self) -> bool {
        matches!(self, Self::Dtmf | Self::DtmfSpeech)
    }

    /// Whether speech is listened for.
    #[must_use]
    pub fn takes_speech(self) -> bool {
        matches!(self, Self::Speech | Self::DtmfSpeech)
    }
}

/// Where a caller is in a menu tree: the option indexes taken from the top menu (empty at
/// the top). Written `2.0` (option 2's submenu, then its option 0's), or empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct MenuPath(Vec<u8>);

impl MenuPath {
    /// The top menu.
    #[must_use]
    pub fn top() -> Self {
        Self(Vec::new())
    }

    /// Parses the written form; `None` when it is not dot-separated option indexes below
    /// [`MAX_OPTIONS`], at most [`MAX_DEPTH`] - 1 deep.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        if input.is_empty() {
            return Some(Self::top());
        }
        let steps = input
            .split('.')
            .map(|s| {
                s.parse::<u8>()
                    .ok()
                    .filter(|&i| usize::from(i) < MAX_OPTIONS && s.len() <= 2)
            })
            .collect::<Option<Vec<u8>>>()?;
        (steps.len() < MAX_DEPTH).then_some(Self(steps))
    }

    /// The submenu of option `index` of this menu.
    #[must_use]
    pub fn child(&self, index: usize) -> Self {
        let mut steps = self.0.clone();
        steps.push(u8::try_from(index).unwrap_or(u8::MAX));
        Self(steps)
    }

    /// The option indexes.
    #[must_use]
    pub fn steps(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Display for MenuPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{step}")?;
        }
        Ok(())
    }
}
