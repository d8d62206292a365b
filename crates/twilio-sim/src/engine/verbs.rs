//! Stepping through a document's verbs: the ones that only play or end something live
//! here; `<Gather>`, `<Dial>` and `<Record>` have their own modules.

use crate::transcript::Step;
use crate::twiml::{Document, Pause, Play, Prompt, Say, Verb};

use super::clock::speaking_time;
use super::fetch::resolve;
use super::{Ending, Flow, Run};

impl Run<'_> {
    /// Carries out `document` (fetched from `url`) verb by verb, until a verb ends the call
    /// or replaces the document; running out of verbs ends the call.
    pub(super) async fn execute(&mut self, document: &Document, url: &str) -> Flow {
        for (index, verb) in document.verbs.iter().enumerate() {
            if !self.is_live() {
                return Flow::End(Ending::Gone);
            }
            // Twilio picks up for any verb but a `<Reject>`; `answerOnBridge` defers it to
            // the bridge.
            let defers_answer = match verb {
                Verb::Reject(_) => true,
                Verb::Dial(dial) => dial.answer_on_bridge,
                _ => false,
            };
            if !defers_answer {
                self.answer().await;
            }
            let flow = match verb {
                Verb::Say(say) => self.say(say),
                Verb::Play(play) => self.play(play, url),
                Verb::Pause(pause) => self.pause(*pause),
                Verb::Gather(gather) => self.gather(gather, url).await,
                Verb::Dial(dial) => self.dial(dial, url).await,
                Verb::Record(record) => self.record(record, url).await,
                Verb::Redirect(redirect) => match resolve(url, &redirect.url) {
                    Ok(target) => {
                        self.steps.push(Step::Redirected {
                            url: target.clone(),
                        });
                        Flow::Fetch(self.request(target, redirect.method, Vec::new()))
                    }
                    Err(error) => Flow::End(Ending::ApplicationError(error)),
                },
                Verb::Hangup => {
                    self.steps.push(Step::HungUp);
                    Flow::End(Ending::Completed)
                }
                Verb::Reject(reject) if index == 0 && !self.answered => {
                    Flow::End(Ending::Rejected(reject.reason))
                }
                // Later, the call is already answered: it simply ends.
                Verb::Reject(reject) => {
                    self.steps.push(Step::Rejected {
                        reason: reject.reason.as_str().to_owned(),
                    });
                    Flow::End(Ending::Completed)
                }
            };
            match flow {
                Flow::Next => {}
                other => return other,
            }
        }
        self.steps.push(Step::DocumentEnded);
        Flow::End(Ending::Completed)
    }

    /// Plays the prompts of a `<Gather>`.
    pub(super) fn prompts(&mut self, prompts: &[Prompt], url: &str) -> Flow {
        for prompt in prompts {
            let flow = match prompt {
                Prompt::Say(say) => self.say(say),
                Prompt::Play(play) => self.play(play, url),
                Prompt::Pause(pause) => self.pause(*pause),
            };
            if !matches!(flow, Flow::Next) {
                return flow;
            }
        }
        Flow::Next
    }

    /// `<Say>`: the text's speaking time per loop; `loop="0"` repeats until the caller
    /// hangs up, which the simulated caller does after one pass.
    fn say(&mut self, say: &Say) -> Flow {
        self.steps.push(Step::Said {
            text: say.text.clone(),
            loops: say.loops,
        });
        self.clock
            .advance(speaking_time(&say.text).saturating_mul(say.loops.max(1)));
        self.after_loop(say.loops)
    }

    /// `<Play>`: a second per loop (the stand-in does not fetch the audio).
    fn play(&mut self, play: &Play, url: &str) -> Flow {
        let audio = match play.url.as_deref().map(|u| resolve(url, u)).transpose() {
            Ok(audio) => audio,
            Err(error) => return Flow::End(Ending::ApplicationError(error)),
        };
        self.steps.push(Step::Played {
            url: audio,
            digits: play.digits.clone(),
            loops: play.loops,
        });
        self.clock.advance(play.loops.max(1));
        self.after_loop(play.loops)
    }

    /// `<Pause>`.
    fn pause(&mut self, pause: Pause) -> Flow {
        self.steps.push(Step::Paused {
            seconds: pause.length,
        });
        self.clock.advance(pause.length);
        Flow::Next
    }

    /// After a loop of `loops`: 0 loops until the caller hangs up.
    fn after_loop(&mut self, loops: u32) -> Flow {
        if loops == 0 {
            self.steps.push(Step::CallerHungUp);
            return Flow::End(Ending::Completed);
        }
        Flow::Next
    }
}
