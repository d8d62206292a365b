//! AvailablePhoneNumbers searches.

use serde_json::Value;
use switchboard_twilio_sim::CapabilityKeyCase;

use crate::common::{Api, assert_conforms, assert_error, phone_numbers, sim, sim_with};

fn numbers(body: &Value) -> Vec<String> {
    phone_numbers(body, "available_phone_numbers")
}

#[tokio::test]
async fn an_area_code_search_lists_that_area_with_full_details() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let (status, body) = api
        .get(
            "AvailablePhoneNumbers/US/Local.json",
            &[("AreaCode", "415")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let found = numbers(&body);
    assert_eq!(found.len(), 20);
    assert!(found.iter().all(|n| n.starts_with("+1415555")));
    let first = &body["available_phone_numbers"][0];
    assert_eq!(first["phone_number"], "+14155550100");
    assert_eq!(first["friendly_name"], "(415) 555-0100");
    assert_eq!(first["locality"], "San Francisco");
    assert_eq!(first["region"], "CA");
    assert_eq!(first["iso_country"], "US");
    assert_eq!(first["address_requirements"], "none");
    assert_eq!(first["beta"], false);
    assert_eq!(first["capabilities"]["voice"], true);
    assert_eq!(body["uri"], api.path("AvailablePhoneNumbers/US/Local.json"));
    assert_conforms(&sim);
}

#[tokio::test]
async fn capability_filters_narrow_the_results() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let search = |filter: (&'static str, &'static str)| {
        let api = &api;
        async move {
            let (status, body) = api
                .get(
                    "AvailablePhoneNumbers/US/Local.json",
                    &[("AreaCode", "415"), filter],
                )
                .await;
            assert_eq!(status, 200, "{body}");
            body
        }
    };
    let sms = search(("SmsEnabled", "true")).await;
    assert_eq!(numbers(&sms).len(), 16);
    let mms = search(("MmsEnabled", "true")).await;
    assert_eq!(numbers(&mms).len(), 12);
    assert!(
        mms["available_phone_numbers"]
            .as_array()
            .expect("a list")
            .iter()
            .all(|n| n["capabilities"]["mms"] == true)
    );
    let no_voice = search(("VoiceEnabled", "false")).await;
    assert_eq!(numbers(&no_voice), ["+14155550118"]);
    assert_conforms(&sim);
}

#[tokio::test]
async fn contains_matches_digits_wildcards_letters_and_anchors() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let search = |pattern: &'static str| {
        let api = &api;
        async move {
            let (status, body) = api
                .get(
                    "AvailablePhoneNumbers/US/Local.json",
                    &[("Contains", pattern), ("PageSize", "100")],
                )
                .await;
            assert_eq!(status, 200, "{body}");
            numbers(&body)
        }
    };
    assert_eq!(search("5550105").await.len(), 5);
    let prefixed = search("+1212555010*").await;
    assert_eq!(prefixed.len(), 10);
    assert!(prefixed.iter().all(|n| n.starts_with("+121255501")));
    assert_eq!(search("0119$").await.len(), 5);
    // "JKL" spells 555 on a keypad.
    assert_eq!(search("JKL").await.len(), 100);
    assert!(search("9999").await.is_empty());
    assert_error(
        &api.get("AvailablePhoneNumbers/US/Local.json", &[("Contains", "1")])
            .await,
        400,
        400,
    );
    assert_conforms(&sim);
}

#[tokio::test]
async fn page_size_defaults_to_50_and_bought_numbers_are_not_offered() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let (_, all) = api.get("AvailablePhoneNumbers/US/Local.json", &[]).await;
    assert_eq!(numbers(&all).len(), 50);
    let (_, three) = api
        .get("AvailablePhoneNumbers/US/Local.json", &[("PageSize", "3")])
        .await;
    assert_eq!(numbers(&three).len(), 3);
    api.buy("+12065550100", &[]).await;
    let (_, seattle) = api
        .get(
            "AvailablePhoneNumbers/US/Local.json",
            &[("AreaCode", "206")],
        )
        .await;
    let seattle = numbers(&seattle);
    assert_eq!(seattle.len(), 19);
    assert!(!seattle.contains(&"+12065550100".to_owned()));
    assert_conforms(&sim);
}

#[tokio::test]
async fn toll_free_and_mobile_follow_each_country() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let (_, toll_free) = api
        .get(
            "AvailablePhoneNumbers/US/TollFree.json",
            &[("AreaCode", "800")],
        )
        .await;
    let toll_free = numbers(&toll_free);
    assert_eq!(toll_free.len(), 20);
    assert!(toll_free.iter().all(|n| n.starts_with("+1800555")));
    let (status, us_mobile) = api.get("AvailablePhoneNumbers/US/Mobile.json", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(us_mobile["available_phone_numbers"], serde_json::json!([]));
    let (_, gb_mobile) = api.get("AvailablePhoneNumbers/GB/Mobile.json", &[]).await;
    let gb_mobile = numbers(&gb_mobile);
    assert_eq!(gb_mobile.len(), 20);
    assert!(gb_mobile.iter().all(|n| n.starts_with("+447700900")));
    let (_, gb_local) = api.get("AvailablePhoneNumbers/GB/Local.json", &[]).await;
    assert!(
        numbers(&gb_local)
            .iter()
            .all(|n| n.starts_with("+44207946"))
    );
    let (_, canada) = api.get("AvailablePhoneNumbers/CA/Local.json", &[]).await;
    assert!(numbers(&canada).is_empty());
    assert_error(
        &api.get("AvailablePhoneNumbers/ZZ/Local.json", &[]).await,
        404,
        20404,
    );
    assert_conforms(&sim);
}

#[tokio::test]
async fn a_non_numeric_area_code_is_400_21451() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let response = api
        .get(
            "AvailablePhoneNumbers/US/Local.json",
            &[("AreaCode", "abc")],
        )
        .await;
    assert_error(&response, 400, 21451);
    // The request itself breaks the spec (AreaCode is an integer), so it is reported.
    let violations = sim.spec_violations();
    assert_eq!(violations.len(), 1, "{violations:#?}");
    assert!(
        violations[0].contains("param AreaCode"),
        "{}",
        violations[0]
    );
}

#[tokio::test]
async fn capabilities_keys_can_be_upper_case_like_the_live_api() {
    let sim = sim_with(|c| c.capability_key_case = CapabilityKeyCase::Upper).await;
    let api = Api::new(&sim);
    let (_, body) = api
        .get(
            "AvailablePhoneNumbers/US/Local.json",
            &[("AreaCode", "415"), ("PageSize", "1")],
        )
        .await;
    let capabilities = &body["available_phone_numbers"][0]["capabilities"];
    assert_eq!(capabilities["SMS"], true);
    assert_eq!(capabilities["MMS"], true);
    assert!(capabilities.get("sms").is_none());
    sim.set_capability_key_case(CapabilityKeyCase::Lower);
    let (_, body) = api
        .get(
            "AvailablePhoneNumbers/US/Local.json",
            &[("AreaCode", "415"), ("PageSize", "1")],
        )
        .await;
    assert_eq!(
        body["available_phone_numbers"][0]["capabilities"]["sms"],
        true
    );
    assert_conforms(&sim);
}
