//! [`CliError`]: why a command failed, printed as one line.

use switchboard_domain::numbers::NumbersError;
use switchboard_domain::voicemail::PoolAdminError;

use crate::config::ConfigError;

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
    /// A numbers command failed.
    #[error("{0}")]
    Numbers(#[from] NumbersError),
    /// The Twilio client could not be set up.
    #[error("{0}")]
    Twilio(String),
    /// The stand-in could not start or be set up.
    #[error(transparent)]
    StandIn(#[from] switchboard_twilio_sim::SimError),
    /// A database operation failed (`logs`).
    #[error("{0}")]
    Store(#[from] switchboard_domain::StoreError),
    /// The stand-in's control API failed (`simulate`).
    #[error(transparent)]
    Control(#[from] switchboard_twilio_sim::ControlError),
}
