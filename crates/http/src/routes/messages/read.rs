//! `GET /v1/messages` and `GET /v1/messages/{messageSid}`.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use switchboard_domain::PhoneNumber;
use switchboard_domain::messages::{Channel, MessageDirection, MessageId, MessageQuery};
use switchboard_domain::sid::MessageSid;
use switchboard_domain::telephony::MessageStatus;

use super::body::{MessageBody, MessageList};
use crate::bearer::Authenticated;
use crate::cursor;
use crate::input::{Query, instant, optional};
use crate::openapi::{InvalidRequest, NotFound, StoreUnavailable, Unauthorized};
use crate::problem::ApiError;
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListMessagesQuery {
    /// `sms` or `whatsapp`.
    #[param(pattern = "^(sms|whatsapp)$")]
    channel: Option<String>,
    /// `outbound` or `inbound`.
    #[param(pattern = "^(outbound|inbound)$")]
    direction: Option<String>,
    /// One of Twilio's message statuses.
    #[param(
        pattern = "^(queued|sending|sent|failed|delivered|undelivered|receiving|received|accepted|scheduled|read|partially_delivered|canceled)$"
    )]
    status: Option<String>,
    /// Only messages from or to this E.164 number.
    #[param(pattern = r"^\+[1-9][0-9]{1,14}$")]
    number: Option<String>,
    /// Only messages created at or after this RFC 3339 instant.
    #[param(format = DateTime)]
    since: Option<String>,
    /// Only messages created before this RFC 3339 instant.
    #[param(format = DateTime)]
    until: Option<String>,
    /// Items per page.
    #[param(value_type = Option<u16>, minimum = 1, maximum = 200, default = 50)]
    limit: Option<String>,
    /// The `nextCursor` of the previous page (opaque).
    #[param(pattern = r"^[A-Za-z0-9_-]*$")]
    cursor: Option<String>,
}

/// The caller's messages, newest first.
#[utoipa::path(
    get, path = "/v1/messages", operation_id = "listMessages", tag = "messages",
    security(("bearer" = [])),
    params(ListMessagesQuery),
    responses(
        (status = 200, description = "A page of messages", body = MessageList),
        (status = 400, response = InvalidRequest),
        (status = 401, response = Unauthorized),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn list(
    state: web::Data<AppState>,
    actor: Authenticated,
    Query(q): Query<ListMessagesQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = MessageQuery {
        owner: actor.0.user_id.clone(),
        channel: optional("channel", q.channel.as_deref(), |c| {
            Channel::parse(c).ok_or("must be sms or whatsapp")
        })?,
        direction: optional("direction", q.direction.as_deref(), |d| {
            MessageDirection::parse(d).ok_or("must be outbound or inbound")
        })?,
        status: optional("status", q.status.as_deref(), |s| {
            MessageStatus::parse(s).ok_or("must be a message status")
        })?,
        number: optional("number", q.number.as_deref(), PhoneNumber::parse)?,
        since: instant("since", q.since.as_deref())?,
        until: instant("until", q.until.as_deref())?,
        page: cursor::page(q.limit.as_deref(), q.cursor.as_deref(), |key| {
            MessageId::parse(key).is_some()
        })?,
    };
    let page = state
        .messages
        .list(&actor.0, query)
        .await
        .map_err(ApiError::StoreUnavailable)?;
    Ok(HttpResponse::Ok().json(MessageList {
        items: page.items.into_iter().map(MessageBody::from).collect(),
        next_cursor: page.next.as_ref().map(cursor::encode),
    }))
}

/// One of the caller's messages.
#[utoipa::path(
    get, path = "/v1/messages/{messageSid}", operation_id = "getMessage", tag = "messages",
    security(("bearer" = [])),
    params(("messageSid" = String, Path, description = "The message's SID")),
    responses(
        (status = 200, description = "The message", body = MessageBody),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
        (status = 503, response = StoreUnavailable),
    ),
)]
pub(crate) async fn get(
    state: web::Data<AppState>,
    actor: Authenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let sid = MessageSid::parse(&path).map_err(|_| ApiError::NotFound("no such message"))?;
    let message = state.messages.message(&actor.0, &sid).await?;
    Ok(HttpResponse::Ok().json(MessageBody::from(message)))
}
