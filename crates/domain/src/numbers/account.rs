//! The provider account and the numbers on it, as Twilio describes them, and what a
//! purchase asks of Twilio.

use time::OffsetDateTime;
use url::Url;

use super::capabilities::Capabilities;
use super::friendly_name::FriendlyName;
use crate::PhoneNumber;
use crate::sid::{AccountSid, IncomingNumberSid};

/// Where Twilio sends a number's calls, messages and status callbacks: this service's
/// webhook routes under its public base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberWebhooks {
    /// Voice URL (`/webhooks/twilio/voice`).
    pub voice_url: Url,
    /// Messaging URL (`/webhooks/twilio/messages`).
    pub sms_url: Url,
    /// Call status callback (`/webhooks/twilio/voice/status`).
    pub status_callback: Url,
}

impl NumberWebhooks {
    /// The webhook routes under `public_base_url` (which may have a path prefix).
    ///
    /// # Errors
    /// [`url::ParseError`] when the base cannot be joined (it is not a base URL).
    pub fn under(public_base_url: &Url) -> Result<Self, url::ParseError> {
        let mut base = public_base_url.clone();
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        Ok(Self {
            voice_url: base.join("webhooks/twilio/voice")?,
            sms_url: base.join("webhooks/twilio/messages")?,
            status_callback: base.join("webhooks/twilio/voice/status")?,
        })
    }
}

/// Buy this exact number and point it at these webhooks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseRequest {
    /// The number to buy.
    pub phone_number: PhoneNumber,
    /// Its name at Twilio; Twilio's default display form when `None`.
    pub friendly_name: Option<FriendlyName>,
    /// Where Twilio sends its traffic.
    pub webhooks: NumberWebhooks,
}

/// A number on the Twilio account, as Twilio describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingNumber {
    /// Twilio's id.
    pub sid: IncomingNumberSid,
    /// The number.
    pub phone_number: PhoneNumber,
    /// Its name at Twilio.
    pub friendly_name: String,
    /// What it can do.
    pub capabilities: Capabilities,
    /// Its voice webhook, if any.
    pub voice_url: Option<String>,
    /// Its messaging webhook, if any.
    pub sms_url: Option<String>,
    /// When it was bought, if Twilio says.
    pub created_at: Option<OffsetDateTime>,
}

/// The Twilio account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountInfo {
    /// Its SID.
    pub sid: AccountSid,
    /// Its name.
    pub friendly_name: String,
    /// `active`, `suspended` or `closed`.
    pub status: String,
    /// `Trial` or `Full`.
    pub account_type: String,
}
