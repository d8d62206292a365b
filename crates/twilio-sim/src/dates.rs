//! Timestamps as Twilio renders them: RFC 2822 in UTC (`Thu, 30 Jul 2015 20:00:00 +0000`).

use time::format_description::well_known::Rfc2822;
use time::{OffsetDateTime, UtcOffset};

/// The current time in UTC.
#[must_use]
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// `t` in UTC as RFC 2822, the format of every `date_*` field and of callback `Timestamp`s.
#[must_use]
pub fn rfc2822(t: OffsetDateTime) -> String {
    // Only years before 1900 cannot be formatted; the stand-in's clock never produces them.
    t.to_offset(UtcOffset::UTC)
        .format(&Rfc2822)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::rfc2822;
    use time::macros::datetime;

    #[test]
    fn formats_like_twilio() {
        assert_eq!(
            rfc2822(datetime!(2015-07-30 20:00:00 UTC)),
            "Thu, 30 Jul 2015 20:00:00 +0000"
        );
        assert_eq!(
            rfc2822(datetime!(2024-01-05 03:04:05 +02:00)),
            "Fri, 05 Jan 2024 01:04:05 +0000"
        );
    }
}
