//! `simulate`: drives a running Twilio stand-in (embedded in `serve`, or `twilio-sim`) over
//! its control API, so that a developer sees what a caller, or someone texting, would get
//! from the app.

use clap::Subcommand;
use switchboard_domain::PhoneNumber;
use switchboard_twilio_sim::{CallScript, DialOutcome, SimControl, Transcript, WebhookReply};

use crate::error::CliError;
use crate::output::say;
use crate::stand_in::stand_in_account;

/// What to simulate.
#[derive(Debug, Subcommand)]
pub enum SimulateCommand {
    /// A call from `--from` to the account's number `--to`: the stand-in posts Twilio's
    /// signed voice webhook to the app and carries out the TwiML it answers, as Twilio
    /// would, to the call's end. Each document the app returned is printed, with what the
    /// stand-in did with it, then the call's final status.
    Call {
        /// The called number, one of the account's (such as a session's number).
        #[arg(long)]
        to: String,
        /// The caller (the stand-in's fictional +15005550006 when not given).
        #[arg(long)]
        from: Option<String>,
        /// What the caller does.
        #[command(flatten)]
        script: ScriptArgs,
    },
    /// A call from a browser (the Voice JS SDK) signed in as `--identity`, dialling `--to`
    /// through the account's TwiML App: the stand-in posts Twilio's signed voice request to
    /// the app and carries out the TwiML it answers (a `<Dial>`), printing each document
    /// and what the stand-in did with it, then the call's final status.
    ClientCall {
        /// The browser client's identity (as in its access token).
        #[arg(long)]
        identity: String,
        /// The number dialled, as the browser sends it (the app normalises it).
        #[arg(long)]
        to: String,
        /// The caller id to dial with (the custom parameter `CallerId`).
        #[arg(long)]
        caller_id: Option<String>,
        /// Ask the app to record the call (the custom parameter `Record=true`).
        #[arg(long)]
        record: bool,
        /// What the caller does.
        #[command(flatten)]
        script: ScriptArgs,
    },
    /// A message from `--from` to the account's number `--to` (SMS, MMS with `--media`, or
    /// WhatsApp with `whatsapp:` on both): the stand-in posts Twilio's signed inbound message
    /// webhook to the number's SMS URL, and the app's reply (its TwiML) is printed. Exits
    /// non-zero when the app does not answer 2xx.
    Sms {
        /// The number messaged, one of the account's: E.164, or `whatsapp:+E164`.
        #[arg(long)]
        to: String,
        /// The sender: E.164, or `whatsapp:+E164` (on the same channel as `--to`).
        #[arg(long)]
        from: String,
        /// The text (may be empty when there is media).
        #[arg(long, value_name = "TEXT")]
        body: String,
        /// An attached media URL (absolute http or https), once per file: up to 10, or 1 on
        /// WhatsApp.
        #[arg(long, value_name = "URL")]
        media: Vec<String>,
    },
    /// The emails the SendGrid stand-in of `serve` took, oldest first: sender, recipients,
    /// subject, bodies, template and attachments.
    Outbox {
        /// The SendGrid stand-in's URL, as `serve` printed it.
        #[arg(long, env = "SWITCHBOARD_SENDGRID_SIM_URL")]
        sendgrid_url: Option<String>,
    },
}

/// The caller's side of a simulated call.
#[derive(Debug, clap::Args)]
pub struct ScriptArgs {
    /// Keys the caller presses, one `--digits` per `<Gather>` that takes DTMF (e.g.
    /// `--digits 1 --digits 23#`); a Gather with none left times out.
    #[arg(long, value_name = "D")]
    digits: Vec<String>,
    /// What the caller says, one `--speech` per `<Gather>` that takes speech.
    #[arg(long, value_name = "TEXT")]
    speech: Vec<String>,
    /// How the first `<Dial>` ends (later ones are answered).
    #[command(flatten)]
    outcome: OutcomeArgs,
    /// Seconds the caller speaks into a `<Record>`; 0 leaves an `absent` recording.
    #[arg(long, value_name = "S", default_value_t = 5)]
    record_seconds: u32,
}

/// `--answer` (the default), `--busy` or `--no-answer`.
#[derive(Debug, clap::Args)]
#[group(multiple = false)]
pub struct OutcomeArgs {
    /// The first `<Dial>` is answered (the default).
    #[arg(long)]
    answer: bool,
    /// The first `<Dial>` is busy.
    #[arg(long)]
    busy: bool,
    /// Nobody answers the first `<Dial>` before its timeout.
    #[arg(long)]
    no_answer: bool,
}

impl ScriptArgs {
    /// The stand-in's script for these flags.
    fn script(self) -> CallScript {
        let outcome = if self.outcome.busy {
            DialOutcome::Busy
        } else if self.outcome.no_answer {
            DialOutcome::NoAnswer
        } else {
            DialOutcome::Answer
        };
        CallScript::default()
            .with_digits(self.digits)
            .with_speech(self.speech)
            .first_dial(outcome)
            .record_seconds(self.record_seconds)
    }
}

/// Where the stand-in is and how to authenticate to it.
#[derive(Debug, clap::Args)]
pub struct StandInArgs {
    /// The stand-in's URL, as `serve` or `twilio-sim` printed it.
    #[arg(long, env = "SWITCHBOARD_SIM_URL", global = true)]
    sim_url: Option<String>,
    /// The stand-in account's auth token, when it is not the fixed development token.
    #[arg(
        long,
        env = "TWILIO_SIM_AUTH_TOKEN",
        hide_env_values = true,
        global = true
    )]
    sim_auth_token: Option<String>,
}

