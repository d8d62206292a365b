//! The control API, for processes that did not start the stand-in (`switchboard simulate
//! outbox`): `GET /_sim/outbox` answers `{"emails": [OutboxEmail, ...]}` and
//! `DELETE /_sim/outbox` empties it (204), both behind the same Bearer key as the mail
//! route. Control requests are not recorded as requests and faults do not apply to them.
//! [`SendGridSimControl`](crate::SendGridSimControl) is the client.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::http::{error_response, unauthorized};
use crate::outbox::OutboxEmail;
use crate::state::Shared;

/// Where the outbox is served.
pub(crate) const OUTBOX_PATH: &str = "/_sim/outbox";

/// The outbox's JSON.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct OutboxBody {
    pub emails: Vec<OutboxEmail>,
}

/// `GET /_sim/outbox`.
pub(crate) async fn outbox(request: HttpRequest, shared: web::Data<Shared>) -> HttpResponse {
    if let Some(refusal) = unauthorized(&request, &shared.config.api_key) {
        return error_response(401, &[refusal]);
    }
    let emails = shared.lock().outbox.clone();
    HttpResponse::Ok().json(OutboxBody { emails })
}

/// `DELETE /_sim/outbox`.
pub(crate) async fn clear(request: HttpRequest, shared: web::Data<Shared>) -> HttpResponse {
    if let Some(refusal) = unauthorized(&request, &shared.config.api_key) {
        return error_response(401, &[refusal]);
    }
    shared.lock().outbox.clear();
    HttpResponse::NoContent().finish()
}
