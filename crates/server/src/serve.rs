//! `serve`: the HTTP application over the configured store and Twilio account, or, for what
//! is not configured, the in-memory store and the embedded Twilio stand-in (feature OP7:
//! one command runs the whole service on a machine with nothing but Rust).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use switchboard_domain::numbers::Numbers;
use switchboard_domain::ports::ConnectionPoolGauge;
use switchboard_domain::{AccountSid, SystemClock};
use switchboard_http::Metrics;
use switchboard_memory::MemoryStore;
use switchboard_twilio_sim::{RunningSim, TwilioSim};

use crate::compose::{AppSettings, Store, app_state};
use crate::compose::{connect, operator, twilio_client};
use crate::config::{Secret, ServeConfig, TwilioSettings};
use crate::email::{EmailWiring, email_wiring};
use crate::error::CliError;
use crate::local_phone::StandInPhone;
use crate::quickstart::print_quickstart;
use crate::stand_in::{embedded_stand_in, set_up_stand_in, stand_in_voice};

/// Serves until SIGTERM or Ctrl-C.
///
/// # Errors
/// When the address cannot be bound, the database cannot be migrated or reached, or the
/// stand-in or the Twilio client cannot be set up.
pub async fn serve(config: ServeConfig) -> Result<(), CliError> {
    announce(&config);
    let listener = std::net::TcpListener::bind(config.bind_addr).map_err(|e| {
        CliError::Argument(format!(
            "cannot listen on {} (BIND_ADDR): {e}; pick another address, or BIND_ADDR=127.0.0.1:0 for any free port",
            config.bind_addr
        ))
    })?;
    let listen_addr = listener.local_addr()?;
    let listen_url = listen_url(listen_addr);
    let public_base_url = config
        .public_base_url
        .clone()
        .unwrap_or_else(|| listen_url.clone());
    let twilio = match &config.twilio {
        Some(settings) => Twilio::Account(settings.clone()),
        None => Twilio::StandIn(
            start_stand_in(
                &public_base_url,
                &listen_url,
                config.stand_in_auth_token.as_ref(),
            )
            .await?,
        ),
    };
    let run = Run {
        config: &config,
        listener,
        listen_addr,
        listen_url,
        public_base_url,
    };
    let outcome = match &config.database {
        Some(database) => {
            let applied = switchboard_postgres::migrate(database.url.expose()).await?;
            tracing::info!(
                applied = applied.len(),
                "database migrations are up to date"
            );
            let store = Arc::new(connect(database)?);
            tokio::spawn(crate::logs::keep_partitions(store.as_ref().clone()));
            let gauge: Arc<dyn ConnectionPoolGauge> = store.clone();
            run.serve(store, Some(gauge), &twilio).await
        }
        None => run.serve(Arc::new(MemoryStore::new()), None, &twilio).await,
    };
    if let Twilio::StandIn(sim) = twilio {
        sim.stop().await;
    }
    outcome
}

/// The first log lines: where data lives and which Twilio answers.
fn announce(config: &ServeConfig) {
    tracing::info!(bind_addr = %config.bind_addr, "starting switchboard");
    match &config.database {
        None => tracing::warn!(
            "DATABASE_URL is not set: using the in-memory store; all data is lost at exit"
        ),
        Some(_) => tracing::info!("using PostgreSQL (DATABASE_URL)"),
    }
    match &config.twilio {
        None => tracing::warn!(
            "TWILIO_ACCOUNT_SID is not set: using the embedded Twilio stand-in on loopback; its numbers are fictional and no real call or message is made"
        ),
        Some(twilio) => {
            tracing::info!(account_sid = %twilio.account_sid, api = %twilio.api_base_url, "using Twilio");
        }
    }
    match (&config.database, &config.twilio) {
        (Some(_), None) => tracing::warn!(
            "the stand-in's fictional numbers are added to the database's pool; retire them (`switchboard pool retire`) before pointing this database at a real Twilio account"
        ),
        (None, Some(_)) => tracing::warn!(
            "numbers bought from the real Twilio account while the store is in memory are forgotten at exit but stay on the account, and billed: `switchboard numbers reconcile` lists them as unassigned"
        ),
        _ => {}
    }
    if config.twilio.is_none() && !config.bind_addr.ip().is_loopback() {
        tracing::warn!(
            bind_addr = %config.bind_addr,
            "the stand-in's webhook signing token is a published development token: anyone who can reach this address can forge Twilio webhooks; bind to loopback"
        );
    }
    if config.auth_secret_generated {
        tracing::info!(
            "AUTH_JWT_SECRET is not set: bearer tokens are signed with a random secret that lasts this run"
        );
    }
}

