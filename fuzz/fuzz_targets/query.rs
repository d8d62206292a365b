//! Every listing's query string (with `limit` and the opaque `cursor`), the first byte
//! choosing the operation: never a panic, never a 5xx.
#![no_main]

use libfuzzer_sys::fuzz_target;
use switchboard_http::fuzzing::{is_server_error, query};

fuzz_target!(|data: &[u8]| {
    let Some((&which, raw)) = data.split_first() else {
        return;
    };
    if let Err(e) = query(usize::from(which), raw) {
        assert!(!is_server_error(&e), "a 5xx for a query: {e:?}");
    }
});
