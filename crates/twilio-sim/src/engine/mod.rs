//! The TwiML engine: carries a call through the documents the app returns, as Twilio
//! would. It fetches a document (signed, with the standard voice parameters), parses it
//! ([`crate::twiml`]), and steps through its verbs, each a small function (`verbs`,
//! `gather`, `dial`, `record`); an `action` or `<Redirect>` answer replaces the document.
//! Time is virtual ([`clock`]); the caller follows a [`CallScript`]; what happened is kept
//! as a [`Transcript`].
//!
//! Inbound and browser calls are carried to their end (the status callbacks included).
//! For a call created over REST the callee's side is played by its driver (a test, the
//! autopilot, a REST hangup): when it is answered the engine carries out the document
//! (`outbound`), but ending the call stays with the driver.

use std::collections::VecDeque;

use crate::dates::now;
use crate::script::{CallScript, DialOutcome};
use crate::state::Shared;
use crate::transcript::{Step, Transcript};
use crate::twiml::{Method, TwimlError};
use crate::webhooks::{Callback, WebhookReply};

mod clock;
mod dial;
mod ending;
mod fetch;
mod gather;
mod outbound;
mod record;
mod verbs;

use clock::Clock;
pub(crate) use outbound::deliver_running;

/// How many documents one call may fetch before the engine ends it with an application
/// error: a `<Redirect>` loop ends instead of spinning. (Twilio's own bound is not
/// documented; 100 is far beyond any real flow.)
pub const MAX_DOCUMENTS: usize = 100;

/// Twilio's 11200 "HTTP retrieval failure": a TwiML request failed or was not answered 2xx.
const HTTP_RETRIEVAL_FAILURE: u32 = 11200;

/// A TwiML request the engine is about to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    /// The absolute URL (as signed).
    url: String,
    /// `GET` or `POST`.
    method: Method,
    /// Every parameter sent.
    params: Vec<(String, String)>,
}

/// What a verb leaves the engine to do.
#[derive(Debug)]
enum Flow {
    /// Go on with the next verb.
    Next,
    /// Fetch a document that replaces this one.
    Fetch(Request),
    /// End the call.
    End(Ending),
}

/// How the call ends.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ending {
    /// Hung up (`<Hangup/>`, the end of the document): `completed`.
    Completed,
    /// `<Reject>` before answering: `busy` or `no-answer`.
    Rejected(crate::twiml::RejectReason),
    /// The app never answered the first request with a 2xx: `failed`.
    Failed(TwimlError),
    /// A refused document or failed request after answering: `completed`, with the error.
    ApplicationError(TwimlError),
    /// The call ended otherwise while the engine ran (a REST hangup).
    Gone,
}

/// The caller's side, consumed as the TwiML asks.
#[derive(Debug)]
struct Caller {
    digits: VecDeque<String>,
    speech: VecDeque<String>,
    first_dial: DialOutcome,
    later_dials: Vec<DialOutcome>,
    dials: usize,
    record_seconds: u32,
    talk_seconds: u32,
}

impl Caller {
    fn new(script: CallScript) -> Self {
        Self {
            digits: script.digits.into(),
            speech: script.speech.into(),
            first_dial: script.first_dial,
            later_dials: script.later_dials,
            dials: 0,
            record_seconds: script.record_seconds,
            talk_seconds: script.talk_seconds,
        }
    }

    /// How the next `<Dial>` ends: the script's outcome for the first, then its later
    /// outcomes, answered after them.
    fn next_dial(&mut self) -> DialOutcome {
        let outcome = match self.dials.checked_sub(1) {
            None => self.first_dial,
            Some(later) => self
                .later_dials
                .get(later)
                .copied()
                .unwrap_or(DialOutcome::Answer),
        };
        self.dials += 1;
        outcome
    }
}

/// One call being carried out.
struct Run<'s> {
    shared: &'s Shared,
    call_sid: String,
    caller: Caller,
    clock: Clock,
    steps: Vec<Step>,
    documents: usize,
    /// Whether the call has been answered (`in-progress`).
    answered: bool,
    /// Whether the engine ends the call (inbound and browser calls) or leaves that to the
    /// driver (REST calls).
    ends_call: bool,
}

