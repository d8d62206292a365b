//! `/v1/numbers`: search, buy, list, read, change and release numbers users own;
//! `/v1/account`: the Twilio account. One file per route group; `body` holds what they share.

pub(super) mod account;
pub(super) mod available;
mod body;
pub(crate) use body::number_id;
pub(super) mod owned;
pub(super) mod purchase;
pub(super) mod stats;

use switchboard_domain::numbers::NumbersError;

use crate::problem::ApiError;

impl From<NumbersError> for ApiError {
    fn from(e: NumbersError) -> Self {
        match e {
            NumbersError::Forbidden(why) => Self::Forbidden(why),
            NumbersError::NotFound => Self::NotFound("no such number"),
            NumbersError::NoNumbersAvailable => Self::Conflict {
                code: "no_numbers_available",
                detail: "no phone number matching the request is for sale".into(),
            },
            NumbersError::NumberInUse => Self::Conflict {
                code: "number_in_use",
                detail: "the number is in the voicemail pool or owned by a user".into(),
            },
            NumbersError::Released => Self::Conflict {
                code: "number_released",
                detail: "the number was released and can no longer be changed".into(),
            },
            NumbersError::Telephony(e) => e.into(),
            NumbersError::Store(e) => Self::StoreUnavailable(e),
        }
    }
}
