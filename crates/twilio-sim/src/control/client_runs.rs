//! [`SimControl`]'s calls carried out by the TwiML engine: the caller's script goes as form
//! parameters, the transcript comes back.

use super::ReplyBody;
use super::client::SimControl;
use super::error::ControlError;
use super::script_params::script_form;
use crate::script::CallScript;
use crate::transcript::Transcript;

impl SimControl {
    /// A call from `from` (default [`DEFAULT_INBOUND_FROM`](crate::DEFAULT_INBOUND_FROM)) to
    /// the account's number `to`, carried out to its end with the caller following `script`:
    /// `POST /_sim/InboundCalls` with the script's `Digits`, `Speech`, `DialOutcome`,
    /// `RecordSeconds` and `TalkSeconds`. The result is what
    /// [`RunningSim::run_inbound_call`](crate::RunningSim::run_inbound_call) returns
    /// in-process: each document the app returned, what the stand-in did, the final status.
    ///
    /// # Errors
    /// As [`Self::inbound_call`].
    pub async fn run_inbound_call(
        &self,
        to: &str,
        from: Option<&str>,
        script: &CallScript,
    ) -> Result<Transcript, ControlError> {
        let mut form = vec![("To", to.to_owned())];
        form.extend(from.map(|from| ("From", from.to_owned())));
        form.extend(script_form(script));
        let reply: ReplyBody = self.post(&["InboundCalls"], &borrowed(&form)).await?;
        reply
            .transcript
            .ok_or_else(|| self.unexpected(200, "the answer has no transcript"))
    }

    /// A browser call, as [`Self::client_call`], carried out to its end with the caller
    /// following `script`: `POST /_sim/ClientCalls` with the script's parameters. The
    /// result is the transcript, as [`Self::run_inbound_call`] gives.
    ///
    /// # Errors
    /// As [`Self::client_call`].
    pub async fn run_client_call(
        &self,
        identity: &str,
        to: &str,
        caller_id: Option<&str>,
        record: bool,
        script: &CallScript,
    ) -> Result<Transcript, ControlError> {
        let mut form = vec![("Identity", identity.to_owned()), ("To", to.to_owned())];
        form.extend(caller_id.map(|caller_id| ("CallerId", caller_id.to_owned())));
        form.push(("Record", record.to_string()));
        form.extend(script_form(script));
        let reply: ReplyBody = self.post(&["ClientCalls"], &borrowed(&form)).await?;
        reply
            .transcript
            .ok_or_else(|| self.unexpected(200, "the answer has no transcript"))
    }
}

/// `(name, value)` pairs borrowed from owned ones, for a form.
fn borrowed<'a>(form: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}