/// Runs a `simulate` subcommand, printing the call's transcript, or the app's reply to the
/// message, on stdout.
///
/// # Errors
/// When the stand-in's URL is unknown, an argument is not an E.164 number (or, for
/// messages, `whatsapp:+E164`), the stand-in cannot be reached or refuses, the call ended
/// with an application error (the app did not answer a request 2xx, or the stand-in refused
/// a document), or the app did not answer the message webhook 2xx.
pub async fn simulate(stand_in: StandInArgs, command: SimulateCommand) -> Result<(), CliError> {
    if let SimulateCommand::Outbox { sendgrid_url } = command {
        return crate::outbox::print_outbox(sendgrid_url).await;
    }
    twilio_stand_in(stand_in, command).await
}

/// How long `simulate` waits for a call to end: a call that rings the web console lasts
/// until someone there answers and hangs up.
const LONGEST_SIMULATED_CALL: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// The subcommands that drive the Twilio stand-in.
async fn twilio_stand_in(stand_in: StandInArgs, command: SimulateCommand) -> Result<(), CliError> {
    let url = stand_in.sim_url.ok_or_else(|| {
        CliError::Argument(
            "no stand-in to talk to: set SWITCHBOARD_SIM_URL (serve and twilio-sim print it) or pass --sim-url"
                .to_owned(),
        )
    })?;
    let account = stand_in_account(stand_in.sim_auth_token.as_deref());
    let control = SimControl::new(&url, &account.account_sid, &account.auth_token)?
        .with_timeout(LONGEST_SIMULATED_CALL);
    match command {
        SimulateCommand::Call { to, from, script } => {
            let number = |flag: &str, raw: &str| {
                PhoneNumber::parse(raw)
                    .map(|n| n.to_string())
                    .map_err(|e| CliError::Argument(format!("{flag}: {e}")))
            };
            let to = number("--to", &to)?;
            let from = from.map(|f| number("--from", &f)).transpose()?;
            let transcript = control
                .run_inbound_call(&to, from.as_deref(), &script.script())
                .await?;
            print_transcript(&transcript)
        }
        SimulateCommand::ClientCall {
            identity,
            to,
            caller_id,
            record,
            script,
        } => {
            let transcript = control
                .run_client_call(
                    &identity,
                    &to,
                    caller_id.as_deref(),
                    record,
                    &script.script(),
                )
                .await?;
            print_transcript(&transcript)
        }
        SimulateCommand::Outbox { sendgrid_url } => crate::outbox::print_outbox(sendgrid_url).await,
        SimulateCommand::Sms {
            to,
            from,
            body,
            media,
        } => {
            let to = messaging_address("--to", &to)?;
            let from = messaging_address("--from", &from)?;
            let media: Vec<&str> = media.iter().map(String::as_str).collect();
            let reply = control
                .inbound_message_with_media(&to, Some(&from), &body, &media)
                .await?;
            print_message_reply(&reply)
        }
    }
}

/// `raw` as the stand-in takes a messaging address: E.164, or `whatsapp:` and E.164.
///
/// # Errors
/// [`CliError::Argument`] naming `flag` when the number is not E.164.
fn messaging_address(flag: &str, raw: &str) -> Result<String, CliError> {
    let (prefix, number) = match raw.strip_prefix("whatsapp:") {
        Some(number) => ("whatsapp:", number),
        None => ("", raw),
    };
    let number = PhoneNumber::parse(number).map_err(|e| {
        CliError::Argument(format!(
            "{flag}: {e} (use +E164, or whatsapp:+E164 for WhatsApp)"
        ))
    })?;
    Ok(format!("{prefix}{number}"))
}

/// Prints the app's reply to an inbound message (its TwiML; nothing for an empty body).
///
/// # Errors
/// When the app answered with a status other than 2xx, naming it and the start of the body.
fn print_message_reply(reply: &WebhookReply) -> Result<(), CliError> {
    if !(200..300).contains(&reply.status) {
        let body: String = reply.body.split_whitespace().collect::<Vec<_>>().join(" ");
        let shown: String = body.chars().take(200).collect();
        let detail = if shown.is_empty() {
            "an empty body".to_owned()
        } else if shown.len() < body.len() {
            format!("{shown}…")
        } else {
            shown
        };
        return Err(CliError::Twilio(format!(
            "the app answered the inbound message webhook with HTTP {}: {detail}",
            reply.status
        )));
    }
    let twiml = reply.body.trim_end();
    if !twiml.is_empty() {
        say!("{twiml}");
    }
    Ok(())
}

/// Prints what happened on the call: each document the app returned, what the stand-in
/// did with it, and the call's final status.
///
/// # Errors
/// When the call ended with an application error, naming it (the app answered a request
/// with an error status, or the stand-in refused a document).
fn print_transcript(transcript: &Transcript) -> Result<(), CliError> {
    say!("{transcript}");
    match &transcript.error {
        None => Ok(()),
        Some(error) => Err(CliError::Twilio(format!(
            "the call ended with application error {}: {}",
            error.code, error.message
        ))),
    }
}
