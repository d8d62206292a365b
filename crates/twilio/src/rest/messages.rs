//! [`MessageSender`] on the REST client: sending and reading messages.

use async_trait::async_trait;
use switchboard_domain::MessageSid;
use switchboard_domain::ports::MessageSender;
use switchboard_domain::telephony::{MessageInfo, MessageSearch, OutboundMessage, TelephonyError};

use super::client::TwilioRestClient;
use super::plan;
use super::wire::messages::{MessagePage, MessageWire};

#[async_trait]
impl MessageSender for TwilioRestClient {
    async fn send_message(&self, message: &OutboundMessage) -> Result<MessageInfo, TelephonyError> {
        let request = plan::create_message(self.account_sid(), message);
        self.json(&request, MessageWire::into_domain).await
    }

    async fn message(&self, sid: &MessageSid) -> Result<MessageInfo, TelephonyError> {
        let request = plan::fetch_message(self.account_sid(), sid);
        self.json(&request, MessageWire::into_domain).await
    }

    async fn find_messages(
        &self,
        search: &MessageSearch,
    ) -> Result<Vec<MessageInfo>, TelephonyError> {
        let request = plan::list_messages(self.account_sid(), search);
        self.json(&request, MessagePage::into_domain).await
    }
}
