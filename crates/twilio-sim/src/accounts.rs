//! The Account resource (`GET /2010-04-01/Accounts/{Sid}.json`).

use serde_json::{Map, Value, json};

use crate::dates::rfc2822;
use crate::state::Shared;

/// The sub-resources listed in `subresource_uris`, as in the spec's example.
const SUBRESOURCES: [(&str, &str); 20] = [
    ("available_phone_numbers", "AvailablePhoneNumbers.json"),
    ("calls", "Calls.json"),
    ("conferences", "Conferences.json"),
    ("incoming_phone_numbers", "IncomingPhoneNumbers.json"),
    ("notifications", "Notifications.json"),
    ("outgoing_caller_ids", "OutgoingCallerIds.json"),
    ("recordings", "Recordings.json"),
    ("transcriptions", "Transcriptions.json"),
    ("addresses", "Addresses.json"),
    ("signing_keys", "SigningKeys.json"),
    ("connect_apps", "ConnectApps.json"),
    ("sip", "SIP.json"),
    ("authorized_connect_apps", "AuthorizedConnectApps.json"),
    ("usage", "Usage.json"),
    ("keys", "Keys.json"),
    ("applications", "Applications.json"),
    ("short_codes", "SMS/ShortCodes.json"),
    ("queues", "Queues.json"),
    ("messages", "Messages.json"),
    ("balance", "Balance.json"),
];

/// The Account JSON. It includes `auth_token`, as the spec's schema and the live API do for
/// the account's own credentials.
#[must_use]
pub fn to_json(shared: &Shared) -> Value {
    let created = shared.started_at;
    let sid = &shared.config.account_sid;
    let base = shared.account_path();
    let subresources: Map<String, Value> = SUBRESOURCES
        .iter()
        .map(|(name, path)| ((*name).to_owned(), Value::String(format!("{base}/{path}"))))
        .collect();
    json!({
        "auth_token": shared.config.auth_token,
        "date_created": rfc2822(created),
        "date_updated": rfc2822(created),
        "friendly_name": shared.config.friendly_name,
        "owner_account_sid": sid,
        "sid": sid,
        "status": "active",
        "subresource_uris": subresources,
        "type": shared.config.account_type.as_str(),
        "uri": format!("{base}.json"),
    })
}
