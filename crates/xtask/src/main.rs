//! Developer tasks for Switchboard.
//!
//! * `cargo xtask test [ARGS...]` runs `cargo test --workspace [ARGS...]` with
//!   `DATABASE_URL` pointing at a throwaway PostgreSQL cluster (or at the
//!   existing `DATABASE_URL`, if one is set); for the whole workspace (no `-p`), once
//!   that passes, the web console's unit and browser tests too (see [`browser`]).
//! * `cargo xtask pg` starts a throwaway cluster, prints its URL and keeps it
//!   running until Enter or Ctrl-D.
//!
//! Without PostgreSQL's server binaries on a Debian-like machine, both install Debian's
//! `postgresql` package first (apt-get as root, or `sudo -n`).
//!
//! Only std is used. The cluster is stopped and its directory removed by
//! [`Cluster`]'s `Drop`. Ctrl-C is delivered to the whole foreground process
//! group and kills xtask itself before `Drop` can run (ignoring SIGINT would
//! need `libc` and `unsafe`, which the workspace forbids), so a small `sh`
//! watchdog that ignores SIGINT holds a pipe from xtask: when that pipe closes
//! without a `done` line, xtask has died and the watchdog stops the cluster
//! and removes its directory.

mod browser;
mod cluster;
mod install;

use std::error::Error;
use std::ffi::OsString;
use std::io::BufRead;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, ExitCode, ExitStatus};

use cluster::Cluster;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

const USAGE: &str = "usage: cargo xtask test [CARGO TEST ARGS...] | cargo xtask pg";

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let command = args.next();
    let rest: Vec<OsString> = args.collect();
    let result = match command.as_ref().and_then(|c| c.to_str()) {
        Some("test") => test(&rest),
        Some("pg") if rest.is_empty() => pg(),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn test(args: &[OsString]) -> Result<ExitCode> {
    let code = if std::env::var_os("DATABASE_URL").is_some_and(|v| !v.is_empty()) {
        eprintln!("xtask: DATABASE_URL is set; using it");
        cargo_test(args, None)?
    } else {
        let cluster = Cluster::start()?;
        let code = cargo_test(args, Some(&cluster.url()));
        drop(cluster);
        code?
    };
    if code != ExitCode::SUCCESS || names_packages(args) {
        return Ok(code);
    }
    Ok(if browser::run()? {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The cargo arguments of `args` (those before `--`).
fn cargo_args(args: &[OsString]) -> impl Iterator<Item = &str> {
    args.iter()
        .take_while(|a| *a != "--")
        .filter_map(|a| a.to_str())
}

/// Whether `args` name packages with `-p`/`--package` (else the whole workspace is tested).
fn names_packages(args: &[OsString]) -> bool {
    cargo_args(args).any(|a| a.starts_with("-p") || a.starts_with("--package"))
}

fn pg() -> Result<ExitCode> {
    let cluster = Cluster::start()?;
    println!("DATABASE_URL={}", cluster.url());
    eprintln!("xtask: press Enter or Ctrl-D to stop");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("reading stdin: {e}"))?;
    drop(cluster);
    Ok(ExitCode::SUCCESS)
}

/// Runs `cargo test [--workspace] ARGS...`, inheriting stdio.
fn cargo_test(args: &[OsString], database_url: Option<&str>) -> Result<ExitCode> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(&cargo);
    cmd.arg("test");
    // `--workspace` would override `-p`, so only add it when no package is chosen.
    if !names_packages(args) && !cargo_args(args).any(|a| a == "--workspace" || a == "--all") {
        cmd.arg("--workspace");
    }
    cmd.args(args);
    if let Some(url) = database_url {
        cmd.env("DATABASE_URL", url);
    }
    let status = cmd
        .status()
        .map_err(|e| format!("running {}: {e}", cargo.to_string_lossy()))?;
    Ok(exit_code(status))
}

fn exit_code(status: ExitStatus) -> ExitCode {
    match (status.code(), status.signal()) {
        (Some(code), _) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        (None, Some(signal)) => ExitCode::from(u8::try_from(128 + signal).unwrap_or(1)),
        (None, None) => ExitCode::FAILURE,
    }
}
