//! A call's [`CallScript`] as control form parameters, both ways: `Digits` and `Speech`
//! (repeated, one per `<Gather>`), `DialOutcome` (`answer`, `busy`, `no-answer`; the first
//! `<Dial>`), `RecordSeconds` (0–3600) and `TalkSeconds` (0–86400).

use crate::form::Params;
use crate::script::{CallScript, DialOutcome};

/// The longest `RecordSeconds`: an hour, `<Record>`'s default `maxLength`.
const MAX_RECORD_SECS: i64 = 3_600;

/// The longest `TalkSeconds`: a day.
const MAX_TALK_SECS: i64 = 86_400;

/// The script the form `params` describe (defaults for what they leave out).
///
/// # Errors
/// A one-line message naming the bad parameter.
pub(super) fn call_script(params: &Params) -> Result<CallScript, String> {
    let mut script = CallScript::default()
        .with_digits(params.all("Digits"))
        .with_speech(params.all("Speech"));
    if let Some(outcome) = params.non_empty("DialOutcome") {
        script.first_dial = DialOutcome::parse(outcome).ok_or_else(|| {
            format!("DialOutcome must be answer, busy or no-answer, got '{outcome}'")
        })?;
    }
    let seconds = |name: &str, max: i64| -> Result<Option<u32>, String> {
        params
            .integer(name, 0, max)
            .map_err(|e| e.message)?
            .map(|n| u32::try_from(n).map_err(|e| format!("{name}: {e}")))
            .transpose()
    };
    if let Some(record) = seconds("RecordSeconds", MAX_RECORD_SECS)? {
        script.record_seconds = record;
    }
    if let Some(talk) = seconds("TalkSeconds", MAX_TALK_SECS)? {
        script.talk_seconds = talk;
    }
    Ok(script)
}

/// `script` as form pairs (what [`call_script`] reads back).
pub(super) fn script_form(script: &CallScript) -> Vec<(&'static str, String)> {
    let mut form: Vec<(&'static str, String)> = Vec::new();
    form.extend(script.digits.iter().map(|d| ("Digits", d.clone())));
    form.extend(script.speech.iter().map(|s| ("Speech", s.clone())));
    form.push(("DialOutcome", script.first_dial.as_str().to_owned()));
    form.push(("RecordSeconds", script.record_seconds.to_string()));
    form.push(("TalkSeconds", script.talk_seconds.to_string()));
    form
}
