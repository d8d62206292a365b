//! `simulate`: drives a running Twilio stand-in (embedded in `serve`, or `twilio-sim`) over
//! its control API, so that a developer sees what a caller would get from the app.

use clap::Subcommand;
use switchboard_domain::PhoneNumber;
use switchboard_twilio_sim::{SimControl, WebhookReply};

use crate::error::CliError;
use crate::output::say;
use crate::stand_in::stand_in_account;

/// What to simulate.
#[derive(Debug, Subcommand)]
pub enum SimulateCommand {
    /// A call from `--from` to the account's number `--to`: the stand-in posts Twilio's
    /// signed voice webhook to the app, and the TwiML the caller gets is printed.
    Call {
        /// The called number, one of the account's (such as a session's number).
        #[arg(long)]
        to: String,
        /// The caller (the stand-in's fictional +15005550006 when not given).
        #[arg(long)]
        from: Option<String>,
    },
    /// A call from a browser (the Voice JS SDK) signed in as `--identity`, dialling `--to`
    /// through the account's TwiML App: the stand-in posts Twilio's signed voice request to
    /// the app, and the TwiML the app answers is printed.
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
    },
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

/// Runs a `simulate` subcommand, printing the app's reply on stdout.
///
/// # Errors
/// When the stand-in's URL is unknown, an argument is not an E.164 number, the stand-in
/// cannot be reached or refuses, or the app does not answer 2xx.
pub async fn simulate(stand_in: StandInArgs, command: SimulateCommand) -> Result<(), CliError> {
    let url = stand_in.sim_url.ok_or_else(|| {
        CliError::Argument(
            "no stand-in to talk to: set SWITCHBOARD_SIM_URL (serve and twilio-sim print it) or pass --sim-url"
                .to_owned(),
        )
    })?;
    let account = stand_in_account(stand_in.sim_auth_token.as_deref());
    let control = SimControl::new(&url, &account.account_sid, &account.auth_token)?;
    match command {
        SimulateCommand::Call { to, from } => {
            let number = |flag: &str, raw: &str| {
                PhoneNumber::parse(raw)
                    .map(|n| n.to_string())
                    .map_err(|e| CliError::Argument(format!("{flag}: {e}")))
            };
            let to = number("--to", &to)?;
            let from = from.map(|f| number("--from", &f)).transpose()?;
            let reply = control.inbound_call(&to, from.as_deref()).await?;
            print_twiml(&reply)
        }
        SimulateCommand::ClientCall {
            identity,
            to,
            caller_id,
            record,
        } => {
            let reply = control
                .client_call(&identity, &to, caller_id.as_deref(), record)
                .await?;
            print_twiml(&reply)
        }
    }
}

/// Prints the TwiML the app answered a voice request with.
///
/// # Errors
/// When the app did not answer 2xx.
fn print_twiml(reply: &WebhookReply) -> Result<(), CliError> {
    if !(200..300).contains(&reply.status) {
        return Err(CliError::Twilio(format!(
            "the app answered the call's webhook with HTTP {}: {}",
            reply.status,
            reply.body.trim()
        )));
    }
    say!("{}", reply.body.trim_end());
    Ok(())
}
