//! Route table: which handler answers which path and method. The application is built from
//! [`endpoints`] and nothing else, so [`served_routes`] is exactly what it serves; a test
//! compares that with the OpenAPI document.

mod calls;
mod console;
mod docs;
mod emails;
#[doc(hidden)]
pub mod fuzzing;
mod health;
mod messages;
mod metrics;
mod numbers;
mod phone;
mod pool;
mod recordings;
mod routing;
mod sessions;
mod voice;
mod webhooks;

use actix_web::dev::HttpServiceFactory;
use actix_web::http::Method;
use actix_web::{FromRequest, Handler, HttpResponse, Responder, Route, web};

use crate::problem::ApiError;

pub use docs::{document, document_json};

/// One path and the handler of each method it serves.
struct Endpoint {
    path: &'static str,
    routes: Vec<(Method, Route)>,
}

impl Endpoint {
    fn at(path: &'static str) -> Self {
        Self {
            path,
            routes: Vec::new(),
        }
    }

    fn on<F, Args>(mut self, method: Method, handler: F) -> Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.routes
            .push((method.clone(), web::method(method).to(handler)));
        self
    }

    fn get<F, Args>(self, handler: F) -> Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.on(Method::GET, handler)
    }

    fn post<F, Args>(self, handler: F) -> Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.on(Method::POST, handler)
    }

    /// The `Allow` header value of this path.
    fn allow(&self) -> String {
        let methods: Vec<&str> = self.routes.iter().map(|(m, _)| m.as_str()).collect();
        methods.join(", ")
    }

    /// The resource: its routes, and a 405 with `Allow` for every other method.
    fn into_service(self) -> impl HttpServiceFactory {
        let allow = self.allow();
        let resource = self
            .routes
            .into_iter()
            .fold(web::resource(self.path), |r, (_, route)| r.route(route));
        resource.default_service(web::to(move || {
            let allow = allow.clone();
            async move { Err::<HttpResponse, _>(ApiError::MethodNotAllowed { allow }) }
        }))
    }
}

