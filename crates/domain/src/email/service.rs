//! The email use cases: sending through the provider from an allowed sender, and reading
//! the log.

use std::sync::Arc;

use super::address::EmailAddress;
use super::log::{EmailId, EmailQuery, EmailRecord, EmailStatus};
use super::message::{EmailDraft, InvalidEmail, OutgoingEmail};
use super::sender::{EmailError, EmailSender};
use super::store::EmailStore;
use crate::{Actor, Clock, Page, StoreError};

/// Who may appear as an email's sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllowedSender {
    /// This address.
    Address(EmailAddress),
    /// Any address at this domain (`@example.com`).
    Domain(String),
}

impl AllowedSender {
    /// Parses an entry of `EMAIL_ALLOWED_SENDERS`: an address, or `@domain`.
    #[must_use]
    pub fn parse(entry: &str) -> Option<Self> {
        match entry.strip_prefix('@') {
            Some(domain) if !domain.is_empty() && !domain.contains('@') && domain.contains('.') => {
                Some(Self::Domain(domain.to_ascii_lowercase()))
            }
            Some(_) => None,
            None => EmailAddress::parse(entry).ok().map(Self::Address),
        }
    }

    fn allows(&self, from: &EmailAddress) -> bool {
        match self {
            Self::Address(a) => a.same_mailbox(from),
            Self::Domain(d) => from.domain().eq_ignore_ascii_case(d),
        }
    }
}

/// The senders the service may use.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EmailSettings {
    /// `EMAIL_FROM`: the default sender.
    pub default_from: Option<EmailAddress>,
    /// `EMAIL_ALLOWED_SENDERS`: other senders allowed.
    pub allowed: Vec<AllowedSender>,
}

/// An email the caller asks for: an [`EmailDraft`] whose sender may be left to the default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendEmail {
    /// The recipients.
    pub to: Vec<EmailAddress>,
    /// The sender asked for; the default (`EMAIL_FROM`) when `None`.
    pub from: Option<EmailAddress>,
    /// The subject.
    pub subject: Option<String>,
    /// The plain-text body.
    pub text: Option<String>,
    /// The HTML body.
    pub html: Option<String>,
    /// Files to attach.
    pub attachments: Vec<super::message::Attachment>,
    /// A dynamic template.
    pub template: Option<super::template::Template>,
}

