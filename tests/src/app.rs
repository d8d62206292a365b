//! The application under test: served over real HTTP on `127.0.0.1` by actix-web, on a real
//! PostgreSQL database (or, when asked, the in-memory store), with helpers for the requests
//! the tests make.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::ServerHandle;
use futures::StreamExt as _;
use reqwest::Response;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};
use switchboard_domain::Quota;
use switchboard_domain::numbers::{NumberPriceList, PurchasePolicy};
use switchboard_http::{AppState, EdgeSettings, Metrics};
use switchboard_memory::MemoryStore;
use switchboard_postgres::test_support::TestDatabase;
use switchboard_server::compose::{AppSettings, Telephony, app_state};
use switchboard_server::config::{AuthSettings, NumberSettings, Secret, VoiceSettings};
use switchboard_twilio::rest::{Credentials, RestConfig, RetryPolicy, TwilioRestClient};
use switchboard_twilio_sim::{RunningSim, SimConfig, TwilioSim};

use crate::{
    GREETING_URL, JWT_SECRET, ManualClock, POOL_ADMIN, POOL_PATH, PUBLIC_BASE_URL, SESSIONS_PATH,
    TWILIO_AUTH_TOKEN, VOICE_WEBHOOK_PATH, json_of, sign_hs256, twilio_signature, valid_claims,
};

/// Where a [`TestApp`] keeps its data.
#[derive(Debug, Clone)]
pub enum TestStore {
    /// A fresh PostgreSQL database (dropped with the last app that shares it).
    Postgres(Arc<TestDatabase>),
    /// The in-memory store.
    Memory(Arc<MemoryStore>),
}

/// How to start a [`TestApp`]. The default: a fresh database, a fresh [`ManualClock`], a
/// session rate limit of 1000 per minute (so only tests about the limit meet it), no
/// issuer or audience.
#[derive(Debug, Clone, Default)]
pub struct TestAppOptions {
    /// The store to use; `None` for a fresh database.
    pub store: Option<TestStore>,
    /// The clock to use; `None` for a fresh one.
    pub clock: Option<Arc<ManualClock>>,
    /// Voicemail sessions a user may create per minute; `None` for 1000.
    pub session_rate_limit_per_minute: Option<u32>,
    /// `AUTH_JWT_ISSUER`.
    pub jwt_issuer: Option<String>,
    /// `AUTH_JWT_AUDIENCE`.
    pub jwt_audience: Option<String>,
    /// The Twilio stand-in to use; `None` for a fresh one.
    pub sim: Option<Arc<RunningSim>>,
    /// `NUMBER_PURCHASE_POLICY`; `None` for open.
    pub purchase_policy: Option<PurchasePolicy>,
    /// Calls a user may place per minute; `None` for 1000.
    pub call_rate_limit_per_minute: Option<u32>,
    /// Browser calling unconfigured: no API key and no TwiML App.
    pub without_voice: bool,
    /// Email unconfigured: a real Twilio account and no `SENDGRID_API_KEY`.
    pub without_email: bool,
    /// `TWILIO_WHATSAPP_FROM`.
    pub whatsapp_from: Option<String>,
    /// Messages a user may send per minute; `None` for 1000.
    pub message_rate_limit_per_minute: Option<u32>,
    /// The console's local phone channel on the stand-in, as in the default run.
    pub local_phone: bool,
    /// The edge's limits and deadlines; `None` for the defaults `serve` uses.
    pub edge: Option<EdgeSettings>,
    /// A SendGrid stand-in started by the test (a fresh one when `None`).
    pub sendgrid: Option<Arc<switchboard_sendgrid_sim::RunningSendGridSim>>,
    /// The adapters reach the stand-ins through these addresses (gates), with short
    /// timeouts; `None` for straight to the stand-ins.
    pub providers_via: Option<ProviderRoute>,
}

/// Where the provider adapters send their requests instead of the stand-ins themselves,
/// and how long they wait for an answer.
#[derive(Debug, Clone)]
pub struct ProviderRoute {
    /// In front of the Twilio stand-in.
    pub twilio_base_url: String,
    /// In front of the SendGrid stand-in.
    pub sendgrid_base_url: String,
    /// Both adapters' request timeout.
    pub timeout: std::time::Duration,
}

