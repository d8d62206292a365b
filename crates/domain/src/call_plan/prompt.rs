//! What a caller hears from a menu or a voicemail greeting: spoken text or an audio file.

use crate::voicemail::GreetingUrl;

/// Spoken text or audio played to the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// `<Say>`.
    Say {
        /// 1 to 1,000 characters.
        text: String,
        /// Twilio's voice name (`alice`, `Polly.Joanna`, ...).
        voice: Option<String>,
        /// A language tag such as `en-US`.
        language: Option<String>,
    },
    /// `<Play>` of an absolute http(s) URL.
    Play {
        /// The audio.
        url: GreetingUrl,
    },
}

/// Why a prompt is not valid, with the field at fault (relative to the prompt).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct InvalidPrompt {
    /// `say`, `voice`, `language` or `play`.
    pub field: &'static str,
    /// Why.
    pub reason: String,
}

/// The longest text spoken at once.
pub const MAX_SAY: usize = 1000;

impl Prompt {
    /// Spoken text, checked.
    ///
    /// # Errors
    /// [`InvalidPrompt`] for empty or blank text, text over 1,000 characters or with control
    /// characters, a voice over 64 or a language tag over 16 characters of letters, digits,
    /// `.`, `_` and `-`.
    pub fn say(
        text: &str,
        voice: Option<&str>,
        language: Option<&str>,
    ) -> Result<Self, InvalidPrompt> {
        let text = checked_text("say", text, MAX_SAY)?;
        let token = |field: &'static str, value: Option<&str>, max: usize| {
            value
                .map(|v| {
                    if (1..=max).contains(&v.len())
                        && v.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
                    {
                        Ok(v.to_owned())
                    } else {
                        Err(InvalidPrompt {
                            field,
                            reason: format!("must be 1 to {max} letters, digits, '.', '_' or '-'"),
                        })
                    }
                })
                .transpose()
        };
        Ok(Self::Say {
            text,
            voice: token("voice", voice, 64)?,
            language: token("language", language, 16)?,
        })
    }

    /// Audio at a URL, checked.
    ///
    /// # Errors
    /// [`InvalidPrompt`] unless it is an absolute http(s) URL (see [`GreetingUrl`]).
    pub fn play(url: &str) -> Result<Self, InvalidPrompt> {
        GreetingUrl::parse(url)
            .map(|url| Self::Play { url })
            .map_err(|e| InvalidPrompt {
                field: "play",
                reason: e.to_string(),
            })
    }

    /// Text said in the default voice (the service's own words; not checked).
    #[must_use]
    pub fn spoken(text: &str) -> Self {
        Self::Say {
            text: text.to_owned(),
            voice: None,
            language: None,
        }
    }
}

/// Text of 1..=`max` characters that is not blank and has no control characters other
/// than line breaks.
pub(crate) fn checked_text(
    field: &'static str,
    text: &str,
    max: usize,
) -> Result<String, InvalidPrompt> {
    let reason = if text.trim().is_empty() {
        Some("must not be empty".to_owned())
    } else if text.chars().count() > max {
        Some(format!("must be at most {max} characters"))
    } else if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        Some("must not contain control characters".to_owned())
    } else {
        None
    };
    reason.map_or_else(
        || Ok(text.to_owned()),
        |reason| Err(InvalidPrompt { field, reason }),
    )
}
