//! [`SimControl`]'s inbound messages with media.

use super::ReplyBody;
use super::client::SimControl;
use super::error::ControlError;
use crate::webhooks::WebhookReply;

impl SimControl {
    /// Like [`Self::inbound_message`], with `media` attached (absolute http(s) URLs; at most
    /// 10, WhatsApp 1): `POST /_sim/InboundMessages` with `MediaUrl` repeated. The webhook
    /// carries `NumMedia`, `MediaUrl{N}` and `MediaContentType{N}`. Without `from`, the
    /// sender is [`DEFAULT_INBOUND_FROM`](crate::DEFAULT_INBOUND_FROM) on `to`'s channel
    /// (`whatsapp:+15005550006` for a `whatsapp:` recipient).
    ///
    /// # Errors
    /// As [`Self::inbound_message`]; [`ControlError::InvalidRequest`] also for addresses on
    /// different channels, a media URL that is not absolute http(s), or too many.
    pub async fn inbound_message_with_media(
        &self,
        to: &str,
        from: Option<&str>,
        body: &str,
        media: &[&str],
    ) -> Result<WebhookReply, ControlError> {
        let mut form = vec![("To", to)];
        form.extend(from.map(|from| ("From", from)));
        form.push(("Body", body));
        form.extend(media.iter().map(|url| ("MediaUrl", *url)));
        let reply: ReplyBody = self.post(&["InboundMessages"], &form).await?;
        self.webhook_reply(reply, false)
    }
}