/// Which Twilio the service talks to.
#[derive(Debug)]
enum Twilio {
    /// A real account (or an external stand-in) from the `TWILIO_*` variables.
    Account(TwilioSettings),
    /// The stand-in this process started.
    StandIn(RunningSim),
}

impl Twilio {
    /// The REST settings: the stand-in's account at its loopback URL, for the stand-in.
    fn settings(&self) -> Result<TwilioSettings, CliError> {
        match self {
            Self::Account(settings) => Ok(settings.clone()),
            Self::StandIn(sim) => {
                let sid = AccountSid::parse(sim.account_sid())
                    .map_err(|e| CliError::Twilio(format!("the stand-in's account SID: {e}")))?;
                Ok(TwilioSettings::stand_in(
                    sid,
                    Secret::new(sim.auth_token()),
                    sim.base_url(),
                    stand_in_voice()?,
                ))
            }
        }
    }
}

/// Starts the stand-in on a free loopback port, delivering webhooks meant for
/// `public_base_url` to where the app listens, with its account's fictional pool numbers.
async fn start_stand_in(
    public_base_url: &str,
    listen_url: &str,
    auth_token: Option<&Secret>,
) -> Result<RunningSim, CliError> {
    let sim = TwilioSim::start(embedded_stand_in(auth_token.map(Secret::expose))).await?;
    if public_base_url != listen_url {
        sim.route_webhooks(public_base_url, listen_url)?;
    }
    set_up_stand_in(&sim, public_base_url)?;
    Ok(sim)
}

/// One run of the HTTP application.
struct Run<'a> {
    config: &'a ServeConfig,
    listener: std::net::TcpListener,
    listen_addr: SocketAddr,
    listen_url: String,
    public_base_url: String,
}

impl Run<'_> {
    async fn serve<S: Store>(
        self,
        store: Arc<S>,
        connection_pool: Option<Arc<dyn ConnectionPoolGauge>>,
        twilio: &Twilio,
    ) -> Result<(), CliError> {
        let mut email =
            email_wiring(&self.config.email, matches!(twilio, Twilio::StandIn(_))).await?;
        let sendgrid = email.stand_in.take();
        let outbox = sendgrid.as_ref().map(|s| s.base_url().to_owned());
        let outcome = self
            .serve_app(store, connection_pool, twilio, &email, outbox.as_deref())
            .await;
        // Stopped before the outcome is reported, so its last log lines come first.
        if let Some(sendgrid) = sendgrid {
            sendgrid.stop().await;
        }
        outcome
    }

    async fn serve_app<S: Store>(
        self,
        store: Arc<S>,
        connection_pool: Option<Arc<dyn ConnectionPoolGauge>>,
        twilio: &Twilio,
        email: &EmailWiring,
        outbox: Option<&str>,
    ) -> Result<(), CliError> {
        let config = self.config;
        let settings = twilio.settings()?;
        let metrics = Arc::new(Metrics::new());
        let provider = twilio_client(&settings, Some(&metrics))?;
        let app_settings = AppSettings {
            auth: config.auth.clone(),
            public_base_url: self.public_base_url.clone(),
            twilio_auth_token: settings.auth_token.clone(),
            session_quota: config.session_quota,
            numbers: config.numbers.clone(),
            check_twilio_readiness: true,
            call_quota: config.call_quota,
            message_quota: config.message_quota,
            whatsapp_from: config.whatsapp_from.clone(),
            email_sender: email.sender.clone(),
            email_senders: email.senders.clone(),
            twilio_account_sid: settings.account_sid.clone(),
            voice: settings.voice.clone(),
        };
        let mut state = app_state(
            store,
            provider,
            Arc::new(SystemClock),
            &app_settings,
            metrics,
        )?;
        state.connection_pool = connection_pool;
        if let Twilio::StandIn(sim) = twilio {
            state.local_phone = Some(Arc::new(StandInPhone::attach(sim)));
        }
        let numbers = state.numbers.clone();
        if let Twilio::StandIn(_) = twilio {
            refuse_real_numbers(&numbers).await?;
            seed_pool(&numbers).await?;
        }
        // Finish what a crash may have left half-done. Against a fresh stand-in this also
        // marks released the fictional numbers an earlier run bought, which that stand-in took
        // with it; the local stand-in answers at once, so that is done before the quickstart
        // is printed, and a real account's reconciliation runs without delaying the start.
        let stand_in = matches!(twilio, Twilio::StandIn(_));
        if stand_in {
            reconcile(numbers).await;
        } else {
            tokio::spawn(reconcile(numbers));
        }
        let server = switchboard_http::edge::server(self.listener, state, config.edge)?
            .shutdown_timeout(30)
            .run();
        let server = tokio::spawn(server);
        tracing::info!(url = %self.listen_url, public_base_url = %self.public_base_url, "listening");
        if let Twilio::StandIn(sim) = twilio {
            // The exports are the last lines printed: the server has started (and logged
            // that) once it answers its own health probe.
            wait_until_serving(self.listen_addr).await;
            if let Err(e) = print_quickstart(config, &self.listen_url, sim, outbox) {
                tracing::warn!(error = %e, "could not print the tokens on stdout");
            }
        }
        server
            .await
            .map_err(|e| CliError::Server(std::io::Error::other(e)))??;
        tracing::info!("stopped");
        Ok(())
    }
}

