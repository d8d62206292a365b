//! The web console's tests, run by `cargo xtask test` for the whole workspace once `cargo
//! test` has passed: its unit tests (`node --test`, no dependencies), then its browser tests
//! (`playwright-core` from `tests/console/package-lock.json` driving Debian's chromium
//! against the default run of the server binary). Installs Debian's `chromium` (and
//! `nodejs`/`npm`) when missing, as PostgreSQL is installed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

use crate::Result;
use crate::install::{apt_install, is_executable};

/// Where the browser tests find chromium (Debian's package puts it here).
const CHROMIUM: &str = "/usr/bin/chromium";

/// The longest one test may take: a guard against a hang, not a timing assertion.
const TEST_TIMEOUT_MS: &str = "120000";

/// The repository's root (xtask lives in `crates/xtask`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the console's unit and browser tests; `Ok(false)` when a test failed.
pub(crate) fn run() -> Result<bool> {
    let dir = root().join("tests/console");
    ensure_tools()?;
    eprintln!("xtask: the console's unit tests");
    if !node_test(&dir, &test_files(&dir.join("unit"))?, None)?.success() {
        return Ok(false);
    }
    eprintln!("xtask: the console's browser tests (npm ci, the server binary, chromium)");
    let npm = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&dir)
        .status()
        .map_err(|e| format!("running npm ci: {e}"))?;
    if !npm.success() {
        return Err(format!("`npm ci` in tests/console failed ({npm})").into());
    }
    let server = build_server()?;
    Ok(node_test(&dir, &test_files(&dir.join("browser"))?, Some(&server))?.success())
}

/// Node.js, npm and chromium, installed from Debian when missing.
fn ensure_tools() -> Result<()> {
    let mut missing = Vec::new();
    if !on_path("node") || !on_path("npm") {
        missing.extend(["nodejs", "npm"]);
    }
    let chromium =
        std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from(CHROMIUM), PathBuf::from);
    if !is_executable(&chromium) {
        missing.push("chromium");
    }
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!(
        "xtask: installing Debian's {} for the console's tests",
        missing.join(", ")
    );
    apt_install(&missing)
}

fn on_path(name: &str) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).any(|dir| is_executable(&dir.join(name)))
}

/// The `*.test.mjs` files of `dir`, sorted.
fn test_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("reading {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.to_str().is_some_and(|s| s.ends_with(".test.mjs")))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.test.mjs under {}", dir.display()).into());
    }
    Ok(files)
}

/// `node --test` over `files`, one file at a time, with the server binary for the browser
/// tests.
fn node_test(dir: &Path, files: &[PathBuf], server: Option<&Path>) -> Result<ExitStatus> {
    let mut cmd = Command::new("node");
    cmd.args([
        "--test",
        "--test-concurrency=1",
        &format!("--test-timeout={TEST_TIMEOUT_MS}"),
    ])
    .args(files)
    .current_dir(dir);
    if let Some(server) = server {
        cmd.env("SWITCHBOARD_BIN", server);
    }
    cmd.status()
        .map_err(|e| format!("running node: {e}").into())
}

/// Builds the server binary (as `cargo test` left it, so this is quick) and gives its path.
fn build_server() -> Result<PathBuf> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "build",
            "--locked",
            "-q",
            "-p",
            "switchboard",
            "--bin",
            "switchboard",
            "--message-format=json-render-diagnostics",
        ])
        .current_dir(root())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("running cargo build: {e}"))?;
    if !output.status.success() {
        return Err(format!("building the server binary failed ({})", output.status).into());
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .filter(|line| line.contains("\"reason\":\"compiler-artifact\""))
        .find_map(executable)
        .ok_or_else(|| "cargo build named no switchboard executable".into())
}

/// The `"executable":"..."` of one of cargo's JSON messages, when it is the server's.
fn executable(line: &str) -> Option<PathBuf> {
    let start = line.find("\"executable\":\"")? + "\"executable\":\"".len();
    let rest = &line[start..];
    let path = &rest[..rest.find('"')?];
    let path = PathBuf::from(path.replace("\\\\", "\\"));
    (path.file_name()? == "switchboard").then_some(path)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::executable;

    #[test]
    fn the_executable_is_read_from_cargos_message() {
        let line = r#"{"reason":"compiler-artifact","package_id":"path+file:///w/crates/server#switchboard@0.1.0","target":{"kind":["bin"],"name":"switchboard"},"executable":"/w/target/debug/switchboard","fresh":true}"#;
        assert_eq!(
            executable(line),
            Some(PathBuf::from("/w/target/debug/switchboard"))
        );
        let library =
            r#"{"reason":"compiler-artifact","target":{"kind":["lib"]},"executable":null}"#;
        assert_eq!(executable(library), None);
    }
}