/// The API key the test apps sign access tokens with (`TWILIO_API_KEY_SID`).
pub const TEST_API_KEY_SID: &str = "SK00000000000000000000000000000a91";
/// Its secret (`TWILIO_API_KEY_SECRET`).
pub const TEST_API_KEY_SECRET: &str = "test-api-key-secret-0123456789ab";
/// The TwiML App the test apps take browser calls through (`TWILIO_TWIML_APP_SID`).
pub const TEST_TWIML_APP_SID: &str = "AP00000000000000000000000000000a91";

impl TestAppOptions {
    /// Shares `app`'s database and clock: a second replica of the same deployment.
    #[must_use]
    pub fn sharing(mut self, app: &TestApp) -> Self {
        self.store = Some(app.store.clone());
        self.clock = Some(app.clock.clone());
        self.sim = Some(app.sim.clone());
        self
    }

    /// A fresh in-memory store instead of a database (the out-of-the-box default).
    #[must_use]
    pub fn in_memory(mut self) -> Self {
        self.store = Some(TestStore::Memory(Arc::new(MemoryStore::new())));
        self
    }

    /// Only admins may buy numbers.
    #[must_use]
    pub fn admin_only_purchases(mut self) -> Self {
        self.purchase_policy = Some(PurchasePolicy::AdminOnly);
        self
    }

    /// Sets the outbound call rate limit.
    #[must_use]
    pub fn call_rate_limit(mut self, per_minute: u32) -> Self {
        self.call_rate_limit_per_minute = Some(per_minute);
        self
    }

    /// Leaves browser calling unconfigured.
    #[must_use]
    pub fn without_voice(mut self) -> Self {
        self.without_voice = true;
        self
    }

    /// Serves the console's local phone channel on the stand-in, as the default run does.
    #[must_use]
    pub fn with_local_phone(mut self) -> Self {
        self.local_phone = true;
        self
    }

    /// Leaves email unconfigured (no provider).
    #[must_use]
    pub fn without_email(mut self) -> Self {
        self.without_email = true;
        self
    }

    /// Sets the message rate limit.
    #[must_use]
    pub fn message_rate_limit(mut self, per_minute: u32) -> Self {
        self.message_rate_limit_per_minute = Some(per_minute);
        self
    }

    /// Sets the shared WhatsApp sender.
    #[must_use]
    pub fn whatsapp_from(mut self, number: &str) -> Self {
        self.whatsapp_from = Some(number.to_owned());
        self
    }

    /// Sets the edge's limits and deadlines.
    #[must_use]
    pub fn edge(mut self, settings: EdgeSettings) -> Self {
        self.edge = Some(settings);
        self
    }

    /// Sets the session rate limit.
    #[must_use]
    pub fn session_rate_limit(mut self, per_minute: u32) -> Self {
        self.session_rate_limit_per_minute = Some(per_minute);
        self
    }

    /// Requires tokens to carry this issuer and audience.
    #[must_use]
    pub fn issuer_and_audience(mut self, issuer: &str, audience: &str) -> Self {
        self.jwt_issuer = Some(issuer.to_owned());
        self.jwt_audience = Some(audience.to_owned());
        self
    }
}

/// The application served over real HTTP on `127.0.0.1`, on a real PostgreSQL database.
/// Dropping it stops the server (and drops the database once no app shares it).
#[derive(Debug)]
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// A plain HTTP client (no proxy).
    pub client: reqwest::Client,
    /// The clock the app reads.
    pub clock: Arc<ManualClock>,
    /// The app's store.
    pub store: TestStore,
    /// The Twilio stand-in the app talks to (its webhooks reach this app).
    pub sim: Arc<RunningSim>,
    /// The SendGrid stand-in the app sends email through.
    pub sendgrid: Arc<switchboard_sendgrid_sim::RunningSendGridSim>,
    issuer: Option<String>,
    audience: Option<String>,
    _server: RunningServer,
}

impl TestApp {
    /// An app with the default options.
    pub async fn spawn() -> Self {
        Self::spawn_with(TestAppOptions::default()).await
    }

