//! Test support for the TwiML engine: an app that serves a TwiML document per path, records
//! every request the stand-in makes, and a stand-in whose number points at it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use switchboard_twilio_sim::{NumberSeed, RunningSim};

use crate::common::{Received, TOKEN, sim};

/// The number the caller dials; its `VoiceUrl` is the app's `/voice`.
pub const NUMBER: &str = "+14155550100";
/// Who calls.
pub const CALLER: &str = "+12125550199";

/// An app answering each path with its document (`{base}` in a document is replaced by the
/// app's base URL); other paths answer `<Response/>`, and `/fail` answers 500.
pub struct TwimlApp {
    pub base_url: String,
    received: Arc<Mutex<Vec<Received>>>,
    handle: ServerHandle,
}

impl Drop for TwimlApp {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

#[derive(Clone)]
struct Routes {
    documents: Arc<BTreeMap<String, String>>,
    received: Arc<Mutex<Vec<Received>>>,
}

async fn serve(request: HttpRequest, body: web::Bytes, routes: web::Data<Routes>) -> HttpResponse {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let is_get = request.method() == actix_web::http::Method::GET;
    routes
        .received
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Received {
            method: request.method().to_string(),
            path_and_query: request
                .uri()
                .path_and_query()
                .map(ToString::to_string)
                .unwrap_or_default(),
            params: if is_get {
                switchboard_twilio::parse_form(request.query_string().as_bytes())
            } else {
                switchboard_twilio::parse_form(&body)
            },
            signature: header("X-Twilio-Signature"),
            user_agent: header("User-Agent"),
            content_type: header("Content-Type"),
        });
    if request.path() == "/fail" {
        return HttpResponse::InternalServerError().body("boom");
    }
    let document = routes
        .documents
        .get(request.path())
        .cloned()
        .unwrap_or_else(|| "<Response/>".to_owned());
    HttpResponse::Ok().content_type("text/xml").body(document)
}

impl TwimlApp {
    /// Serves `documents` (path, TwiML).
    pub fn start(documents: &[(&str, &str)]) -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a port");
        let port = listener.local_addr().expect("an address").port();
        let base_url = format!("http://127.0.0.1:{port}");
        let documents: BTreeMap<String, String> = documents
            .iter()
            .map(|(path, body)| ((*path).to_owned(), body.replace("{base}", &base_url)))
            .collect();
        let received = Arc::new(Mutex::new(Vec::new()));
        let routes = Routes {
            documents: Arc::new(documents),
            received: Arc::clone(&received),
        };
        let server = HttpServer::new(move || {
            App::new()
                .app_data(web::Data::new(routes.clone()))
                .default_service(web::to(serve))
        })
        .workers(1)
        .disable_signals()
        .listen(listener)
        .expect("listen")
        .run();
        let handle = server.handle();
        tokio::spawn(server);
        Self {
            base_url,
            received,
            handle,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Every request so far, oldest first.
    pub fn received(&self) -> Vec<Received> {
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The requests to `path` (without the query), oldest first.
    pub fn to(&self, path: &str) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|r| r.path_and_query.split('?').next() == Some(path))
            .collect()
    }

    /// Asserts every request so far carries a valid `X-Twilio-Signature`.
    pub fn assert_all_signed(&self) {
        let received = self.received();
        assert!(!received.is_empty());
        for request in &received {
            let signed = if request.method == "GET" {
                // A GET is signed over its full URL, parameters in the query.
                let url = format!("{}{}", self.base_url, request.path_and_query);
                let signature = request.signature.as_deref().unwrap_or_default();
                switchboard_twilio::WebhookValidator::new(TOKEN).validate_form(&url, &[], signature)
            } else {
                request.is_signed(TOKEN, &self.base_url)
            };
            assert!(signed, "unsigned: {request:#?}");
        }
    }
}

/// A stand-in whose [`NUMBER`] sends voice webhooks to `app`'s `/voice` and status
/// callbacks to `/call-status`.
pub async fn sim_for(app: &TwimlApp) -> RunningSim {
    let sim = sim().await;
    sim.add_incoming_number(
        NumberSeed::new(NUMBER)
            .voice_url(app.url("/voice"))
            .status_callback(app.url("/call-status")),
    )
    .expect("a seed");
    sim
}
