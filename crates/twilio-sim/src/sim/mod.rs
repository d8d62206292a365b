//! Starting the stand-in and driving it: [`TwilioSim::start`] and [`RunningSim`].

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpServer, web};
use switchboard_domain::sid::AccountSid;
use tokio::task::JoinHandle;

use crate::config::SimConfig;
use crate::error::SimError;
use crate::inventory::Inventory;
use crate::spec::Spec;
use crate::state::{Shared, SimState};
use crate::webhooks::{WebhookClient, WebhookRouting};
use crate::{control, server};

mod driving;
pub use driving::ClientCallRun;
mod injected_faults;
mod inspection;
mod setup;

/// The entry point: `TwilioSim::start(config).await`.
#[derive(Debug)]
pub struct TwilioSim;

impl TwilioSim {
    /// Starts a stand-in on `127.0.0.1` (port `config.port`, 0 for any) with one actix-web
    /// worker, serving in the background of the current Tokio runtime (a `#[tokio::test]`,
    /// or an actix-web/Tokio main). It must be awaited inside such a runtime: the server task
    /// is spawned with `tokio::spawn`.
    ///
    /// # Errors
    /// [`SimError::Config`] for an account SID that is not `AC` + 32 hex digits, an empty auth
    /// token or invalid webhook bases; [`SimError::Start`] when the port cannot be bound.
    pub async fn start(config: SimConfig) -> Result<RunningSim, SimError> {
        if AccountSid::parse(&config.account_sid).is_err() {
            return Err(SimError::Config(format!(
                "account_sid must be AC followed by 32 hex digits, got '{}'",
                config.account_sid
            )));
        }
        if config.auth_token.is_empty() {
            return Err(SimError::Config("auth_token must not be empty".to_owned()));
        }
        let routing = match (&config.app_public_base, &config.app_webhook_base) {
            (Some(public), Some(actual)) => {
                Some(WebhookRouting::new(public.as_str(), actual.as_str())?)
            }
            (None, None) => None,
            _ => {
                return Err(SimError::Config(
                    "app_public_base and app_webhook_base go together".to_owned(),
                ));
            }
        };
        let spec = Spec::embedded()?;
        let listener = TcpListener::bind(("127.0.0.1", config.port))?;
        let port = listener.local_addr()?.port();
        let webhooks = WebhookClient::new(&config.auth_token, config.webhook_timeout)?;
        let handle_signals = config.handle_signals;
        let state = SimState {
            key_case: config.capability_key_case,
            routing,
            ..SimState::default()
        };
        let shared = Arc::new(Shared::new(
            config,
            format!("http://127.0.0.1:{port}"),
            spec,
            webhooks,
            state,
        ));
        let data = web::Data::from(Arc::clone(&shared));
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .app_data(web::PayloadConfig::new(1 << 20))
                .service(web::scope(control::PREFIX).default_service(web::to(control::handle)))
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
        tracing::info!(base_url = %shared.base_url, account_sid = %shared.config.account_sid, "Twilio stand-in listening");
        Ok(RunningSim {
            shared,
            handle,
            task: Some(task),
        })
    }
}

/// A running stand-in. Dropping it stops the server; [`RunningSim::stop`] stops it
/// gracefully and waits.
pub struct RunningSim {
    shared: Arc<Shared>,
    handle: ServerHandle,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl std::fmt::Debug for RunningSim {
    // Only what identifies it: the state holds API key secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningSim")
            .field("base_url", &self.shared.base_url)
            .field("account_sid", &self.shared.config.account_sid)
            .finish_non_exhaustive()
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        // `stop` sends the command when called; the returned future only awaits completion.
        drop(self.handle.stop(false));
    }
}

impl RunningSim {
    // ---- identity -------------------------------------------------------------------

    /// `http://127.0.0.1:PORT`, the stand-in for `https://api.twilio.com`.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The account SID.
    #[must_use]
    pub fn account_sid(&self) -> &str {
        &self.shared.config.account_sid
    }

    /// The auth token (Basic-auth password and webhook signing key).
    #[must_use]
    pub fn auth_token(&self) -> &str {
        &self.shared.config.auth_token
    }

    /// The configuration it was started with.
    #[must_use]
    pub fn config(&self) -> &SimConfig {
        &self.shared.config
    }

    /// The state the drivers share, for the crate's own long-lived parts.
    pub(crate) fn shared(&self) -> &Arc<Shared> {
        &self.shared
    }

    /// The numbers for sale (owned ones included; see [`Self::incoming_numbers`]).
    #[must_use]
    pub fn inventory(&self) -> &Inventory {
        &self.shared.inventory
    }

    // ---- lifecycle ------------------------------------------------------------------

    /// Stops accepting requests, lets those in flight finish, and waits for the server.
    pub async fn stop(mut self) {
        self.handle.stop(true).await;
        if let Some(task) = self.task.take() {
            // The server's own result no longer matters once it has stopped.
            drop(task.await);
        }
    }

    /// Waits until the server stops (on SIGINT/SIGTERM when `handle_signals` is set), for a
    /// standalone binary.
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
