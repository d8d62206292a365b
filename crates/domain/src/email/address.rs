//! Email addresses: a practical RFC 5322 addr-spec check (the dot-atom form every mail
//! provider accepts), with an optional display name.

use std::fmt;

/// The longest address accepted, in characters (RFC 5321's 256-octet path, less its angle
/// brackets).
pub const MAX_ADDRESS_LEN: usize = 254;
/// The longest local part (before the `@`), RFC 5321 §4.5.3.1.1.
pub const MAX_LOCAL_PART_LEN: usize = 64;
/// The longest domain label, RFC 1035.
const MAX_LABEL_LEN: usize = 63;
/// The longest display name, in characters.
pub const MAX_DISPLAY_NAME_LEN: usize = 200;

/// An email address such as `alex@example.com`, optionally with a display name (`Alex`).
///
/// Parsing accepts the RFC 5322 `dot-atom "@" dot-atom` form in ASCII: a local part of at
/// most 64 characters from the RFC's `atext` set with single dots between atoms, and a
/// domain name of at least two labels (letters, digits and inner hyphens, at most 63 each,
/// the last not all digits). It refuses what providers refuse or what would need quoting:
/// quoted local parts, comments, domain literals (`[192.0.2.1]`), whitespace and non-ASCII
/// characters. The whole address is at most 254 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress {
    address: String,
    name: Option<String>,
}

/// Why a string is not an email address (or a display name is not usable).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a valid email address: {reason}")]
pub struct InvalidEmailAddress {
    /// The start of what was given.
    pub input: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl EmailAddress {
    /// Parses a bare address (`alex@example.com`), without a display name.
    ///
    /// # Errors
    /// [`InvalidEmailAddress`] unless the input is an address as described on the type.
    pub fn parse(input: &str) -> Result<Self, InvalidEmailAddress> {
        let invalid = |reason| InvalidEmailAddress {
            input: crate::error::excerpt(input),
            reason,
        };
        check_address(input).map_err(invalid)?;
        Ok(Self {
            address: input.to_owned(),
            name: None,
        })
    }

    /// Parses a mailbox: a bare address, or `Display Name <address>` (the name may be in
    /// double quotes, as in `"Alex Doe" <alex@example.com>`).
    ///
    /// # Errors
    /// [`InvalidEmailAddress`] when the address is not valid or the name is not usable
    /// (see [`Self::with_name`]).
    pub fn parse_mailbox(input: &str) -> Result<Self, InvalidEmailAddress> {
        let Some(open) = input.rfind('<') else {
            return Self::parse(input);
        };
        let Some(inner) = input[open + 1..].strip_suffix('>') else {
            return Err(InvalidEmailAddress {
                input: crate::error::excerpt(input),
                reason: "a '<' must be closed by a '>' at the end",
            });
        };
        let address = Self::parse(inner)?;
        let name = input[..open].trim();
        let name = name
            .strip_prefix('"')
            .and_then(|n| n.strip_suffix('"'))
            .unwrap_or(name);
        if name.is_empty() {
            Ok(address)
        } else {
            address.with_name(name)
        }
    }

    /// The same address with display name `name` (`Alex`), which may not be blank, hold
    /// control characters (line breaks included) or exceed 200 characters.
    ///
    /// # Errors
    /// [`InvalidEmailAddress`] for such a name.
    pub fn with_name(self, name: &str) -> Result<Self, InvalidEmailAddress> {
        let invalid = |reason| InvalidEmailAddress {
            input: crate::error::excerpt(name),
            reason,
        };
        if name.trim().is_empty() {
            return Err(invalid("a display name may not be blank"));
        }
        if name.chars().count() > MAX_DISPLAY_NAME_LEN {
            return Err(invalid("a display name is at most 200 characters"));
        }
        if name.chars().any(char::is_control) {
            return Err(invalid("a display name may not hold control characters"));
        }
        Ok(Self {
            name: Some(name.to_owned()),
            ..self
        })
    }

    /// The address itself (`alex@example.com`), as given.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.address
    }

    /// The display name, if any.
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The part after the `@` (`example.com`).
    #[must_use]
    pub fn domain(&self) -> &str {
        self.address
            .rsplit_once('@')
            .map_or("", |(_, domain)| domain)
    }

    /// Whether both are the same mailbox: the addresses compared without regard to ASCII
    /// case (providers treat `Alex@Example.com` and `alex@example.com` as one), the display
    /// names ignored.
    #[must_use]
    pub fn same_mailbox(&self, other: &Self) -> bool {
        self.address.eq_ignore_ascii_case(&other.address)
    }
}

impl fmt::Display for EmailAddress {
    /// The address alone (`alex@example.com`); the display name is left out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.address)
    }
}

/// Checks an addr-spec; the error is the reason.
fn check_address(input: &str) -> Result<(), &'static str> {
    if input.is_empty() {
        return Err("it is empty");
    }
    if input.chars().count() > MAX_ADDRESS_LEN {
        return Err("an address is at most 254 characters");
    }
    if !input.is_ascii() {
        return Err("only ASCII addresses are accepted");
    }
    let (local, domain) = input
        .split_once('@')
        .ok_or("it has no '@' (expected local-part@domain, e.g. alex@example.com)")?;
    if domain.contains('@') {
        return Err("it has more than one '@'");
    }
    check_local_part(local)?;
    check_domain(domain)
}

