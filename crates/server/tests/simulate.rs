//! `switchboard simulate call`: an inbound call carried out by the stand-in's TwiML engine,
//! printed as each document the app returned and what the stand-in did with it, then the
//! call's final status; exit 1 naming the application error when a document is refused.
//! `switchboard simulate sms`: an inbound SMS, MMS or WhatsApp message, printed as the app's
//! reply; exit 1 with one line when the app does not answer 2xx or the stand-in refuses.

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
    app_answering(200, documents)
}

/// An app answering each path with `status` and its document (other paths:
/// `<Response/>`); its base URL.
fn app_answering(status: u16, documents: &[(&str, &str)]) -> String {
    let status = actix_web::http::StatusCode::from_u16(status).expect("a status");
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
            async move {
                HttpResponse::build(status)
                    .content_type("text/xml")
                    .body(body)
            }
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
/// pointing at `app`'s `/voice` and `/sms`.
async fn stand_in(app: &str) -> RunningSim {
    let sim = TwilioSim::start(SimConfig::default())
        .await
        .expect("the stand-in starts");
    sim.add_incoming_number(
        NumberSeed::new(NUMBER)
            .voice_url(format!("{app}/voice"))
            .sms_url(format!("{app}/sms")),
    )
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

fn simulate_sms(sim: &RunningSim, args: &[&str]) -> Command {
    let mut cmd = switchboard();
    cmd.args(["simulate", "sms"])
        .args(args)
        .env("SWITCHBOARD_SIM_URL", sim.base_url());
    cmd
}

const AUTO_REPLY: &str = "<Response><Message>Thanks, we will call you back</Message></Response>";
const TEXTER: &str = "+14155550123";

/// The inbound message webhooks the stand-in sent, as parameter lists.
fn sms_webhooks(sim: &RunningSim) -> Vec<Vec<(String, String)>> {
    sim.webhook_deliveries()
        .into_iter()
        .filter(|d| d.kind == "sms")
        .map(|d| d.params)
        .collect()
}

fn param<'p>(params: &'p [(String, String)], name: &str) -> Option<&'p str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_mms_prints_the_apps_reply() {
    let app = app(&[("/sms", AUTO_REPLY)]);
    let sim = stand_in(&app).await;
    let out = run(simulate_sms(
        &sim,
        &[
            "--to",
            NUMBER,
            "--from",
            TEXTER,
            "--body",
            "Call me",
            "--media",
            "https://cdn.example/a.jpg",
            "--media",
            "https://cdn.example/b.png",
        ],
    ))
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), format!("{AUTO_REPLY}\n"));
    let webhooks = sms_webhooks(&sim);
    assert_eq!(webhooks.len(), 1);
    let params = &webhooks[0];
    assert_eq!(param(params, "To"), Some(NUMBER));
    assert_eq!(param(params, "From"), Some(TEXTER));
    assert_eq!(param(params, "Body"), Some("Call me"));
    assert_eq!(param(params, "NumMedia"), Some("2"));
    assert_eq!(
        param(params, "MediaUrl0"),
        Some("https://cdn.example/a.jpg")
    );
    assert_eq!(
        param(params, "MediaUrl1"),
        Some("https://cdn.example/b.png")
    );
    assert_eq!(param(params, "MediaContentType1"), Some("image/png"));
    let messages = sim.messages();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].sid.starts_with("MM"), "{}", messages[0].sid);
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whatsapp_message_and_an_empty_reply() {
    let app = app(&[]);
    let sim = stand_in(&app).await;
    let to = format!("whatsapp:{NUMBER}");
    let from = format!("whatsapp:{TEXTER}");
    let out = run(simulate_sms(
        &sim,
        &["--to", &to, "--from", &from, "--body", "Hola"],
    ))
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // The app's `<Response/>`: no message back.
    assert_eq!(text(&out.stdout), "<Response/>\n");
    let webhooks = sms_webhooks(&sim);
    assert_eq!(param(&webhooks[0], "To"), Some(to.as_str()));
    assert_eq!(param(&webhooks[0], "From"), Some(from.as_str()));
    assert_eq!(param(&webhooks[0], "WaId"), Some("14155550123"));
    assert_eq!(param(&webhooks[0], "NumMedia"), Some("0"));
    sim.stop().await;
}

/// Asserts `out` failed with exit 1 and one line on stderr containing every `needle`, and
/// nothing on stdout.
fn assert_refused(out: &Output, sim: &RunningSim, needles: &[&str]) {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "{needle:?} in {stderr}");
    }
    assert!(!stderr.contains(sim.auth_token()), "{stderr}");
    assert_eq!(text(&out.stdout), "", "nothing on stdout");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_app_answering_500_exits_1_naming_the_status() {
    let app = app_answering(500, &[("/sms", "<html>\n<b>Internal error</b>\n</html>")]);
    let sim = stand_in(&app).await;
    let out = run(simulate_sms(
        &sim,
        &["--to", NUMBER, "--from", TEXTER, "--body", "hi"],
    ))
    .await;
    assert_refused(&out, &sim, &["HTTP 500", "<b>Internal error</b>"]);
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_addresses_unknown_numbers_and_mixed_channels_exit_1() {
    let app = app(&[("/sms", AUTO_REPLY)]);
    let sim = stand_in(&app).await;
    let base = |to: &str, from: &str| {
        vec![
            "--to".to_owned(),
            to.to_owned(),
            "--from".to_owned(),
            from.to_owned(),
            "--body".to_owned(),
            "hi".to_owned(),
        ]
    };
    let cases: [(Vec<String>, &[&str]); 5] = [
        (base("4155550100", TEXTER), &["--to", "E.164"]),
        (base(NUMBER, "whatsapp:12"), &["--from", "whatsapp:+E164"]),
        (
            base("+16285550199", TEXTER),
            &["+16285550199", "not a number on account"],
        ),
        (
            base(NUMBER, &format!("whatsapp:{TEXTER}")),
            &["different channels"],
        ),
        (
            [
                base(NUMBER, TEXTER),
                vec!["--media".to_owned(), "ftp://cdn.example/a.jpg".to_owned()],
            ]
            .concat(),
            &["ftp://cdn.example/a.jpg"],
        ),
    ];
    for (args, needles) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(simulate_sms(&sim, &args)).await;
        assert_refused(&out, &sim, needles);
    }
    assert!(sms_webhooks(&sim).is_empty(), "nothing reached the app");
    let missing_body = run(simulate_sms(&sim, &["--to", NUMBER, "--from", TEXTER])).await;
    assert_eq!(missing_body.status.code(), Some(2), "clap wants --body");
    sim.stop().await;
}