    /// An app with `options`.
    ///
    /// # Panics
    /// When the database, the listener or the server cannot be set up.
    pub async fn spawn_with(options: TestAppOptions) -> Self {
        let mut settings = settings(&options);
        let store = match options.store {
            Some(store) => store,
            None => TestStore::Postgres(Arc::new(TestDatabase::new().await)),
        };
        let clock = options
            .clock
            .unwrap_or_else(|| Arc::new(ManualClock::new()));
        let sim = match options.sim {
            Some(sim) => sim,
            None => Arc::new(start_sim().await),
        };
        settings.twilio_account_sid = sim.account_sid().parse().expect("the stand-in's account");
        let sendgrid = match options.sendgrid {
            Some(sendgrid) => sendgrid,
            None => Arc::new(
                switchboard_sendgrid_sim::SendGridSim::start(
                    switchboard_sendgrid_sim::SendGridSimConfig::default(),
                )
                .await
                .expect("the SendGrid stand-in starts"),
            ),
        };
        let route = options.providers_via.as_ref();
        settings.email_sender = (!options.without_email).then(|| match route {
            Some(route) => gated_sendgrid_client(&sendgrid, route),
            None => switchboard_server::compose::sendgrid_client(
                sendgrid.api_key(),
                sendgrid.base_url(),
                std::time::Duration::from_secs(10),
            )
            .expect("a client for the SendGrid stand-in"),
        });
        let metrics = Arc::new(Metrics::new());
        let rest = match route {
            Some(route) => rest_client_via(&sim, &route.twilio_base_url, route.timeout),
            None => rest_client(&sim),
        };
        let provider: Arc<dyn Telephony> = Arc::new(rest.observed_by(metrics.clone()));
        let state = match &store {
            TestStore::Postgres(db) => {
                let pg = Arc::new(db.store());
                app_state(pg.clone(), provider, clock.clone(), &settings, metrics).map(|mut s| {
                    s.connection_pool = Some(pg);
                    s
                })
            }
            TestStore::Memory(memory) => {
                app_state(memory.clone(), provider, clock.clone(), &settings, metrics)
            }
        }
        .expect("the test settings are valid");
        let mut state = state;
        if options.local_phone {
            state.local_phone = Some(Arc::new(
                switchboard_server::local_phone::StandInPhone::attach(&sim),
            ));
        }
        let server = RunningServer::start_with(state, options.edge.unwrap_or_default());
        sim.route_webhooks(PUBLIC_BASE_URL, &server.base_url)
            .expect("route the stand-in's webhooks to the app");
        Self {
            base_url: server.base_url.clone(),
            client: http_client(),
            clock,
            store,
            sim,
            sendgrid,
            issuer: options.jwt_issuer,
            audience: options.jwt_audience,
            _server: server,
        }
    }

    /// The app's database.
    ///
    /// # Panics
    /// When the app runs on the in-memory store.
    #[must_use]
    pub fn db(&self) -> &Arc<TestDatabase> {
        match &self.store {
            TestStore::Postgres(db) => db,
            TestStore::Memory(_) => panic!("this app runs on the in-memory store"),
        }
    }

    /// The absolute URL of `path` on this app.
    #[must_use]
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Valid claims for `sub` (an admin's if `admin`), with the issuer and audience this app
    /// requires, expiring in an hour of real time (token expiry is checked against the
    /// machine's clock, not the app's).
    #[must_use]
    pub fn claims(&self, sub: &str, admin: bool) -> Value {
        let mut claims = valid_claims(sub, admin);
        if let Some(iss) = &self.issuer {
            claims["iss"] = json!(iss);
        }
        if let Some(aud) = &self.audience {
            claims["aud"] = json!(aud);
        }
        claims
    }

    /// A bearer token for the user `sub`.
    #[must_use]
    pub fn user_token(&self, sub: &str) -> String {
        sign_hs256(JWT_SECRET.as_bytes(), &self.claims(sub, false))
    }

    /// A bearer token for the admin `sub`.
    #[must_use]
    pub fn admin_token(&self, sub: &str) -> String {
        sign_hs256(JWT_SECRET.as_bytes(), &self.claims(sub, true))
    }

    /// `GET path` with a bearer token.
    ///
    /// # Panics
    /// When the request cannot be sent.
    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("send GET")
    }

    /// `GET path` without credentials.
    ///
    /// # Panics
    /// When the request cannot be sent.
    pub async fn get_anonymous(&self, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("send GET")
    }