/// Why an email request failed.
#[derive(Debug, thiserror::Error)]
pub enum EmailsError {
    /// No such email, or not the caller's.
    #[error("not found")]
    NotFound,
    /// The email breaks a rule (the field is named).
    #[error(transparent)]
    Invalid(#[from] InvalidEmail),
    /// `from` is neither the default sender nor an allowed one.
    #[error("{0} is not an allowed sender")]
    SenderNotAllowed(String),
    /// No provider is configured (a real Twilio account and no `SENDGRID_API_KEY`), or no
    /// sender (`EMAIL_FROM`) is.
    #[error("{0}")]
    NotConfigured(&'static str),
    /// The provider refused or failed.
    #[error(transparent)]
    Provider(EmailError),
    /// An earlier attempt of this keyed request may have sent the email (its answer was
    /// lost): it is not sent again.
    #[error("an earlier attempt's email may have been sent")]
    OutcomeUnknown,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The email use cases.
#[derive(Debug, Clone)]
pub struct Emails {
    store: Arc<dyn EmailStore>,
    sender: Option<Arc<dyn EmailSender>>,
    settings: EmailSettings,
    clock: Arc<dyn Clock>,
}

impl Emails {
    /// The use cases; `sender` is `None` when no provider is configured.
    #[must_use]
    pub fn new(
        store: Arc<dyn EmailStore>,
        sender: Option<Arc<dyn EmailSender>>,
        settings: EmailSettings,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            store,
            sender,
            settings,
            clock,
        }
    }

    /// The sender to use: the default when none is asked for; an asked one must be the
    /// default or an allowed one.
    fn sender(&self, wanted: Option<EmailAddress>) -> Result<EmailAddress, EmailsError> {
        let Some(wanted) = wanted else {
            return self
                .settings
                .default_from
                .clone()
                .ok_or(EmailsError::NotConfigured(
                    "no default sender: set EMAIL_FROM, or give from",
                ));
        };
        let is_default = self
            .settings
            .default_from
            .as_ref()
            .is_some_and(|d| d.same_mailbox(&wanted));
        if is_default || self.settings.allowed.iter().any(|a| a.allows(&wanted)) {
            Ok(wanted)
        } else {
            Err(EmailsError::SenderNotAllowed(wanted.as_str().to_owned()))
        }
    }

    /// Sends an email for the caller and records it: `accepted` with the provider's id, or
    /// `failed` with why (then the error is returned too).
    ///
    /// # Errors
    /// [`EmailsError::Invalid`], [`EmailsError::SenderNotAllowed`],
    /// [`EmailsError::NotConfigured`], [`EmailsError::Provider`] and store failures. An
    /// email the provider accepted whose record then fails to be written is reported as a
    /// store failure: it was sent.
    pub async fn send(
        &self,
        actor: &Actor,
        request: SendEmail,
    ) -> Result<EmailRecord, EmailsError> {
        self.send_attempt(actor, request, None).await
    }

    /// [`Emails::send`] as the attempt `attempt` (the id every retry of one keyed request
    /// gives again). SendGrid cannot be asked what it received, so an email whose outcome
    /// was unknown is logged under `attempt` as failed with the reason, and a retry then
    /// answers [`EmailsError::OutcomeUnknown`] instead of sending it a second time; one
    /// certainly not sent (refused, unreachable, throttled) is logged under a fresh id and
    /// the retry sends.
    ///
    /// # Errors
    /// As [`Emails::send`], and [`EmailsError::OutcomeUnknown`].
    pub async fn send_attempt(
        &self,
        actor: &Actor,
        request: SendEmail,
        attempt: Option<EmailId>,
    ) -> Result<EmailRecord, EmailsError> {
        if let Some(id) = attempt
            && let Some(earlier) = self.store.email(id).await?
        {
            return match earlier.status {
                EmailStatus::Accepted => Ok(earlier),
                EmailStatus::Failed => Err(EmailsError::OutcomeUnknown),
            };
        }
        let provider = self.sender.as_ref().ok_or(EmailsError::NotConfigured(
            "email is not configured: set SENDGRID_API_KEY",
        ))?;
        let draft = EmailDraft {
            from: self.sender(request.from)?,
            to: request.to,
            subject: request.subject,
            text: request.text,
            html: request.html,
            attachments: request.attachments,
            template: request.template,
        };
        let email = OutgoingEmail::new(draft)?;
        let outcome = provider.send(&email).await;
        let mut record = EmailRecord {
            id: attempt.unwrap_or_else(EmailId::new_v7),
            user_id: actor.user_id.clone(),
            to: email.to().to_vec(),
            from: email.from().clone(),
            subject: email.subject().map(str::to_owned),
            status: EmailStatus::Accepted,
            provider_message_id: None,
            error: None,
            created_at: self.clock.now(),
        };
        match outcome {
            Ok(sent) => {
                record.provider_message_id = sent.provider_message_id;
                self.store.record_email(&record).await?;
                Ok(record)
            }
            Err(e) => {
                record.status = EmailStatus::Failed;
                record.error = Some(if e.certainly_not_sent() {
                    record.id = EmailId::new_v7();
                    e.to_string()
                } else {
                    format!("the outcome is unknown (it may have been sent): {e}")
                });
                self.store.record_email(&record).await?;
                Err(EmailsError::Provider(e))
            }
        }
    }

    /// One of the caller's emails.
    ///
    /// # Errors
    /// [`EmailsError::NotFound`] for another user's or an unknown email.
    pub async fn email(&self, actor: &Actor, id: EmailId) -> Result<EmailRecord, EmailsError> {
        match self.store.email(id).await? {
            Some(e) if e.user_id == actor.user_id => Ok(e),
            _ => Err(EmailsError::NotFound),
        }
    }

    /// A page of the caller's emails (`query.owner` is set to the caller).
    ///
    /// # Errors
    /// [`StoreError`] when the store fails.
    pub async fn list(
        &self,
        actor: &Actor,
        mut query: EmailQuery,
    ) -> Result<Page<EmailRecord>, StoreError> {
        query.owner = actor.user_id.clone();
        self.store.list_emails(&query).await
    }
}
