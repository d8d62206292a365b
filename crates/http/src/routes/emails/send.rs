//! `POST /v1/emails`: sending an email.

use actix_web::{HttpRequest, HttpResponse, web};
use switchboard_domain::email::EmailId;

use super::body::{EmailBody, SendEmailBody};
use crate::bearer::Authenticated;
use crate::body::FingerprintedJson;
use crate::idempotency::{IdempotencyKeyHeader, attempt_id, idempotent};
use crate::openapi::{
    InvalidRequest, PayloadTooLarge, ProblemBody, Unauthorized, UnsupportedMediaType,
};
use crate::problem::ApiError;
use crate::state::AppState;

/// This route's body limit: 7 MiB of attachments is about 9.4 MB in base64, plus the rest.
pub(crate) const EMAIL_BODY_LIMIT: usize = 10 * 1024 * 1024;

/// Sends an email through SendGrid (the local stand-in in the default run).
#[utoipa::path(
    post, path = "/v1/emails", operation_id = "sendEmail", tag = "email",
    security(("bearer" = [])),
    params(IdempotencyKeyHeader),
    request_body = SendEmailBody,
    responses(
        (status = 202, description = "Accepted by SendGrid (`Idempotent-Replayed: true` on a replay)", body = EmailBody),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 403, description = "`sender_not_allowed`: `from` is neither EMAIL_FROM nor in EMAIL_ALLOWED_SENDERS", body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "`idempotency_key_in_use`; `email_outcome_unknown`: an earlier attempt with this key timed out or lost SendGrid's answer, so the email may have been sent, and it is not sent again (kept and replayed)", body = ProblemBody, content_type = "application/problem+json"),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, description = "`idempotency_key_reused`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 502, description = "`email_rejected`: SendGrid refused the email; `email_unavailable`: it could not be reached (the email is recorded as failed)", body = ProblemBody, content_type = "application/problem+json"),
        (status = 503, description = "`email_not_configured`, or `store_unavailable`", body = ProblemBody, content_type = "application/problem+json"),
    ),
)]
#[tracing::instrument(skip_all, fields(user = %actor.0.user_id))]
pub(crate) async fn send(
    state: web::Data<AppState>,
    request: HttpRequest,
    actor: Authenticated,
    FingerprintedJson(body, fingerprint): FingerprintedJson<SendEmailBody, EMAIL_BODY_LIMIT>,
) -> Result<HttpResponse, ApiError> {
    let key = IdempotencyKeyHeader::from_request(&request)?;
    let attempt = attempt_id(&actor.0, "POST /v1/emails", key.as_ref()).map(EmailId::from_uuid);
    idempotent(
        &state,
        &actor.0,
        "POST /v1/emails",
        key,
        fingerprint,
        async || {
            let email = state
                .emails
                .send_attempt(&actor.0, body.into_request()?, attempt)
                .await?;
            tracing::info!(email_id = %email.id, recipients = email.to.len(), "email accepted");
            Ok(HttpResponse::Accepted().json(EmailBody::from(email)))
        },
    )
    .await
}
