//! What the TwiML engine did on a call, as data: every document requested and what came
//! back, what each verb did, the callbacks sent, and how the call ended. It prints as the
//! lines `switchboard simulate call` shows.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::twiml::TwimlError;

/// One thing that happened on the call, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Step {
    /// A TwiML document was requested (the voice webhook, an `action`, a `<Redirect>`).
    Document {
        /// The URL as signed (before any routing).
        url: String,
        /// `GET` or `POST`.
        method: String,
        /// The app's HTTP status, `None` when the request failed.
        status: Option<u16>,
        /// The body the app answered.
        body: String,
        /// Why the request failed, if it did.
        error: Option<String>,
    },
    /// `<Say>`.
    Said {
        /// The text.
        text: String,
        /// `loop` (0: until the call ended).
        loops: u32,
    },
    /// `<Play>` of a URL, or of DTMF `digits`.
    Played {
        /// The audio URL (resolved), if any.
        url: Option<String>,
        /// The DTMF tones, if any.
        digits: Option<String>,
        /// `loop`.
        loops: u32,
    },
    /// `<Pause>`.
    Paused {
        /// Seconds.
        seconds: u32,
    },
    /// A `<Gather>` got input.
    Gathered {
        /// The keys (`Digits`), when the caller pressed some.
        digits: Option<String>,
        /// The words (`SpeechResult`), when the caller spoke.
        speech: Option<String>,
    },
    /// A `<Gather>` got nothing within its timeout.
    GatherTimedOut {
        /// Its timeout in seconds.
        seconds: u32,
        /// Whether it requested its action anyway (`actionOnEmptyResult`).
        action_requested: bool,
    },
    /// A `<Dial>` ended.
    Dialled {
        /// What was rung (numbers, `client:identity`).
        targets: Vec<String>,
        /// `DialCallStatus`: `completed`, `busy` or `no-answer`.
        outcome: String,
        /// Seconds of ringing.
        rang_seconds: u32,
        /// Seconds talked on the answered leg.
        talked_seconds: u32,
        /// The legs' SIDs, in target order.
        legs: Vec<String>,
    },
    /// A `<Record>` made a recording.
    Recorded {
        /// The recording's SID.
        recording_sid: String,
        /// Its length.
        seconds: u32,
    },
    /// A `<Record>` heard nothing: the recording is `absent`.
    RecordedNothing {
        /// The recording's SID.
        recording_sid: String,
    },
    /// `<Redirect>`.
    Redirected {
        /// The URL (resolved).
        url: String,
    },
    /// `<Hangup/>`.
    HungUp,
    /// The document ended: Twilio hangs up.
    DocumentEnded,
    /// `<Reject>`.
    Rejected {
        /// `rejected` or `busy`.
        reason: String,
    },
    /// A `<Say loop="0">` or `<Play loop="0">` repeats until the caller hangs up, which the
    /// simulated caller does.
    CallerHungUp,
    /// The call ended with an application error: the caller hears "An application error
    /// has occurred".
    ApplicationError {
        /// Twilio's error code (12100, 12200, 11200, ...).
        code: u32,
        /// Why.
        message: String,
    },
    /// A status or recording callback was sent.
    Callback {
        /// `call-status` or `recording-status`.
        callback: String,
        /// The URL.
        url: String,
        /// The app's status, `None` when the request failed.
        status: Option<u16>,
    },
}

/// Everything the engine did on one call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transcript {
    /// The call.
    pub call_sid: String,
    /// What happened, in order.
    pub steps: Vec<Step>,
    /// The call's status at the end (`completed`, `busy`, `no-answer`, `failed`; for a REST
    /// call the engine does not end, `in-progress`).
    pub status: String,
    /// The call's duration in seconds (virtual time: ring, prompts, recordings, talk).
    pub duration: u32,
    /// The application error that ended the call, if one did.
    pub error: Option<TwimlError>,
}

