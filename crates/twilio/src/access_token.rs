//! Voice Access Tokens for the browser (Twilio Voice JS SDK): HS256 JWTs signed with an API
//! key's secret, shaped as Twilio's helper libraries make them (as twilio-node's, with
//! `iat`), as the HTTP contract's "Browser calling" section fixes them.
//!
//! Header `{"alg": "HS256", "typ": "JWT", "cty": "twilio-fpa;v=1"}`; claims `jti` =
//! `{API key SID}-{iat}`, `iss` = the API key SID, `sub` = the account SID, `iat`, `nbf` =
//! `iat`, `exp` = `iat + ttl`, and `grants` = `{"identity": …, "voice": {"incoming":
//! {"allow": true}, "outgoing": {"application_sid": …}}}`.

use std::fmt;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;
use switchboard_domain::{AccountSid, ApiKeySid, ApplicationSid};
use time::{Duration, OffsetDateTime};

use crate::rest::Secret;

/// The `cty` header Twilio requires of access tokens.
pub const ACCESS_TOKEN_CONTENT_TYPE: &str = "twilio-fpa;v=1";

/// Why no token was minted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// The identity is not 1 to [`VoiceTokenMinter::MAX_IDENTITY_CHARS`] ASCII letters,
    /// digits and underscores.
    #[error("{0:?} is not a Voice identity (1 to 121 ASCII letters, digits and underscores)")]
    InvalidIdentity(String),
    /// The lifetime is not a whole number of seconds within
    /// [`VoiceTokenMinter::MIN_TTL`]..=[`VoiceTokenMinter::MAX_TTL`].
    #[error("a token lifetime of {0} is not 60 to 86400 whole seconds")]
    InvalidTtl(Duration),
    /// `now` is before 1970, which a JWT's times cannot say.
    #[error("cannot mint a token dated before 1970 ({0})")]
    InvalidTime(OffsetDateTime),
    /// The JWT library refused to sign (it says why; never with the secret).
    #[error("cannot sign the token: {0}")]
    Signing(String),
}

/// A minted token and when it stops working. `Debug` hides the token (it is a credential).
#[derive(Clone, PartialEq, Eq)]
pub struct VoiceToken {
    /// The JWT, for the Voice SDK's `Device`.
    pub token: String,
    /// Its `exp`.
    pub expires_at: OffsetDateTime,
}

impl fmt::Debug for VoiceToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VoiceToken")
            .field("token", &"[redacted]")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// Mints Voice Access Tokens for one account, API key and TwiML App. `Debug` shows the SIDs,
/// never the secret.
#[derive(Clone)]
pub struct VoiceTokenMinter {
    account_sid: AccountSid,
    api_key_sid: ApiKeySid,
    api_key_secret: Secret,
    twiml_app_sid: ApplicationSid,
}

#[derive(Serialize)]
struct Claims<'a> {
    jti: String,
    iss: &'a str,
    sub: &'a str,
    iat: i64,
    nbf: i64,
    exp: i64,
    grants: Grants<'a>,
}

#[derive(Serialize)]
struct Grants<'a> {
    identity: &'a str,
    voice: VoiceGrant<'a>,
}

#[derive(Serialize)]
struct VoiceGrant<'a> {
    incoming: Incoming,
    outgoing: Outgoing<'a>,
}

#[derive(Serialize)]
struct Incoming {
    allow: bool,
}

#[derive(Serialize)]
struct Outgoing<'a> {
    application_sid: &'a str,
}

impl VoiceTokenMinter {
    /// The longest identity a Voice token may carry.
    pub const MAX_IDENTITY_CHARS: usize = 121;
    /// The shortest lifetime minted.
    pub const MIN_TTL: Duration = Duration::seconds(60);
    /// The longest lifetime minted (Twilio's limit, 24 hours).
    pub const MAX_TTL: Duration = Duration::seconds(86_400);

    /// A minter signing with `api_key_secret` (the secret of `api_key_sid`, a key of
    /// `account_sid`); outgoing calls go to `twiml_app_sid`.
    #[must_use]
    pub fn new(
        account_sid: AccountSid,
        api_key_sid: ApiKeySid,
        api_key_secret: Secret,
        twiml_app_sid: ApplicationSid,
    ) -> Self {
        Self {
            account_sid,
            api_key_sid,
            api_key_secret,
            twiml_app_sid,
        }
    }

    /// The TwiML App outgoing calls go to.
    #[must_use]
    pub fn twiml_app_sid(&self) -> &ApplicationSid {
        &self.twiml_app_sid
    }

    /// A token for `identity`, issued at `now` (to the second) and valid for `ttl`.
    ///
    /// # Errors
    /// [`TokenError::InvalidIdentity`] unless `identity` is 1 to 121 ASCII letters, digits
    /// and underscores; [`TokenError::InvalidTtl`] unless `ttl` is 60 to 86400 whole
    /// seconds; [`TokenError::InvalidTime`] for a `now` before 1970;
    /// [`TokenError::Signing`] if signing fails.
    pub fn mint(
        &self,
        identity: &str,
        ttl: Duration,
        now: OffsetDateTime,
    ) -> Result<VoiceToken, TokenError> {
        check_identity(identity)?;
        if ttl < Self::MIN_TTL || ttl > Self::MAX_TTL || ttl.subsec_nanoseconds() != 0 {
            return Err(TokenError::InvalidTtl(ttl));
        }
        let iat = now.unix_timestamp();
        if iat < 0 {
            return Err(TokenError::InvalidTime(now));
        }
        let exp = iat + ttl.whole_seconds();
        let expires_at =
            OffsetDateTime::from_unix_timestamp(exp).map_err(|_| TokenError::InvalidTime(now))?;
        let claims = Claims {
            jti: format!("{}-{iat}", self.api_key_sid),
            iss: self.api_key_sid.as_str(),
            sub: self.account_sid.as_str(),
            iat,
            nbf: iat,
            exp,
            grants: Grants {
                identity,
                voice: VoiceGrant {
                    incoming: Incoming { allow: true },
                    outgoing: Outgoing {
                        application_sid: self.twiml_app_sid.as_str(),
                    },
                },
            },
        };
        let mut header = Header::new(Algorithm::HS256);
        header.typ = Some("JWT".to_owned());
        header.cty = Some(ACCESS_TOKEN_CONTENT_TYPE.to_owned());
        let key = EncodingKey::from_secret(self.api_key_secret.expose().as_bytes());
        let token = jsonwebtoken::encode(&header, &claims, &key)
            .map_err(|e| TokenError::Signing(e.to_string()))?;
        Ok(VoiceToken { token, expires_at })
    }
}

fn check_identity(identity: &str) -> Result<(), TokenError> {
    let fits = !identity.is_empty()
        && identity.len() <= VoiceTokenMinter::MAX_IDENTITY_CHARS
        && identity
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if fits {
        Ok(())
    } else {
        Err(TokenError::InvalidIdentity(
            identity.chars().take(130).collect(),
        ))
    }
}

impl fmt::Debug for VoiceTokenMinter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VoiceTokenMinter")
            .field("account_sid", &self.account_sid.as_str())
            .field("api_key_sid", &self.api_key_sid.as_str())
            .field("api_key_secret", &self.api_key_secret)
            .field("twiml_app_sid", &self.twiml_app_sid.as_str())
            .finish()
    }
}
