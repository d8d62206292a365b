//! PostgreSQL killed and restarted under load (issue 14, point 1), on a cluster of this test's
//! own: 16 clients create sessions, read them, list them and post signed call status
//! callbacks over HTTP while the server is killed (`pg_ctl stop -m immediate`) and started
//! again, then shut down (`-m fast`: sessions terminated with `57P01`) and started again.
//! Every answer while it is down is a prompt 503 `store_unavailable` with `Retry-After`,
//! never a 500 or a broken connection; the app recovers by itself each time; every session
//! answered 201 is stored once, no other session is left behind, and no pool number is
//! leased to two live sessions. And a lease that committed but whose answer was lost is
//! undone before its 503 is answered.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use diesel::sql_types::{Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use futures::StreamExt as _;
use reqwest::RequestBuilder;
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use serde_json::{Value, json};
use switchboard_domain::clock::SystemClock;
use switchboard_e2e::{
    AnswerCutter, GREETING_URL, JWT_SECRET, PUBLIC_BASE_URL, PgCluster, RunningServer,
    SESSIONS_PATH, TestAppOptions, TestDatabase, http_client, json_of, problem, settings,
    sign_hs256, start_sim, twilio_client, twilio_signature, valid_claims,
};
use switchboard_postgres::{PgConfig, PgStore, migrate};
use switchboard_server::compose::app_state;
use time::OffsetDateTime;
use uuid::Uuid;

const CLIENTS: usize = 16;
/// The pool's wait (and connect, and recycle) timeout: short, so the outage is answered fast.
const POOL_WAIT: Duration = Duration::from_secs(1);
/// The slowest answer allowed: a create makes two store calls (the rate limit, then the
/// lease), each bounded by the pool's timeouts; the rest is slack for a busy 2-core machine.
const SLOWEST: Duration = Duration::from_secs(8);
/// Short, so a lease whose outcome is unknown is settled soon after the database is back.
const STATEMENT_TIMEOUT: Duration = Duration::from_secs(2);
/// How long each outage lasts, and how long the load runs on the restarted server.
const DOWN_FOR: Duration = Duration::from_millis(2500);
const UP_FOR: Duration = Duration::from_millis(2500);
const STATUS_PATH: &str = "/webhooks/twilio/voice/status";
const POOL_SIZE: i64 = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Create,
    Read,
    List,
    Callback,
}

impl Kind {
    fn success(self) -> u16 {
        match self {
            Self::Create => 201,
            Self::Read | Self::List => 200,
            Self::Callback => 204,
        }
    }
}

/// One request as it went.
#[derive(Debug)]
struct Sample {
    kind: Kind,
    client: usize,
    started: Instant,
    ended: Instant,
    outcome: Outcome,
}

#[derive(Debug)]
enum Outcome {
    Answered {
        status: u16,
        /// `code` of a problem+json body (`None` for any other body).
        code: Option<String>,
        retry_after: bool,
    },
    /// No HTTP answer at all: a reset, a closed connection, a timeout.
    Failed(String),
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Answered {
                status,
                code,
                retry_after,
            } => write!(
                f,
                "{status} {} (Retry-After: {retry_after})",
                code.as_deref().unwrap_or("-")
            ),
            Self::Failed(e) => write!(f, "no answer: {e}"),
        }
    }
}

impl Sample {
    fn succeeded(&self) -> bool {
        matches!(self.outcome, Outcome::Answered { status, .. } if status == self.kind.success())
    }

    fn store_unavailable(&self) -> bool {
        matches!(&self.outcome, Outcome::Answered { status: 503, code: Some(code), retry_after: true }
            if code == "store_unavailable")
    }
}

/// A session answered 201.
#[derive(Debug, Clone)]
struct Created {
    id: String,
    user: String,
    phone: String,
}

