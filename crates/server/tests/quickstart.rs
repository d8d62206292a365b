//! The README's quickstart, run as written against the built binary, so that the README
//! cannot drift from the program.
//!
//! The Quickstart section holds two `sh` blocks: the run command and the walk-through. The
//! run command is started with a clean environment (as on a fresh machine), on a free port
//! instead of 8080 so that tests can run side by side; its printed `export` lines are what
//! the newcomer pastes, and the walk-through runs under bash with them, failing at the first
//! failing command (`curl -f` fails on any HTTP error). `cargo run [-q] -- ARGS` in the
//! README is served by a `cargo` shim on `PATH` that runs this build's binary with ARGS:
//! cargo itself holds the build lock while tests run.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use switchboard_postgres::test_support::TestDatabase;

const README: &str = include_str!("../../../README.md");

/// The fenced `sh` blocks of the README section headed `## {title}`.
fn sh_blocks(title: &str) -> Vec<String> {
    let heading = format!("\n## {title}\n");
    let start = README.find(&heading).expect("the README has the section") + heading.len();
    let section = &README[start..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let mut blocks = Vec::new();
    let mut rest = section;
    while let Some(open) = rest.find("```sh\n") {
        let body = &rest[open + "```sh\n".len()..];
        let close = body.find("```").expect("a closed block");
        blocks.push(body[..close].to_owned());
        rest = &body[close + 3..];
    }
    blocks
}

/// The arguments `cargo run [-q|--release] -- ARGS` passes to the binary.
fn binary_args(cargo_run: &str) -> Vec<String> {
    let words: Vec<&str> = cargo_run.split_whitespace().collect();
    assert_eq!(&words[..2], ["cargo", "run"], "{cargo_run}");
    let dashes = words
        .iter()
        .position(|w| *w == "--")
        .expect("cargo run -- ARGS");
    for flag in &words[2..dashes] {
        assert!(["-q", "--release"].contains(flag), "{cargo_run}");
    }
    words[dashes + 1..]
        .iter()
        .map(|w| (*w).to_owned())
        .collect()
}

/// A `cargo` that only knows `cargo run [-q|--quiet|--release] -- ARGS` and runs this
/// build's binary with ARGS, in a fresh directory that is put first on `PATH`.
struct CargoShim(PathBuf);

impl CargoShim {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let script = r#"#!/bin/sh
[ "$1" = run ] || { echo "cargo shim: only 'cargo run' is expected, got: $*" >&2; exit 97; }
shift
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
  case "$1" in -q|--quiet|--release) shift ;; *) echo "cargo shim: unexpected $1" >&2; exit 97 ;; esac
done
[ "$#" -gt 0 ] && shift
exec "$SWITCHBOARD_BIN" "$@"
"#;
        let path = dir.join("cargo");
        std::fs::write(&path, script).expect("write the shim");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        Self(dir)
    }

    fn path_var(&self) -> String {
        format!(
            "{}:{}",
            self.0.display(),
            std::env::var("PATH").unwrap_or_default()
        )
    }
}

impl Drop for CargoShim {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A running `serve`, with what it printed up to its last `export` line.
struct Served {
    child: Child,
    /// Reads the logs as they come, so that a full pipe never blocks `serve`.
    logs: std::thread::JoinHandle<String>,
    exports: Vec<String>,
    printed: String,
}

fn read_all(mut from: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = from.read_to_string(&mut text);
        text
    })
}

impl Served {
    fn start(args: &[String], env: &[(&str, &str)]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_switchboard"))
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("BIND_ADDR", "127.0.0.1:0")
            .env("RUST_LOG", "info")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("serve starts");
        let stdout = child.stdout.take().expect("piped");
        let logs = read_all(child.stderr.take().expect("piped"));
        let (lines, received) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        let mut printed = String::new();
        loop {
            match received.recv_timeout(Duration::from_secs(60)) {
                Ok(line) => {
                    printed.push_str(&line);
                    printed.push('\n');
                    // The stand-in's URL is the last export, and the exports are the last
                    // lines printed, so that they do not scroll away.
                    if line.starts_with("export SWITCHBOARD_SIM_URL=") {
                        break;
                    }
                }
                Err(e) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    let logs = logs.join().unwrap_or_default();
                    panic!("serve printed no SWITCHBOARD_SIM_URL export ({e}): {printed}\n{logs}");
                }
            }
        }
        let exports = printed
            .lines()
            .filter(|l| l.starts_with("export "))
            .map(str::to_owned)
            .collect();
        Self {
            child,
            logs,
            exports,
            printed,
        }
    }

    /// Runs `script` under bash after the printed `export` lines, as a second terminal would.
    fn bash(&self, shim: &CargoShim, script: &str) -> (bool, String, String) {
        let full = format!("{}\n{script}", self.exports.join("\n"));
        let out = Command::new("bash")
            .args(["-e", "-o", "pipefail", "-c", &full])
            .env_clear()
            .env("PATH", shim.path_var())
            .env("SWITCHBOARD_BIN", env!("CARGO_BIN_EXE_switchboard"))
            .output()
            .expect("bash runs");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// SIGTERM; the exit code and the logs.
    fn stop(mut self) -> (Option<i32>, String) {
        let killed = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(killed.success());
        let status = self.child.wait().expect("serve exits");
        (status.code(), self.logs.join().expect("the logs"))
    }
}

