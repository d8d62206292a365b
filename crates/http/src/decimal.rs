//! How the API prints money: a positive decimal string with exactly four places.

/// `amount` as a positive decimal with exactly four decimal places (`0.0130`), as the
/// contract prints prices (Twilio reports charges negative).
pub(crate) fn four_places(amount: switchboard_domain::Amount) -> String {
    let n = amount.ten_thousandths().unsigned_abs();
    format!("{}.{:04}", n / 10_000, n % 10_000)
}
