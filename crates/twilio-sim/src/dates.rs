//! Timestamps as Twilio renders them: RFC 2822 in UTC (`Thu, 30 Jul 2015 20:00:00 +0000`).

use time::OffsetDateTime;

/// The current time in UTC.
#[must_use]
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// `t` in UTC as RFC 2822, the format of every `date_*` field and of callback `Timestamp`s.
#[must_use]
pub fn rfc2822(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let weekday = WEEKDAYS[usize::from(t.weekday().number_days_from_monday())];
    let month = MONTHS[usize::from(u8::from(t.month()) - 1)];
    format!(
        "{weekday}, {:02} {month} {:04} {:02}:{:02}:{:02} +0000",
        t.day(),
        t.year(),
        t.hour(),
        t.minute(),
        t.second()
    )
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
