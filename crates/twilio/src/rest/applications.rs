//! TwiML Apps on the REST client: create, update and list. Not a domain port: only the
//! composition root (`switchboard twilio setup`) calls them.

use std::collections::HashSet;

use switchboard_domain::ApplicationSid;
use switchboard_domain::numbers::FriendlyName;
use switchboard_domain::telephony::TelephonyError;

use super::client::TwilioRestClient;
use super::plan;
use super::twiml_app::{TwimlApp, TwimlAppSettings};
use super::wire::applications::{ApplicationPage, ApplicationWire};

/// The most pages [`TwilioRestClient::applications`] follows (100,000 apps at 1000 a page);
/// a provider that keeps sending `next_page_uri` beyond that is answered with
/// [`TelephonyError::InvalidResponse`].
pub(crate) const MAX_APPLICATION_PAGES: usize = 100;

impl TwilioRestClient {
    /// Creates a TwiML App (`POST Applications.json`).
    ///
    /// # Errors
    /// As every request: [`TelephonyError::AuthFailed`], `Rejected` for a refused field,
    /// `RateLimited`/`Unavailable` once retries are spent, `InvalidResponse` for an answer
    /// that cannot be read.
    pub async fn create_application(
        &self,
        settings: &TwimlAppSettings,
    ) -> Result<TwimlApp, TelephonyError> {
        let request = plan::create_application(self.account_sid(), settings);
        self.json(&request, ApplicationWire::into_domain).await
    }

    /// Sets a TwiML App's name, Voice URL and (when given) status callback
    /// (`POST Applications/{Sid}.json`).
    ///
    /// # Errors
    /// As [`Self::create_application`], and [`TelephonyError::NotFound`] for an unknown app.
    pub async fn update_application(
        &self,
        sid: &ApplicationSid,
        settings: &TwimlAppSettings,
    ) -> Result<TwimlApp, TelephonyError> {
        let request = plan::update_application(self.account_sid(), sid, settings);
        self.json(&request, ApplicationWire::into_domain).await
    }

    /// The account's TwiML Apps, only those named `friendly_name` when given, following
    /// Twilio's `next_page_uri` to the last page.
    ///
    /// # Errors
    /// As [`Self::create_application`]; [`TelephonyError::InvalidResponse`] also when a
    /// `next_page_uri` names another list or repeats a page, or the list does not end within
    /// [`MAX_APPLICATION_PAGES`] pages.
    pub async fn applications(
        &self,
        friendly_name: Option<&FriendlyName>,
    ) -> Result<Vec<TwimlApp>, TelephonyError> {
        let mut request = plan::list_applications(self.account_sid(), friendly_name);
        let mut apps = Vec::new();
        let mut seen = HashSet::new();
        for _ in 0..MAX_APPLICATION_PAGES {
            let (page, next) = self.json(&request, ApplicationPage::into_domain).await?;
            apps.extend(page);
            let Some(next) = next else {
                return Ok(apps);
            };
            if !seen.insert(next.clone()) {
                return Err(TelephonyError::InvalidResponse {
                    reason: "the application list's next_page_uri repeats a page".to_owned(),
                });
            }
            request = plan::next_applications_page(self.account_sid(), &next)?;
        }
        Err(TelephonyError::InvalidResponse {
            reason: format!("the application list did not end after {MAX_APPLICATION_PAGES} pages"),
        })
    }
}
