//! `NUMBER_PURCHASE_POLICY`, `NUMBER_PRICES` and `NUMBER_PRICE_CURRENCY`.

use switchboard_domain::numbers::{CountryCode, NumberPriceList, NumberType, PurchasePolicy};
use switchboard_domain::{Amount, Currency};

use super::env::{ConfigError, Env, error, optional};

/// Who may buy numbers and what they cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberSettings {
    /// `NUMBER_PURCHASE_POLICY`.
    pub policy: PurchasePolicy,
    /// `NUMBER_PRICES` in `NUMBER_PRICE_CURRENCY`.
    pub prices: NumberPriceList,
}

impl NumberSettings {
    /// Reads `NUMBER_PURCHASE_POLICY`, `NUMBER_PRICES` and `NUMBER_PRICE_CURRENCY`.
    ///
    /// # Errors
    /// When the policy is not `open` or `admin`, or a price entry or the currency is malformed.
    pub fn from_env(env: &impl Env) -> Result<Self, ConfigError> {
        let policy = match optional(env, "NUMBER_PURCHASE_POLICY").as_deref() {
            None | Some("open") => PurchasePolicy::Open,
            Some("admin") => PurchasePolicy::AdminOnly,
            Some(_) => return Err(error("NUMBER_PURCHASE_POLICY", "must be `open` or `admin`")),
        };
        let currency = match optional(env, "NUMBER_PRICE_CURRENCY") {
            None => Currency::usd(),
            Some(raw) => Currency::parse(&raw)
                .map_err(|_| error("NUMBER_PRICE_CURRENCY", "must be a currency code like USD"))?,
        };
        let prices = match optional(env, "NUMBER_PRICES") {
            None if currency == Currency::usd() => NumberPriceList::twilio_us_list_prices(),
            None => NumberPriceList::empty(currency),
            Some(raw) => parse_prices(&raw, currency)?,
        };
        Ok(Self { policy, prices })
    }
}

/// Parses `US/local=1.15,US/tollfree=2.15` (or `none`).
fn parse_prices(raw: &str, currency: Currency) -> Result<NumberPriceList, ConfigError> {
    let mut list = NumberPriceList::empty(currency);
    if raw == "none" {
        return Ok(list);
    }
    for entry in raw.split(',').map(str::trim) {
        let bad = || {
            error(
                "NUMBER_PRICES",
                format!(
                    "has a malformed entry {entry:?} (expected COUNTRY/TYPE=AMOUNT, like US/local=1.15)"
                ),
            )
        };
        let (key, amount) = entry.split_once('=').ok_or_else(bad)?;
        let (country, kind) = key.split_once('/').ok_or_else(bad)?;
        list = list.with(
            CountryCode::parse(country).map_err(|_| bad())?,
            NumberType::parse(kind).map_err(|_| bad())?,
            Amount::parse(amount).map_err(|_| bad())?,
        );
    }
    Ok(list)
}
