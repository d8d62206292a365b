//! The messages requests: send, fetch and list.

use switchboard_domain::telephony::{MessageSearch, OutboundMessage};
use switchboard_domain::{AccountSid, MessageSid};
use url::Url;

use super::build::{Params, account_path, request};
use super::request::{HttpMethod, PlannedRequest};

/// `POST Messages.json`: `To`, `From`, `Body` when set, one `MediaUrl` per attachment,
/// `StatusCallback` when set.
#[must_use]
pub(crate) fn create_message(account: &AccountSid, message: &OutboundMessage) -> PlannedRequest {
    let mut params = Params::new();
    params
        .add("To", message.to.as_str())
        .add("From", message.from.as_str())
        .add_opt("Body", message.body.as_deref());
    for media in &message.media_urls {
        params.add("MediaUrl", media.as_str());
    }
    params.add_opt(
        "StatusCallback",
        message.status_callback.as_ref().map(Url::as_str),
    );
    request(
        Some("CreateMessage"),
        "/2010-04-01/Accounts/{AccountSid}/Messages.json",
        HttpMethod::Post,
        account_path(account, "Messages.json"),
        params,
        201,
    )
}

/// `GET Messages/{Sid}.json`.
#[must_use]
pub(crate) fn fetch_message(account: &AccountSid, sid: &MessageSid) -> PlannedRequest {
    request(
        Some("FetchMessage"),
        "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json",
        HttpMethod::Get,
        account_path(account, &format!("Messages/{sid}.json")),
        Params::new(),
        200,
    )
}

/// How many messages one lookup reads (one page; Twilio allows up to 1000).
pub(crate) const MESSAGE_SEARCH_PAGE_SIZE: u16 = 1000;

/// `GET Messages.json` with the filters `To`, `From` and `DateSent>=` (a day).
#[must_use]
pub(crate) fn list_messages(account: &AccountSid, search: &MessageSearch) -> PlannedRequest {
    let mut params = Params::new();
    params
        .add("To", search.to.as_str())
        .add("From", search.from.as_str())
        .add("DateSent>", super::build::date_time(search.sent_since))
        .add("PageSize", MESSAGE_SEARCH_PAGE_SIZE.to_string());
    request(
        Some("ListMessage"),
        "/2010-04-01/Accounts/{AccountSid}/Messages.json",
        HttpMethod::Get,
        account_path(account, "Messages.json"),
        params,
        200,
    )
}
