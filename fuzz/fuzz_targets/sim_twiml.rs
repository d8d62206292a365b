//! The Twilio stand-in's TwiML parser on arbitrary text: a document or a TwiML error with
//! one of its codes, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use switchboard_twilio_sim::twiml::parse;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = parse(body) {
        assert!(e.code >= 11200, "an error without a Twilio code: {e:?}");
    }
});
