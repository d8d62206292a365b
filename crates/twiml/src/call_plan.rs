//! Rendering a domain [`CallPlan`] as voice TwiML.

use switchboard_domain::{CallPlan, CallStep, Callback, DialTarget, MenuInput, Prompt};

use crate::values::{GatherInput, RecordingEvent};
use crate::voice::control::{Hangup, Redirect};
use crate::voice::dial::{Client, Dial, Number};
use crate::voice::gather::Gather;
use crate::voice::prompt::{Play, Say};
use crate::voice::record::Record;
use crate::voice::response::VoiceResponse;

/// Turns a plan's callbacks into absolute URLs (the HTTP layer knows the public base URL
/// and the query each carries).
pub trait CallbackUrls {
    /// The URL Twilio requests for `callback`.
    fn url(&self, callback: &Callback) -> String;
}

/// The `<Response>` for `plan`, each step a verb, in order.
#[must_use]
pub fn call_plan_response(plan: &CallPlan, urls: &dyn CallbackUrls) -> VoiceResponse {
    let mut response = VoiceResponse::new();
    for step in &plan.steps {
        match step {
            CallStep::Play { url } => response.push(Play::new(url.as_str())),
            CallStep::Say { text } => response.push(Say::new(text.as_str())),
            CallStep::Prompt(Prompt::Say {
                text,
                voice,
                language,
            }) => response.push(say(text, voice.as_deref(), language.as_deref())),
            CallStep::Prompt(Prompt::Play { url }) => response.push(Play::new(url.as_str())),
            CallStep::Gather {
                prompt,
                input,
                timeout,
                num_digits,
                action,
            } => {
                let gather = Gather::new()
                    .input(inputs(*input))
                    .action(urls.url(action))
                    .timeout(*timeout)
                    .num_digits(*num_digits);
                response.push(match prompt {
                    Prompt::Say {
                        text,
                        voice,
                        language,
                    } => gather.with(say(text, voice.as_deref(), language.as_deref())),
                    Prompt::Play { url } => gather.with(Play::new(url.as_str())),
                })
            }
            CallStep::Dial {
                target,
                timeout,
                answer_on_bridge,
                action,
            } => {
                let dial = Dial::new().timeout(*timeout).action(urls.url(action));
                let dial = if *answer_on_bridge {
                    dial.answer_on_bridge(true)
                } else {
                    dial
                };
                response.push(match target {
                    DialTarget::Number(n) => dial.with(Number::new(n.as_str())),
                    DialTarget::Client(identity) => dial.with(Client::new(identity.as_str())),
                })
            }
            CallStep::Record {
                max_length,
                action,
                recording_callback,
            } => response.push(
                Record::new()
                    .max_length(*max_length)
                    .play_beep(true)
                    .action(urls.url(action))
                    .recording_status_callback(urls.url(recording_callback))
                    .recording_status_callback_event([
                        RecordingEvent::Completed,
                        RecordingEvent::Absent,
                    ]),
            ),
            CallStep::Redirect { to } => response.push(Redirect::new(urls.url(to))),
            CallStep::Hangup => response.push(Hangup),
        };
    }
    response
}

fn say(text: &str, voice: Option<&str>, language: Option<&str>) -> Say {
    let mut say = Say::new(text);
    if let Some(voice) = voice {
        say = say.voice(voice);
    }
    if let Some(language) = language {
        say = say.language(language);
    }
    say
}

fn inputs(input: MenuInput) -> Vec<GatherInput> {
    match input {
        MenuInput::Dtmf => vec![GatherInput::Dtmf],
        MenuInput::Speech => vec![GatherInput::Speech],
        MenuInput::DtmfSpeech => vec![GatherInput::Dtmf, GatherInput::Speech],
    }
}

/// The TwiML document for `plan`, ready to serve with [`CONTENT_TYPE`](crate::CONTENT_TYPE).
#[must_use]
pub fn render_call_plan(plan: &CallPlan, urls: &dyn CallbackUrls) -> String {
    call_plan_response(plan, urls).to_xml()
}