/// Stops a start that would point the stand-in at a store holding real numbers: the
/// stand-in would treat them as gone (a release would mark a billed number released) and
/// would add fictional numbers to a real pool.
async fn refuse_real_numbers(numbers: &Numbers) -> Result<(), CliError> {
    let real = numbers.real_numbers_on_record().await?;
    if let Some(first) = real.first() {
        return Err(CliError::Argument(format!(
            "the database (DATABASE_URL) holds {} real phone numbers ({first}{}): refusing to run it with the Twilio stand-in. Set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN for its account, or use another database",
            real.len(),
            if real.len() > 1 { ", …" } else { "" },
        )));
    }
    Ok(())
}

/// Puts the stand-in account's numbers in the pool, as `pool import` would.
async fn seed_pool(numbers: &Numbers) -> Result<(), CliError> {
    let report = numbers.import_pool(&operator()?).await?;
    tracing::info!(
        added = report.added.len(),
        already_in_pool = report.already_in_pool.len(),
        owned = report.owned.len(),
        "seeded the pool with the stand-in's fictional numbers"
    );
    Ok(())
}

async fn reconcile(numbers: Numbers) {
    match numbers.reconcile().await {
        Ok(report) => tracing::info!(
            adopted = ?report.adopted,
            abandoned = ?report.abandoned,
            released = ?report.released,
            unassigned = report.unassigned.len(),
            in_flight = report.in_flight,
            "reconciled numbers with Twilio"
        ),
        Err(e) => {
            tracing::warn!(error = %e, "could not reconcile numbers with Twilio at start; run `switchboard numbers reconcile` later");
        }
    }
}

/// Waits (at most 5 s) until the server answers `GET /healthz` on `addr`.
async fn wait_until_serving(addr: SocketAddr) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let addr = SocketAddr::new(loopback_for(addr.ip()), addr.port());
    let probe = async {
        loop {
            if let Ok(mut stream) = tokio::net::TcpStream::connect(addr).await {
                let mut answer = [0_u8; 12];
                let asked = stream
                    .write_all(b"GET /healthz HTTP/1.0\r\n\r\n")
                    .await
                    .is_ok();
                if asked && stream.read_exact(&mut answer).await.is_ok() {
                    return;
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    };
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), probe).await;
}

/// `http://` and the address, with an unspecified IP (`0.0.0.0`, `::`) as loopback.
fn listen_url(addr: SocketAddr) -> String {
    format!(
        "http://{}",
        SocketAddr::new(loopback_for(addr.ip()), addr.port())
    )
}

/// An unspecified IP (`0.0.0.0`, `::`) as loopback; any other as it is.
fn loopback_for(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unspecified_addresses_are_shown_as_loopback() {
        let url = |s: &str| listen_url(s.parse().unwrap());
        assert_eq!(url("0.0.0.0:8080"), "http://127.0.0.1:8080");
        assert_eq!(url("[::]:8080"), "http://[::1]:8080");
        assert_eq!(url("10.1.2.3:9000"), "http://10.1.2.3:9000");
    }
}