/// Every endpoint, in matching order (fixed paths before the `{id}` beside them).
fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::at("/healthz")
            .get(health::healthz)
            .on(Method::HEAD, health::healthz_head),
        Endpoint::at("/readyz")
            .get(health::readyz)
            .on(Method::HEAD, health::readyz_head),
        Endpoint::at("/metrics").get(metrics::metrics),
        Endpoint::at("/openapi.json").get(docs::openapi_json),
        Endpoint::at("/docs").get(docs::page),
        Endpoint::at("/docs/{asset}").get(docs::asset),
        Endpoint::at("/console").get(console::redirect),
        Endpoint::at("/console/").get(console::index),
        Endpoint::at("/console/{file}").get(console::file),
        Endpoint::at("/console/{folder}/{file}").get(console::folder_file),
        Endpoint::at("/v1/voicemail-sessions")
            .post(sessions::create)
            .get(sessions::list),
        Endpoint::at("/v1/voicemail-sessions/{id}").get(sessions::get),
        Endpoint::at("/v1/voicemail-sessions/{id}/expire").post(sessions::expire),
        Endpoint::at("/v1/pool/numbers")
            .post(pool::add)
            .get(pool::list),
        Endpoint::at("/v1/pool/numbers/{phoneNumber}").on(Method::DELETE, pool::retire),
        Endpoint::at("/v1/numbers/available").get(numbers::available::search),
        Endpoint::at("/v1/numbers/stats").get(numbers::stats::stats),
        Endpoint::at("/v1/numbers")
            .post(numbers::purchase::buy)
            .get(numbers::owned::list),
        Endpoint::at("/v1/numbers/{id}")
            .get(numbers::owned::get)
            .on(Method::PATCH, numbers::owned::update)
            .on(Method::DELETE, numbers::owned::release),
        Endpoint::at("/v1/numbers/{id}/forwarding-rules")
            .get(routing::rules::list)
            .post(routing::rules::create),
        Endpoint::at("/v1/numbers/{id}/ivr")
            .get(routing::ivr::get)
            .on(Method::PUT, routing::ivr::put)
            .on(Method::DELETE, routing::ivr::delete),
        Endpoint::at("/v1/numbers/{id}/voicemail")
            .get(routing::voicemail::get)
            .on(Method::PUT, routing::voicemail::put),
        Endpoint::at("/v1/forwarding-rules/{id}")
            .get(routing::rules::get)
            .on(Method::PATCH, routing::rules::update)
            .on(Method::DELETE, routing::rules::delete),
        Endpoint::at("/v1/forwarding-rules/{id}/toggle").post(routing::rules::toggle),
        Endpoint::at("/v1/numbers/{id}/auto-reply")
            .get(messages::auto_reply::get)
            .on(Method::PUT, messages::auto_reply::put),
        Endpoint::at("/v1/account").get(numbers::account::account),
        Endpoint::at("/v1/messages")
            .post(messages::send::send)
            .get(messages::read::list),
        Endpoint::at("/v1/messages/{messageSid}").get(messages::read::get),
        Endpoint::at("/v1/emails")
            .post(emails::send::send)
            .get(emails::read::list),
        Endpoint::at("/v1/emails/{id}").get(emails::read::get),
        Endpoint::at("/v1/calls/stats").get(calls::read::stats),
        Endpoint::at("/v1/calls")
            .post(calls::place::place)
            .get(calls::read::list),
        Endpoint::at("/v1/calls/{callSid}").get(calls::read::get),
        Endpoint::at("/v1/calls/{callSid}/end").post(calls::place::end),
        Endpoint::at("/v1/voice/token").get(calls::token::token),
        Endpoint::at("/v1/phone").get(phone::channel),
        Endpoint::at("/v1/phone/events").get(phone::events::events),
        Endpoint::at("/v1/phone/calls").post(phone::calls::place),
        Endpoint::at("/v1/phone/calls/{callSid}/accept").post(phone::calls::accept),
        Endpoint::at("/v1/phone/calls/{callSid}/reject").post(phone::calls::reject),
        Endpoint::at("/v1/phone/calls/{callSid}/hangup").post(phone::calls::hang_up),
        Endpoint::at("/v1/recordings").get(recordings::read::list),
        Endpoint::at("/v1/recordings/{recordingSid}")
            .get(recordings::read::get)
            .on(Method::DELETE, recordings::read::delete),
        Endpoint::at("/v1/recordings/{recordingSid}/media").get(recordings::media::media),
        Endpoint::at("/webhooks/twilio/voice")
            .post(voice::inbound)
            .get(voice::inbound_get),
        Endpoint::at("/webhooks/twilio/voice/status").post(webhooks::status::status),
        Endpoint::at("/webhooks/twilio/voice/answer").post(webhooks::answer::answer),
        Endpoint::at("/webhooks/twilio/voice/dial-result").post(webhooks::status::dial_result),
        Endpoint::at("/webhooks/twilio/voice/gather").post(webhooks::gather::gather),
        Endpoint::at("/webhooks/twilio/voice/voicemail-done")
            .post(webhooks::gather::voicemail_done),
        Endpoint::at("/webhooks/twilio/recordings").post(webhooks::recordings::recording),
        Endpoint::at("/webhooks/twilio/messages").post(webhooks::messages::inbound),
        Endpoint::at("/webhooks/twilio/messages/status").post(webhooks::messages::status),
    ]
}

pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    for endpoint in endpoints() {
        cfg.service(endpoint.into_service());
    }
}

/// Every method and path the application serves, as it registers them.
#[must_use]
pub fn served_routes() -> Vec<(Method, &'static str)> {
    endpoints()
        .iter()
        .flat_map(|e| e.routes.iter().map(|(m, _)| (m.clone(), e.path)))
        .collect()
}

pub(crate) async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound("no such route"))
}
