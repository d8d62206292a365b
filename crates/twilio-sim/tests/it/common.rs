//! Test support: a Basic-auth REST client for the stand-in, and a small HTTP receiver that
//! plays the app, captures webhooks and answers with canned TwiML.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use serde_json::Value;
use switchboard_twilio::WebhookValidator;
use switchboard_twilio_sim::{NumberSeed, RunningSim, SimConfig, TwilioSim};

pub const TOKEN: &str = "0123456789abcdef0123456789abcdef";
pub const KEY_SID: &str = "SK0123456789abcdef0123456789abcdef";
pub const KEY_SECRET: &str = "key-secret";

/// A stand-in with the default (deterministic) account and a known auth token.
pub async fn sim() -> RunningSim {
    sim_with(|_| {}).await
}

/// A stand-in whose configuration `adjust` changes first.
pub async fn sim_with(adjust: impl FnOnce(&mut SimConfig)) -> RunningSim {
    let mut config = SimConfig {
        auth_token: TOKEN.to_owned(),
        ..SimConfig::default()
    };
    adjust(&mut config);
    TwilioSim::start(config).await.expect("the stand-in starts")
}

/// A stand-in as [`sim`] gives, with `number` already on the account.
pub async fn sim_owning(number: &str) -> RunningSim {
    let sim = sim().await;
    sim.add_incoming_number(NumberSeed::new(number))
        .expect("a seed");
    sim
}

/// The `phone_number` of every item in the list `key` of a list body.
pub fn phone_numbers(body: &Value, key: &str) -> Vec<String> {
    body[key]
        .as_array()
        .expect("a list")
        .iter()
        .map(|n| n["phone_number"].as_str().expect("a number").to_owned())
        .collect()
}

/// Asserts that no request or response so far departed from the spec.
pub fn assert_conforms(sim: &RunningSim) {
    let violations = sim.spec_violations();
    assert!(violations.is_empty(), "spec violations: {violations:#?}");
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("an HTTP client")
}

/// A REST client for the stand-in's account.
pub struct Api {
    http: reqwest::Client,
    base: String,
    account: String,
    user: String,
    password: String,
}

impl Api {
    /// With the account's own credentials.
    pub fn new(sim: &RunningSim) -> Self {
        Self::with_credentials(sim, sim.account_sid(), sim.auth_token())
    }

    pub fn with_credentials(sim: &RunningSim, user: &str, password: &str) -> Self {
        Self {
            http: http(),
            base: sim.base_url().to_owned(),
            account: sim.account_sid().to_owned(),
            user: user.to_owned(),
            password: password.to_owned(),
        }
    }

    /// `/2010-04-01/Accounts/{AC}/{suffix}`.
    pub fn path(&self, suffix: &str) -> String {
        format!("/2010-04-01/Accounts/{}/{suffix}", self.account)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, suffix: &str, query: &[(&str, &str)]) -> (u16, Value) {
        self.get_path(&self.path(suffix), query).await
    }

    pub async fn get_path(&self, path: &str, query: &[(&str, &str)]) -> (u16, Value) {
        let request = self
            .http
            .get(self.url(path))
            .query(query)
            .basic_auth(&self.user, Some(&self.password));
        read(request.send().await.expect("GET reaches the stand-in")).await
    }

    pub async fn post(&self, suffix: &str, form: &[(&str, &str)]) -> (u16, Value) {
        let request = self
            .http
            .post(self.url(&self.path(suffix)))
            .form(form)
            .basic_auth(&self.user, Some(&self.password));
        read(request.send().await.expect("POST reaches the stand-in")).await
    }

    pub async fn delete(&self, suffix: &str) -> (u16, Value) {
        let request = self
            .http
            .delete(self.url(&self.path(suffix)))
            .basic_auth(&self.user, Some(&self.password));
        read(request.send().await.expect("DELETE reaches the stand-in")).await
    }

