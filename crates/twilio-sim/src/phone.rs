//! Phone number and address helpers: E.164 checks, Twilio's display formatting, and the
//! channel addresses (`client:`, `sip:`, `whatsapp:`) calls and messages accept.

use switchboard_domain::PhoneNumber;

/// Whether `s` is E.164: the domain's [`PhoneNumber`] rule (`+`, a non-zero digit, 1–14
/// more).
#[must_use]
pub fn is_e164(s: &str) -> bool {
    PhoneNumber::parse(s).is_ok()
}

/// Whether `s` is a valid voice endpoint for `To`/`From` on Calls: E.164, `client:identity`
/// (letters, digits, `_`, `-`, `.`) or a `sip:` URI with a host.
#[must_use]
pub fn is_voice_endpoint(s: &str) -> bool {
    if is_e164(s) {
        return true;
    }
    if let Some(identity) = s.strip_prefix("client:") {
        return !identity.is_empty()
            && identity
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    }
    if let Some(uri) = s.strip_prefix("sip:") {
        return uri
            .rsplit_once('@')
            .map_or(!uri.is_empty(), |(user, host)| {
                !user.is_empty() && !host.is_empty()
            })
            && !uri.contains(char::is_whitespace);
    }
    false
}

/// A messaging address: a plain E.164 number or `whatsapp:+E164`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessagingAddress<'a> {
    /// SMS/MMS to or from this E.164 number.
    Sms(&'a str),
    /// WhatsApp to or from this E.164 number.
    WhatsApp(&'a str),
}

impl<'a> MessagingAddress<'a> {
    /// Parses `+E164` or `whatsapp:+E164`.
    #[must_use]
    pub fn parse(s: &'a str) -> Option<Self> {
        match s.strip_prefix("whatsapp:") {
            Some(number) if is_e164(number) => Some(Self::WhatsApp(number)),
            Some(_) => None,
            None if is_e164(s) => Some(Self::Sms(s)),
            None => None,
        }
    }

    /// The E.164 number behind the address.
    #[must_use]
    pub fn number(self) -> &'a str {
        match self {
            Self::Sms(n) | Self::WhatsApp(n) => n,
        }
    }

    /// Whether this is a WhatsApp address.
    #[must_use]
    pub fn is_whatsapp(self) -> bool {
        matches!(self, Self::WhatsApp(_))
    }
}

/// Twilio's display form: `(415) 555-0100` for NANP numbers (`+1` and ten digits), the input
/// unchanged otherwise.
#[must_use]
pub fn friendly(number: &str) -> String {
    match number.strip_prefix("+1") {
        Some(d) if d.len() == 10 && d.bytes().all(|b| b.is_ascii_digit()) => {
            format!("({}) {}-{}", &d[..3], &d[3..6], &d[6..])
        }
        _ => number.to_owned(),
    }
}

/// The NANP area code of a `+1` number.
#[must_use]
pub fn nanp_area_code(number: &str) -> Option<&str> {
    number
        .strip_prefix("+1")
        .filter(|d| d.len() == 10 && d.bytes().all(|b| b.is_ascii_digit()))
        .map(|d| &d[..3])
}

#[cfg(test)]
mod tests {
    use super::{MessagingAddress, friendly, is_e164, is_voice_endpoint, nanp_area_code};

    #[test]
    fn e164_is_plus_and_up_to_fifteen_digits() {
        assert!(is_e164("+14155550100"));
        assert!(is_e164("+447700900123"));
        assert!(!is_e164("14155550100"));
        assert!(!is_e164("+0123"));
        assert!(!is_e164("+1415555010012345"));
        assert!(!is_e164("+1 415 555 0100"));
    }

    #[test]
    fn voice_endpoints_include_clients_and_sip() {
        assert!(is_voice_endpoint("client:alice_1"));
        assert!(is_voice_endpoint("sip:alice@example.com"));
        assert!(!is_voice_endpoint("client:"));
        assert!(!is_voice_endpoint("alice"));
        assert!(!is_voice_endpoint("whatsapp:+14155550100"));
    }

    #[test]
    fn messaging_addresses_and_formatting() {
        assert_eq!(
            MessagingAddress::parse("whatsapp:+14155550100"),
            Some(MessagingAddress::WhatsApp("+14155550100"))
        );
        assert_eq!(MessagingAddress::parse("whatsapp:415"), None);
        assert_eq!(friendly("+14155550100"), "(415) 555-0100");
        assert_eq!(friendly("+447700900100"), "+447700900100");
        assert_eq!(nanp_area_code("+18005550100"), Some("800"));
        assert_eq!(nanp_area_code("+447700900100"), None);
    }
}
