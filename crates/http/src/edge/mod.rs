//! The HTTP edge: the server every request comes through ([`server`]), with limits on
//! request heads and deadlines for slow clients (docs/limits.md).
//!
//! actix-http's HTTP/1 dispatcher answers a head it cannot parse, a head over its own
//! limits or one that comes too slowly with an empty response of its own, before any
//! middleware runs, and it has no limit on a head's size below 128 KiB, none on a target's
//! length, and no deadline for a body or for the heads after a connection's first. So each
//! connection is wrapped (`io::EdgeIo`) before the dispatcher reads it: every head is
//! checked first, and refused with a problem+json answer carrying a `code` and a
//! `requestId`, as every other error of the API.

mod cut;
mod io;
mod refusal;
mod settings;

use std::time::Duration;

use actix_http::{HttpService, ServiceConfig};
use actix_server::ServerBuilder;
use actix_service::{IntoServiceFactory as _, ServiceFactoryExt as _, fn_service, map_config};
use actix_web::dev::AppConfig;
use tokio::net::TcpStream;

pub(crate) use cut::{BodyCut, body_cut};
pub use settings::EdgeSettings;

use crate::state::AppState;

/// How long a closing connection may take to flush its last answer.
const DISCONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// The application over `state`, served on `listener` through the edge: call `run` on the
/// builder (after `workers`, `shutdown_timeout`, `disable_signals` as wanted).
///
/// # Errors
/// When the listener's address cannot be read or it cannot be made non-blocking.
pub fn server(
    listener: std::net::TcpListener,
    state: AppState,
    settings: EdgeSettings,
) -> std::io::Result<ServerBuilder> {
    let addr = listener.local_addr()?;
    let builder = actix_server::Server::build();
    let shutdown = builder.graceful_shutdown_signal();
    builder.listen(format!("switchboard-{addr}"), listener, move || {
        let shutdown = shutdown.clone();
        let app = crate::app(state.clone())
            .into_factory()
            .map_err(|e| e.error_response());
        let http = HttpService::build()
            .keep_alive(settings.keep_alive)
            // The edge times heads itself, every request's and not only the first's.
            .client_request_timeout(Duration::ZERO)
            .client_disconnect_timeout(DISCONNECT_TIMEOUT)
            .h1_allow_half_closed(true)
            .local_addr(addr)
            // Idle keep-alive connections close when a graceful shutdown starts, as
            // actix-web's own server has them do (this builder method is not documented).
            .graceful_shutdown_signal(move || {
                let shutdown = shutdown.clone();
                async move { shutdown.notified().await }
            })
            .on_connect_ext(|io: &io::EdgeIo<TcpStream>, data| {
                data.insert(io.cut_signal());
            })
            // The application reads no connection settings (host, address) of its own.
            .h1(map_config(app, |()| AppConfig::default()));
        // One shadow decoder configuration per worker.
        let shadow = ServiceConfig::default();
        fn_service(move |stream: TcpStream| {
            let peer = stream.peer_addr().ok();
            let io = io::EdgeIo::new(stream, settings, &shadow);
            std::future::ready(Ok((io, peer)))
        })
        .and_then(http)
    })
}

#[cfg(test)]
mod tests;
