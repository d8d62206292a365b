//! `/v1/emails`: email through the configured provider (SendGrid, or its local stand-in).

pub(super) mod body;
pub(super) mod read;
pub(super) mod send;

use actix_web::http::StatusCode;
use switchboard_domain::email::{EmailError, EmailsError};

use crate::problem::ApiError;

impl From<EmailsError> for ApiError {
    fn from(e: EmailsError) -> Self {
        match e {
            EmailsError::NotFound => Self::NotFound("no such email"),
            EmailsError::Invalid(e) => Self::InvalidRequest(format!("{}: {e}", e.field())),
            EmailsError::SenderNotAllowed(from) => Self::refused(
                StatusCode::FORBIDDEN,
                "sender_not_allowed",
                format!("from: {from} is neither EMAIL_FROM nor in EMAIL_ALLOWED_SENDERS"),
            ),
            EmailsError::NotConfigured(why) => {
                Self::refused(StatusCode::SERVICE_UNAVAILABLE, "email_not_configured", why)
            }
            EmailsError::Provider(EmailError::Rejected { message, .. }) => Self::refused(
                StatusCode::BAD_GATEWAY,
                "email_rejected",
                format!("SendGrid refused the email: {message}"),
            ),
            EmailsError::OutcomeUnknown => Self::Conflict {
                code: "email_outcome_unknown",
                detail: "an earlier attempt with this Idempotency-Key timed out or lost \
                         SendGrid's answer, so the email may have been sent; it is not sent \
                         again (GET /v1/emails shows it as failed with the reason)"
                    .into(),
            },
            EmailsError::Provider(EmailError::Unavailable(why) | EmailError::NotSent(why)) => {
                Self::refused(
                    StatusCode::BAD_GATEWAY,
                    "email_unavailable",
                    format!("SendGrid could not be reached: {why}"),
                )
            }
            EmailsError::Store(e) => Self::StoreUnavailable(e),
        }
    }
}
