//! The fictional numbers Twilio "has for sale", and the AvailablePhoneNumbers search.
//!
//! Every number is in a range reserved for fiction: NANP `555-0100`–`0199` lines in the US
//! (local area codes 415, 212, 312, 206 and 512; toll-free 800 and 888), and Ofcom's drama
//! ranges in Great Britain (London `020 7946 0xxx`, mobile `07700 900xxx`, freephone
//! `0808 157 0xxx`). Capabilities vary so that the `*Enabled` filters matter. The US has no
//! mobile numbers at Twilio, so a US Mobile search is empty; Canada is a known country with
//! no stock.

use serde_json::{Value, json};

use crate::config::CapabilityKeyCase;
use crate::phone::nanp_area_code;

mod contains;
mod search;

pub use contains::ContainsPattern;
pub use search::SearchQuery;

/// The kind of number, as in the AvailablePhoneNumbers sub-resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberType {
    /// A geographic number (`Local.json`).
    Local,
    /// A toll-free number (`TollFree.json`).
    TollFree,
    /// A mobile number (`Mobile.json`).
    Mobile,
}

impl NumberType {
    /// The IncomingPhoneNumber `type` value.
    #[must_use]
    pub fn type_field(self) -> &'static str {
        match self {
            Self::Local => "local",
            Self::TollFree => "toll-free",
            Self::Mobile => "mobile",
        }
    }
}

/// What a number can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// Voice calls.
    pub voice: bool,
    /// SMS.
    pub sms: bool,
    /// MMS.
    pub mms: bool,
    /// Fax.
    pub fax: bool,
}

impl Capabilities {
    /// Voice, SMS and MMS, no fax.
    pub const ALL_BUT_FAX: Self = Self {
        voice: true,
        sms: true,
        mms: true,
        fax: false,
    };

    /// The `capabilities` object with keys spelled as `case` asks.
    #[must_use]
    pub fn to_json(self, case: CapabilityKeyCase) -> Value {
        match case {
            CapabilityKeyCase::Lower => json!({
                "voice": self.voice, "sms": self.sms, "mms": self.mms, "fax": self.fax
            }),
            CapabilityKeyCase::Upper => json!({
                "voice": self.voice, "SMS": self.sms, "MMS": self.mms, "fax": self.fax
            }),
        }
    }
}

/// A number in the inventory, with the fields an AvailablePhoneNumber has.
#[derive(Debug, Clone, PartialEq)]
pub struct AvailableNumber {
    /// E.164.
    pub phone_number: String,
    /// `(415) 555-0100` for NANP numbers, the E.164 form otherwise.
    pub friendly_name: String,
    /// Local, toll-free or mobile.
    pub number_type: NumberType,
    /// ISO 3166-1 alpha-2 country.
    pub iso_country: String,
    /// City, if geographic.
    pub locality: Option<String>,
    /// State or region code, if geographic.
    pub region: Option<String>,
    /// Postal code, if geographic.
    pub postal_code: Option<String>,
    /// LATA (US only).
    pub lata: Option<String>,
    /// Rate center (US only).
    pub rate_center: Option<String>,
    /// Latitude as Twilio renders it (a decimal string).
    pub latitude: Option<String>,
    /// Longitude as Twilio renders it (a decimal string).
    pub longitude: Option<String>,
    /// What the number can do.
    pub capabilities: Capabilities,
}

impl AvailableNumber {
    /// The AvailablePhoneNumber JSON object.
    #[must_use]
    pub fn to_json(&self, case: CapabilityKeyCase) -> Value {
        json!({
            "friendly_name": self.friendly_name,
            "phone_number": self.phone_number,
            "lata": self.lata,
            "locality": self.locality,
            "rate_center": self.rate_center,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "region": self.region,
            "postal_code": self.postal_code,
            "iso_country": self.iso_country,
            "address_requirements": "none",
            "beta": false,
            "capabilities": self.capabilities.to_json(case),
        })
    }
}

struct Area {
    code: &'static str,
    locality: &'static str,
    region: &'static str,
    lata: &'static str,
    rate_center: &'static str,
    postal_code: &'static str,
    latitude: &'static str,
    longitude: &'static str,
}

