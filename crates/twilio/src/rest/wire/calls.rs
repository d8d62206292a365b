//! The call resource, as Twilio prints it.

use serde::Deserialize;
use switchboard_domain::CallSid;
use switchboard_domain::telephony::{CallInfo, CallStatus, TelephonyError};

use super::{currency, date, lenient_u32, parse_field, price, required};

/// A call resource.
#[derive(Debug, Deserialize)]
pub(crate) struct CallWire {
    sid: Option<String>,
    from: Option<String>,
    to: Option<String>,
    status: Option<String>,
    direction: Option<String>,
    #[serde(default, deserialize_with = "lenient_u32")]
    duration: Option<u32>,
    price: Option<String>,
    price_unit: Option<String>,
    start_time: Option<String>,
    end_time: Option<String>,
}

impl CallWire {
    /// The domain's call; `sid`, `status`, `from` and `to` are required.
    pub fn into_domain(self) -> Result<CallInfo, TelephonyError> {
        const WHAT: &str = "call";
        let sid = required(self.sid, WHAT, "sid")?;
        let status = required(self.status, WHAT, "status")?;
        Ok(CallInfo {
            sid: parse_field(&sid, WHAT, "sid", CallSid::parse)?,
            from: required(self.from, WHAT, "from")?,
            to: required(self.to, WHAT, "to")?,
            status: parse_field(&status, WHAT, "status", |s| {
                CallStatus::parse(s).ok_or_else(|| format!("{s:?} is not a call status"))
            })?,
            direction: self.direction.unwrap_or_default(),
            duration_seconds: self.duration,
            price: price(self.price, WHAT)?,
            price_unit: currency(self.price_unit, WHAT)?,
            start_time: date(self.start_time, WHAT, "start_time")?,
            end_time: date(self.end_time, WHAT, "end_time")?,
        })
    }
}

/// A page of the call list.
#[derive(Debug, Deserialize)]
pub(crate) struct CallPage {
    calls: Option<Vec<CallWire>>,
}

impl CallPage {
    /// The page's calls.
    pub fn into_domain(self) -> Result<Vec<CallInfo>, TelephonyError> {
        super::required(self.calls, "call list", "calls")?
            .into_iter()
            .map(CallWire::into_domain)
            .collect()
    }
}