    /// `POST path` with a JSON body and a bearer token.
    ///
    /// # Panics
    /// When the request cannot be sent.
    pub async fn post_json(&self, path: &str, token: &str, body: &Value) -> Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("send POST")
    }

    /// `method path` with a JSON body and a bearer token (`PUT`, `PATCH`, ...).
    ///
    /// # Panics
    /// When the request cannot be sent.
    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: &Value,
    ) -> Response {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("send a JSON request")
    }

    /// `POST path` with a raw body of `content_type` and a bearer token.
    ///
    /// # Panics
    /// When the request cannot be sent.
    pub async fn post_raw(
        &self,
        path: &str,
        token: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .header(CONTENT_TYPE, content_type)
            .body(body)
            .send()
            .await
            .expect("send POST")
    }

    /// `POST path` with no body and a bearer token.
    ///
    /// # Panics
    /// When the request cannot be sent.
    pub async fn post_empty(&self, path: &str, token: &str) -> Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("send POST")
    }

    /// `DELETE path` with a bearer token.
    ///
    /// # Panics
    /// When the request cannot be sent.
    pub async fn delete(&self, path: &str, token: &str) -> Response {
        self.client
            .delete(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("send DELETE")
    }

    /// Buys a number in area code 415 for `token`'s user: its id and its phone number.
    ///
    /// # Panics
    /// When the purchase is not answered 201 with both.
    pub async fn own_number(&self, token: &str) -> (String, String) {
        let number = crate::json_of(
            self.post_json(
                "/v1/numbers",
                token,
                &serde_json::json!({ "areaCode": "415" }),
            )
            .await,
            201,
        )
        .await;
        let field = |name: &str| {
            number[name]
                .as_str()
                .expect("the number's id and phone")
                .to_owned()
        };
        (field("id"), field("phoneNumber"))
    }

    /// `POST /v1/voicemail-sessions` with `body` as `token`'s bearer.
    pub async fn create_session(&self, token: &str, body: &Value) -> Response {
        self.post_json(SESSIONS_PATH, token, body).await
    }

    /// Creates a session for `user` with [`GREETING_URL`] and returns it, asserting 201.
    pub async fn create_session_for(&self, user: &str) -> Value {
        let response = self
            .create_session(
                &self.user_token(user),
                &json!({ "greetingUrl": GREETING_URL }),
            )
            .await;
        json_of(response, 201).await
    }

    /// Adds `+1415555{0000+i}` for `i` in `0..n` to the pool through the admin API,
    /// asserting 201 for each, and returns them.
    pub async fn add_pool_numbers(&self, n: usize) -> Vec<String> {
        let numbers: Vec<String> = (0..n).map(|i| format!("+1415555{i:04}")).collect();
        let token = self.admin_token(POOL_ADMIN);
        let added: Vec<(String, u16)> = futures::stream::iter(numbers.clone())
            .map(|number| {
                let token = &token;
                async move {
                    let response = self
                        .post_json(POOL_PATH, token, &json!({ "phoneNumber": number }))
                        .await;
                    (number, response.status().as_u16())
                }
            })
            .buffer_unordered(8)
            .collect()
            .await;
        for (number, status) in added {
            assert_eq!(status, 201, "adding {number} to the pool");
        }
        numbers
    }

    /// The first page (up to 200) of the pool listing, as an admin, asserting 200.
    pub async fn pool_listing(&self) -> Value {
        let response = self
            .get(
                &format!("{POOL_PATH}?limit=200"),
                &self.admin_token(POOL_ADMIN),
            )
            .await;
        json_of(response, 200).await
    }

    /// How many pool numbers are free now.
    pub async fn free_numbers(&self) -> u64 {
        self.pool_listing().await["free"]
            .as_u64()
            .expect("the pool listing has a numeric `free`")
    }

    /// Posts `params` as a form to the voice webhook, with `signature` (or none).
    ///
    /// # Panics
    /// When the request cannot be sent.
    pub async fn voice_webhook(
        &self,
        params: &[(String, String)],
        signature: Option<&str>,
    ) -> Response {
        let body = serde_urlencoded::to_string(params).expect("form-encode the parameters");
        let mut request = self
            .client
            .post(self.url(VOICE_WEBHOOK_PATH))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body);
        if let Some(signature) = signature {
            request = request.header("X-Twilio-Signature", signature);
        }
        request.send().await.expect("send the voice webhook")
    }

    /// Posts `params` to the voice webhook signed as Twilio signs it: over the public URL.
    pub async fn signed_voice_webhook(&self, params: &[(String, String)]) -> Response {
        let signature = twilio_signature(&format!("{PUBLIC_BASE_URL}{VOICE_WEBHOOK_PATH}"), params);
        self.voice_webhook(params, Some(&signature)).await
    }

    /// Posts `params` as a form to `path_and_query`, signed as Twilio signs it (over the
    /// public URL) when `signed`, else with a forged signature.
    ///
    /// # Panics
    /// When the request cannot be sent.
    pub async fn webhook(
        &self,
        path_and_query: &str,
        params: &[(&str, &str)],
        signed: bool,
    ) -> Response {
        let owned: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let signature = if signed {
            twilio_signature(&format!("{PUBLIC_BASE_URL}{path_and_query}"), &owned)
        } else {
            "Zm9yZ2Vk".to_owned()
        };
        let body = serde_urlencoded::to_string(&owned).expect("form-encode the parameters");
        self.client
            .post(self.url(path_and_query))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("X-Twilio-Signature", signature)
            .body(body)
            .send()
            .await
            .expect("send the webhook")
    }
}