const US_AREAS: [Area; 5] = [
    Area {
        code: "415",
        locality: "San Francisco",
        region: "CA",
        lata: "722",
        rate_center: "SNFC CNTRL",
        postal_code: "94103",
        latitude: "37.775000",
        longitude: "-122.418000",
    },
    Area {
        code: "212",
        locality: "New York",
        region: "NY",
        lata: "132",
        rate_center: "NWYRCYZN01",
        postal_code: "10001",
        latitude: "40.750000",
        longitude: "-73.997000",
    },
    Area {
        code: "312",
        locality: "Chicago",
        region: "IL",
        lata: "358",
        rate_center: "CHICAGOZN1",
        postal_code: "60601",
        latitude: "41.886000",
        longitude: "-87.618000",
    },
    Area {
        code: "206",
        locality: "Seattle",
        region: "WA",
        lata: "674",
        rate_center: "SEATTLE",
        postal_code: "98101",
        latitude: "47.610000",
        longitude: "-122.334000",
    },
    Area {
        code: "512",
        locality: "Austin",
        region: "TX",
        lata: "558",
        rate_center: "AUSTIN",
        postal_code: "78701",
        latitude: "30.270000",
        longitude: "-97.742000",
    },
];

/// How many numbers each block holds (`…0100` to `…0119`).
pub const NUMBERS_PER_BLOCK: u32 = 20;

/// Countries the search knows; any other country code is a 404 as on Twilio.
const KNOWN_COUNTRIES: [&str; 3] = ["US", "GB", "CA"];

/// Capabilities of US local line `n` (0-based within its block): every fifth (…04, …09)
/// is voice-only, …02/…07 have no MMS, …18 cannot take calls, …x0 can fax.
fn us_local_capabilities(n: u32) -> Capabilities {
    Capabilities {
        voice: n != 18,
        sms: n % 5 != 4,
        mms: n % 5 != 4 && n % 5 != 2,
        fax: n.is_multiple_of(10),
    }
}

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
    /// The standard, deterministic inventory described in the module documentation.
    #[must_use]
    pub fn standard() -> Self {
        let mut numbers = Vec::new();
        for area in &US_AREAS {
            for n in 0..NUMBERS_PER_BLOCK {
                let phone_number = format!("+1{}55501{n:02}", area.code);
                numbers.push(AvailableNumber {
                    friendly_name: crate::phone::friendly(&phone_number),
                    phone_number,
                    number_type: NumberType::Local,
                    iso_country: "US".to_owned(),
                    locality: Some(area.locality.to_owned()),
                    region: Some(area.region.to_owned()),
                    postal_code: Some(area.postal_code.to_owned()),
                    lata: Some(area.lata.to_owned()),
                    rate_center: Some(area.rate_center.to_owned()),
                    latitude: Some(area.latitude.to_owned()),
                    longitude: Some(area.longitude.to_owned()),
                    capabilities: us_local_capabilities(n),
                });
            }
        }
        for prefix in ["800", "888"] {
            for n in 0..NUMBERS_PER_BLOCK {
                let phone_number = format!("+1{prefix}55501{n:02}");
                numbers.push(non_geographic(
                    phone_number,
                    "US",
                    NumberType::TollFree,
                    Capabilities {
                        voice: true,
                        sms: true,
                        mms: n.is_multiple_of(2),
                        fax: false,
                    },
                ));
            }
        }
        for n in 0..NUMBERS_PER_BLOCK {
            let mut london = non_geographic(
                format!("+44207946{:04}", 100 + n),
                "GB",
                NumberType::Local,
                Capabilities {
                    voice: true,
                    sms: false,
                    mms: false,
                    fax: false,
                },
            );
            london.locality = Some("London".to_owned());
            numbers.push(london);
            numbers.push(non_geographic(
                format!("+447700900{:03}", 100 + n),
                "GB",
                NumberType::Mobile,
                Capabilities {
                    voice: true,
                    sms: true,
                    mms: false,
                    fax: false,
                },
            ));
            numbers.push(non_geographic(
                format!("+448081570{:03}", 100 + n),
                "GB",
                NumberType::TollFree,
                Capabilities {
                    voice: true,
                    sms: false,
                    mms: false,
                    fax: false,
                },
            ));
        }
        numbers.sort_by(|a, b| a.phone_number.cmp(&b.phone_number));
        Self { numbers }
    }

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

fn non_geographic(
    phone_number: String,
    country: &str,
    number_type: NumberType,
    capabilities: Capabilities,
) -> AvailableNumber {
    AvailableNumber {
        friendly_name: crate::phone::friendly(&phone_number),
        phone_number,
        number_type,
        iso_country: country.to_owned(),
        locality: None,
        region: None,
        postal_code: None,
        lata: None,
        rate_center: None,
        latitude: None,
        longitude: None,
        capabilities,
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
