//! Phone numbers and SIDs: never a panic; what is accepted is kept as given (E.164 parse,
//! SIDs), and a normalised number is E.164.
#![no_main]

use libfuzzer_sys::fuzz_target;
use switchboard_domain::PhoneNumber;
use switchboard_domain::sid::{
    AccountSid, ApiKeySid, ApplicationSid, CallSid, IncomingNumberSid, MessageSid, RecordingSid,
};

fn sid<T: AsRef<str>, E>(input: &str, parse: impl Fn(&str) -> Result<T, E>) {
    if let Ok(sid) = parse(input) {
        assert_eq!(sid.as_ref(), input);
        assert_eq!(input.len(), 34);
    }
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    if let Ok(number) = PhoneNumber::parse(&input) {
        assert_eq!(number.as_str(), input);
        let _ = number.is_fictional();
    }
    if let Ok(number) = PhoneNumber::normalize(&input) {
        assert_eq!(PhoneNumber::parse(number.as_str()).as_ref(), Ok(&number));
        let _ = number.is_fictional();
    }
    sid(&input, AccountSid::parse);
    sid(&input, ApiKeySid::parse);
    sid(&input, ApplicationSid::parse);
    sid(&input, IncomingNumberSid::parse);
    sid(&input, CallSid::parse);
    sid(&input, RecordingSid::parse);
    sid(&input, MessageSid::parse);
});
