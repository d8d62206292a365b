//! What the standard inventory stocks: the US area codes with their places, the blocks of
//! fictional numbers, and the capabilities each line has.

use super::Inventory;
use super::available::{AvailableNumber, Capabilities, NumberType};

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

impl Inventory {
    /// The standard, deterministic inventory described in the `inventory` module documentation.
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
