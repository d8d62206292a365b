//! The API describing itself: `/openapi.json` (OpenAPI 3.1, generated from the handlers'
//! annotations and the types they decode and serialise) and `/docs`, which renders it with
//! Redoc served from the binary.

use std::sync::OnceLock;

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use utoipa::OpenApi;

use super::{
    calls, console, emails, health, messages, metrics, numbers, phone, pool, recordings, routing,
    sessions, voice, webhooks,
};
use crate::openapi::{self, NotFound, Shared};
use crate::problem::ApiError;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Switchboard",
        description = "A backend for a business's phone numbers on Twilio: a pool of temporary \
            numbers leased to voicemail-greeting sessions, numbers users buy and manage, calls \
            placed from the API and the browser with their log and recordings, and the Twilio \
            webhooks that route and track them.\n\n\
            Every `/v1` operation takes `Authorization: Bearer <JWT>`. Errors are RFC 9457 \
            `application/problem+json` with a stable `code` and the request's `requestId`. \
            JSON values have the type given here (`\"areaCode\": \"415\"` is a string, \
            `\"expiresInMinutes\": 30` a number), and a field or query parameter an operation \
            does not list is refused with 400 `invalid_request`, never ignored.",
        license(name = "MIT", identifier = "MIT"),
    ),
    paths(
        health::healthz, health::healthz_head, health::readyz, health::readyz_head,
        metrics::metrics, openapi_json, page, asset,
        console::redirect, console::index, console::file, console::folder_file,
        sessions::create, sessions::list, sessions::get, sessions::expire,
        pool::add, pool::list, pool::retire,
        numbers::available::search, numbers::stats::stats, numbers::purchase::buy, numbers::owned::list, numbers::owned::get,
        numbers::owned::update, numbers::owned::release, numbers::account::account,
        calls::place::place, calls::read::list, calls::read::get, calls::read::stats,
        calls::place::end, calls::token::token,
        phone::channel, phone::events::events, phone::calls::place, phone::calls::accept,
        phone::calls::reject, phone::calls::hang_up,
        recordings::read::list, recordings::read::get, recordings::read::delete,
        recordings::media::media,
        routing::rules::list, routing::rules::create, routing::rules::get, routing::rules::update,
        routing::rules::delete, routing::rules::toggle, routing::ivr::get, routing::ivr::put,
        routing::ivr::delete, routing::voicemail::get, routing::voicemail::put,
        messages::send::send, messages::read::list, messages::read::get, messages::auto_reply::get,
        messages::auto_reply::put, emails::send::send, emails::read::list, emails::read::get,
        voice::inbound, voice::inbound_get,
        webhooks::status::status, webhooks::answer::answer, webhooks::status::dial_result,
        webhooks::recordings::recording, webhooks::gather::gather, webhooks::gather::voicemail_done,
        webhooks::messages::inbound, webhooks::messages::status,
    ),
    components(
        schemas(crate::openapi::ProblemBody, AssetName),
        responses(
            openapi::InvalidRequest, openapi::Unauthorized, openapi::Forbidden,
            openapi::InvalidSignature, openapi::NotFound, openapi::PayloadTooLarge,
            openapi::UnsupportedMediaType, openapi::RateLimited, openapi::TwilioFailed,
            openapi::StoreUnavailable, openapi::Unavailable, openapi::UriTooLong,
            openapi::HeadersTooLarge,
        ),
    ),
    modifiers(&Shared),
    tags(
        (name = "voicemail sessions", description = "Pool numbers leased to greeting sessions"),
        (name = "pool", description = "The temporary-number pool (admins)"),
        (name = "numbers", description = "Numbers users own, and the Twilio account"),
        (name = "calls", description = "Calls placed from the API and the browser, their log and statistics"),
        (name = "phone", description = "The web console's browser phone on the local Twilio stand-in (no WebRTC); with a real account the console uses the Voice JS SDK"),
        (name = "recordings", description = "Recordings of calls, and voicemails"),
        (name = "email", description = "Email through SendGrid (a local stand-in in the default run)"),
        (name = "messages", description = "SMS, MMS and WhatsApp messages, and auto-replies"),
        (name = "routing", description = "How calls to a user's numbers are routed: forwarding rules, IVR menus, voicemail"),
        (name = "twilio webhooks", description = "Requests Twilio makes to this service, signed with `X-Twilio-Signature`"),
        (name = "operations", description = "Health, readiness, metrics and this document"),
    ),
)]
struct ApiDoc;

/// The OpenAPI document of every route the application serves.
#[must_use]
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The document as served and as kept in `docs/openapi.json`: pretty JSON and a newline.
#[must_use]
pub fn document_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        let mut json = document()
            .to_pretty_json()
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        json.push('\n');
        json
    })
}

/// The OpenAPI 3.1 document.
#[utoipa::path(
    get, path = "/openapi.json", operation_id = "openapi", tag = "operations",
    responses((status = 200, description = "This document", content_type = "application/json", body = Object)),
)]
pub(crate) async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(document_json())
}

/// What `/docs` and its assets may load: only themselves and the document.
const DOCS_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; \
    base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchboard API</title>
</head>
<body>
<redoc spec-url="openapi.json"></redoc>
<script src="docs/redoc.standalone.js"></script>
</body>
</html>
"#;

/// The API's documentation for people.
#[utoipa::path(
    get, path = "/docs", operation_id = "docs", tag = "operations",
    responses((status = 200, description = "An HTML page rendering this document", body = String, content_type = "text/html")),
)]
pub(crate) async fn page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, DOCS_CSP))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(PAGE)
}

/// The vendored Redoc bundle and its licence (see `crates/http/assets/redoc/README.md`).
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "redoc.standalone.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/redoc/redoc.standalone.js"),
    ),
    (
        "redoc-LICENSE.txt",
        "text/plain; charset=utf-8",
        include_bytes!("../../assets/redoc/LICENSE"),
    ),
];

/// The names of [`ASSETS`], for the document.
#[derive(utoipa::ToSchema)]
#[schema(as = DocsAsset)]
#[expect(
    dead_code,
    reason = "only its schema is used: the handler looks names up in ASSETS"
)]
enum AssetName {
    #[schema(rename = "redoc.standalone.js")]
    Bundle,
    #[schema(rename = "redoc-LICENSE.txt")]
    Licence,
}

/// A file `/docs` loads: `redoc.standalone.js` (Redoc 3.0.1), or its licence,
/// `redoc-LICENSE.txt`.
#[utoipa::path(
    get, path = "/docs/{asset}", operation_id = "docsAsset", tag = "operations",
    params(("asset" = AssetName, Path, description = "The file")),
    responses(
        (status = 200, description = "The file", content(
            (String = "text/javascript"),
            (String = "text/plain"),
        )),
        (status = 404, response = NotFound),
    ),
)]
pub(crate) async fn asset(name: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let (_, content_type, bytes) = ASSETS
        .iter()
        .find(|(file, _, _)| *file == name.as_str())
        .ok_or(ApiError::NotFound("no such documentation asset"))?;
    Ok(HttpResponse::Ok()
        .content_type(*content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(*bytes))
}
