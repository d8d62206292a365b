//! The web console: `/console/` and its files, embedded in the binary by the
//! `switchboard-console` crate. Every answer (the redirect, the files, a 404) carries the
//! same security headers: scripts only from this origin (no inline script), no framing, no
//! referrer, no sniffing.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError as _, web};

use crate::openapi::NotFound;
use crate::problem::ApiError;

/// What console pages may load. Scripts, styles and images only from here; requests to
/// here and, for the Voice SDK on a real account, to Twilio's hosts (its signalling
/// WebSocket and its event gateway); its ringtones come from `sdk.twilio.com`.
pub(crate) const CONSOLE_CSP: &str = "default-src 'none'; script-src 'self'; \
    connect-src 'self' https://*.twilio.com wss://*.twilio.com; \
    media-src 'self' blob: https://sdk.twilio.com; img-src 'self' data:; style-src 'self'; \
    frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// The security headers every console answer carries.
fn secure(mut response: HttpResponse) -> HttpResponse {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONSOLE_CSP),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The file at `name`, or a 404 problem.
fn serve(name: &str) -> HttpResponse {
    let Some(asset) = switchboard_console::find(name) else {
        return secure(ApiError::NotFound("no such console file").error_response());
    };
    // The files change with the binary: a browser revalidates rather than keep an old one.
    secure(
        HttpResponse::Ok()
            .content_type(asset.content_type)
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .body(asset.bytes),
    )
}

/// `/console` is the console's directory: its relative links need the trailing slash.
#[utoipa::path(
    get, path = "/console", operation_id = "consoleRedirect", tag = "console",
    responses((status = 308, description = "To `/console/`",
        headers(("Location" = String, description = "`/console/`")))),
)]
pub(crate) async fn redirect() -> HttpResponse {
    secure(
        HttpResponse::PermanentRedirect()
            .insert_header((header::LOCATION, "/console/"))
            .finish(),
    )
}

/// The web console: a browser phone, numbers, forwarding, history, messages and sessions.
/// Sign in with a bearer token (kept in the tab's sessionStorage); the default run prints
/// a link that signs in as its demo user (`/console/#token=...`, a fragment the server never
/// sees).
#[utoipa::path(
    get, path = "/console/", operation_id = "console", tag = "console",
    responses((status = 200, description = "The console's page", body = String, content_type = "text/html")),
)]
pub(crate) async fn index() -> HttpResponse {
    serve(switchboard_console::INDEX)
}

/// A file of the console at its top level (`main.js`, `console.css`, ...).
#[utoipa::path(
    get, path = "/console/{file}", operation_id = "consoleFile", tag = "console",
    params(("file" = String, Path, description = "The file's name, e.g. `main.js`")),
    responses(
        (status = 200, description = "The file", content(
            (String = "text/html"), (String = "text/css"), (String = "text/javascript"),
        )),
        (status = 404, response = NotFound),
    ),
)]
pub(crate) async fn file(name: web::Path<String>) -> HttpResponse {
    serve(&name)
}

/// A file of the console in one of its folders (`pages/phone.js`, `phone/local.js`, and the
/// vendored Twilio Voice SDK `vendor/twilio.min.js` with its `vendor/LICENSE`).
#[utoipa::path(
    get, path = "/console/{folder}/{file}", operation_id = "consoleFolderFile", tag = "console",
    params(
        ("folder" = String, Path, description = "The folder: `pages`, `phone` or `vendor`"),
        ("file" = String, Path, description = "The file's name, e.g. `twilio.min.js`"),
    ),
    responses(
        (status = 200, description = "The file", content(
            (String = "text/javascript"), (String = "text/plain"), (String = "text/markdown"),
        )),
        (status = 404, response = NotFound),
    ),
)]
pub(crate) async fn folder_file(path: web::Path<(String, String)>) -> HttpResponse {
    let (folder, file) = path.into_inner();
    serve(&format!("{folder}/{file}"))
}
