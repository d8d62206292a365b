//! `/v1/messages`: send, list and read SMS, MMS and WhatsApp messages;
//! `/v1/numbers/{id}/auto-reply`: a number's automatic answer.

pub(super) mod auto_reply;
mod body;
pub(super) mod read;
pub(super) mod send;

use actix_web::http::StatusCode;
use switchboard_domain::messages::MessagesError;

use crate::problem::ApiError;

impl From<MessagesError> for ApiError {
    fn from(e: MessagesError) -> Self {
        match e {
            MessagesError::NotFound => Self::NotFound("no such message or number"),
            MessagesError::SenderNotOwned(why) => Self::refused(
                StatusCode::FORBIDDEN,
                "sender_not_owned",
                format!("from: {why}"),
            ),
            MessagesError::NoSender(why) => Self::Conflict {
                code: "no_sender",
                detail: why,
            },
            MessagesError::RateLimited { retry_after } => Self::rate_limited(retry_after),
            MessagesError::MessageRejected {
                twilio_code,
                message,
            } => Self::Refused {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "message_rejected",
                detail: format!("Twilio refused the message: {message}"),
                twilio_code,
            },
            MessagesError::Telephony(e) => e.into(),
            MessagesError::Store(e) => Self::StoreUnavailable(e),
        }
    }
}