/// One outage, as the controller saw it.
#[derive(Debug)]
struct Outage {
    /// "killed" (`pg_ctl stop -m immediate`) or "stopped" (`-m fast`).
    how: &'static str,
    /// When the stop began: requests around here may go either way.
    stopping: Instant,
    /// When the server was down.
    down: Instant,
    restarting: Instant,
    /// When it accepted connections again.
    restarted: Instant,
    /// When the load on the restarted server ended (the next outage began, or the run).
    until: Instant,
}

async fn send(client: usize, kind: Kind, request: RequestBuilder) -> (Sample, Option<Value>) {
    let started = Instant::now();
    let (outcome, body) = match request.send().await {
        Err(e) => (Outcome::Failed(format!("{e:?}")), None),
        Ok(response) => {
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            match response.text().await {
                Err(e) => (Outcome::Failed(format!("reading the body: {e:?}")), None),
                Ok(text) => {
                    let body: Option<Value> = serde_json::from_str(&text).ok();
                    let problem_json = headers
                        .get(CONTENT_TYPE)
                        .and_then(|v| v.to_str().ok())
                        .is_some_and(|t| t.starts_with("application/problem+json"));
                    let code = body
                        .as_ref()
                        .filter(|_| problem_json)
                        .and_then(|b| b["code"].as_str())
                        .map(str::to_owned);
                    let outcome = Outcome::Answered {
                        status,
                        code,
                        retry_after: headers.contains_key(RETRY_AFTER),
                    };
                    (outcome, body)
                }
            }
        }
    };
    let sample = Sample {
        kind,
        client,
        started,
        ended: Instant::now(),
        outcome,
    };
    (sample, body)
}

/// The app under test over real HTTP, with the Twilio stand-in it talks to.
struct App {
    base_url: String,
    client: reqwest::Client,
    _server: RunningServer,
    _sim: switchboard_twilio_sim::RunningSim,
}

