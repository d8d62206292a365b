//! Inbound routing of owned numbers: `/v1/numbers/{id}/forwarding-rules`,
//! `/v1/forwarding-rules/{id}`, `/v1/numbers/{id}/ivr` and `/v1/numbers/{id}/voicemail`.

pub(super) mod ivr;
pub(super) mod menu_body;
pub(super) mod rules;
pub(super) mod voicemail;

use switchboard_domain::routing::RoutingError;

use crate::problem::ApiError;

impl From<RoutingError> for ApiError {
    fn from(e: RoutingError) -> Self {
        match e {
            RoutingError::NotFound => Self::NotFound("no such number, rule or menu"),
            RoutingError::Released => Self::Conflict {
                code: "number_released",
                detail: "the number was released and its routing can no longer change".into(),
            },
            RoutingError::Loop(detail) => Self::Conflict {
                code: "forwarding_loop",
                detail,
            },
            RoutingError::Conflict(kind) => Self::Conflict {
                code: "rule_conflict",
                detail: format!(
                    "the number already has an enabled {kind} rule: disable or delete it first"
                ),
            },
            RoutingError::Store(e) => Self::StoreUnavailable(e),
        }
    }
}
