//! A call in the call log: its id, parties, progress, price and recording flag; how calls
//! are listed and counted.

use std::collections::BTreeMap;

use time::OffsetDateTime;

use super::identity::BrowserIdentity;
use super::progress::CallProgress;
use super::status::{CallDirection, CallLogStatus};
use crate::money::{Amount, Currency};
use crate::numbers::OwnedNumberId;
use crate::sid::CallSid;
use crate::{PageCursor, PageRequest, PhoneNumber, UserId};

crate::id::uuid_id!(
    /// The call log's own id for a call (a UUID v7): a call is logged before Twilio is asked
    /// to place it, so before it has a [`CallSid`].
    CallId
);

/// A call to log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCall {
    /// Its id.
    pub id: CallId,
    /// Twilio's id, when the call already exists at Twilio (inbound and browser calls);
    /// `None` for a call about to be placed.
    pub sid: Option<CallSid>,
    /// Whose call it is.
    pub user_id: UserId,
    /// How it was placed.
    pub direction: CallDirection,
    /// The caller (for a browser call: the caller id used).
    pub from: PhoneNumber,
    /// The callee.
    pub to: PhoneNumber,
    /// The browser client on the call, if any.
    pub client: Option<BrowserIdentity>,
    /// The user's number it came in on or went out from.
    pub number_id: Option<OwnedNumberId>,
    /// Its status when logged.
    pub status: CallLogStatus,
    /// When it was logged.
    pub created_at: OffsetDateTime,
}

/// A call in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The log's id.
    pub id: CallId,
    /// Twilio's id; `None` only for a call Twilio has not (yet) accepted.
    pub sid: Option<CallSid>,
    /// Whose call it is.
    pub user_id: UserId,
    /// How it was placed.
    pub direction: CallDirection,
    /// The caller.
    pub from: PhoneNumber,
    /// The callee.
    pub to: PhoneNumber,
    /// The browser client on the call, if any.
    pub client: Option<BrowserIdentity>,
    /// The user's number it came in on or went out from.
    pub number_id: Option<OwnedNumberId>,
    /// Status and times.
    pub progress: CallProgress,
    /// What it cost, as a positive amount, once Twilio reports it.
    pub price: Option<Amount>,
    /// The currency of `price`.
    pub price_unit: Option<Currency>,
    /// Whether a recording of it exists.
    pub recorded: bool,
    /// When it was logged.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}

impl Call {
    /// The call as first logged.
    #[must_use]
    pub fn logged(new: &NewCall) -> Self {
        Self {
            id: new.id,
            sid: new.sid.clone(),
            user_id: new.user_id.clone(),
            direction: new.direction,
            from: new.from.clone(),
            to: new.to.clone(),
            client: new.client.clone(),
            number_id: new.number_id,
            progress: CallProgress::new(new.status),
            price: None,
            price_unit: None,
            recorded: false,
            created_at: new.created_at,
            updated_at: new.created_at,
        }
    }

    /// Its current status.
    #[must_use]
    pub fn status(&self) -> CallLogStatus {
        self.progress.status
    }

    /// The call's cursor in newest-first listings.
    #[must_use]
    pub fn cursor(&self) -> PageCursor {
        PageCursor {
            created_at: self.created_at,
            key: self.id.to_string(),
        }
    }
}

/// Which statuses a listing keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    /// Exactly this status.
    Is(CallLogStatus),
    /// Any non-terminal status.
    Active,
}

impl StatusFilter {
    /// Whether a call in `status` passes.
    #[must_use]
    pub fn accepts(self, status: CallLogStatus) -> bool {
        match self {
            Self::Is(wanted) => status == wanted,
            Self::Active => !status.is_terminal(),
        }
    }
}

/// Which calls to list. Calls Twilio never accepted (no SID) are never listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallQuery {
    /// Only this user's calls; `None` for everyone's (admins only).
    pub owner: Option<UserId>,
    /// Only these statuses.
    pub status: Option<StatusFilter>,
    /// Only this direction.
    pub direction: Option<CallDirection>,
    /// Only calls from or to this number.
    pub number: Option<PhoneNumber>,
    /// Only calls logged at or after this instant.
    pub since: Option<OffsetDateTime>,
    /// Only calls logged before this instant.
    pub until: Option<OffsetDateTime>,
    /// Which page.
    pub page: PageRequest,
}

impl CallQuery {
    /// Whether `call` passes every filter (the paging cursor aside).
    #[must_use]
    pub fn accepts(&self, call: &Call) -> bool {
        call.sid.is_some()
            && self.owner.as_ref().is_none_or(|o| *o == call.user_id)
            && self.status.is_none_or(|s| s.accepts(call.status()))
            && self.direction.is_none_or(|d| d == call.direction)
            && self
                .number
                .as_ref()
                .is_none_or(|n| *n == call.from || *n == call.to)
            && self.since.is_none_or(|t| call.created_at >= t)
            && self.until.is_none_or(|t| call.created_at < t)
    }
}

/// Which calls to count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatsQuery {
    /// Only this user's calls; `None` for everyone's.
    pub owner: Option<UserId>,
    /// Only calls logged at or after this instant.
    pub since: Option<OffsetDateTime>,
    /// Only calls logged before this instant.
    pub until: Option<OffsetDateTime>,
}

/// Counts over a set of calls.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CallStats {
    /// Every call counted.
    pub total: u64,
    /// Calls not yet ended.
    pub active: u64,
    /// Calls per status (statuses with none are absent).
    pub by_status: BTreeMap<CallLogStatus, u64>,
    /// Calls per direction (directions with none are absent).
    pub by_direction: BTreeMap<CallDirection, u64>,
    /// The sum of the calls' durations, in seconds.
    pub total_duration: u64,
    /// How many calls have a duration.
    pub with_duration: u64,
}

impl CallStats {
    /// Counts one call.
    pub fn count(&mut self, call: &Call) {
        self.total += 1;
        if !call.status().is_terminal() {
            self.active += 1;
        }
        *self.by_status.entry(call.status()).or_default() += 1;
        *self.by_direction.entry(call.direction).or_default() += 1;
        if let Some(d) = call.progress.duration {
            self.total_duration += u64::from(d);
            self.with_duration += 1;
        }
    }

    /// The average duration of the calls that have one, in seconds.
    #[must_use]
    pub fn average_duration(&self) -> Option<f64> {
        #[expect(
            clippy::cast_precision_loss,
            reason = "an average is reported as a float; exact below 2^53 seconds"
        )]
        (self.with_duration > 0).then(|| self.total_duration as f64 / self.with_duration as f64)
    }
}
