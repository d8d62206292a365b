//! The IVR menu parser (`PUT /v1/numbers/{id}/ivr`: JSON, body, `IvrMenu::from_spec`):
//! never a panic or a 5xx, and a menu it accepts reads back, as `GET` writes it, as the
//! same menu.
#![no_main]

use libfuzzer_sys::fuzz_target;
use switchboard_http::fuzzing::{is_server_error, ivr_menu, ivr_menu_json};

fuzz_target!(|data: &[u8]| {
    match ivr_menu(data) {
        Ok(menu) => {
            let written = ivr_menu_json(&menu);
            match ivr_menu(&written) {
                Ok(again) => assert_eq!(again, menu, "the menu changed on its way back"),
                Err(e) => panic!("a menu as written is refused: {e:?}"),
            }
        }
        Err(e) => assert!(!is_server_error(&e), "a 5xx for a menu: {e:?}"),
    }
});
