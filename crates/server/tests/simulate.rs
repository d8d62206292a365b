//! `switchboard simulate call`: an inbound call carried out by the stand-in's TwiML engine,
//! printed as each document the app returned and what the stand-in did with it, then the
//! call's final status; exit 1 naming the application error when a document is refused.

use std::collections::BTreeMap;
use std::process::{Command, Output};
use std::sync::Arc;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use switchboard_twilio_sim::{NumberSeed, RunningSim, SimConfig, TwilioSim};

const NUMBER: &str = "+16285550100";

fn switchboard() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_switchboard"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("RUST_LOG", "warn");
    cmd
}

/// Runs `cmd` off the async runtime (the stand-in and the app answering it run on it).
async fn run(mut cmd: Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().expect("the binary runs"))
        .await
        .expect("the command runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// An app answering each path with its TwiML (other paths: `<Response/>`); its base URL.
fn app(documents: &[(&str, &str)]) -> String {
    let documents: Arc<BTreeMap<String, String>> = Arc::new(
        documents
            .iter()
            .map(|(p, d)| ((*p).to_owned(), (*d).to_owned()))
            .collect(),
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let server = HttpServer::new(move || {
        let documents = Arc::clone(&documents);
        App::new().default_service(web::to(move |request: HttpRequest| {
            let body = documents
                .get(request.path())
                .cloned()
                .unwrap_or_else(|| "<Response/>".to_owned());
            async move { HttpResponse::Ok().content_type("text/xml").body(body) }
        }))
    })
    .workers(1)
    .disable_signals()
    .listen(listener)
    .expect("listen")
    .run();
    tokio::spawn(server);
    base
}

/// The default stand-in (the account `simulate` uses without a token) with [`NUMBER`]
/// pointing at `app`'s `/voice`.
async fn stand_in(app: &str) -> RunningSim {
    let sim = TwilioSim::start(SimConfig::default())
        .await
        .expect("the stand-in starts");
    sim.add_incoming_number(NumberSeed::new(NUMBER).voice_url(format!("{app}/voice")))
        .expect("a number");
    sim
}

fn simulate_call(sim: &RunningSim, extra: &[&str]) -> Command {
    let mut cmd = switchboard();
    cmd.args(["simulate", "call", "--to", NUMBER])
        .args(extra)
        .env("SWITCHBOARD_SIM_URL", sim.base_url());
    cmd
}

const MENU: &str = "<Response><Gather numDigits=\"1\" action=\"/gather\"><Say>Press 1 for sales</Say>\
    </Gather><Say>No input</Say></Response>";
const FORWARD: &str = "<Response><Dial timeout=\"20\" action=\"/dial-result\">\
    <Number>+14155550123</Number></Dial></Response>";
const VOICEMAIL: &str = "<Response><Say>Leave a message</Say><Record maxLength=\"30\" \
    action=\"/done\"/></Response>";
const DONE: &str = "<Response><Say>Thanks</Say><Hangup/></Response>";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scripted_call_prints_each_document_and_what_the_stand_in_did() {
    let app = app(&[
        ("/voice", MENU),
        ("/gather", FORWARD),
        ("/dial-result", VOICEMAIL),
        ("/done", DONE),
    ]);
    let sim = stand_in(&app).await;
    let out = run(simulate_call(
        &sim,
        &["--digits", "1", "--no-answer", "--record-seconds", "7"],
    ))
    .await;
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        text(&out.stderr)
    );
    let expected = [
        format!("POST {app}/voice -> 200"),
        MENU.to_owned(),
        "said \"Press 1 for sales\"".to_owned(),
        "gathered digits \"1\"".to_owned(),
        format!("POST {app}/gather -> 200"),
        FORWARD.to_owned(),
        "dialled +14155550123 -> no-answer after 20 s".to_owned(),
        format!("POST {app}/dial-result -> 200"),
        "said \"Leave a message\"".to_owned(),
        "recorded 7 s as RE".to_owned(),
        format!("POST {app}/done -> 200"),
        "hung up".to_owned(),
        " completed after ".to_owned(),
    ];
    let mut rest = stdout.as_str();
    for line in &expected {
        let at = rest
            .find(line.as_str())
            .unwrap_or_else(|| panic!("{line:?} (in order) in:\n{stdout}"));
        rest = &rest[at + line.len()..];
    }
    assert!(
        !stdout.contains("said \"No input\""),
        "the Gather took the digit"
    );
    // The call's last line: its SID, status and duration.
    let last = stdout.trim_end().lines().last().unwrap_or_default();
    assert!(
        last.starts_with("call CA") && last.contains("completed after"),
        "{last}"
    );
    let recordings = sim.recordings();
    assert_eq!(recordings.len(), 1);
    assert_eq!(recordings[0].duration, 7);
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_answers_the_first_dial_and_busy_is_reported() {
    let app = app(&[("/voice", FORWARD), ("/dial-result", DONE)]);
    let sim = stand_in(&app).await;
    let answered = run(simulate_call(&sim, &[])).await;
    assert_eq!(
        answered.status.code(),
        Some(0),
        "{}",
        text(&answered.stderr)
    );
    assert!(
        text(&answered.stdout).contains("dialled +14155550123 -> answered after 5 s"),
        "{}",
        text(&answered.stdout)
    );
    let busy = run(simulate_call(&sim, &["--busy"])).await;
    assert_eq!(busy.status.code(), Some(0), "{}", text(&busy.stderr));
    assert!(
        text(&busy.stdout).contains("dialled +14155550123 -> busy after 2 s"),
        "{}",
        text(&busy.stdout)
    );
    let both = run(simulate_call(&sim, &["--busy", "--no-answer"])).await;
    assert_eq!(both.status.code(), Some(2), "clap refuses two outcomes");
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_document_exits_1_naming_the_application_error() {
    let app = app(&[(
        "/voice",
        "<Response><Gather><Dial>+14155550123</Dial></Gather></Response>",
    )]);
    let sim = stand_in(&app).await;
    let out = run(simulate_call(&sim, &[])).await;
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("<Gather><Dial>"),
        "the document is shown: {stdout}"
    );
    assert!(stdout.contains("application error 13320"), "{stdout}");
    let stderr = text(&out.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("13320") && stderr.contains("<Gather>"),
        "{stderr}"
    );
    assert!(!stderr.contains(sim.auth_token()), "{stderr}");
    sim.stop().await;
}
