//! What a call should do next, independent of TwiML: the routing rules produce a plan, the
//! TwiML adapter renders it.

/// One instruction of a call plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallStep {
    /// Play the audio at this absolute URL.
    Play {
        /// An absolute http(s) URL.
        url: String,
    },
    /// Speak this text.
    Say {
        /// The text, spoken as is.
        text: String,
    },
    /// End the call.
    Hangup,
}

/// The ordered steps a call follows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CallPlan {
    /// The steps, in order.
    pub steps: Vec<CallStep>,
}

impl CallPlan {
    /// The short message a caller hears when the number has nothing active.
    pub const NOT_IN_SERVICE_MESSAGE: &'static str =
        "This number is not active right now. Goodbye.";

    /// Play a greeting, then hang up.
    #[must_use]
    pub fn greeting(url: &str) -> Self {
        Self {
            steps: vec![
                CallStep::Play {
                    url: url.to_owned(),
                },
                CallStep::Hangup,
            ],
        }
    }

    /// Say that the number is not active, then hang up.
    #[must_use]
    pub fn not_in_service() -> Self {
        Self {
            steps: vec![
                CallStep::Say {
                    text: Self::NOT_IN_SERVICE_MESSAGE.to_owned(),
                },
                CallStep::Hangup,
            ],
        }
    }
}