impl Transcript {
    /// The TwiML documents the app returned, in order (their bodies).
    #[must_use]
    pub fn documents(&self) -> Vec<&str> {
        self.steps
            .iter()
            .filter_map(|s| match s {
                Step::Document { body, .. } => Some(body.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Whether the call ran to its end without an application error.
    #[must_use]
    pub fn ran_to_end(&self) -> bool {
        self.error.is_none()
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Document {
                url,
                method,
                status,
                body,
                error,
            } => {
                match (status, error) {
                    (Some(status), _) => writeln!(f, "{method} {url} -> {status}")?,
                    (None, error) => writeln!(
                        f,
                        "{method} {url} -> failed: {}",
                        error.as_deref().unwrap_or("no answer")
                    )?,
                }
                for line in body.trim_end().lines() {
                    writeln!(f, "    {line}")?;
                }
                Ok(())
            }
            Self::Said { text, loops } => {
                writeln!(f, "  said \"{text}\"{}", times(*loops))
            }
            Self::Played { url, digits, loops } => match (url, digits) {
                (Some(url), _) => writeln!(f, "  played {url}{}", times(*loops)),
                (None, digits) => writeln!(
                    f,
                    "  played the tones \"{}\"",
                    digits.as_deref().unwrap_or_default()
                ),
            },
            Self::Paused { seconds } => writeln!(f, "  paused {seconds} s"),
            Self::Gathered { digits, speech } => match (digits, speech) {
                (Some(digits), _) => writeln!(f, "  gathered digits \"{digits}\""),
                (None, speech) => writeln!(
                    f,
                    "  gathered speech \"{}\"",
                    speech.as_deref().unwrap_or_default()
                ),
            },
            Self::GatherTimedOut {
                seconds,
                action_requested,
            } => {
                let then = if *action_requested {
                    "requesting the action anyway"
                } else {
                    "falling through"
                };
                writeln!(f, "  gather timed out after {seconds} s, {then}")
            }
            Self::Dialled {
                targets,
                outcome,
                rang_seconds,
                talked_seconds,
                legs,
            } => {
                let targets = targets.join(", ");
                let legs = legs.join(", ");
                if outcome == "completed" {
                    writeln!(
                        f,
                        "  dialled {targets} -> answered after {rang_seconds} s, talked \
                         {talked_seconds} s ({legs})"
                    )
                } else {
                    writeln!(
                        f,
                        "  dialled {targets} -> {outcome} after {rang_seconds} s ({legs})"
                    )
                }
            }
            Self::Recorded {
                recording_sid,
                seconds,
            } => writeln!(f, "  recorded {seconds} s as {recording_sid}"),
            Self::RecordedNothing { recording_sid } => {
                writeln!(f, "  recorded nothing ({recording_sid} is absent)")
            }
            Self::Redirected { url } => writeln!(f, "  redirected to {url}"),
            Self::HungUp => writeln!(f, "  hung up"),
            Self::DocumentEnded => writeln!(f, "  the document ended: hung up"),
            Self::Rejected { reason } => writeln!(f, "  rejected the call ({reason})"),
            Self::CallerHungUp => writeln!(f, "  the caller hung up during the loop"),
            Self::ApplicationError { code, message } => writeln!(
                f,
                "  application error {code}: {message} (the caller hears \"An application \
                 error has occurred\")"
            ),
            Self::Callback {
                callback,
                url,
                status,
            } => match status {
                Some(status) => writeln!(f, "  sent the {callback} callback to {url} -> {status}"),
                None => writeln!(f, "  sent the {callback} callback to {url} -> failed"),
            },
        }
    }
}

/// ` (N times)` for a loop count other than 1.
fn times(loops: u32) -> String {
    match loops {
        1 => String::new(),
        0 => " (looping)".to_owned(),
        n => format!(" ({n} times)"),
    }
}

impl fmt::Display for Transcript {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for step in &self.steps {
            write!(f, "{step}")?;
        }
        write!(
            f,
            "call {} {} after {} s",
            self.call_sid, self.status, self.duration
        )
    }
}
