//! The request-building layer: every request the REST client can send, as plain data
//! (method, path, parameters), built by pure functions. The client sends exactly what these
//! functions return, so a test can check each of them against Twilio's OpenAPI document
//! ([`describe_requests`] lists one example of every shape).

mod applications;
mod build;
mod calls;
mod examples;
mod messages;
mod numbers;
mod recordings;
mod request;

pub(crate) use applications::{
    create_application, list_applications, next_applications_page, update_application,
};
pub(crate) use calls::{CallUpdateStatus, create_call, fetch_call, list_calls, update_call_status};
pub use examples::describe_requests;
pub(crate) use messages::{create_message, fetch_message, list_messages};
pub(crate) use numbers::{
    configure_webhooks, fetch_account, list_incoming_numbers, next_incoming_numbers_page, purchase,
    release, rename, search_available,
};
pub(crate) use recordings::{delete_recording, fetch_recording, recording_media};
pub use request::{HttpMethod, ParamLocation, PlannedRequest};

#[cfg(test)]
mod tests {
    use switchboard_domain::AccountSid;
    use switchboard_domain::telephony::TelephonyError;

    use super::build::API_PREFIX;
    use super::*;

    fn account() -> AccountSid {
        AccountSid::parse(examples::EXAMPLE_ACCOUNT_SID).unwrap()
    }

    #[test]
    fn every_example_is_built_under_the_account() {
        let requests = describe_requests();
        let prefix = format!("{API_PREFIX}/Accounts/{}", examples::EXAMPLE_ACCOUNT_SID);
        for r in &requests {
            assert!(r.path.starts_with(&prefix), "{}", r.label());
            assert!(
                r.path_template.starts_with("/2010-04-01/Accounts/{"),
                "{}",
                r.label()
            );
        }
        let mut ids: Vec<_> = requests.iter().filter_map(|r| r.operation_id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(
            ids,
            [
                "CreateApplication",
                "CreateCall",
                "CreateIncomingPhoneNumber",
                "CreateMessage",
                "DeleteIncomingPhoneNumber",
                "DeleteRecording",
                "FetchAccount",
                "FetchCall",
                "FetchMessage",
                "FetchRecording",
                "ListApplication",
                "ListAvailablePhoneNumberLocal",
                "ListAvailablePhoneNumberMobile",
                "ListAvailablePhoneNumberTollFree",
                "ListCall",
                "ListIncomingPhoneNumber",
                "ListMessage",
                "UpdateApplication",
                "UpdateCall",
                "UpdateIncomingPhoneNumber",
            ]
        );
        assert_eq!(
            requests.iter().filter(|r| r.operation_id.is_none()).count(),
            2
        );
    }

    #[test]
    fn next_page_keeps_path_and_query_only_and_refuses_other_lists() {
        let account = account();
        let ok = next_incoming_numbers_page(
            &account,
            "https://evil.example/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/IncomingPhoneNumbers.json?PageSize=1000&Page=2&PageToken=PA%2Bx",
        )
        .unwrap();
        assert_eq!(
            ok.path,
            "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/IncomingPhoneNumbers.json"
        );
        assert_eq!(ok.param_values("PageToken"), ["PA+x"]);
        assert_eq!(ok.param_values("Page"), ["2"]);
        for bad in [
            "/2010-04-01/Accounts/ACffffffffffffffffffffffffffffffff/IncomingPhoneNumbers.json?Page=1",
            "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Calls.json?Page=1",
            "",
        ] {
            assert!(matches!(
                next_incoming_numbers_page(&account, bad),
                Err(TelephonyError::InvalidResponse { .. })
            ));
        }
        let apps = next_applications_page(
            &account,
            "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Applications.json?FriendlyName=Switchboard&PageSize=1000&Page=1&PageToken=PAx",
        )
        .unwrap();
        assert_eq!(apps.operation_id, Some("ListApplication"));
        assert_eq!(apps.param_values("FriendlyName"), ["Switchboard"]);
        assert_eq!(apps.param_values("PageToken"), ["PAx"]);
        for bad in [
            "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/IncomingPhoneNumbers.json?Page=1",
            "/2010-04-01/Accounts/ACffffffffffffffffffffffffffffffff/Applications.json?Page=1",
        ] {
            assert!(matches!(
                next_applications_page(&account, bad),
                Err(TelephonyError::InvalidResponse { .. })
            ));
        }
    }
}
