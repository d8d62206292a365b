//! The command line: `serve`, `migrate`, `pool`, `numbers`, `logs`, `token`, `twilio-sim`,
//! `simulate`.

use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use switchboard_domain::voicemail::{PoolAdmin, PoolAdminError, PoolStatus};
use switchboard_domain::{PageRequest, PhoneNumber, SystemClock, UserId};
use switchboard_twilio_sim::{SimConfig, TwilioSim};

use switchboard_domain::numbers::{Numbers, ReconcileReport};

use crate::compose;
use crate::compose::{connect, mint_token, operator, twilio_client};
use crate::config::{
    AuthSettings, DatabaseConfig, LogFormat, NumberSettings, ProcessEnv, ServeConfig,
    TwilioSettings, random_jwt_secret,
};
pub use crate::error::CliError;
use crate::logs::{LogsCommand, logs};
use crate::output::say;
use crate::serve::serve;
use crate::simulate::{SimulateCommand, StandInArgs, simulate};
use crate::stand_in::{seed_numbers, stand_in_account};
use crate::telemetry;

/// Switchboard: a backend for a business's Twilio phone numbers.
#[derive(Debug, Parser)]
#[command(
    name = "switchboard",
    version,
    about = "Switchboard: a backend for a business's Twilio phone numbers (voicemail sessions, numbers, a local Twilio stand-in)."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serves the HTTP API until SIGTERM or Ctrl-C. With DATABASE_URL it applies pending
    /// migrations first; without, data is kept in memory. Without TWILIO_ACCOUNT_SID it runs
    /// the Twilio stand-in on loopback and prints ready-made tokens.
    Serve,
    /// Applies pending database migrations and exits.
    Migrate,
    /// Administers the pool of temporary numbers.
    Pool {
        #[command(subcommand)]
        command: PoolCommand,
    },
    /// Numbers users own.
    Numbers {
        #[command(subcommand)]
        command: NumbersCommand,
    },
    /// The call, message and email logs' monthly partitions (PostgreSQL): retention and
    /// upkeep.
    Logs {
        #[command(subcommand)]
        command: LogsCommand,
    },
    /// The Twilio account's set-up for this service.
    Twilio {
        #[command(subcommand)]
        command: TwilioCommand,
    },
    /// Runs the local Twilio stand-in on loopback until Ctrl-C (for development and tests).
    TwilioSim {
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// The stand-in account's auth token (a fixed development token when not given).
        #[arg(long, env = "TWILIO_SIM_AUTH_TOKEN", hide_env_values = true)]
        auth_token: Option<String>,
    },
    /// Drives a running Twilio stand-in: `simulate call --to NUMBER` sends a signed inbound
    /// call to the app, carries out its TwiML and prints each document and what the
    /// stand-in did with it; `simulate sms --to NUMBER --from NUMBER --body TEXT` sends a
    /// signed inbound message and prints the app's reply.
    Simulate {
        #[command(flatten)]
        stand_in: StandInArgs,
        #[command(subcommand)]
        command: SimulateCommand,
    },
    /// Prints a bearer token signed with AUTH_JWT_SECRET.
    Token {
        /// The user id (the token's `sub`).
        #[arg(long)]
        user: String,
        /// Makes the token an admin's.
        #[arg(long)]
        admin: bool,
        /// How long the token is valid: seconds, or a number with s, m, h or d.
        #[arg(long, default_value = "1h", value_parser = parse_ttl)]
        ttl: time::Duration,
    },
    /// Prints the service's OpenAPI 3.1 document (what `GET /openapi.json` serves); the
    /// copy in docs/openapi.json is regenerated with `switchboard openapi > docs/openapi.json`.
    Openapi,
}

#[derive(Debug, Subcommand)]
enum PoolCommand {
    /// Adds E.164 numbers to the pool.
    Add {
        /// Numbers such as +14155550100.
        #[arg(required = true)]
        numbers: Vec<String>,
    },
    /// Lists the pool with each number's status.
    List,
    /// Removes numbers that are not leased from the pool.
    Retire {
        /// Numbers such as +14155550100.
        #[arg(required = true)]
        numbers: Vec<String>,
    },
    /// Adds the Twilio account's numbers that no user owns to the pool, and points their
    /// webhooks at this service (needs the TWILIO_* variables and PUBLIC_BASE_URL).
    Import,
}

