//! The geographic webhook fields (`FromCity`, `FromState`, `FromZip`, `FromCountry`, and the
//! same for `To`, `Caller` and `Called`), looked up in the inventory.

use crate::state::Shared;

/// The geographic fields for `number` under `prefix` (`FromCity`, `FromState`, `FromZip`,
/// `FromCountry` for `From`), from the inventory.
pub(crate) fn geo_params(shared: &Shared, prefix: &str, number: &str) -> Vec<(String, String)> {
    let known = shared.inventory.locate(number);
    let field = |f: fn(&crate::inventory::AvailableNumber) -> Option<&String>| {
        known.and_then(f).cloned().unwrap_or_default()
    };
    let country = known.map_or_else(
        || {
            if number.starts_with("+1") {
                "US".to_owned()
            } else {
                String::new()
            }
        },
        |n| n.iso_country.clone(),
    );
    vec![
        (format!("{prefix}City"), field(|n| n.locality.as_ref())),
        (format!("{prefix}State"), field(|n| n.region.as_ref())),
        (format!("{prefix}Zip"), field(|n| n.postal_code.as_ref())),
        (format!("{prefix}Country"), country),
    ]
}

/// The geographic fields for both ends, under both the `From`/`To` and the legacy
/// `Caller`/`Called` names.
pub(crate) fn geo_for(shared: &Shared, from: &str, to: &str) -> Vec<(String, String)> {
    let mut params = Vec::new();
    for (prefix, number) in [("From", from), ("Caller", from), ("To", to), ("Called", to)] {
        params.extend(geo_params(shared, prefix, number));
    }
    params
}
