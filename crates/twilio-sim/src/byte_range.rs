//! HTTP `Range` requests on recording media (RFC 9110 §14): one `bytes` range, as
//! `bytes=A-B`, `bytes=A-` or `bytes=-N`. A header the stand-in cannot read, or one asking
//! for several ranges, is ignored (the whole body is served), as the RFC allows.

/// What part of a body of `len` bytes a request asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// No (usable) `Range`: 200 with the whole body.
    Whole,
    /// 206 with bytes `start..=end`.
    Part {
        /// The first byte.
        start: usize,
        /// The last byte (inclusive), below `len`.
        end: usize,
    },
    /// 416: the range starts past the end (or asks for the last 0 bytes).
    Unsatisfiable,
}

impl Selection {
    /// The HTTP status to answer with.
    #[must_use]
    pub fn status(self) -> u16 {
        match self {
            Self::Whole => 200,
            Self::Part { .. } => 206,
            Self::Unsatisfiable => 416,
        }
    }
}

/// The part of a `len`-byte body the `Range` header `header` selects.
#[must_use]
pub fn select(header: Option<&str>, len: usize) -> Selection {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Selection::Whole;
    };
    if spec.contains(',') {
        return Selection::Whole;
    }
    let Some((first, last)) = spec.split_once('-') else {
        return Selection::Whole;
    };
    let (first, last) = (first.trim(), last.trim());
    if first.is_empty() {
        // `-N`: the last N bytes.
        return match number(last) {
            None => Selection::Whole,
            Some(0) => Selection::Unsatisfiable,
            Some(_) if len == 0 => Selection::Unsatisfiable,
            Some(suffix) => Selection::Part {
                start: len.saturating_sub(suffix),
                end: len - 1,
            },
        };
    }
    // `A-` and `A-B`.
    let Some(start) = number(first) else {
        return Selection::Whole;
    };
    let end = if last.is_empty() {
        None
    } else {
        match number(last) {
            Some(end) if end >= start => Some(end),
            _ => return Selection::Whole,
        }
    };
    if start >= len {
        return Selection::Unsatisfiable;
    }
    Selection::Part {
        start,
        end: end.map_or(len - 1, |end| end.min(len - 1)),
    }
}

/// A run of ASCII digits as a number.
fn number(text: &str) -> Option<usize> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::{Selection, select};

    fn part(start: usize, end: usize) -> Selection {
        Selection::Part { start, end }
    }

    #[test]
    fn each_form_of_byte_range_selects_its_part() {
        assert_eq!(select(None, 100), Selection::Whole);
        assert_eq!(select(Some("bytes=0-9"), 100), part(0, 9));
        assert_eq!(select(Some("bytes=90-200"), 100), part(90, 99));
        assert_eq!(select(Some("bytes=10-"), 100), part(10, 99));
        assert_eq!(select(Some("bytes=-10"), 100), part(90, 99));
        assert_eq!(select(Some("bytes=-500"), 100), part(0, 99));
        assert_eq!(select(Some("bytes=99-99"), 100), part(99, 99));
    }

    #[test]
    fn ranges_past_the_end_are_unsatisfiable() {
        assert_eq!(select(Some("bytes=100-"), 100), Selection::Unsatisfiable);
        assert_eq!(select(Some("bytes=100-120"), 100), Selection::Unsatisfiable);
        assert_eq!(select(Some("bytes=-0"), 100), Selection::Unsatisfiable);
        assert_eq!(select(Some("bytes=-5"), 0), Selection::Unsatisfiable);
    }

    #[test]
    fn unreadable_or_multiple_ranges_are_ignored() {
        for header in [
            "bytes=5-1",
            "bytes=a-b",
            "bytes=",
            "bytes=-",
            "items=0-1",
            "bytes=0-1,5-6",
            "bytes=1",
        ] {
            assert_eq!(select(Some(header), 100), Selection::Whole, "{header}");
        }
    }
}
