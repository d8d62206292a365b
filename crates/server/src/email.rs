//! Which email provider `serve` uses: SendGrid with `SENDGRID_API_KEY`; else, beside the
//! Twilio stand-in, a local SendGrid stand-in; else none (email answers 503
//! `email_not_configured`).

use std::sync::Arc;

use switchboard_domain::email::{EmailSender, EmailSettings};
use switchboard_sendgrid_sim::{RunningSendGridSim, SendGridSim, SendGridSimConfig};

use crate::compose::sendgrid_client;
use crate::config::EmailConfig;
use crate::error::CliError;

/// The email provider of a run.
pub(crate) struct EmailWiring {
    /// The provider, when there is one.
    pub(crate) sender: Option<Arc<dyn EmailSender>>,
    /// The default and allowed senders.
    pub(crate) senders: EmailSettings,
    /// The SendGrid stand-in this process started, if it did.
    pub(crate) stand_in: Option<RunningSendGridSim>,
}

/// Picks the provider: `with_twilio_stand_in` says whether this run uses the embedded
/// Twilio stand-in (then a missing key means the SendGrid stand-in too).
///
/// # Errors
/// When the key or URL cannot be used, or the stand-in cannot start.
pub(crate) async fn email_wiring(
    config: &EmailConfig,
    with_twilio_stand_in: bool,
) -> Result<EmailWiring, CliError> {
    if let Some(key) = &config.api_key {
        tracing::info!(api = %config.api_base_url, "using SendGrid");
        return Ok(EmailWiring {
            sender: Some(sendgrid_client(
                key.expose(),
                &config.api_base_url,
                config.timeout,
            )?),
            senders: config.senders.clone(),
            stand_in: None,
        });
    }
    if !with_twilio_stand_in {
        tracing::warn!(
            "SENDGRID_API_KEY is not set: POST /v1/emails answers 503 email_not_configured"
        );
        return Ok(EmailWiring {
            sender: None,
            senders: config.senders.clone(),
            stand_in: None,
        });
    }
    let sim = SendGridSim::start(SendGridSimConfig::default())
        .await
        .map_err(|e| {
            CliError::Server(std::io::Error::other(format!(
                "the SendGrid stand-in did not start: {e}"
            )))
        })?;
    tracing::warn!(
        url = sim.base_url(),
        "SENDGRID_API_KEY is not set: using the embedded SendGrid stand-in on loopback; no real email is sent (`switchboard simulate outbox` shows what it got)"
    );
    Ok(EmailWiring {
        sender: Some(sendgrid_client(
            sim.api_key(),
            sim.base_url(),
            config.timeout,
        )?),
        senders: config.for_stand_in(),
        stand_in: Some(sim),
    })
}
