//! Twilio's side of the webhooks: the signature Twilio computes and the parameters it posts.

/// The Twilio auth token every test app checks webhook signatures with.
pub const TWILIO_AUTH_TOKEN: &str = "test-auth-token";
/// The public base URL the apps validate webhook signatures against. The apps listen on
/// `http://127.0.0.1:PORT`: exactly the situation of an app behind a TLS-terminating proxy.
pub const PUBLIC_BASE_URL: &str = "https://public.example";
/// The inbound voice webhook's path.
pub const VOICE_WEBHOOK_PATH: &str = "/webhooks/twilio/voice";

/// The `X-Twilio-Signature` Twilio would send for a form post of `params` to `url`.
#[must_use]
pub fn twilio_signature(url: &str, params: &[(String, String)]) -> String {
    switchboard_twilio::compute_signature(TWILIO_AUTH_TOKEN, url, params)
}

/// The parameters Twilio posts for an inbound call to `to`.
#[must_use]
pub fn inbound_call_params(to: &str) -> Vec<(String, String)> {
    [
        ("AccountSid", "AC0123456789abcdef0123456789abcdef"),
        ("ApiVersion", "2010-04-01"),
        ("CallSid", "CAfedcba9876543210fedcba9876543210"),
        ("CallStatus", "ringing"),
        ("Called", to),
        ("Caller", "+14155550199"),
        ("Direction", "inbound"),
        ("From", "+14155550199"),
        ("To", to),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}