/// RFC 5322 `atext`: letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
fn is_atext(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&byte)
}

fn check_local_part(local: &str) -> Result<(), &'static str> {
    if local.is_empty() {
        return Err("nothing comes before the '@'");
    }
    if local.len() > MAX_LOCAL_PART_LEN {
        return Err("the part before the '@' is at most 64 characters");
    }
    if local.split('.').any(str::is_empty) {
        return Err("dots in the part before the '@' must sit between other characters");
    }
    if !local.bytes().all(|b| b == b'.' || is_atext(b)) {
        return Err("the part before the '@' has a character that needs quoting");
    }
    Ok(())
}

fn check_domain(domain: &str) -> Result<(), &'static str> {
    if domain.is_empty() {
        return Err("nothing comes after the '@'");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return Err("the domain needs a dot (example.com)");
    }
    for label in &labels {
        if label.is_empty() || label.len() > MAX_LABEL_LEN {
            return Err("each part of the domain has 1 to 63 characters");
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err("the domain may only hold letters, digits, hyphens and dots");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err("a part of the domain may not start or end with a hyphen");
        }
    }
    if labels
        .last()
        .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err("the domain's last part may not be all digits");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn practical_addresses_are_accepted() {
        for ok in [
            "alex@example.com",
            "Alex.Doe+tag@mail.example.co.uk",
            "o'brien@example.ie",
            "a!#$%&'*+-/=?^_`{|}~z@x-y.example",
            "x@a.io",
            "1234@123.example.com",
        ] {
            let parsed = EmailAddress::parse(ok).unwrap();
            assert_eq!(parsed.as_str(), ok);
            assert_eq!(parsed.to_string(), ok);
            assert_eq!(parsed.name(), None);
        }
        let local = "l".repeat(64);
        let domain = format!(
            "{}.{}.{}.com",
            "a".repeat(63),
            "b".repeat(63),
            "c".repeat(57)
        );
        let longest = format!("{local}@{domain}");
        assert_eq!(longest.len(), 254);
        assert!(EmailAddress::parse(&longest).is_ok());
        let too_long = format!("{local}@{domain}m");
        assert!(EmailAddress::parse(&too_long).is_err());
    }

    #[test]
    fn what_needs_quoting_or_is_not_an_address_is_refused() {
        for bad in [
            "",
            "alex",
            "@example.com",
            "alex@",
            "alex@localhost",
            "alex@@example.com",
            "a@b@example.com",
            ".alex@example.com",
            "alex.@example.com",
            "al..ex@example.com",
            "al ex@example.com",
            "\"al ex\"@example.com",
            "alex@[192.0.2.1]",
            "alex@example..com",
            "alex@-example.com",
            "alex@example-.com",
            "alex@example.123",
            "alex@exa_mple.com",
            "alex@example.com\r\nBcc: x@example.com",
            "jos\u{e9}@example.com",
            "alex@example.com ",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(EmailAddress::parse(&format!("{}@example.com", "l".repeat(65))).is_err());
        assert!(EmailAddress::parse(&format!("a@{}.com", "d".repeat(64))).is_err());
    }

    #[test]
    fn mailboxes_carry_a_display_name() {
        let plain = EmailAddress::parse_mailbox("alex@example.com").unwrap();
        assert_eq!(plain.name(), None);
        let named = EmailAddress::parse_mailbox("Alex Doe <alex@example.com>").unwrap();
        assert_eq!(named.as_str(), "alex@example.com");
        assert_eq!(named.name(), Some("Alex Doe"));
        let quoted = EmailAddress::parse_mailbox("\"Doe, Alex\" <alex@example.com>").unwrap();
        assert_eq!(quoted.name(), Some("Doe, Alex"));
        assert_eq!(
            EmailAddress::parse_mailbox("<alex@example.com>")
                .unwrap()
                .name(),
            None
        );
        assert!(EmailAddress::parse_mailbox("Alex <alex@example.com").is_err());
        assert!(EmailAddress::parse_mailbox("Alex <not an address>").is_err());
        assert!(EmailAddress::parse_mailbox("Al\nex <alex@example.com>").is_err());
        let address = EmailAddress::parse("alex@example.com").unwrap();
        assert!(address.clone().with_name("  ").is_err());
        assert!(address.clone().with_name(&"n".repeat(201)).is_err());
        assert!(address.with_name(&"n".repeat(200)).is_ok());
    }

    #[test]
    fn mailboxes_compare_without_case() {
        let a = EmailAddress::parse("Alex@Example.com").unwrap();
        let b = EmailAddress::parse("alex@example.com")
            .unwrap()
            .with_name("Alex")
            .unwrap();
        assert!(a.same_mailbox(&b));
        assert_ne!(a, b);
        assert_eq!(b.domain(), "example.com");
    }
}
