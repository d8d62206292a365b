//! Twilio resource identifiers (SIDs): two letters naming the kind, then 32 hex digits.
//!
//! Each kind is its own type, so a call SID cannot be passed where a number SID is expected.
//! Parsing accepts exactly Twilio's pattern (`^XX[0-9a-fA-F]{32}$`) and keeps the SID as
//! Twilio printed it.

use std::fmt;
use std::str::FromStr;

/// Why a string is not a SID of the expected kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a {kind} SID (expected {prefixes} then 32 hex digits)")]
pub struct InvalidSid {
    /// What kind was expected ("call", "account", ...).
    pub kind: &'static str,
    /// The accepted two-letter prefixes, joined with `|`.
    pub prefixes: &'static str,
    /// The rejected input, cut to 40 characters.
    pub input: String,
}

fn is_sid(input: &str, prefixes: &[&str]) -> bool {
    input.len() == 34
        && prefixes.iter().any(|p| input.starts_with(p))
        && input[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

macro_rules! sid_type {
    ($(#[$doc:meta])* $name:ident, $kind:literal, [$($prefix:literal),+]) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The two-letter prefixes this kind of SID starts with.
            pub const PREFIXES: &'static [&'static str] = &[$($prefix),+];

            /// Parses a SID of this kind.
            ///
            /// # Errors
            /// [`InvalidSid`] unless the input is one of [`Self::PREFIXES`] then 32 hex digits.
            pub fn parse(input: &str) -> Result<Self, InvalidSid> {
                if is_sid(input, Self::PREFIXES) {
                    Ok(Self(input.to_owned()))
                } else {
                    Err(InvalidSid {
                        kind: $kind,
                        prefixes: concat!($($prefix, "|"),+).trim_end_matches('|'),
                        input: crate::error::excerpt(input),
                    })
                }
            }

            /// The SID as Twilio printed it.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = InvalidSid;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

sid_type!(
    /// A Twilio account (`AC…`).
    AccountSid, "account", ["AC"]
);
sid_type!(
    /// A Twilio API key (`SK…`), used instead of the account SID for Basic auth.
    ApiKeySid, "API key", ["SK"]
);
sid_type!(
    /// A TwiML App (`AP…`): the voice URL browser calls are sent to.
    ApplicationSid, "application", ["AP"]
);
sid_type!(
    /// A phone number on the Twilio account (`PN…`).
    IncomingNumberSid, "incoming phone number", ["PN"]
);
sid_type!(
    /// A call (`CA…`).
    CallSid, "call", ["CA"]
);
sid_type!(
    /// A recording (`RE…`).
    RecordingSid, "recording", ["RE"]
);
sid_type!(
    /// A message (`SM…` for SMS, `MM…` for MMS).
    MessageSid, "message", ["SM", "MM"]
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_twilio_shaped_sids_of_the_right_kind_only() {
        let call = "CA0123456789abcdefABCDEF0123456789";
        assert_eq!(
            CallSid::parse(call).map(|s| s.to_string()),
            Ok(call.to_owned())
        );
        assert!(IncomingNumberSid::parse(call).is_err());
        assert!(MessageSid::parse("MM0123456789abcdef0123456789abcdef").is_ok());
        assert!(MessageSid::parse("SM0123456789abcdef0123456789abcdef").is_ok());
        for bad in [
            "",
            "CA",
            "CA0123",
            "CA0123456789abcdef0123456789abcdeg",
            "ca0123456789abcdef0123456789abcdef",
        ] {
            assert!(CallSid::parse(bad).is_err(), "{bad}");
        }
        assert!(ApplicationSid::parse("AP0123456789abcdef0123456789abcdef").is_ok());
        assert!(ApplicationSid::parse("AC0123456789abcdef0123456789abcdef").is_err());
        assert!(ApplicationSid::parse("AP0123456789abcdef0123456789abcde").is_err());
        let err = MessageSid::parse("XX").unwrap_err();
        assert_eq!(err.prefixes, "SM|MM");
        assert_eq!(err.kind, "message");
    }
}
