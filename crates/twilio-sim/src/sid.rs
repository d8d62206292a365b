//! Deterministic Twilio-style SIDs: a two-letter prefix and 32 lowercase hex digits.

use std::sync::atomic::{AtomicU64, Ordering};

/// Hands out SIDs that depend only on the seed and the order they are asked for.
#[derive(Debug)]
pub struct SidGenerator {
    seed: u64,
    counter: AtomicU64,
}

impl SidGenerator {
    /// A generator for `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            counter: AtomicU64::new(0),
        }
    }

    /// The next SID with `prefix` (`CA`, `PN`, ...).
    pub fn next(&self, prefix: &str) -> String {
        // Start well away from the indices `derived` uses for credentials.
        let n = self.counter.fetch_add(1, Ordering::Relaxed) + 1_000;
        self.derived(prefix, n)
    }

    /// The `index`-th value for `prefix`: `prefix` + 32 hex digits, a pure function of the
    /// seed, prefix and index.
    #[must_use]
    pub fn derived(&self, prefix: &str, index: u64) -> String {
        let salt = prefix.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let high = splitmix64(self.seed ^ salt ^ index.rotate_left(17));
        let low = splitmix64(high ^ index ^ 0x9e37_79b9_7f4a_7c15);
        format!("{prefix}{high:016x}{low:016x}")
    }
}

/// One step of the SplitMix64 generator: a well-mixed 64-bit function of `x`.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Whether `sid` is `prefix` followed by 32 hex digits: for the kinds the domain has no
/// type for (`AP` applications, `MG` Messaging Services); the others parse with
/// `switchboard_domain::sid`.
#[must_use]
pub fn is_sid(sid: &str, prefix: &str) -> bool {
    sid.len() == 34 && sid.starts_with(prefix) && sid[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::{SidGenerator, is_sid};

    #[test]
    fn sids_are_deterministic_distinct_and_well_formed() {
        let a = SidGenerator::new(7);
        let b = SidGenerator::new(7);
        let first = a.next("CA");
        assert_eq!(first, b.next("CA"));
        assert!(is_sid(&first, "CA"), "{first}");
        assert_ne!(first, a.next("CA"));
        assert_ne!(SidGenerator::new(8).next("CA"), first);
        assert_eq!(a.derived("", 1).len(), 32);
    }

    #[test]
    fn is_sid_checks_prefix_length_and_digits() {
        assert!(is_sid("SK0123456789abcdef0123456789ABCDEF", "SK"));
        assert!(!is_sid("SK0123456789abcdef0123456789ABCDEF", "AC"));
        assert!(!is_sid("SK0123", "SK"));
        assert!(!is_sid("SK0123456789abcdef0123456789ABCDEx", "SK"));
    }
}
