//! The local Twilio stand-in's account as `serve`, `twilio-sim` and `simulate` share it: the
//! same fictional account every run, owning the same fictional pool numbers.

use switchboard_twilio_sim::{NumberSeed, RunningSim, SimConfig};

use crate::error::CliError;

/// How many fictional numbers the embedded stand-in's account starts with; all go to the pool.
pub const STAND_IN_POOL_SIZE: u16 = 20;

/// The embedded stand-in's pool: `+1 (628) 555-0100` and up, lines reserved for fiction and
/// outside the stand-in's for-sale inventory, so that pool and purchases never meet.
pub(crate) fn stand_in_pool_numbers() -> impl Iterator<Item = String> {
    (0..STAND_IN_POOL_SIZE).map(|n| format!("+1628555{:04}", 100 + n))
}

/// The stand-in's account: the same fictional one every run (its credentials are documented),
/// with `auth_token` (`TWILIO_SIM_AUTH_TOKEN`) instead of its development token when given,
/// so that `switchboard simulate` can drive any stand-in `serve` or `twilio-sim` starts.
pub(crate) fn stand_in_account(auth_token: Option<&str>) -> SimConfig {
    let config = SimConfig::default();
    match auth_token {
        Some(token) => {
            let sid = config.account_sid.clone();
            config.with_credentials(sid, token)
        }
        None => config,
    }
}

/// Puts the fictional pool numbers on `sim`'s account.
///
/// # Errors
/// When the stand-in refuses one.
pub(crate) fn seed_numbers(sim: &RunningSim) -> Result<(), CliError> {
    for number in stand_in_pool_numbers() {
        sim.add_incoming_number(NumberSeed::new(number))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stand_in_pool_is_twenty_distinct_fictional_numbers() {
        let numbers: std::collections::BTreeSet<String> = stand_in_pool_numbers().collect();
        assert_eq!(numbers.len(), usize::from(STAND_IN_POOL_SIZE));
        for n in &numbers {
            switchboard_domain::PhoneNumber::parse(n).unwrap();
            assert!(n.starts_with("+16285550"), "{n}");
        }
    }
}
