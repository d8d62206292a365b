//! What numbers cost. Twilio's v2010 API does not return a number's price, so prices come
//! from a configured list (by default Twilio's published US prices).

use super::country::CountryCode;
use super::number_type::NumberType;
use crate::money::{Amount, Currency};

/// What a number costs: the price charged at purchase and each month after, in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberPrice {
    /// Charged when bought (Twilio charges the first month up front).
    pub purchase: Option<Amount>,
    /// Charged each month while held.
    pub monthly: Option<Amount>,
    /// The currency of both.
    pub currency: Currency,
}

/// Monthly prices by country and number type, in one currency. Twilio charges the first
/// month when a number is bought, so the purchase price is the monthly price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberPriceList {
    currency: Currency,
    monthly: Vec<(CountryCode, NumberType, Amount)>,
}

impl NumberPriceList {
    /// An empty list: every number's price is unknown (`null` in the API).
    #[must_use]
    pub fn empty(currency: Currency) -> Self {
        Self {
            currency,
            monthly: Vec::new(),
        }
    }

    /// Twilio's published US list prices: local 1.15 USD and toll-free 2.15 USD a month.
    #[must_use]
    pub fn twilio_us_list_prices() -> Self {
        Self::empty(Currency::usd())
            .with(
                CountryCode::us(),
                NumberType::Local,
                Amount::from_ten_thousandths(11_500),
            )
            .with(
                CountryCode::us(),
                NumberType::TollFree,
                Amount::from_ten_thousandths(21_500),
            )
    }

    /// This list with a monthly price for `country` and `number_type` (replacing any).
    #[must_use]
    pub fn with(mut self, country: CountryCode, number_type: NumberType, monthly: Amount) -> Self {
        self.monthly
            .retain(|(c, t, _)| !(c == &country && *t == number_type));
        self.monthly.push((country, number_type, monthly));
        self
    }

    /// The currency of every price.
    #[must_use]
    pub fn currency(&self) -> &Currency {
        &self.currency
    }

    /// What a number of this kind costs; unknown amounts are `None`.
    #[must_use]
    pub fn price_for(&self, country: &CountryCode, number_type: NumberType) -> NumberPrice {
        let monthly = self
            .monthly
            .iter()
            .find(|(c, t, _)| c == country && *t == number_type)
            .map(|(_, _, amount)| *amount);
        NumberPrice {
            purchase: monthly,
            monthly,
            currency: self.currency.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_looked_up_by_country_and_type() {
        let list = NumberPriceList::twilio_us_list_prices();
        let local = list.price_for(&CountryCode::us(), NumberType::Local);
        assert_eq!(
            local.monthly.map(|a| a.to_string()),
            Some("1.15".to_owned())
        );
        assert_eq!(local.purchase, local.monthly);
        let gb = CountryCode::parse("GB").unwrap();
        assert_eq!(list.price_for(&gb, NumberType::Mobile).monthly, None);
        let list = list.with(
            gb.clone(),
            NumberType::Mobile,
            Amount::parse("1.00").unwrap(),
        );
        assert_eq!(
            list.price_for(&gb, NumberType::Mobile)
                .monthly
                .map(|a| a.to_string()),
            Some("1.00".to_owned())
        );
    }
}