impl App {
    /// The app on the database at `url`, with a short pool wait.
    async fn start(url: String) -> Self {
        let store = Arc::new(
            PgStore::connect(&PgConfig {
                max_connections: 16,
                connect_timeout: POOL_WAIT,
                statement_timeout: STATEMENT_TIMEOUT,
                ..PgConfig::new(url)
            })
            .expect("a pool over the test database"),
        );
        let sim = start_sim().await;
        let mut settings = settings(&TestAppOptions::default().session_rate_limit(1_000_000));
        settings.twilio_account_sid = sim.account_sid().parse().expect("the stand-in's account");
        let mut state = app_state(
            store.clone(),
            twilio_client(&sim),
            Arc::new(SystemClock),
            &settings,
            Arc::new(switchboard_http::Metrics::new()),
        )
        .expect("the test settings are valid");
        state.connection_pool = Some(store);
        let server = RunningServer::start(state);
        sim.route_webhooks(PUBLIC_BASE_URL, &server.base_url)
            .expect("route the stand-in's webhooks to the app");
        Self {
            base_url: server.base_url.clone(),
            client: http_client(),
            _server: server,
            _sim: sim,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Places a call for `token`'s user from a number it buys: the call's SID.
    async fn place_call(&self, token: &str) -> String {
        let buy = self
            .client
            .post(self.url("/v1/numbers"))
            .bearer_auth(token)
            .json(&json!({ "areaCode": "415" }));
        json_of(buy.send().await.expect("buy a number"), 201).await;
        let call = self
            .client
            .post(self.url("/v1/calls"))
            .bearer_auth(token)
            .json(&json!({ "to": "+14155550142", "say": "Hello" }));
        let call = json_of(call.send().await.expect("place a call"), 201).await;
        call["callSid"].as_str().expect("a call SID").to_owned()
    }

    fn callback(&self, call_sid: &str, sequence: u64) -> RequestBuilder {
        let params: Vec<(String, String)> = [
            ("CallSid", call_sid.to_owned()),
            ("CallStatus", "in-progress".to_owned()),
            ("SequenceNumber", sequence.to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let signature = twilio_signature(&format!("{PUBLIC_BASE_URL}{STATUS_PATH}"), &params);
        self.client
            .post(self.url(STATUS_PATH))
            .header("X-Twilio-Signature", signature)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string(&params).expect("form-encode"))
    }
}

fn user_token(user: &str) -> String {
    sign_hs256(JWT_SECRET.as_bytes(), &valid_claims(user, false))
}

/// One client's loop until `stop`: create, read back, post a callback, now and then list.
async fn run_client(
    app: Arc<App>,
    index: usize,
    call_sid: String,
    stop: Arc<AtomicBool>,
) -> (Vec<Sample>, Vec<Created>) {
    let user = format!("load-{index}");
    let token = user_token(&user);
    let (mut samples, mut created) = (Vec::new(), Vec::new());
    let mut round = 0_u64;
    while !stop.load(Ordering::Relaxed) {
        round += 1;
        let create = app
            .client
            .post(app.url(SESSIONS_PATH))
            .bearer_auth(&token)
            .json(&json!({ "greetingUrl": GREETING_URL, "expiresInMinutes": 60 }));
        let (sample, body) = send(index, Kind::Create, create).await;
        let session = body.filter(|_| sample.succeeded());
        samples.push(sample);
        if let Some(session) = session {
            let field = |name: &str| session[name].as_str().expect("a session field").to_owned();
            let id = field("id");
            created.push(Created {
                id: id.clone(),
                user: user.clone(),
                phone: field("phoneNumber"),
            });
            let read = app
                .client
                .get(app.url(&format!("{SESSIONS_PATH}/{id}")))
                .bearer_auth(&token);
            samples.push(send(index, Kind::Read, read).await.0);
        }
        samples.push(
            send(index, Kind::Callback, app.callback(&call_sid, round))
                .await
                .0,
        );
        if round.is_multiple_of(8) {
            let list = app
                .client
                .get(app.url(&format!("{SESSIONS_PATH}?limit=5")))
                .bearer_auth(&token);
            samples.push(send(index, Kind::List, list).await.0);
        }
    }
    (samples, created)
}

async fn seed_pool(url: &str) {
    let mut conn = AsyncPgConnection::establish(url)
        .await
        .expect("connect to the test cluster");
    conn.batch_execute(&format!(
        "INSERT INTO pool_numbers (phone_number, created_at) \
         SELECT '+1415' || (2000000 + g)::text, now() FROM generate_series(1, {POOL_SIZE}) g"
    ))
    .await
    .expect("seed the pool");
}

#[derive(diesel::QueryableByName)]
struct StoredSession {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    phone_number: String,
    #[diesel(sql_type = Timestamptz)]
    expires_at: OffsetDateTime,
    #[diesel(sql_type = diesel::sql_types::Nullable<SqlUuid>)]
    lease_session_id: Option<Uuid>,
}

/// Every stored session with the session its number is leased to now, read directly.
async fn stored_sessions(url: &str) -> Vec<StoredSession> {
    let mut conn = AsyncPgConnection::establish(url)
        .await
        .expect("connect to the test cluster");
    let query = diesel::sql_query(
        "SELECT s.id, s.phone_number, s.expires_at, p.lease_session_id \
         FROM voicemail_sessions s LEFT JOIN pool_numbers p USING (phone_number)",
    );
    // Not a method call: `RunQueryDsl::load` would shadow `AtomicBool::load` in this file.
    diesel_async::RunQueryDsl::load(query, &mut conn)
        .await
        .expect("read the sessions")
}

/// The stored sessions once no lease whose outcome was unknown is left to undo: the app undoes
/// them in the background once they cannot still commit (`STATEMENT_TIMEOUT` and a margin
/// after they were sent), so this waits (boundedly) for the sessions nobody was answered.
async fn settled_sessions(url: &str, answered: &BTreeMap<&str, &Created>) -> Vec<StoredSession> {
    let deadline = Instant::now() + STATEMENT_TIMEOUT + Duration::from_secs(10);
    loop {
        let stored = stored_sessions(url).await;
        let unanswered = stored
            .iter()
            .filter(|s| !answered.contains_key(s.id.to_string().as_str()))
            .count();
        if unanswered == 0 || Instant::now() >= deadline {
            return stored;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Every id in `user`'s session list, through the API, page by page.
async fn listed_ids(app: &App, user: &str) -> Vec<String> {
    let token = user_token(user);
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!("{SESSIONS_PATH}?limit=200");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let get = app.client.get(app.url(&path)).bearer_auth(&token);
        let page = json_of(get.send().await.expect("list sessions"), 200).await;
        for item in page["items"].as_array().expect("items") {
            ids.push(item["id"].as_str().expect("an id").to_owned());
        }
        match page["nextCursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return ids,
        }
    }
}

fn describe(samples: &[&Sample], t0: Instant) -> String {
    samples
        .iter()
        .take(20)
        .map(|s| {
            format!(
                "  client {} {:?} at {:?} took {:?}: {}\n",
                s.client,
                s.kind,
                s.started - t0,
                s.ended - s.started,
                s.outcome
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_database_killed_or_stopped_and_started_again_costs_prompt_503s_and_nothing_else() {
    let cluster = Arc::new(
        tokio::task::spawn_blocking(PgCluster::start)
            .await
            .expect("start"),
    );
    let url = cluster.url();
    migrate(&url).await.expect("migrate the test cluster");
    seed_pool(&url).await;
    let app = Arc::new(App::start(url.clone()).await);
    let setup = user_token("setup");
    let mut calls = Vec::new();
    for _ in 0..4 {
        calls.push(app.place_call(&setup).await);
    }

    let t0 = Instant::now();
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|i| {
            tokio::spawn(run_client(
                app.clone(),
                i,
                calls[i % calls.len()].clone(),
                stop.clone(),
            ))
        })
        .collect();
    let pg = |step: fn(&PgCluster)| {
        let cluster = cluster.clone();
        tokio::task::spawn_blocking(move || step(&cluster))
    };
    let mut outages = Vec::new();
    tokio::time::sleep(Duration::from_secs(2)).await;
    for (how, take_down) in [
        ("killed", PgCluster::kill as fn(&PgCluster)),
        ("stopped", PgCluster::stop),
    ] {
        let stopping = Instant::now();
        pg(take_down).await.expect("take the server down");
        let down = Instant::now();
        tokio::time::sleep(DOWN_FOR).await;
        let restarting = Instant::now();
        pg(PgCluster::start_again).await.expect("start again");
        let restarted = Instant::now();
        tokio::time::sleep(UP_FOR).await;
        outages.push(Outage {
            how,
            stopping,
            down,
            restarting,
            restarted,
            until: Instant::now(),
        });
    }
    stop.store(true, Ordering::Relaxed);

    let (mut samples, mut created) = (Vec::new(), Vec::new());
    for client in clients {
        let (s, c) = client.await.expect("a client");
        samples.extend(s);
        created.extend(c);
    }
    let refused = samples.iter().filter(|s| s.store_unavailable()).count();
    let slowest = samples.iter().map(|s| s.ended - s.started).max();
    eprintln!(
        "{} requests ({refused} refused 503, slowest {slowest:?}), {} sessions created",
        samples.len(),
        created.len(),
    );
    for o in &outages {
        eprintln!(
            "{} at {:?} (down at {:?}), started again {:?}..{:?}",
            o.how,
            o.stopping - t0,
            o.down - t0,
            o.restarting - t0,
            o.restarted - t0
        );
    }

    // Every request got an HTTP answer: its success, or a 503 store_unavailable with
    // Retry-After. Nothing else, and nothing slower than the pool's timeouts allow.
    let unexpected: Vec<&Sample> = samples
        .iter()
        .filter(|s| !s.succeeded() && !s.store_unavailable())
        .collect();
    assert!(
        unexpected.is_empty(),
        "{} answers neither their success nor 503 store_unavailable with Retry-After:\n{}",
        unexpected.len(),
        describe(&unexpected, t0)
    );
    let slow: Vec<&Sample> = samples
        .iter()
        .filter(|s| s.ended - s.started > SLOWEST)
        .collect();
    assert!(
        slow.is_empty(),
        "answers slower than {SLOWEST:?}:\n{}",
        describe(&slow, t0)
    );

    for o in &outages {
        // While the server was down, every request was refused that way, and there were some.
        let during: Vec<&Sample> = samples
            .iter()
            .filter(|s| s.started >= o.down && s.ended <= o.restarting)
            .collect();
        assert!(
            during.len() >= CLIENTS,
            "only {} requests while the server was {}",
            during.len(),
            o.how
        );
        let served: Vec<&Sample> = during.iter().copied().filter(|s| s.succeeded()).collect();
        assert!(
            served.is_empty(),
            "answered while the server was {}:\n{}",
            o.how,
            describe(&served, t0)
        );

        // After the restart the app recovered by itself: each client's requests succeed
        // again, and once one has, every later one does (until the next outage).
        for client in 0..CLIENTS {
            let after: Vec<&Sample> = samples
                .iter()
                .filter(|s| s.client == client && s.started >= o.restarted && s.ended <= o.until)
                .collect();
            let first = after.iter().position(|s| s.succeeded()).unwrap_or_else(|| {
                panic!(
                    "client {client} never succeeded after the server {} was back",
                    o.how
                )
            });
            let relapsed: Vec<&Sample> = after[first..]
                .iter()
                .copied()
                .filter(|s| !s.succeeded())
                .collect();
            assert!(
                relapsed.is_empty(),
                "client {client} failed again after recovering from the server {}:\n{}",
                o.how,
                describe(&relapsed, t0)
            );
        }
        assert!(
            samples.iter().any(|s| s.kind == Kind::Create
                && s.started >= o.restarted
                && s.ended <= o.until
                && s.succeeded()),
            "no session was created after the server {} was back",
            o.how
        );
    }

    // Every session answered 201 is stored, once, holding its number; no other session is
    // left behind (a create answered 503 leased nothing); no number serves two live sessions.
    let answered: BTreeMap<&str, &Created> = created.iter().map(|c| (c.id.as_str(), c)).collect();
    assert_eq!(answered.len(), created.len(), "a session id answered twice");
    let stored = settled_sessions(&url, &answered).await;
    let stored_ids: BTreeSet<String> = stored.iter().map(|s| s.id.to_string()).collect();
    let missing: Vec<&&Created> = answered
        .iter()
        .filter(|(id, _)| !stored_ids.contains(**id))
        .map(|(_, c)| c)
        .collect();
    assert!(
        missing.is_empty(),
        "answered 201 but not stored: {missing:?}"
    );
    let extra: Vec<&String> = stored_ids
        .iter()
        .filter(|id| !answered.contains_key(id.as_str()))
        .collect();
    assert!(extra.is_empty(), "stored but never answered 201: {extra:?}");
    let now = OffsetDateTime::now_utc();
    let mut holders: BTreeMap<&str, Vec<Uuid>> = BTreeMap::new();
    for s in stored.iter().filter(|s| s.expires_at > now) {
        holders.entry(&s.phone_number).or_default().push(s.id);
        assert_eq!(
            s.lease_session_id,
            Some(s.id),
            "{}'s number {} is not leased to it",
            s.id,
            s.phone_number
        );
    }
    let shared: Vec<_> = holders.iter().filter(|(_, ids)| ids.len() > 1).collect();
    assert!(
        shared.is_empty(),
        "numbers leased to two live sessions: {shared:?}"
    );
    for c in &created {
        assert_eq!(
            stored
                .iter()
                .find(|s| s.id.to_string() == c.id)
                .map(|s| s.phone_number.as_str()),
            Some(c.phone.as_str()),
            "session {} holds the number it was answered with",
            c.id
        );
    }

    // And through the API: each user's list holds exactly their sessions, each readable.
    for client in 0..CLIENTS {
        let user = format!("load-{client}");
        let mine: BTreeSet<&str> = created
            .iter()
            .filter(|c| c.user == user)
            .map(|c| c.id.as_str())
            .collect();
        let listed = listed_ids(&app, &user).await;
        let listed_set: BTreeSet<&str> = listed.iter().map(String::as_str).collect();
        assert_eq!(
            listed.len(),
            listed_set.len(),
            "{user}'s list repeats a session"
        );
        assert_eq!(listed_set, mine, "{user}'s list");
    }
    let reads = futures::stream::iter(&created)
        .map(|c| {
            let get = app
                .client
                .get(app.url(&format!("{SESSIONS_PATH}/{}", c.id)))
                .bearer_auth(user_token(&c.user));
            async move {
                (
                    c,
                    json_of(get.send().await.expect("read a session"), 200).await,
                )
            }
        })
        .buffer_unordered(CLIENTS);
    for (c, session) in reads.collect::<Vec<_>>().await {
        assert_eq!(session["phoneNumber"], c.phone.as_str(), "{}", c.id);
    }
    // The status callbacks that were answered 204 were applied.
    for sid in &calls {
        let get = app
            .client
            .get(app.url(&format!("/v1/calls/{sid}")))
            .bearer_auth(&setup);
        let call = json_of(get.send().await.expect("read a call"), 200).await;
        assert_eq!(call["status"], "in-progress", "{sid}");
    }
}

/// The lease committed but its answer was lost on the way (the connection broke after the
/// server had run it): the create is answered 503, and nothing of it is left by then, so the
/// client's retry gets the pool's only number.
#[tokio::test]
async fn a_lease_whose_answer_is_lost_is_undone_before_the_503() {
    const NUMBER: &str = "+14155550123";
    let db = TestDatabase::new().await;
    let mut conn = AsyncPgConnection::establish(db.url())
        .await
        .expect("connect to the test database");
    conn.batch_execute(&format!(
        "INSERT INTO pool_numbers (phone_number, created_at) VALUES ('{NUMBER}', now())"
    ))
    .await
    .expect("add the pool's only number");
    let proxy = AnswerCutter::start(db.url());
    let app = App::start(proxy.url(db.url())).await;
    let token = user_token("alice");
    let create = || {
        app.client
            .post(app.url(SESSIONS_PATH))
            .bearer_auth(&token)
            .json(&json!({ "greetingUrl": GREETING_URL }))
    };

    // The lease's answer (the row naming the number) never reaches the app.
    proxy.cut_answer_containing(NUMBER.as_bytes());
    let lost = problem(create().send().await.expect("create"), 503).await;
    assert_eq!(lost.code, "store_unavailable");
    assert!(lost.headers.contains_key(RETRY_AFTER));
    assert_eq!(proxy.cuts(), 1, "the lease's answer was the one lost");
    let stored = stored_sessions(db.url()).await;
    assert!(
        stored.is_empty(),
        "a session the client was told failed is stored: {:?}",
        stored.iter().map(|s| s.id).collect::<Vec<_>>()
    );

    let retried = json_of(create().send().await.expect("create again"), 201).await;
    assert_eq!(retried["phoneNumber"], NUMBER);
    let stored = stored_sessions(db.url()).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].id.to_string(),
        retried["id"].as_str().expect("an id")
    );
    assert_eq!(stored[0].lease_session_id, Some(stored[0].id));
}
