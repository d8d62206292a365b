//! `<Gather>`: plays its prompts, then takes the script's next digits or speech, or times
//! out and falls through to the next verb (Twilio does not request the action on silence,
//! unless `actionOnEmptyResult`).

use crate::transcript::Step;
use crate::twiml::Gather;

use super::fetch::resolve;
use super::{Ending, Flow, Run};

/// The `Confidence` sent with a scripted `SpeechResult`.
const SPEECH_CONFIDENCE: &str = "0.92";

/// What the caller gave a Gather.
enum Input {
    Digits(String),
    Speech(String),
}

impl Run<'_> {
    /// `<Gather>` in the document at `url`.
    pub(super) async fn gather(&mut self, gather: &Gather, url: &str) -> Flow {
        let played = self.prompts(&gather.prompts, url);
        if !matches!(played, Flow::Next) {
            return played;
        }
        let action = match resolve(url, gather.action.as_deref().unwrap_or(url)) {
            Ok(action) => action,
            Err(error) => return Flow::End(Ending::ApplicationError(error)),
        };
        let input = self.input_for(gather);
        let extra = match input {
            Some(Input::Digits(digits)) => {
                self.clock
                    .advance(u32::try_from(digits.len()).unwrap_or(u32::MAX).max(1));
                self.steps.push(Step::Gathered {
                    digits: Some(digits.clone()),
                    speech: None,
                });
                vec![("Digits".to_owned(), digits)]
            }
            Some(Input::Speech(words)) => {
                self.clock.advance(super::clock::speaking_time(&words) + 1);
                self.steps.push(Step::Gathered {
                    digits: None,
                    speech: Some(words.clone()),
                });
                vec![
                    ("SpeechResult".to_owned(), words),
                    ("Confidence".to_owned(), SPEECH_CONFIDENCE.to_owned()),
                ]
            }
            None => {
                self.clock.advance(gather.timeout);
                self.steps.push(Step::GatherTimedOut {
                    seconds: gather.timeout,
                    action_requested: gather.action_on_empty_result,
                });
                if !gather.action_on_empty_result {
                    return Flow::Next;
                }
                Vec::new()
            }
        };
        Flow::Fetch(self.request(action, gather.method, extra))
    }

    /// The script's input for `gather`: the next digits if it takes DTMF and some are left
    /// (cut at `finishOnKey` and `numDigits`), else the next speech if it takes speech.
    /// Digits that come to nothing (only the finish key) are no input.
    fn input_for(&mut self, gather: &Gather) -> Option<Input> {
        if gather.dtmf
            && let Some(entry) = self.caller.digits.pop_front()
        {
            let mut digits = String::new();
            for key in entry.chars() {
                if Some(key) == gather.finish_on_key {
                    break;
                }
                if key.is_ascii_digit() || matches!(key, '*' | '#') {
                    digits.push(key);
                }
                if gather
                    .num_digits
                    .is_some_and(|n| digits.len() >= n as usize)
                {
                    break;
                }
            }
            return (!digits.is_empty()).then_some(Input::Digits(digits));
        }
        if gather.speech
            && let Some(words) = self.caller.speech.pop_front()
        {
            return Some(Input::Speech(words));
        }
        None
    }
}