fn export_value<'a>(exports: &'a [String], var: &str) -> Option<&'a str> {
    let prefix = format!("export {var}=");
    exports
        .iter()
        .find_map(|l| l.strip_prefix(&prefix))
        .map(|v| v.split_whitespace().next().unwrap_or_default())
}

#[test]
fn the_readme_quickstart_works_as_written() {
    let blocks = sh_blocks("Quickstart");
    assert_eq!(blocks.len(), 2, "the run command, then the walk-through");
    let run_command = blocks[0].trim();
    assert_eq!(run_command.lines().count(), 1, "{run_command}");
    let args = binary_args(run_command);
    assert_eq!(args, ["serve"]);

    let served = Served::start(&args, &[]);
    for var in [
        "SWITCHBOARD_URL",
        "USER_TOKEN",
        "ADMIN_TOKEN",
        "SWITCHBOARD_SIM_URL",
    ] {
        assert!(
            export_value(&served.exports, var).is_some(),
            "{var} is not printed: {}",
            served.printed
        );
    }
    let shim = CargoShim::new("switchboard-quickstart");
    let (ok, out, err) = served.bash(&shim, &blocks[1]);
    // And the admin token works too: the whole pool is free again after the expiry.
    let (admin_ok, pool, admin_err) = served.bash(
        &shim,
        r#"curl -fsS "$SWITCHBOARD_URL/v1/pool/numbers" -H "Authorization: Bearer $ADMIN_TOKEN""#,
    );
    let (code, logs) = served.stop();

    assert!(ok, "the walk-through failed:\n{out}\n{err}\n{logs}");
    assert!(out.contains(r#""status":"active""#), "{out}");
    assert!(
        out.contains("<Play>https://example.com/greeting.mp3</Play>"),
        "the first call hears the greeting: {out}"
    );
    assert_eq!(out.matches("<Play>").count(), 1, "{out}");
    assert!(out.contains(r#""status":"expired""#), "{out}");
    assert!(
        out.contains("not active"),
        "the second call hears that the number is not active: {out}"
    );
    assert!(out.contains(r#""phoneNumber":"+1415555"#), "{out}");
    assert!(out.contains(r#""friendlyName":"Sales""#), "{out}");
    assert!(out.contains(r#""total":1"#), "{out}");
    // The call is placed and logged, and the browser's token and call work.
    assert!(out.contains(r#""to":"+14155550123""#), "{out}");
    assert!(out.contains(r#""direction":"outbound-api""#), "{out}");
    assert!(
        out.contains(r#""token":"ey"#) && out.contains(r#""identity":"m_"#),
        "{out}"
    );
    assert!(
        out.contains("<Dial") && out.contains(">+14155550124</Number>"),
        "the browser call dials: {out}"
    );
    assert!(out.contains(r#""outbound-browser":1"#), "{out}");
    // A text and an email, through the stand-ins.
    assert!(
        out.contains(r#""channel":"sms""#) && out.contains(r#""body":"Your table is ready.""#),
        "{out}"
    );
    assert!(
        out.contains(r#""status":"accepted""#)
            && out.contains(r#""from":"switchboard@example.com""#),
        "{out}"
    );
    assert!(
        out.contains("  subject: Your table") && out.contains("  to: ann@example.com"),
        "the outbox shows the email: {out}"
    );

    assert!(admin_ok, "{admin_err}");
    assert!(pool.contains(r#""free":20"#), "{pool}");
    assert!(pool.contains(r#""leased":0"#), "{pool}");

    assert_eq!(code, Some(0), "{logs}");
    let first_lines: String = logs.lines().take(3).collect::<Vec<_>>().join("\n");
    assert!(
        first_lines.contains("in-memory store") && first_lines.contains("lost at exit"),
        "the first log lines say the data is in memory: {first_lines}"
    );
    assert!(logs.contains("stand-in"), "{logs}");
}

#[test]
fn the_readme_more_to_try_works_from_the_quickstart_shell() {
    let blocks = sh_blocks("More to try");
    let served = Served::start(&["serve".to_owned()], &[]);
    let shim = CargoShim::new("switchboard-more-to-try");
    let (ok, out, err) = served.bash(&shim, &blocks[0]);
    let (code, logs) = served.stop();
    assert!(ok, "the More to try block failed:\n{out}\n{err}\n{logs}");
    assert!(out.contains("not active"), "{out}");
    assert!(out.contains(r#""friendlyName":"Support""#), "{out}");
    assert!(out.contains(r#""active":false"#), "{out}");
    assert!(
        !out.contains(r#""releasedAt":null}"#) && out.contains(r#""releasedAt":"20"#),
        "the released number is kept with its releasedAt: {out}"
    );
    assert!(
        out.contains("areaCode: must be a string, not a number")
            && out.contains(r#""requestId":"my-trace-1""#),
        "{out}"
    );
    assert!(out.contains(r#""operationId": "health""#), "{out}");
    assert!(out.contains("http_requests_total{"), "{out}");
    assert!(out.contains(r#"pool_numbers{state="free"} 20"#), "{out}");
    assert_eq!(code, Some(0), "{logs}");
}

#[test]
fn the_readme_phone_system_works_from_the_quickstart_shell() {
    let blocks = sh_blocks("Try the phone system");
    assert_eq!(blocks.len(), 1);
    let served = Served::start(&["serve".to_owned()], &[]);
    let shim = CargoShim::new("switchboard-phone-system");
    let (ok, out, err) = served.bash(&shim, &blocks[0]);
    let (code, logs) = served.stop();
    assert!(ok, "the phone system block failed:\n{out}\n{err}\n{logs}");
    for (what, expected) in [
        ("the owner's browser rings", "<Client>m_"),
        ("the always rule forwards", "<Number>+14155550137</Number>"),
        (
            "a forged callback is refused",
            r#""code":"invalid_signature""#,
        ),
        ("the voicemail is listed", r#""kind":"voicemail""#),
        ("with the caller's number", r#""from":"+14155550188""#),
        ("the busy rule forwards", "<Number>+14155550135</Number>"),
        (
            "a forward to itself is refused",
            r#""code":"forwarding_loop""#,
        ),
        ("the menu's say action", "We are open 9 to 5."),
        ("speech picks sales", "<Number>+14155550136</Number>"),
        ("misses are told", "not a valid choice"),
        ("the submenu", "Billing. Press 1 to leave a message."),
        ("silence falls through", "noInput=true"),
        (
            "the auto-reply answers a text",
            "<Message>Thanks! We will call you back.</Message>",
        ),
        ("the text is stored", r#""body":"Are you open today?""#),
        ("voicemail off", "not available"),
        ("switched off", "not in service"),
    ] {
        assert!(out.contains(expected), "{what}: {out}");
    }
    assert_eq!(code, Some(0), "{logs}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_database_but_no_twilio_the_stand_in_seeds_the_database_pool() {
    let db = TestDatabase::new().await;
    let served = Served::start(&["serve".to_owned()], &[("DATABASE_URL", db.url())]);
    assert!(
        export_value(&served.exports, "USER_TOKEN").is_some(),
        "{}",
        served.printed
    );
    let shim = CargoShim::new("switchboard-db-stand-in");
    let (ok, out, err) = served.bash(
        &shim,
        r#"curl -fsS "$SWITCHBOARD_URL/v1/pool/numbers" -H "Authorization: Bearer $ADMIN_TOKEN"
cargo run -q -- simulate call --to +16285550100"#,
    );
    let (code, logs) = served.stop();
    assert!(ok, "{out}\n{err}\n{logs}");
    assert!(out.contains(r#""free":20"#), "{out}");
    assert!(out.contains("not active"), "{out}");
    assert_eq!(code, Some(0), "{logs}");
    assert!(logs.contains("retire them"), "{logs}");
    assert!(!logs.contains("in-memory"), "{logs}");

    // The pool is in the database: another process sees it.
    let listing = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["pool", "list"])
        .env_clear()
        .env("DATABASE_URL", db.url())
        .output()
        .expect("pool list runs");
    let listing = String::from_utf8_lossy(&listing.stdout);
    assert!(listing.starts_with("20 free, 0 leased"), "{listing}");
}

#[test]
fn the_readme_commands_are_run_then_test() {
    let blocks: Vec<String> = ["Quickstart", "Test it"]
        .iter()
        .flat_map(|t| sh_blocks(t))
        .collect();
    assert_eq!(blocks[0].trim(), "cargo run -- serve");
    assert_eq!(blocks[2].trim(), "cargo xtask test");
    // Nothing before the quickstart asks the newcomer to run anything.
    let before = &README[..README.find("\n## Quickstart\n").expect("a quickstart")];
    assert!(!before.contains("```"), "{before}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stand_in_is_never_pointed_at_a_database_holding_real_numbers() {
    let db = TestDatabase::new().await;
    let switchboard = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_switchboard"))
            .args(args)
            .env_clear()
            .env("DATABASE_URL", db.url())
            .env("BIND_ADDR", "127.0.0.1:0")
            .output()
            .expect("the binary runs")
    };
    let added = switchboard(&["pool", "add", "+14155552671"]);
    assert!(added.status.success(), "{added:?}");
    let refused = switchboard(&["serve"]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.contains("+14155552671") && last.contains("TWILIO_ACCOUNT_SID"),
        "{stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&refused.stdout), "", "no token");
    // Nothing was added to the real pool.
    let listing = switchboard(&["pool", "list"]);
    let listing = String::from_utf8_lossy(&listing.stdout);
    assert!(listing.starts_with("1 free, 0 leased"), "{listing}");
}