/// The result of carrying out an inbound or browser call: its transcript and the app's
/// answer to the first request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outcome {
    pub transcript: Transcript,
    pub first_reply: WebhookReply,
}

/// Carries out the ringing call `call_sid` from its voice webhook `first` to its end, with
/// the caller following `script`, and keeps the transcript on the call.
///
/// # Errors
/// [`crate::SimError::Webhook`] when the first request cannot be made (the call fails, its
/// callbacks are sent).
pub(crate) async fn run_call(
    shared: &Shared,
    call_sid: &str,
    first: &Callback,
    script: CallScript,
) -> Result<Outcome, crate::error::SimError> {
    let mut run = Run {
        shared,
        call_sid: call_sid.to_owned(),
        caller: Caller::new(script),
        clock: Clock::starting_at(now()),
        steps: Vec::new(),
        documents: 0,
        answered: false,
        ends_call: true,
    };
    let request = Request {
        url: first.url.clone(),
        method: if first.method.eq_ignore_ascii_case("GET") {
            Method::Get
        } else {
            Method::Post
        },
        params: first.params.clone(),
    };
    run.documents += 1;
    let reply = match run.fetch(&request).await {
        Ok(reply) => reply,
        Err(error) => {
            let failure = TwimlError::new(
                HTTP_RETRIEVAL_FAILURE,
                format!("HTTP retrieval failure: {error}"),
            );
            run.finish(Ending::Failed(failure)).await;
            return Err(error);
        }
    };
    let ending = if (200..300).contains(&reply.status) {
        run.carry_out(&request.url, &reply.body).await
    } else {
        Ending::Failed(TwimlError::new(
            HTTP_RETRIEVAL_FAILURE,
            format!(
                "HTTP retrieval failure: the app answered {} with HTTP {}",
                request.url, reply.status
            ),
        ))
    };
    let transcript = run.finish(ending).await;
    Ok(Outcome {
        transcript,
        first_reply: reply,
    })
}

impl Run<'_> {
    /// Parses and carries out the document `body` fetched from `url`, then every document
    /// its verbs lead to, until the call ends.
    async fn carry_out(&mut self, url: &str, body: &str) -> Ending {
        let mut url = url.to_owned();
        let mut body = body.to_owned();
        loop {
            let document = match crate::twiml::parse(&body) {
                Ok(document) => document,
                Err(error) => return Ending::ApplicationError(error),
            };
            let request = match self.execute(&document, &url).await {
                // `execute` ends a document that runs out with `Ending::Completed`.
                Flow::Next => return Ending::Completed,
                Flow::End(ending) => return ending,
                Flow::Fetch(request) => request,
            };
            if self.documents >= MAX_DOCUMENTS {
                return Ending::ApplicationError(TwimlError::schema(format!(
                    "the call fetched {MAX_DOCUMENTS} documents (a <Redirect> loop?); the \
                     stand-in ends it"
                )));
            }
            self.documents += 1;
            match self.fetch(&request).await {
                Ok(reply) if (200..300).contains(&reply.status) => {
                    url = request.url;
                    body = reply.body;
                }
                Ok(reply) => {
                    return Ending::ApplicationError(TwimlError::new(
                        HTTP_RETRIEVAL_FAILURE,
                        format!(
                            "HTTP retrieval failure: the app answered {} with HTTP {}",
                            request.url, reply.status
                        ),
                    ));
                }
                Err(error) => {
                    return Ending::ApplicationError(TwimlError::new(
                        HTTP_RETRIEVAL_FAILURE,
                        format!("HTTP retrieval failure: {error}"),
                    ));
                }
            }
        }
    }

    /// Sends `callbacks` in order and notes each status and recording callback.
    async fn deliver(&mut self, callbacks: Vec<Callback>) {
        if callbacks.is_empty() {
            return;
        }
        for delivery in self.shared.deliver_all(callbacks).await {
            if matches!(delivery.kind.as_str(), "call-status" | "recording-status") {
                self.steps.push(Step::Callback {
                    callback: delivery.kind,
                    url: delivery.url,
                    status: delivery.status,
                });
            }
        }
    }
}
