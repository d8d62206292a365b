//! [`NumberProvider`] on the REST client: searching, buying, renaming, pointing, releasing
//! and listing numbers, and reading the account.

use std::collections::HashSet;

use async_trait::async_trait;
use switchboard_domain::IncomingNumberSid;
use switchboard_domain::numbers::{
    AccountInfo, AvailableNumber, AvailableNumberQuery, FriendlyName, IncomingNumber,
    NumberWebhooks, PurchaseRequest,
};
use switchboard_domain::ports::NumberProvider;
use switchboard_domain::telephony::TelephonyError;

use super::client::TwilioRestClient;
use super::plan;
use super::wire::numbers::{
    AccountWire, AvailableNumberList, IncomingNumberPage, IncomingNumberWire,
};

/// The most pages [`NumberProvider::incoming_numbers`] follows (a million numbers at 1000 a
/// page); a provider that keeps sending `next_page_uri` beyond that is answered with
/// [`TelephonyError::InvalidResponse`].
pub(crate) const MAX_INCOMING_NUMBER_PAGES: usize = 1000;

#[async_trait]
impl NumberProvider for TwilioRestClient {
    async fn search_available(
        &self,
        query: &AvailableNumberQuery,
    ) -> Result<Vec<AvailableNumber>, TelephonyError> {
        let request = plan::search_available(self.account_sid(), query);
        let limit = usize::from(query.page_size());
        self.json(&request, |list: AvailableNumberList| {
            list.into_domain(&query.country, limit)
        })
        .await
    }

    async fn purchase(&self, request: &PurchaseRequest) -> Result<IncomingNumber, TelephonyError> {
        let request = plan::purchase(self.account_sid(), request);
        self.json(&request, IncomingNumberWire::into_domain).await
    }

    async fn rename(
        &self,
        sid: &IncomingNumberSid,
        name: &FriendlyName,
    ) -> Result<IncomingNumber, TelephonyError> {
        let request = plan::rename(self.account_sid(), sid, name);
        self.json(&request, IncomingNumberWire::into_domain).await
    }

    async fn configure_webhooks(
        &self,
        sid: &IncomingNumberSid,
        webhooks: &NumberWebhooks,
    ) -> Result<IncomingNumber, TelephonyError> {
        let request = plan::configure_webhooks(self.account_sid(), sid, webhooks);
        self.json(&request, IncomingNumberWire::into_domain).await
    }

    async fn release(&self, sid: &IncomingNumberSid) -> Result<(), TelephonyError> {
        self.send(&plan::release(self.account_sid(), sid))
            .await
            .map(|_| ())
    }

    async fn incoming_numbers(&self) -> Result<Vec<IncomingNumber>, TelephonyError> {
        let mut request = plan::list_incoming_numbers(self.account_sid());
        let mut numbers = Vec::new();
        let mut seen = HashSet::new();
        for _ in 0..MAX_INCOMING_NUMBER_PAGES {
            let (page, next) = self.json(&request, IncomingNumberPage::into_domain).await?;
            numbers.extend(page);
            let Some(next) = next else {
                return Ok(numbers);
            };
            if !seen.insert(next.clone()) {
                return Err(TelephonyError::InvalidResponse {
                    reason: "the number list's next_page_uri repeats a page".to_owned(),
                });
            }
            request = plan::next_incoming_numbers_page(self.account_sid(), &next)?;
        }
        Err(TelephonyError::InvalidResponse {
            reason: format!("the number list did not end after {MAX_INCOMING_NUMBER_PAGES} pages"),
        })
    }

    async fn account(&self) -> Result<AccountInfo, TelephonyError> {
        let request = plan::fetch_account(self.account_sid());
        self.json(&request, AccountWire::into_domain).await
    }
}
