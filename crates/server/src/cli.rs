//! The command line: `serve`, `migrate`, `pool`, `token`.

use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use switchboard_domain::voicemail::{PoolAdmin, PoolAdminError, PoolStatus};
use switchboard_domain::{Actor, Clock, PageRequest, PhoneNumber, Role, SystemClock, UserId};
use switchboard_http::TokenIssuer;
use switchboard_postgres::{PgConfig, PgStore};

use crate::compose::{AppSettings, app_state};
use crate::config::{
    AuthSettings, ConfigError, DatabaseConfig, LogFormat, ProcessEnv, ServeConfig,
};
use crate::telemetry;

/// Switchboard: a backend for a business's Twilio phone numbers.
#[derive(Debug, Parser)]
#[command(name = "switchboard", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Applies pending migrations, then serves the HTTP API until SIGTERM or Ctrl-C.
    Serve,
    /// Applies pending database migrations and exits.
    Migrate,
    /// Administers the pool of temporary numbers.
    Pool {
        #[command(subcommand)]
        command: PoolCommand,
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
}

/// Why a command failed; printed as one line.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A variable is missing or invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// Migrations failed.
    #[error(transparent)]
    Migrate(#[from] switchboard_postgres::MigrateError),
    /// The connection pool could not be built.
    #[error(transparent)]
    Connect(#[from] switchboard_postgres::PgConnectError),
    /// The HTTP server could not bind or failed.
    #[error("the HTTP server failed: {0}")]
    Server(#[from] std::io::Error),
    /// A command argument is invalid.
    #[error("{0}")]
    Argument(String),
    /// A pool command failed.
    #[error("{0}")]
    Pool(#[from] PoolAdminError),
    /// Signing a token failed.
    #[error("could not sign the token: {0}")]
    Token(String),
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
        Command::Serve => serve(ServeConfig::from_env(&env)?).await,
        Command::Migrate => {
            let database = DatabaseConfig::from_env(&env)?;
            let applied = switchboard_postgres::migrate(database.url.expose()).await?;
            if applied.is_empty() {
                println!("the database is up to date");
            }
            for version in applied {
                println!("applied migration {version}");
            }
            Ok(())
        }
        Command::Pool { command } => pool(DatabaseConfig::from_env(&env)?, command).await,
        Command::Token { user, admin, ttl } => {
            let auth = AuthSettings::from_env(&env)?;
            let user =
                UserId::parse(&user).map_err(|e| CliError::Argument(format!("--user: {e}")))?;
            let issuer =
                TokenIssuer::new(auth.secret.expose().as_bytes(), auth.issuer, auth.audience);
            let token = issuer
                .mint(&user, admin, SystemClock.now(), ttl)
                .map_err(|e| CliError::Token(e.to_string()))?;
            println!("{token}");
            Ok(())
        }
    }
}

fn connect(database: &DatabaseConfig) -> Result<PgStore, CliError> {
    let config = PgConfig {
        max_connections: database.max_connections,
        ..PgConfig::new(database.url.expose())
    };
    Ok(PgStore::connect(&config)?)
}

async fn serve(config: ServeConfig) -> Result<(), CliError> {
    tracing::info!(bind_addr = %config.bind_addr, public_base_url = %config.public_base_url, "starting switchboard");
    let applied = switchboard_postgres::migrate(config.database.url.expose()).await?;
    tracing::info!(
        applied = applied.len(),
        "database migrations are up to date"
    );
    let store = Arc::new(connect(&config.database)?);
    let state = app_state(store, Arc::new(SystemClock), &AppSettings::from(&config));
    let server = actix_web::HttpServer::new(move || switchboard_http::app(state.clone()))
        .bind(config.bind_addr)?
        .shutdown_timeout(30)
        .run();
    tracing::info!(bind_addr = %config.bind_addr, "listening");
    server.await?;
    tracing::info!("stopped");
    Ok(())
}

async fn pool(database: DatabaseConfig, command: PoolCommand) -> Result<(), CliError> {
    let admin = PoolAdmin::new(Arc::new(connect(&database)?), Arc::new(SystemClock));
    let operator = Actor {
        user_id: UserId::parse("cli").map_err(|e| CliError::Argument(e.to_string()))?,
        role: Role::Admin,
    };
    let parse = |raw: &str| PhoneNumber::parse(raw).map_err(|e| CliError::Argument(e.to_string()));
    match command {
        PoolCommand::Add { numbers } => {
            let numbers = numbers
                .iter()
                .map(|n| parse(n))
                .collect::<Result<Vec<_>, _>>()?;
            for number in numbers {
                match admin.add(&operator, number.clone()).await {
                    Ok(_) => println!("added {number}"),
                    Err(PoolAdminError::AlreadyExists) => {
                        println!("{number} is already in the pool")
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
                println!("retired {number}");
            }
        }
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
                    println!("{} free, {} leased", listing.free, listing.leased);
                    first = false;
                }
                for n in &listing.items {
                    match (n.status_at(now), n.lease_at(now)) {
                        (PoolStatus::Leased, Some(until)) => {
                            println!("{}\tleased until {until}", n.phone_number)
                        }
                        _ => println!("{}\tfree", n.phone_number),
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
