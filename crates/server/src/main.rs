//! The `switchboard` binary.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    switchboard_server::cli::run().await
}