/// A fresh Twilio stand-in whose account signs webhooks with [`TWILIO_AUTH_TOKEN`], as the
/// test apps expect.
///
/// # Panics
/// When it cannot start.
pub async fn start_sim() -> RunningSim {
    static SEED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let seeded = SimConfig::with_seed(SEED.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    let account = seeded.account_sid.clone();
    TwilioSim::start(seeded.with_credentials(account, TWILIO_AUTH_TOKEN))
        .await
        .expect("the Twilio stand-in starts")
}

/// The REST client for `sim`'s account, with short retries, as a number provider.
///
/// # Panics
/// When the client cannot be built.
#[must_use]
pub fn twilio_client(sim: &RunningSim) -> Arc<dyn Telephony> {
    Arc::new(rest_client(sim))
}

/// The REST client for `sim`'s account, with short retries, as the concrete type so that
/// every port it implements is reachable.
///
/// # Panics
/// When the client cannot be built.
#[must_use]
pub fn rest_client(sim: &RunningSim) -> TwilioRestClient {
    rest_client_via(sim, sim.base_url(), std::time::Duration::from_secs(5))
}

/// The REST client for `sim`'s account sending to `base_url` (a gate in front of it) with
/// `timeout`, and short retries.
///
/// # Panics
/// When the client cannot be built.
#[must_use]
pub fn rest_client_via(
    sim: &RunningSim,
    base_url: &str,
    timeout: std::time::Duration,
) -> TwilioRestClient {
    let account = sim
        .account_sid()
        .parse()
        .expect("the stand-in's account SID");
    let mut config = RestConfig::new(
        account,
        Credentials::AuthToken(switchboard_twilio::rest::Secret::new(sim.auth_token())),
    )
    .with_base_url(base_url.parse().expect("the stand-in's URL"));
    config.timeout = timeout;
    config.retry = RetryPolicy {
        base_delay: std::time::Duration::from_millis(5),
        max_delay: std::time::Duration::from_millis(50),
        ..RetryPolicy::default()
    };
    TwilioRestClient::new(config).expect("build the REST client")
}

/// A SendGrid client for `sendgrid`'s key sending through `route`, with its timeout and
/// short retries.
fn gated_sendgrid_client(
    sendgrid: &switchboard_sendgrid_sim::RunningSendGridSim,
    route: &ProviderRoute,
) -> Arc<dyn switchboard_domain::ports::EmailSender> {
    let url = route
        .sendgrid_base_url
        .parse()
        .expect("the SendGrid gate's URL");
    let mut config = switchboard_sendgrid::SendGridConfig::new(switchboard_sendgrid::ApiKey::new(
        sendgrid.api_key(),
    ))
    .with_base_url(url);
    config.timeout = route.timeout;
    config.retry.backoff = std::time::Duration::from_millis(50);
    config.retry.max_total_wait = std::time::Duration::from_secs(3);
    Arc::new(switchboard_sendgrid::SendGridClient::new(config).expect("a SendGrid client"))
}

/// The settings a test app runs with: [`JWT_SECRET`], [`PUBLIC_BASE_URL`],
/// [`TWILIO_AUTH_TOKEN`], and the options' rate limit, issuer and audience.
///
/// # Panics
/// When the options' rate limit is 0.
#[must_use]
pub fn settings(options: &TestAppOptions) -> AppSettings {
    AppSettings {
        auth: AuthSettings {
            secret: Secret::new(JWT_SECRET),
            issuer: options.jwt_issuer.clone(),
            audience: options.jwt_audience.clone(),
        },
        public_base_url: PUBLIC_BASE_URL.to_owned(),
        twilio_auth_token: Secret::new(TWILIO_AUTH_TOKEN),
        session_quota: Quota::per_minute(options.session_rate_limit_per_minute.unwrap_or(1000))
            .expect("the session rate limit must be above 0"),
        numbers: NumberSettings {
            policy: options.purchase_policy.unwrap_or_default(),
            prices: NumberPriceList::twilio_us_list_prices(),
        },
        check_twilio_readiness: true,
        call_quota: Quota::per_minute(options.call_rate_limit_per_minute.unwrap_or(1000))
            .expect("the call rate limit must be above 0"),
        message_quota: Quota::per_minute(options.message_rate_limit_per_minute.unwrap_or(1000))
            .expect("the message rate limit must be above 0"),
        whatsapp_from: options
            .whatsapp_from
            .as_deref()
            .map(|n| switchboard_domain::PhoneNumber::parse(n).expect("an E.164 WhatsApp sender")),
        email_sender: None,
        email_senders: switchboard_domain::email::EmailSettings {
            default_from: switchboard_domain::email::EmailAddress::parse_mailbox(
                "Switchboard <desk@example.com>",
            )
            .ok(),
            allowed: vec![switchboard_domain::email::AllowedSender::Domain(
                "allowed.example".to_owned(),
            )],
        },
        twilio_account_sid: SimConfig::default()
            .account_sid
            .parse()
            .expect("a valid account SID"),
        voice: if options.without_voice {
            VoiceSettings::default()
        } else {
            VoiceSettings {
                api_key: Some((
                    TEST_API_KEY_SID.parse().expect("a valid API key SID"),
                    Secret::new(TEST_API_KEY_SECRET),
                )),
                twiml_app_sid: Some(TEST_TWIML_APP_SID.to_owned()),
            }
        },
    }
}

/// An HTTP client that talks to the local server directly (no proxy), with a timeout so a
/// hanging server fails the test instead of stalling the suite. It forgets an idle
/// connection after a second, well before the server's keep-alive (5 s by default) closes
/// it: HTTP/1.1 lets a server close an idle connection at any time, and a request written
/// to one just as it closes is lost in transit (`error sending request`), which a client
/// must avoid by not keeping connections idle for as long as the server does.
///
/// # Panics
/// When the client cannot be built.
#[must_use]
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .pool_idle_timeout(std::time::Duration::from_secs(1))
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .expect("build the HTTP client")
}

/// The application over `state`, served as `serve` serves it (through the edge) with one
/// worker on a random port of `127.0.0.1`. Dropping it stops the server.
#[derive(Debug)]
pub struct RunningServer {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    handle: ServerHandle,
}

impl RunningServer {
    /// Starts serving `state` with the default edge settings; call from within a Tokio
    /// runtime.
    ///
    /// # Panics
    /// When no local port can be bound.
    #[must_use]
    pub fn start(state: AppState) -> Self {
        Self::start_with(state, EdgeSettings::default())
    }

    /// Starts serving `state` with `edge`'s limits and deadlines; call from within a Tokio
    /// runtime.
    ///
    /// # Panics
    /// When no local port can be bound.
    #[must_use]
    pub fn start_with(state: AppState, edge: EdgeSettings) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let port = listener.local_addr().expect("the bound address").port();
        let server = switchboard_http::edge::server(listener, state, edge)
            .expect("listen on the bound port")
            .workers(1)
            .disable_signals()
            .run();
        let handle = server.handle();
        tokio::spawn(server);
        Self {
            base_url: format!("http://127.0.0.1:{port}"),
            handle,
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        // `stop` sends the command when called; the returned future only awaits completion.
        drop(self.handle.stop(false));
    }
}