    /// A raw GET of `path` with these credentials.
    pub async fn raw_get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(self.url(path))
            .basic_auth(&self.user, Some(&self.password))
            .send()
            .await
            .expect("GET reaches the stand-in")
    }

    /// Buys `number` and returns its JSON.
    pub async fn buy(&self, number: &str, extra: &[(&str, &str)]) -> Value {
        let mut form = vec![("PhoneNumber", number)];
        form.extend_from_slice(extra);
        let (status, body) = self.post("IncomingPhoneNumbers.json", &form).await;
        assert_eq!(status, 201, "{body}");
        body
    }
}

async fn read(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let text = response.text().await.expect("a body");
    if status == 204 {
        assert!(text.is_empty(), "204 with a body: {text}");
        return (status, Value::Null);
    }
    assert_eq!(
        content_type.as_deref(),
        Some("application/json"),
        "status {status}: {text}"
    );
    (status, serde_json::from_str(&text).expect("a JSON body"))
}

/// Asserts a Twilio error body with `status` and `code`.
pub fn assert_error(response: &(u16, Value), status: u16, code: u64) {
    let (actual, body) = response;
    assert_eq!(*actual, status, "{body}");
    assert_eq!(body["status"], status, "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(
        body["more_info"],
        format!("https://www.twilio.com/docs/errors/{code}"),
        "{body}"
    );
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

/// One webhook the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path_and_query: String,
    pub params: Vec<(String, String)>,
    pub signature: Option<String>,
    pub user_agent: Option<String>,
    pub content_type: Option<String>,
}

impl Received {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the signature is valid for a request to `base` + the path and query.
    pub fn is_signed(&self, token: &str, base: &str) -> bool {
        let url = format!("{base}{}", self.path_and_query);
        let signature = self.signature.as_deref().unwrap_or_default();
        WebhookValidator::new(token).validate_form(&url, &self.params, signature)
    }
}

/// A stand-in for the app: records every request and answers with a fixed reply.
pub struct Receiver {
    pub base_url: String,
    received: Arc<Mutex<Vec<Received>>>,
    handle: ServerHandle,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

#[derive(Clone)]
struct Reply {
    status: u16,
    body: &'static str,
    received: Arc<Mutex<Vec<Received>>>,
}

async fn capture(request: HttpRequest, body: web::Bytes, reply: web::Data<Reply>) -> HttpResponse {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let is_get = request.method() == actix_web::http::Method::GET;
    let received = Received {
        method: request.method().to_string(),
        path_and_query: request
            .uri()
            .path_and_query()
            .map(ToString::to_string)
            .unwrap_or_default(),
        params: if is_get {
            Vec::new()
        } else {
            switchboard_twilio::parse_form(&body)
        },
        signature: header("X-Twilio-Signature"),
        user_agent: header("User-Agent"),
        content_type: header("Content-Type"),
    };
    reply
        .received
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(received);
    HttpResponse::build(
        actix_web::http::StatusCode::from_u16(reply.status).expect("a valid status"),
    )
    .content_type("text/xml")
    .body(reply.body)
}

impl Receiver {
    /// Answers 200 with `body` as `text/xml`.
    pub fn start(body: &'static str) -> Self {
        Self::start_with_status(200, body)
    }

    pub fn start_with_status(status: u16, body: &'static str) -> Self {
        let received = Arc::new(Mutex::new(Vec::new()));
        let reply = Reply {
            status,
            body,
            received: Arc::clone(&received),
        };
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a port");
        let port = listener.local_addr().expect("an address").port();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(web::Data::new(reply.clone()))
                .default_service(web::to(capture))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .expect("listen")
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Self {
            base_url: format!("http://127.0.0.1:{port}"),
            received,
            handle,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    pub fn received(&self) -> Vec<Received> {
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Waits (up to 10 s) until `count` webhooks arrived; for callbacks the stand-in sends
    /// asynchronously after a REST request.
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let received = self.received();
            if received.len() >= count || Instant::now() > deadline {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// Waits (up to 10 s) until `condition` holds, polling; panics naming `what` otherwise. For
/// what the stand-in does on its own (the autopilot).
pub async fn eventually(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
