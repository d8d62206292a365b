//! The `switchboard` binary as an operator runs it: configuration errors are one line that
//! names the variable and shows no secret; `migrate`, `pool`, `numbers` and `token` work
//! against a real database and the Twilio stand-in; `serve` answers and exits 0 on SIGTERM.
//! The out-of-the-box `serve` (no database, no Twilio account) is tested in `quickstart.rs`.

use std::io::Read;
use std::net::TcpListener;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use switchboard_postgres::test_support::TestDatabase;
use switchboard_twilio_sim::{NumberSeed, SimConfig, TwilioSim};

const SECRET: &str = "cli-test-secret-0123456789abcdef0123";
const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";

fn switchboard() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_switchboard"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("RUST_LOG", "warn");
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the binary runs")
}

/// Runs `cmd` off the async runtime (the stand-in answering it runs on that runtime).
async fn run_blocking(mut cmd: Command) -> Output {
    tokio::task::spawn_blocking(move || run(&mut cmd))
        .await
        .expect("the command runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_missing_variable_stops_the_start_with_one_line_naming_it() {
    let out = run(switchboard()
        .arg("serve")
        .env("DATABASE_URL", "postgres://admin:hunter2@127.0.0.1:1/db")
        .env("PUBLIC_BASE_URL", "https://public.example")
        .env("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
        .env("AUTH_JWT_SECRET", SECRET));
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("TWILIO_AUTH_TOKEN"), "{stderr}");
    assert!(
        !stderr.contains("hunter2") && !stderr.contains(SECRET),
        "{stderr}"
    );
}

#[test]
fn an_invalid_variable_is_named() {
    let out = run(switchboard()
        .arg("serve")
        .env("DATABASE_URL", "postgres://u@127.0.0.1:1/db")
        .env("PUBLIC_BASE_URL", "not a url")
        .env("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
        .env("TWILIO_AUTH_TOKEN", "twilio-token-value")
        .env("AUTH_JWT_SECRET", SECRET));
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("switchboard: invalid configuration: PUBLIC_BASE_URL"),
        "{stderr}"
    );
    assert!(!stderr.contains("twilio-token-value"), "{stderr}");
    let short = run(switchboard()
        .args(["token", "--user", "alice"])
        .env("AUTH_JWT_SECRET", "short"));
    assert!(text(&short.stderr).contains("AUTH_JWT_SECRET"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_pool_and_token_commands_work_against_a_database() {
    let db = TestDatabase::new().await;
    let with_db = |args: &[&str]| {
        let out = run(switchboard().args(args).env("DATABASE_URL", db.url()));
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        text(&out.stdout)
    };
    assert_eq!(with_db(&["migrate"]).trim(), "the database is up to date");
    assert_eq!(
        with_db(&["pool", "add", "+14155550100", "+14155550101"])
            .lines()
            .count(),
        2
    );
    assert!(with_db(&["pool", "add", "+14155550100"]).contains("already in the pool"));
    let listing = with_db(&["pool", "list"]);
    assert!(listing.starts_with("2 free, 0 leased"), "{listing}");
    assert!(listing.contains("+14155550101\tfree"), "{listing}");
    with_db(&["pool", "retire", "+14155550101"]);
    assert!(with_db(&["pool", "list"]).starts_with("1 free, 0 leased"));
    let bad = run(switchboard()
        .args(["pool", "add", "+1 415"])
        .env("DATABASE_URL", db.url()));
    assert_eq!(bad.status.code(), Some(1));

    let token = run(switchboard()
        .args(["token", "--user", "alice", "--admin", "--ttl", "15m"])
        .env("AUTH_JWT_SECRET", SECRET));
    assert!(token.status.success());
    let token = text(&token.stdout);
    assert_eq!(token.trim().split('.').count(), 3, "a JWT: {token}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_commands_keep_the_partitions_and_refuse_a_bad_month() {
    let db = TestDatabase::new().await;
    let logs = |args: &[&str]| {
        run(switchboard()
            .arg("logs")
            .args(args)
            .env("DATABASE_URL", db.url()))
    };
    let ahead = logs(&["ensure-partitions", "--months-ahead", "2"]);
    assert!(ahead.status.success(), "{}", text(&ahead.stderr));
    assert_eq!(
        text(&ahead.stdout).trim(),
        "the logs have partitions up to 2 months ahead"
    );
    // Nothing is older than 2000: nothing is dropped, and the command says so.
    let dropped = logs(&["drop-before", "2000-01"]);
    assert!(dropped.status.success(), "{}", text(&dropped.stderr));
    assert_eq!(
        text(&dropped.stdout).trim(),
        "forgot the logs before 2000-01 (0 partitions dropped)"
    );
    let bad = logs(&["drop-before", "2026-13"]);
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("\"2026-13\" is not a month like 2026-01"),
        "{}",
        text(&bad.stderr)
    );
}

/// Runs `serve` on a real (stand-in) Twilio account, with `database_url` or in memory,
/// until it is ready, then stops it with SIGTERM; what it printed and logged.
async fn serve_on_an_account(database_url: Option<&str>) -> (String, String) {
    let sim =
        TwilioSim::start(SimConfig::default().with_credentials(ACCOUNT_SID, "twilio-token-value"))
            .await
            .expect("the Twilio stand-in starts");
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut serve = switchboard();
    if let Some(url) = database_url {
        serve.env("DATABASE_URL", url);
    }
    let mut child = serve
        .arg("serve")
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("PUBLIC_BASE_URL", "https://public.example")
        .env("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
        .env("TWILIO_AUTH_TOKEN", "twilio-token-value")
        .env("TWILIO_API_BASE_URL", sim.base_url())
        .env("AUTH_JWT_SECRET", SECRET)
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");
    let deadline = Instant::now() + Duration::from_secs(30);
    let ready = loop {
        if let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::Write;
            stream
                .write_all(b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .expect("write");
            let mut response = String::new();
            stream.read_to_string(&mut response).expect("read");
            break response;
        }
        assert!(
            Instant::now() < deadline,
            "serve did not listen within 30 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    // Ready means the database and Twilio (the stand-in) both answered.
    assert!(ready.starts_with("HTTP/1.1 200"), "{ready}");
    assert!(ready.contains(r#""twilio":"ok""#), "{ready}");
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = child.wait().expect("serve exits");
    let mut logs = String::new();
    child
        .stderr
        .take()
        .expect("piped")
        .read_to_string(&mut logs)
        .expect("logs");
    assert_eq!(status.code(), Some(0), "{logs}");
    assert!(logs.contains("stopped"), "{logs}");
    let mut printed = String::new();
    child
        .stdout
        .take()
        .expect("piped")
        .read_to_string(&mut printed)
        .expect("stdout");
    for secret in [SECRET, "twilio-token-value"] {
        assert!(!logs.contains(secret), "a secret reached the logs: {logs}");
    }
    sim.stop().await;
    (printed, logs)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_then_exits_zero_on_sigterm() {
    let db = TestDatabase::new().await;
    let (printed, logs) = serve_on_an_account(Some(db.url())).await;
    // Configured for real: nothing of the out-of-the-box setup starts, and no token is printed.
    assert_eq!(printed, "", "nothing is printed on stdout");
    assert!(
        !logs.contains("stand-in") && !logs.contains("in-memory"),
        "{logs}"
    );
    assert!(
        logs.contains("using PostgreSQL") && logs.contains("using Twilio"),
        "{logs}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_real_account_without_a_database_serve_warns_and_prints_no_token() {
    let (printed, logs) = serve_on_an_account(None).await;
    assert_eq!(printed, "", "nothing is printed on stdout");
    assert!(!logs.contains("stand-in"), "{logs}");
    assert!(logs.contains("in-memory store"), "{logs}");
    assert!(logs.contains("forgotten at exit"), "{logs}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pool_import_adds_unowned_account_numbers_and_reconcile_reports() {
    let db = TestDatabase::new().await;
    let sim =
        TwilioSim::start(SimConfig::default().with_credentials(ACCOUNT_SID, "twilio-token-value"))
            .await
            .expect("the Twilio stand-in starts");
    sim.add_incoming_number(NumberSeed::new("+14155550142"))
        .expect("seed an account number");
    let base_url = sim.base_url().to_string();
    let command = |args: &[&str]| {
        let mut cmd = switchboard();
        cmd.args(args)
            .env("DATABASE_URL", db.url())
            .env("PUBLIC_BASE_URL", "https://public.example")
            .env("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
            .env("TWILIO_AUTH_TOKEN", "twilio-token-value")
            .env("TWILIO_API_BASE_URL", &base_url);
        cmd
    };
    let migrated = run_blocking(command(&["migrate"])).await;
    assert_eq!(
        migrated.status.code(),
        Some(0),
        "{}",
        text(&migrated.stderr)
    );

    let reconciled = run_blocking(command(&["numbers", "reconcile"])).await;
    let out = text(&reconciled.stdout);
    assert_eq!(
        reconciled.status.code(),
        Some(0),
        "{}",
        text(&reconciled.stderr)
    );
    assert!(
        out.contains("+14155550142 is on the account but neither owned nor in the pool"),
        "{out}"
    );

    let imported = run_blocking(command(&["pool", "import"])).await;
    assert_eq!(
        imported.status.code(),
        Some(0),
        "{}",
        text(&imported.stderr)
    );
    assert!(text(&imported.stdout).contains("added +14155550142"));
    let number = sim
        .incoming_numbers()
        .into_iter()
        .find(|n| n.phone_number == "+14155550142")
        .expect("still on the account");
    assert_eq!(
        number.voice_url.as_deref(),
        Some("https://public.example/webhooks/twilio/voice")
    );

    let listed = tokio::task::spawn_blocking({
        let mut cmd = command(&["pool", "list"]);
        move || run(&mut cmd)
    })
    .await
    .expect("list runs");
    assert!(
        text(&listed.stdout).contains("+14155550142\tfree"),
        "{}",
        text(&listed.stdout)
    );
}

/// Standard base64 (RFC 4648, with padding), for a Basic `Authorization` header: this crate
/// has no HTTP client or base64 among its dev-dependencies.
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `GET path` on `127.0.0.1:port` with Basic auth; the whole raw response.
fn get_with_basic_auth(port: u16, path: &str, user: &str, password: &str) -> String {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("read timeout");
    let credentials = base64(format!("{user}:{password}").as_bytes());
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Basic {credentials}\r\n\
         Accept: application/json\r\nConnection: close\r\n\r\n"
    )
    .expect("write the request");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .expect("read the response");
    response
}

#[test]
fn base64_matches_rfc_4648_vectors() {
    for (plain, encoded) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64(plain.as_bytes()), encoded, "{plain:?}");
    }
}

#[test]
fn twilio_sim_serves_the_account_behind_basic_auth_and_exits_on_sigterm() {
    use std::io::BufRead;
    const TOKEN: &str = "cli-sim-token-0123456789";
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut child = switchboard()
        .args([
            "twilio-sim",
            "--port",
            &port.to_string(),
            "--auth-token",
            TOKEN,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("twilio-sim starts");
    // Read stdout on a thread until EOF (so the child never writes into a closed pipe).
    let stdout = child.stdout.take().expect("piped");
    let (lines_tx, lines) = std::sync::mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut printed = Vec::new();
    let account_sid = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) => {
                // `TWILIO_ACCOUNT_SID=AC…`, possibly as a shell `export` line.
                let assignment = line.strip_prefix("export ").unwrap_or(&line);
                if let Some(sid) = assignment.strip_prefix("TWILIO_ACCOUNT_SID=") {
                    break sid.trim().to_owned();
                }
                printed.push(line);
            }
            Err(e) => {
                let _ = child.kill();
                panic!("no TWILIO_ACCOUNT_SID line within 30 s ({e}); printed: {printed:?}");
            }
        }
    };
    assert!(
        account_sid.starts_with("AC") && account_sid.len() == 34,
        "{account_sid}"
    );
    assert!(
        printed
            .iter()
            .any(|l| l.ends_with(&format!("TWILIO_API_BASE_URL=http://127.0.0.1:{port}"))),
        "{printed:?}"
    );

    let path = format!("/2010-04-01/Accounts/{account_sid}.json");
    let ok = get_with_basic_auth(port, &path, &account_sid, TOKEN);
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    assert!(
        ok.contains(&format!(r#""sid":"{account_sid}""#))
            || ok.contains(&format!(r#""sid": "{account_sid}""#)),
        "{ok}"
    );
    let refused = get_with_basic_auth(port, &path, &account_sid, "not-the-token");
    assert!(refused.starts_with("HTTP/1.1 401"), "{refused}");

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait on the child") {
            break Some(status);
        }
        if Instant::now() >= deadline {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let Some(status) = status else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("twilio-sim did not exit within 15 s of SIGTERM");
    };
    reader.join().expect("the stdout reader ends");
    let mut logs = String::new();
    child
        .stderr
        .take()
        .expect("piped")
        .read_to_string(&mut logs)
        .expect("stderr");
    assert_eq!(status.code(), Some(0), "{logs}");
    assert!(!logs.contains(TOKEN), "the token reached the logs: {logs}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simulate_explains_what_is_missing_in_one_line() {
    let nowhere = run(switchboard().args(["simulate", "call", "--to", "+16285550100"]));
    assert_eq!(nowhere.status.code(), Some(1));
    let stderr = text(&nowhere.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("SWITCHBOARD_SIM_URL"), "{stderr}");

    let sim = TwilioSim::start(SimConfig::default())
        .await
        .expect("the Twilio stand-in starts");
    let simulate = |to: &str| {
        run(switchboard()
            .args(["simulate", "call", "--to", to])
            .env("SWITCHBOARD_SIM_URL", sim.base_url()))
    };
    let unknown = simulate("+16285550100");
    assert_eq!(unknown.status.code(), Some(1));
    let stderr = text(&unknown.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("+16285550100"), "{stderr}");
    assert!(!stderr.contains(sim.auth_token()), "{stderr}");

    let malformed = simulate("628-555-0100");
    assert_eq!(malformed.status.code(), Some(1));
    assert!(
        text(&malformed.stderr).contains("--to"),
        "{}",
        text(&malformed.stderr)
    );
    sim.stop().await;
}

/// A one-request app on a free port answering `body` as TwiML; returns its base URL and the
/// thread that serves it (it ends after one request).
fn one_shot_app(body: &'static str) -> (String, std::thread::JoinHandle<String>) {
    use std::io::Write;
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("the stand-in connects");
        let mut request = Vec::new();
        let mut chunk = [0u8; 4096];
        // Headers, then as many body bytes as Content-Length says.
        loop {
            let n = stream.read(&mut chunk).expect("a request");
            request.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&request).into_owned();
            if let Some((head, rest)) = text.split_once("\r\n\r\n") {
                let length = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().to_owned())
                    })
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(0);
                if rest.len() >= length || n == 0 {
                    break;
                }
            }
        }
        let reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        stream
            .write_all(reply.as_bytes())
            .expect("the reply is sent");
        String::from_utf8_lossy(&request).into_owned()
    });
    (base, server)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simulate_client_call_prints_the_twiml_apps_answer() {
    const TWIML: &str =
        "<Response><Dial callerId=\"+16285550100\"><Number>+14155551234</Number></Dial></Response>";
    let sim = TwilioSim::start(SimConfig::default())
        .await
        .expect("the Twilio stand-in starts");
    let client_call = |sim_url: &str| {
        let mut cmd = switchboard();
        cmd.args([
            "simulate",
            "client-call",
            "--identity",
            "alice",
            "--to",
            "+14155551234",
            "--caller-id",
            "+16285550100",
            "--record",
        ])
        .env("SWITCHBOARD_SIM_URL", sim_url);
        cmd
    };
    let no_app = run_blocking(client_call(sim.base_url())).await;
    assert_eq!(no_app.status.code(), Some(1));
    let stderr = text(&no_app.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("TwiML App"), "{stderr}");

    let (app, server) = one_shot_app(TWIML);
    sim.add_application(
        switchboard_twilio_sim::ApplicationSeed::new()
            .voice_url(format!("{app}/webhooks/twilio/voice")),
    )
    .expect("a TwiML App");
    let out = run_blocking(client_call(sim.base_url())).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(TWIML),
        "the transcript shows the app's document: {}",
        text(&out.stdout)
    );
    let request = server.join().expect("the app served one request");
    assert!(
        request.starts_with("POST /webhooks/twilio/voice "),
        "{request}"
    );
    for param in [
        "From=client%3Aalice",
        "To=%2B14155551234",
        "CallerId=%2B16285550100",
        "Record=true",
        "Direction=inbound",
    ] {
        assert!(request.contains(param), "{param} in {request}");
    }
    sim.stop().await;
}

#[test]
fn a_closed_stdout_ends_a_command_quietly() {
    // The reader is gone before the command writes, as with `switchboard pool list | head
    // -n 1` once head has its line: no "Broken pipe" panic (exit 101), no message.
    let mut child = switchboard()
        .args(["token", "--user", "alice"])
        .env("AUTH_JWT_SECRET", SECRET)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("the binary ends");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn help_opens_with_what_switchboard_is_for_a_user() {
    let out = run(switchboard().arg("--help"));
    assert!(out.status.success());
    let help = text(&out.stdout);
    let first = help.lines().next().unwrap_or_default();
    assert!(first.starts_with("Switchboard: a backend for"), "{first}");
    assert!(!help.contains("composition root"), "{help}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twilio_setup_creates_the_twiml_app_once_then_updates_it() {
    let sim =
        TwilioSim::start(SimConfig::default().with_credentials(ACCOUNT_SID, "twilio-token-value"))
            .await
            .expect("the Twilio stand-in starts");
    let base_url = sim.base_url().to_string();
    let setup = |public: &str, app: Option<&str>| {
        let mut cmd = switchboard();
        cmd.args(["twilio", "setup"])
            .env("PUBLIC_BASE_URL", public)
            .env("TWILIO_ACCOUNT_SID", ACCOUNT_SID)
            .env("TWILIO_AUTH_TOKEN", "twilio-token-value")
            .env("TWILIO_API_BASE_URL", &base_url);
        if let Some(app) = app {
            cmd.env("TWILIO_TWIML_APP_SID", app);
        }
        cmd
    };
    let sid_in = |out: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix("export TWILIO_TWIML_APP_SID="))
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("no export line in {out:?}"))
    };
    let first = run_blocking(setup("https://one.example", None)).await;
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let created = sid_in(&text(&first.stdout));
    assert!(text(&first.stdout).contains("created"));
    let apps = sim.applications();
    assert_eq!(apps.len(), 1);
    assert_eq!(
        apps[0].voice_url.as_deref(),
        Some("https://one.example/webhooks/twilio/voice")
    );
    assert_eq!(
        apps[0].status_callback.as_deref(),
        Some("https://one.example/webhooks/twilio/voice/status")
    );

    // Run again for a new base URL: the app is found by its name and updated, not duplicated.
    let second = run_blocking(setup("https://two.example", None)).await;
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    assert_eq!(sid_in(&text(&second.stdout)), created);
    assert!(text(&second.stdout).contains("updated"));
    let third = run_blocking(setup("https://three.example", Some(&created))).await;
    assert_eq!(sid_in(&text(&third.stdout)), created);
    let apps = sim.applications();
    assert_eq!(apps.len(), 1);
    assert_eq!(
        apps[0].voice_url.as_deref(),
        Some("https://three.example/webhooks/twilio/voice")
    );
    assert!(
        sim.spec_violations().is_empty(),
        "{:#?}",
        sim.spec_violations()
    );

    let bad = run_blocking(setup("https://three.example", Some("AP123"))).await;
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stderr).contains("TWILIO_TWIML_APP_SID"),
        "{}",
        text(&bad.stderr)
    );
}
