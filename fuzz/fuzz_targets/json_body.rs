//! Every JSON request body (syntax, type, and its handler's checks before any store), the
//! first byte choosing the operation: never a panic, never a 5xx.
#![no_main]

use libfuzzer_sys::fuzz_target;
use switchboard_http::fuzzing::{is_server_error, json_body};

fuzz_target!(|data: &[u8]| {
    let Some((&which, body)) = data.split_first() else {
        return;
    };
    if let Err(e) = json_body(usize::from(which), body) {
        assert!(!is_server_error(&e), "a 5xx for a JSON body: {e:?}");
    }
});
