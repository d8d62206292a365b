//! Maps request paths to the resources the stand-in serves.

use crate::inventory::NumberType;
use switchboard_domain::telephony::MediaFormat;

/// A resource path, with the account SID from the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/2010-04-01/Accounts/{Sid}.json`.
    Account(String),
    /// `.../AvailablePhoneNumbers/{CountryCode}/{Local|TollFree|Mobile}.json`.
    AvailableNumbers {
        /// The path's account SID.
        account: String,
        /// As in the path.
        country: String,
        /// Which sub-resource.
        number_type: NumberType,
    },
    /// `.../IncomingPhoneNumbers.json`.
    IncomingNumbers(String),
    /// `.../IncomingPhoneNumbers/{Sid}.json`.
    IncomingNumber(String, String),
    /// `.../Applications.json`.
    Applications(String),
    /// `.../Applications/{Sid}.json`.
    Application(String, String),
    /// `.../Calls.json`.
    Calls(String),
    /// `.../Calls/{Sid}.json`.
    Call(String, String),
    /// `.../Recordings/{Sid}.json`.
    Recording(String, String),
    /// `.../Recordings/{Sid}` + `.wav`, `.mp3` or nothing (not in the spec).
    RecordingMedia(String, String, MediaFormat),
    /// `.../Messages.json`.
    Messages(String),
    /// `.../Messages/{Sid}.json`.
    Message(String, String),
}

impl Route {
    /// The route for `path`, if it is one the stand-in serves.
    #[must_use]
    pub fn parse(path: &str) -> Option<Self> {
        let rest = path.strip_prefix("/2010-04-01/Accounts/")?;
        let segments: Vec<&str> = rest.split('/').collect();
        let json = |s: &str| {
            s.strip_suffix(".json")
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        match segments.as_slice() {
            [account] => json(account).map(Self::Account),
            [account, "AvailablePhoneNumbers", country, kind] => {
                let number_type = match *kind {
                    "Local.json" => NumberType::Local,
                    "TollFree.json" => NumberType::TollFree,
                    "Mobile.json" => NumberType::Mobile,
                    _ => return None,
                };
                Some(Self::AvailableNumbers {
                    account: (*account).to_owned(),
                    country: (*country).to_owned(),
                    number_type,
                })
            }
            [account, "IncomingPhoneNumbers.json"] => {
                Some(Self::IncomingNumbers((*account).to_owned()))
            }
            [account, "IncomingPhoneNumbers", sid] => {
                json(sid).map(|sid| Self::IncomingNumber((*account).to_owned(), sid))
            }
            [account, "Applications.json"] => Some(Self::Applications((*account).to_owned())),
            [account, "Applications", sid] => {
                json(sid).map(|sid| Self::Application((*account).to_owned(), sid))
            }
            [account, "Calls.json"] => Some(Self::Calls((*account).to_owned())),
            [account, "Calls", sid] => json(sid).map(|sid| Self::Call((*account).to_owned(), sid)),
            [account, "Messages.json"] => Some(Self::Messages((*account).to_owned())),
            [account, "Messages", sid] => {
                json(sid).map(|sid| Self::Message((*account).to_owned(), sid))
            }
            [account, "Recordings", file] => {
                let account = (*account).to_owned();
                if let Some(sid) = json(file) {
                    Some(Self::Recording(account, sid))
                } else if let Some(sid) = file.strip_suffix(".mp3") {
                    Some(Self::RecordingMedia(
                        account,
                        sid.to_owned(),
                        MediaFormat::Mp3,
                    ))
                } else if let Some(sid) = file.strip_suffix(".wav") {
                    Some(Self::RecordingMedia(
                        account,
                        sid.to_owned(),
                        MediaFormat::Wav,
                    ))
                } else if file.contains('.') || file.is_empty() {
                    None
                } else {
                    Some(Self::RecordingMedia(
                        account,
                        (*file).to_owned(),
                        MediaFormat::Wav,
                    ))
                }
            }
            _ => None,
        }
    }

    /// The account SID in the path.
    #[must_use]
    pub fn account(&self) -> &str {
        match self {
            Self::Account(a)
            | Self::AvailableNumbers { account: a, .. }
            | Self::IncomingNumbers(a)
            | Self::IncomingNumber(a, _)
            | Self::Applications(a)
            | Self::Application(a, _)
            | Self::Calls(a)
            | Self::Call(a, _)
            | Self::Recording(a, _)
            | Self::RecordingMedia(a, _, _)
            | Self::Messages(a)
            | Self::Message(a, _) => a,
        }
    }

    /// Whether this is recording media (audio, outside the spec).
    #[must_use]
    pub fn is_media(&self) -> bool {
        matches!(self, Self::RecordingMedia(..))
    }
}

#[cfg(test)]
mod tests {
    use super::Route;
    use crate::inventory::NumberType;
    use switchboard_domain::telephony::MediaFormat;

    const A: &str = "/2010-04-01/Accounts/AC1";

    #[test]
    fn paths_map_to_routes() {
        assert_eq!(
            Route::parse(&format!("{A}.json")),
            Some(Route::Account("AC1".into()))
        );
        assert_eq!(
            Route::parse(&format!("{A}/AvailablePhoneNumbers/US/TollFree.json")),
            Some(Route::AvailableNumbers {
                account: "AC1".into(),
                country: "US".into(),
                number_type: NumberType::TollFree
            })
        );
        assert_eq!(
            Route::parse(&format!("{A}/Calls/CA1.json")),
            Some(Route::Call("AC1".into(), "CA1".into()))
        );
        assert_eq!(
            Route::parse(&format!("{A}/Recordings/RE1")),
            Some(Route::RecordingMedia(
                "AC1".into(),
                "RE1".into(),
                MediaFormat::Wav
            ))
        );
        assert_eq!(
            Route::parse(&format!("{A}/Recordings/RE1.mp3")),
            Some(Route::RecordingMedia(
                "AC1".into(),
                "RE1".into(),
                MediaFormat::Mp3
            ))
        );
        assert_eq!(
            Route::parse(&format!("{A}/Applications/AP1.json")),
            Some(Route::Application("AC1".into(), "AP1".into()))
        );
        assert_eq!(
            Route::parse(&format!("{A}/Applications.json")),
            Some(Route::Applications("AC1".into()))
        );
        assert_eq!(Route::parse(&format!("{A}/Queues.json")), None);
        assert_eq!(
            Route::parse(&format!("{A}/AvailablePhoneNumbers/US/Voip.json")),
            None
        );
        assert_eq!(Route::parse("/2010-04-01/Accounts.json"), None);
        assert_eq!(Route::parse(&format!("{A}/Recordings/RE1.ogg")), None);
    }
}
