//! Requesting TwiML: the signed request with the call's standard parameters, URLs resolved
//! against the document they come from, and the transcript's note of each exchange.

use crate::error::SimError;
use crate::transcript::Step;
use crate::twiml::{Method, TwimlError};
use crate::urls::is_http_url;
use crate::webhooks::{Callback, WebhookReply};

use super::{Request, Run};

/// `target` (an `action`, a `<Redirect>`, a callback URL) resolved against `base`, the
/// URL of the document it is in.
///
/// # Errors
/// 12200 when the result is not an absolute http(s) URL.
pub(super) fn resolve(base: &str, target: &str) -> Result<String, TwimlError> {
    let resolved = url::Url::parse(base)
        .and_then(|b| b.join(target.trim()))
        .map(String::from)
        .map_err(|e| TwimlError::schema(format!("'{target}' is not a usable URL: {e}")))?;
    if !is_http_url(&resolved) {
        return Err(TwimlError::schema(format!(
            "'{target}' is not an http(s) URL"
        )));
    }
    Ok(resolved)
}

impl Run<'_> {
    /// A request to `url` with `method`: the call's standard parameters (its status now)
    /// and `extra`.
    pub(super) fn request(
        &self,
        url: String,
        method: Method,
        extra: Vec<(String, String)>,
    ) -> Request {
        let state = self.shared.lock();
        let mut params = state
            .calls
            .iter()
            .find(|c| c.sid == self.call_sid)
            .map(|call| call.standard_params(&self.shared.config.account_sid, call.status.as_str()))
            .unwrap_or_default();
        drop(state);
        params.extend(extra);
        Request {
            url,
            method,
            params,
        }
    }

    /// Sends `request` (signed, routed) and notes it in the transcript.
    pub(super) async fn fetch(&mut self, request: &Request) -> Result<WebhookReply, SimError> {
        let callback = Callback {
            kind: "voice",
            url: request.url.clone(),
            method: request.method.as_str().to_owned(),
            params: request.params.clone(),
        };
        let (result, _) = self.shared.send_recorded(&callback).await;
        self.steps.push(match &result {
            Ok(reply) => Step::Document {
                url: request.url.clone(),
                method: callback.method.clone(),
                status: Some(reply.status),
                body: reply.body.clone(),
                error: None,
            },
            Err(error) => Step::Document {
                url: request.url.clone(),
                method: callback.method.clone(),
                status: None,
                body: String::new(),
                error: Some(error.to_string()),
            },
        });
        result
    }
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn relative_urls_resolve_against_the_document() {
        let base = "https://sb.example.com/webhooks/twilio/voice?x=1";
        assert_eq!(
            resolve(base, "gather?menu=2").as_deref(),
            Ok("https://sb.example.com/webhooks/twilio/gather?menu=2")
        );
        assert_eq!(
            resolve(base, "/next").as_deref(),
            Ok("https://sb.example.com/next")
        );
        assert_eq!(
            resolve(base, "http://other.example/x").as_deref(),
            Ok("http://other.example/x")
        );
        assert!(resolve(base, "mailto:a@b.c").is_err());
    }
}
