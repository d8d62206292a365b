//! The fictional numbers Twilio "has for sale", and the AvailablePhoneNumbers search.
//!
//! Every number is in a range reserved for fiction: NANP `555-0100`–`0199` lines in the US
//! (local area codes 415, 212, 312, 206 and 512; toll-free 800 and 888), and Ofcom's drama
//! ranges in Great Britain (London `020 7946 0xxx`, mobile `07700 900xxx`, freephone
//! `0808 157 0xxx`). Capabilities vary so that the `*Enabled` filters matter. The US has no
//! mobile numbers at Twilio, so a US Mobile search is empty; Canada is a known country with
//! no stock.

use crate::phone::nanp_area_code;

mod available;
mod contains;
mod search;
mod stock;

pub use available::{AvailableNumber, Capabilities, NumberType};
pub use contains::ContainsPattern;
pub use search::SearchQuery;

/// Countries the search knows; any other country code is a 404 as on Twilio.
const KNOWN_COUNTRIES: [&str; 3] = ["US", "GB", "CA"];

/// The numbers for sale.
#[derive(Debug, Clone)]
pub struct Inventory {
    numbers: Vec<AvailableNumber>,
}

impl Default for Inventory {
    fn default() -> Self {
        Self::standard()
    }
}

impl Inventory {
    /// Every number, owned or not, sorted by number.
    #[must_use]
    pub fn numbers(&self) -> &[AvailableNumber] {
        &self.numbers
    }

    /// The inventory entry for `phone_number`.
    #[must_use]
    pub fn find(&self, phone_number: &str) -> Option<&AvailableNumber> {
        self.numbers.iter().find(|n| n.phone_number == phone_number)
    }

    /// Where `number` is, for the geographic webhook fields: its own entry, or for other
    /// US numbers the first local number with the same area code.
    #[must_use]
    pub fn locate(&self, number: &str) -> Option<&AvailableNumber> {
        self.find(number).or_else(|| {
            let area = nanp_area_code(number)?;
            self.numbers.iter().find(|n| {
                n.number_type == NumberType::Local && nanp_area_code(&n.phone_number) == Some(area)
            })
        })
    }

    /// Whether searches in `country` (upper-case ISO code) are answered at all.
    #[must_use]
    pub fn knows_country(&self, country: &str) -> bool {
        KNOWN_COUNTRIES.contains(&country)
    }

    /// The numbers matching `query` that `is_owned` does not claim, at most `page_size`.
    pub(crate) fn search<'a>(
        &'a self,
        query: &SearchQuery,
        is_owned: impl Fn(&str) -> bool,
    ) -> Vec<&'a AvailableNumber> {
        self.numbers
            .iter()
            .filter(|n| query.accepts(n) && !is_owned(&n.phone_number))
            .take(query.page_size)
            .collect()
    }

    /// The first unowned US local or toll-free number in `area_code`, for buying by area code.
    pub(crate) fn first_in_area_code<'a>(
        &'a self,
        area_code: &str,
        is_owned: impl Fn(&str) -> bool,
    ) -> Option<&'a AvailableNumber> {
        self.numbers.iter().find(|n| {
            n.iso_country == "US"
                && nanp_area_code(&n.phone_number) == Some(area_code)
                && !is_owned(&n.phone_number)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{ContainsPattern, Inventory, NumberType, SearchQuery};
    use crate::form::Params;
    use crate::pairs::owned_pairs;

    fn query(country: &str, kind: NumberType, items: &[(&str, &str)]) -> SearchQuery {
        let params = Params::new(owned_pairs(items.iter().copied()));
        SearchQuery::from_params(country, kind, &params).expect("a valid query")
    }

    #[test]
    fn the_inventory_is_deterministic_and_fictional() {
        let inventory = Inventory::standard();
        assert_eq!(inventory.numbers().len(), 200);
        assert!(inventory.find("+14155550100").is_some());
        assert!(inventory.find("+14155550120").is_none());
        assert!(
            inventory
                .numbers()
                .iter()
                .all(|n| n.phone_number.contains("5550")
                    || n.phone_number.starts_with("+447700900")
                    || n.phone_number.starts_with("+44207946")
                    || n.phone_number.starts_with("+44808157"))
        );
    }

    #[test]
    fn contains_matches_anywhere_with_wildcards_letters_and_anchors() {
        let p = |s: &str| ContainsPattern::parse(s).expect("valid pattern");
        assert!(p("5550105").matches("+14155550105"));
        assert!(p("555*1*5").matches("+14155550105"));
        assert!(!p("555*1*6").matches("+14155550105"));
        assert!(p("+1415").matches("+14155550105"));
        assert!(!p("+1212").matches("+14155550105"));
        assert!(p("0105$").matches("+14155550105"));
        assert!(!p("0104$").matches("+14155550105"));
        assert!(p("+1415%05$").matches("+14155550105"));
        // "JKL" is 555 on the keypad.
        assert!(p("JKL").matches("+14155550105"));
        assert!(ContainsPattern::parse("1").is_err());
        assert!(ContainsPattern::parse("**1").is_err());
        assert!(ContainsPattern::parse("12-34").is_err());
    }

    #[test]
    fn search_filters_by_area_code_capabilities_and_type() {
        let inventory = Inventory::standard();
        let local_415 = inventory.search(
            &query("US", NumberType::Local, &[("AreaCode", "415")]),
            |_| false,
        );
        assert_eq!(local_415.len(), 20);
        let mms = inventory.search(
            &query(
                "US",
                NumberType::Local,
                &[("AreaCode", "415"), ("MmsEnabled", "true")],
            ),
            |_| false,
        );
        assert!(mms.len() < 20 && !mms.is_empty());
        assert!(mms.iter().all(|n| n.capabilities.mms));
        let owned = inventory.search(
            &query("US", NumberType::Local, &[("AreaCode", "415")]),
            |n| n == "+14155550100",
        );
        assert_eq!(owned.len(), 19);
        assert!(
            inventory
                .search(&query("US", NumberType::Mobile, &[]), |_| false)
                .is_empty()
        );
        assert_eq!(
            inventory
                .search(&query("GB", NumberType::Mobile, &[]), |_| false)
                .len(),
            20
        );
        let toll_free = inventory.search(
            &query("US", NumberType::TollFree, &[("AreaCode", "888")]),
            |_| false,
        );
        assert_eq!(toll_free.len(), 20);
        let limited = inventory.search(
            &query("US", NumberType::Local, &[("PageSize", "3")]),
            |_| false,
        );
        assert_eq!(limited.len(), 3);
        let seattle = inventory.search(
            &query("US", NumberType::Local, &[("InRegion", "wa")]),
            |_| false,
        );
        assert_eq!(seattle.len(), 20);
    }

    #[test]
    fn bad_area_codes_are_21451() {
        let params = Params::new(vec![("AreaCode".to_owned(), "abc".to_owned())]);
        let error =
            SearchQuery::from_params("US", NumberType::Local, &params).expect_err("invalid");
        assert_eq!((error.status, error.code), (400, 21451));
    }
}
