//! Signed recording media links: `/v1/recordings/{sid}/media?expires=..&signature=..`, so
//! that a browser's `<audio src>` plays a recording without an `Authorization` header. The
//! signature is an HMAC-SHA256 of the SID and the expiry under a server secret; links live
//! 15 minutes.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use time::{Duration, OffsetDateTime};

/// How long a signed link plays.
pub const LIFETIME: Duration = Duration::minutes(15);

/// Signs and checks media links.
#[derive(Clone)]
pub struct MediaSigner {
    key: Vec<u8>,
}

impl std::fmt::Debug for MediaSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MediaSigner { key: <redacted> }")
    }
}

impl MediaSigner {
    /// A signer under `key` (every replica must use the same one).
    #[must_use]
    pub fn new(key: &[u8]) -> Self {
        Self { key: key.to_vec() }
    }

    /// A signer under a key derived from a server secret (the bearer-token secret), so that
    /// links and tokens never share a key and replicas agree without another variable.
    #[must_use]
    pub fn derived_from(secret: &[u8]) -> Self {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret)
            .expect("HMAC accepts keys of every length");
        mac.update(b"switchboard recording media links v1");
        Self::new(&mac.finalize().into_bytes())
    }

    fn mac(&self, sid: &str, expires: i64) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key)
            .expect("HMAC accepts keys of every length");
        mac.update(sid.as_bytes());
        mac.update(b":");
        mac.update(expires.to_string().as_bytes());
        mac
    }

    /// The media link of recording `sid`, valid for [`LIFETIME`] from `now`.
    #[must_use]
    pub fn link(&self, sid: &str, now: OffsetDateTime) -> String {
        let expires = (now + LIFETIME).unix_timestamp();
        let signature = crate::input::hex(&self.mac(sid, expires).finalize().into_bytes());
        format!("/v1/recordings/{sid}/media?expires={expires}&signature={signature}")
    }

    /// Whether `signature` signs `sid` until `expires`, and `expires` is still ahead of
    /// `now`. Compared in constant time.
    #[must_use]
    pub fn verify(&self, sid: &str, expires: i64, signature: &str, now: OffsetDateTime) -> bool {
        if expires <= now.unix_timestamp() || signature.len() != 64 {
            return false;
        }
        let Some(bytes) = (0..64)
            .step_by(2)
            .map(|i| u8::from_str_radix(signature.get(i..i + 2)?, 16).ok())
            .collect::<Option<Vec<u8>>>()
        else {
            return false;
        };
        self.mac(sid, expires).verify_slice(&bytes).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-03 10:00 UTC);
    const SID: &str = "RE0123456789abcdef0123456789abcdef";

    fn parts(link: &str) -> (i64, String) {
        let query = link.split_once('?').expect("a query").1;
        let mut expires = 0;
        let mut signature = String::new();
        for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
            match &*k {
                "expires" => expires = v.parse().expect("a number"),
                "signature" => signature = v.into_owned(),
                _ => {}
            }
        }
        (expires, signature)
    }

    #[test]
    fn links_play_for_fifteen_minutes_and_only_unaltered() {
        let signer = MediaSigner::new(b"secret");
        let link = signer.link(SID, NOW);
        assert!(link.starts_with(&format!("/v1/recordings/{SID}/media?expires=")));
        let (expires, signature) = parts(&link);
        assert!(signer.verify(SID, expires, &signature, NOW));
        assert!(signer.verify(SID, expires, &signature, NOW + Duration::minutes(14)));
        assert!(!signer.verify(SID, expires, &signature, NOW + Duration::minutes(15)));
        assert!(!signer.verify(SID, expires + 60, &signature, NOW));
        assert!(!signer.verify(
            "RE0123456789abcdef0123456789abcdee",
            expires,
            &signature,
            NOW
        ));
        let mut altered = signature.clone();
        altered.replace_range(0..1, if altered.starts_with('0') { "1" } else { "0" });
        assert!(!signer.verify(SID, expires, &altered, NOW));
        assert!(!signer.verify(SID, expires, "zz", NOW));
        assert!(!MediaSigner::new(b"other").verify(SID, expires, &signature, NOW));
        assert!(!format!("{signer:?}").contains("secret"));
    }
}
