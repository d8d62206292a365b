//! Starting the stand-in and looking into it: [`SendGridSim::start`] and
//! [`RunningSendGridSim`].

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpServer, web};
use tokio::task::JoinHandle;

use crate::config::SendGridSimConfig;
use crate::control::{self, OUTBOX_PATH};
use crate::faults::Fault;
use crate::outbox::OutboxEmail;
use crate::server;
use crate::spec::{MailSendSpec, SpecError};
use crate::state::{RecordedRequest, Shared};

/// Why the stand-in could not start.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The configuration cannot be used (an empty or unprintable API key).
    #[error("invalid SendGrid stand-in configuration: {0}")]
    Config(String),
    /// The embedded spec did not load (a build defect).
    #[error(transparent)]
    Spec(#[from] SpecError),
    /// The port could not be bound, or the server failed.
    #[error("the SendGrid stand-in could not serve: {0}")]
    Start(#[from] std::io::Error),
}

/// The entry point: `SendGridSim::start(config).await`.
#[derive(Debug)]
pub struct SendGridSim;

impl SendGridSim {
    /// Starts a stand-in on `127.0.0.1` (port `config.port`, 0 for any) with one actix-web
    /// worker, serving in the background of the current Tokio runtime; it must be awaited
    /// inside one (a `#[tokio::test]`, or an actix-web/Tokio main).
    ///
    /// # Errors
    /// [`SimError::Config`] for an empty API key or one with spaces or non-ASCII
    /// characters; [`SimError::Start`] when the port cannot be bound.
    pub async fn start(config: SendGridSimConfig) -> Result<RunningSendGridSim, SimError> {
        if config.api_key.is_empty() || !config.api_key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(SimError::Config(
                "api_key must be printable ASCII without spaces, and not empty".to_owned(),
            ));
        }
        let spec = MailSendSpec::embedded()?;
        let listener = TcpListener::bind(("127.0.0.1", config.port))?;
        let port = listener.local_addr()?.port();
        let handle_signals = config.handle_signals;
        let shared = Arc::new(Shared::new(
            config,
            format!("http://127.0.0.1:{port}"),
            spec,
        ));
        let data = web::Data::from(Arc::clone(&shared));
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .route(OUTBOX_PATH, web::get().to(control::outbox))
                .route(OUTBOX_PATH, web::delete().to(control::clear))
                .default_service(web::to(server::handle))
        })
        .workers(1)
        .shutdown_timeout(5)
        .listen(listener)?;
        if !handle_signals {
            server = server.disable_signals();
        }
        let server = server.run();
        let handle = server.handle();
        let task = tokio::spawn(server);
        tracing::info!(base_url = %shared.base_url, "SendGrid stand-in listening");
        Ok(RunningSendGridSim {
            shared,
            handle,
            task: Some(task),
        })
    }
}

/// A running stand-in. Dropping it stops the server; [`Self::stop`] stops it gracefully
/// and waits.
pub struct RunningSendGridSim {
    shared: Arc<Shared>,
    handle: ServerHandle,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl std::fmt::Debug for RunningSendGridSim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningSendGridSim")
            .field("base_url", &self.shared.base_url)
            .finish_non_exhaustive()
    }
}

impl Drop for RunningSendGridSim {
    fn drop(&mut self) {
        // `stop` sends the command when called; the returned future only awaits completion.
        drop(self.handle.stop(false));
    }
}

impl RunningSendGridSim {
    /// `http://127.0.0.1:PORT`, the stand-in for `https://api.sendgrid.com`.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The API key it accepts.
    #[must_use]
    pub fn api_key(&self) -> &str {
        &self.shared.config.api_key
    }

    /// Every email it accepted, in order (sandbox-mode sends are not kept).
    #[must_use]
    pub fn outbox(&self) -> Vec<OutboxEmail> {
        self.shared.lock().outbox.clone()
    }

    /// Empties the outbox.
    pub fn clear_outbox(&self) {
        self.shared.lock().outbox.clear();
    }

    /// Every request it answered outside the control API, in order, with its status and
    /// what was wrong with it.
    #[must_use]
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// Makes the next `count` mail sends (with the right key) answer `fault` instead of
    /// being checked and accepted; plans add up and are used in order.
    pub fn fail_next(&self, count: u32, fault: Fault) {
        self.shared.lock().faults.fail_next(count, fault);
    }

    /// Forgets every planned fault.
    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Stops accepting requests, lets those in flight finish, and waits for the server.
    pub async fn stop(mut self) {
        self.handle.stop(true).await;
        if let Some(task) = self.task.take() {
            // The server's own result no longer matters once it has stopped.
            drop(task.await);
        }
    }

    /// Waits until the server stops (on SIGINT/SIGTERM when `handle_signals` is set), for
    /// a standalone process.
    ///
    /// # Errors
    /// [`SimError::Start`] when the server failed.
    pub async fn wait(mut self) -> Result<(), SimError> {
        match self.task.take() {
            Some(task) => task
                .await
                .map_err(std::io::Error::other)?
                .map_err(SimError::from),
            None => Ok(()),
        }
    }
}