#[derive(Debug, Subcommand)]
enum TwilioCommand {
    /// Creates or updates the TwiML App browser calls go through (Voice URL and status
    /// callback under PUBLIC_BASE_URL) and prints TWILIO_TWIML_APP_SID to set.
    Setup,
}

#[derive(Debug, Subcommand)]
enum NumbersCommand {
    /// Matches the Twilio account's numbers with the database: completes purchases Twilio
    /// finished, forgets those it never did, and marks numbers released outside Switchboard.
    Reconcile,
}

fn parse_ttl(raw: &str) -> Result<time::Duration, String> {
    let (digits, unit) = raw
        .find(|c: char| !c.is_ascii_digit())
        .map_or((raw, "s"), |i| raw.split_at(i));
    let n: i64 = digits
        .parse()
        .map_err(|_| format!("{raw:?} is not a duration like 3600, 90s, 15m, 1h or 7d"))?;
    let seconds = match unit {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => {
            return Err(format!(
                "{raw:?} is not a duration like 3600, 90s, 15m, 1h or 7d"
            ));
        }
    };
    if seconds <= 0 {
        return Err("the ttl must be positive".into());
    }
    Ok(time::Duration::seconds(seconds))
}

/// Parses the command line, runs the command, and turns its outcome into an exit code.
pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    match execute(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("switchboard: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(cli: Cli) -> Result<(), CliError> {
    let env = ProcessEnv;
    telemetry::init(LogFormat::from_env(&env)?);
    match cli.command {
        Command::Serve => serve(ServeConfig::from_env(&env, random_jwt_secret())?).await,
        Command::Migrate => {
            let database = DatabaseConfig::from_env(&env)?;
            let applied = switchboard_postgres::migrate(database.url.expose()).await?;
            if applied.is_empty() {
                say!("the database is up to date");
            }
            for version in applied {
                say!("applied migration {version}");
            }
            Ok(())
        }
        Command::Pool { command } => pool(&env, command).await,
        Command::Numbers {
            command: NumbersCommand::Reconcile,
        } => {
            let report = numbers_from_env(&env)?.reconcile().await?;
            print_reconcile(&report);
            Ok(())
        }
        Command::Logs { command } => logs(&env, command).await,
        Command::Twilio {
            command: TwilioCommand::Setup,
        } => crate::twilio_setup::twilio_setup(&env).await,
        Command::TwilioSim { port, auth_token } => twilio_sim(port, auth_token).await,
        Command::Simulate { stand_in, command } => simulate(stand_in, command).await,
        Command::Token { user, admin, ttl } => {
            let auth = AuthSettings::from_env(&env)?;
            let user =
                UserId::parse(&user).map_err(|e| CliError::Argument(format!("--user: {e}")))?;
            say!("{}", mint_token(&auth, &user, admin, ttl)?);
            Ok(())
        }
        Command::Openapi => {
            say!("{}", switchboard_http::openapi_json().trim_end());
            Ok(())
        }
    }
}

/// The numbers use cases for CLI commands: the database, Twilio and `PUBLIC_BASE_URL`.
fn numbers_from_env(env: &ProcessEnv) -> Result<Numbers, CliError> {
    let database = DatabaseConfig::from_env(env)?;
    let twilio = TwilioSettings::from_env(env)?;
    let settings = NumberSettings::from_env(env)?;
    let public_base_url = crate::config::public_base_url_from_env(env)?;
    let store = Arc::new(connect(&database)?);
    Ok(compose::numbers(
        &store,
        twilio_client(&twilio, None)?,
        Arc::new(SystemClock),
        &settings,
        &public_base_url,
    )?)
}

fn print_reconcile(report: &ReconcileReport) {
    for n in &report.adopted {
        say!("adopted {n}: Twilio sold it, the purchase is now recorded");
    }
    for n in &report.abandoned {
        say!("abandoned a purchase of {n}: Twilio never sold it");
    }
    for n in &report.released {
        say!("marked {n} released: it is no longer on the Twilio account");
    }
    for n in &report.unassigned {
        say!("{n} is on the account but neither owned nor in the pool");
    }
    if report.in_flight > 0 {
        say!(
            "{} purchases are still in flight; run again later",
            report.in_flight
        );
    }
    say!(
        "reconciled: {} adopted, {} abandoned, {} released, {} unassigned",
        report.adopted.len(),
        report.abandoned.len(),
        report.released.len(),
        report.unassigned.len()
    );
}

async fn twilio_sim(port: u16, auth_token: Option<String>) -> Result<(), CliError> {
    let config = SimConfig {
        port,
        handle_signals: true,
        ..stand_in_account(auth_token.as_deref())
    };
    let sim = TwilioSim::start(config).await?;
    // The same account as the embedded stand-in's, owning the same fictional numbers.
    seed_numbers(&sim)?;
    say!(
        "# Twilio stand-in listening on {}; point Switchboard at it with:",
        sim.base_url()
    );
    say!("export TWILIO_API_BASE_URL={}", sim.base_url());
    say!("export TWILIO_ACCOUNT_SID={}", sim.account_sid());
    say!("# the stand-in's own development token, not a real secret");
    say!("export TWILIO_AUTH_TOKEN={}", sim.auth_token());
    say!("# for `switchboard simulate`");
    say!("export SWITCHBOARD_SIM_URL={}", sim.base_url());
    Ok(sim.wait().await?)
}

async fn import_pool(env: &ProcessEnv) -> Result<(), CliError> {
    let numbers = numbers_from_env(env)?;
    let report = numbers.import_pool(&operator()?).await?;
    for n in &report.added {
        say!("added {n}");
    }
    for n in &report.already_in_pool {
        say!("{n} is already in the pool");
    }
    for n in &report.owned {
        say!("{n} is owned by a user; skipped");
    }
    Ok(())
}

async fn pool(env: &ProcessEnv, command: PoolCommand) -> Result<(), CliError> {
    let database = DatabaseConfig::from_env(env)?;
    let admin = PoolAdmin::new(Arc::new(connect(&database)?), Arc::new(SystemClock));
    let operator = operator()?;
    let parse = |raw: &str| PhoneNumber::parse(raw).map_err(|e| CliError::Argument(e.to_string()));
    match command {
        PoolCommand::Add { numbers } => {
            let numbers = numbers
                .iter()
                .map(|n| parse(n))
                .collect::<Result<Vec<_>, _>>()?;
            for number in numbers {
                match admin.add(&operator, number.clone()).await {
                    Ok(_) => say!("added {number}"),
                    Err(PoolAdminError::AlreadyExists) => {
                        say!("{number} is already in the pool")
                    }
                    Err(PoolAdminError::OwnedByUser) => {
                        say!("{number} is owned by a user; not added")
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        }
        PoolCommand::Retire { numbers } => {
            let numbers = numbers
                .iter()
                .map(|n| parse(n))
                .collect::<Result<Vec<_>, _>>()?;
            for number in numbers {
                admin.retire(&operator, &number).await?;
                say!("retired {number}");
            }
        }
        PoolCommand::Import => return import_pool(env).await,
        PoolCommand::List => {
            let now = admin.clock().now();
            let mut page = PageRequest {
                limit: PageRequest::MAX_LIMIT,
                after: None,
            };
            let mut first = true;
            loop {
                let listing = admin.list(&operator, page.clone()).await?;
                if first {
                    say!("{} free, {} leased", listing.free, listing.leased);
                    first = false;
                }
                for n in &listing.items {
                    match (n.status_at(now), n.lease_at(now)) {
                        (PoolStatus::Leased, Some(until)) => {
                            say!("{}\tleased until {until}", n.phone_number)
                        }
                        _ => say!("{}\tfree", n.phone_number),
                    }
                }
                match listing.next {
                    Some(next) => page.after = Some(next),
                    None => break,
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_ttl;

    #[test]
    fn ttls_accept_units() {
        assert_eq!(parse_ttl("3600").unwrap().whole_seconds(), 3600);
        assert_eq!(parse_ttl("15m").unwrap().whole_seconds(), 900);
        assert_eq!(parse_ttl("2h").unwrap().whole_seconds(), 7200);
        assert_eq!(parse_ttl("1d").unwrap().whole_seconds(), 86_400);
        assert!(parse_ttl("0").is_err());
        assert!(parse_ttl("1w").is_err());
        assert!(parse_ttl("abc").is_err());
    }
}
