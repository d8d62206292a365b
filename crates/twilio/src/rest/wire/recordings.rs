//! The recording resource, as Twilio prints it.

use serde::Deserialize;
use switchboard_domain::telephony::{RecordingInfo, RecordingStatus, TelephonyError};
use switchboard_domain::{CallSid, RecordingSid};

use super::{currency, date, lenient_u32, non_empty, parse_field, price, required};

/// A recording resource.
#[derive(Debug, Deserialize)]
pub(crate) struct RecordingWire {
    sid: Option<String>,
    call_sid: Option<String>,
    status: Option<String>,
    #[serde(default, deserialize_with = "lenient_u32")]
    duration: Option<u32>,
    #[serde(default, deserialize_with = "lenient_u32")]
    channels: Option<u32>,
    price: Option<String>,
    price_unit: Option<String>,
    date_created: Option<String>,
}

impl RecordingWire {
    /// The domain's recording; `sid` and `status` are required.
    pub fn into_domain(self) -> Result<RecordingInfo, TelephonyError> {
        const WHAT: &str = "recording";
        let sid = required(self.sid, WHAT, "sid")?;
        let status = required(self.status, WHAT, "status")?;
        Ok(RecordingInfo {
            sid: parse_field(&sid, WHAT, "sid", RecordingSid::parse)?,
            call_sid: non_empty(self.call_sid)
                .map(|c| parse_field(&c, WHAT, "call_sid", CallSid::parse))
                .transpose()?,
            status: parse_field(&status, WHAT, "status", |s| {
                RecordingStatus::parse(s).ok_or_else(|| format!("{s:?} is not a recording status"))
            })?,
            duration_seconds: self.duration,
            channels: self
                .channels
                .map(|c| {
                    u8::try_from(c).map_err(|_| TelephonyError::InvalidResponse {
                        reason: format!("the recording has {c} channels"),
                    })
                })
                .transpose()?,
            price: price(self.price, WHAT)?,
            price_unit: currency(self.price_unit, WHAT)?,
            created_at: date(self.date_created, WHAT, "date_created")?,
        })
    }
}
