//! Every webhook's form decoder (and the checks its handler makes before any store) on
//! arbitrary bytes: never a panic, never a 5xx.
#![no_main]

use libfuzzer_sys::fuzz_target;
use switchboard_http::fuzzing::{is_server_error, webhook_forms};

fuzz_target!(|data: &[u8]| {
    for result in webhook_forms(data) {
        if let Err(e) = result {
            assert!(!is_server_error(&e), "a 5xx for a webhook form: {e:?}");
        }
    }
});
