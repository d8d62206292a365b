//! IncomingPhoneNumbers: buying, listing with paging, updating, releasing, seeding.

use serde_json::Value;
use switchboard_twilio_sim::{NumberSeed, NumberType};

use crate::common::{Api, assert_conforms, assert_error, phone_numbers, sim};

#[tokio::test]
async fn buying_a_number_returns_the_full_resource() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let body = api
        .buy(
            "+14155550101",
            &[
                ("VoiceUrl", "https://app.example/voice"),
                ("SmsUrl", "https://app.example/sms"),
                ("SmsMethod", "GET"),
            ],
        )
        .await;
    let sid = body["sid"].as_str().expect("a sid");
    assert!(sid.starts_with("PN") && sid.len() == 34, "{sid}");
    assert_eq!(body["account_sid"], sim.account_sid());
    assert_eq!(body["phone_number"], "+14155550101");
    assert_eq!(body["friendly_name"], "(415) 555-0101");
    assert_eq!(body["voice_url"], "https://app.example/voice");
    assert_eq!(body["voice_method"], "POST");
    assert_eq!(body["sms_url"], "https://app.example/sms");
    assert_eq!(body["sms_method"], "GET");
    assert_eq!(body["status_callback"], "");
    assert_eq!(body["status"], "in-use");
    assert_eq!(body["origin"], "twilio");
    assert_eq!(body["capabilities"]["voice"], true);
    assert_eq!(
        body["uri"],
        api.path(&format!("IncomingPhoneNumbers/{sid}.json"))
    );
    let created = body["date_created"].as_str().expect("a date");
    assert!(
        created.ends_with(" +0000") && created.contains(", "),
        "{created}"
    );
    let owned = sim.incoming_numbers();
    assert_eq!(owned.len(), 1);
    assert_eq!(owned[0].sid, sid);
    assert_eq!(owned[0].number_type, NumberType::Local);
    assert_conforms(&sim);
}

#[tokio::test]
async fn buying_by_area_code_takes_the_first_free_number() {
    let sim = sim().await;
    let api = Api::new(&sim);
    api.buy("+13125550100", &[]).await;
    let (status, body) = api
        .post(
            "IncomingPhoneNumbers.json",
            &[("AreaCode", "312"), ("FriendlyName", "Chicago line")],
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["phone_number"], "+13125550101");
    assert_eq!(body["friendly_name"], "Chicago line");
    assert_conforms(&sim);
}

#[tokio::test]
async fn an_area_code_with_nothing_free_is_21452() {
    let sim = sim().await;
    let api = Api::new(&sim);
    assert_error(
        &api.post("IncomingPhoneNumbers.json", &[("AreaCode", "533")])
            .await,
        400,
        21452,
    );
    for n in 0..20 {
        let (status, _) = api
            .post("IncomingPhoneNumbers.json", &[("AreaCode", "512")])
            .await;
        assert_eq!(status, 201, "purchase {n}");
    }
    assert_error(
        &api.post("IncomingPhoneNumbers.json", &[("AreaCode", "512")])
            .await,
        400,
        21452,
    );
    assert_error(
        &api.post("IncomingPhoneNumbers.json", &[("AreaCode", "51")])
            .await,
        400,
        21451,
    );
    assert_conforms(&sim);
}

#[tokio::test]
async fn unavailable_invalid_or_missing_numbers_are_rejected() {
    let sim = sim().await;
    let api = Api::new(&sim);
    api.buy("+14155550102", &[]).await;
    let owned = api
        .post(
            "IncomingPhoneNumbers.json",
            &[("PhoneNumber", "+14155550102")],
        )
        .await;
    assert_error(&owned, 400, 21422);
    assert_eq!(owned.1["message"], "PhoneNumber is not available");
    assert_error(
        &api.post(
            "IncomingPhoneNumbers.json",
            &[("PhoneNumber", "+14155559999")],
        )
        .await,
        400,
        21422,
    );
    assert_error(
        &api.post(
            "IncomingPhoneNumbers.json",
            &[("PhoneNumber", "415-555-0100")],
        )
        .await,
        400,
        21421,
    );
    let neither = api
        .post("IncomingPhoneNumbers.json", &[("FriendlyName", "x")])
        .await;
    assert_error(&neither, 400, 400);
    assert_eq!(neither.1["message"], "did or area_code is required");
    assert_error(
        &api.post(
            "IncomingPhoneNumbers.json",
            &[("PhoneNumber", "+14155550103"), ("VoiceUrl", "not a url")],
        )
        .await,
        400,
        21402,
    );
    assert_eq!(sim.incoming_numbers().len(), 1);
}

fn page_numbers(body: &Value) -> Vec<String> {
    phone_numbers(body, "incoming_phone_numbers")
}

#[tokio::test]
async fn the_list_pages_with_next_and_previous_uris() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let mut bought = Vec::new();
    for n in 0..5 {
        let number = format!("+12125550{}", 110 + n);
        api.buy(&number, &[]).await;
        bought.push(number);
    }
    let (status, first) = api
        .get("IncomingPhoneNumbers.json", &[("PageSize", "2")])
        .await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(page_numbers(&first), bought[..2]);
    assert_eq!(first["page"], 0);
    assert_eq!(first["page_size"], 2);
    assert_eq!(first["start"], 0);
    assert_eq!(first["end"], 1);
    assert_eq!(first["previous_page_uri"], Value::Null);
    assert_eq!(
        first["first_page_uri"],
        format!(
            "{}?PageSize=2&Page=0",
            api.path("IncomingPhoneNumbers.json")
        )
    );

    // Follow next_page_uri to the end, as a client does.
    let mut seen = page_numbers(&first);
    let mut next = first["next_page_uri"].as_str().map(str::to_owned);
    let mut last = first;
    while let Some(uri) = next {
        let response = api.raw_get(&uri).await;
        assert_eq!(response.status(), 200);
        let page: Value = response.json().await.expect("a JSON page");
        seen.extend(page_numbers(&page));
        next = page["next_page_uri"].as_str().map(str::to_owned);
        last = page;
    }
    assert_eq!(seen, bought);
    assert_eq!(last["page"], 2);
    assert_eq!(last["start"], 4);
    let previous = last["previous_page_uri"]
        .as_str()
        .expect("a previous page")
        .to_owned();
    let page: Value = api
        .raw_get(&previous)
        .await
        .json()
        .await
        .expect("a JSON page");
    assert_eq!(page_numbers(&page), bought[2..4]);
    assert_conforms(&sim);
}

#[tokio::test]
async fn the_list_filters_by_phone_number_and_friendly_name() {
    let sim = sim().await;
    let api = Api::new(&sim);
    api.buy("+14155550105", &[("FriendlyName", "Support")])
        .await;
    api.buy("+12125550105", &[]).await;
    let (_, exact) = api
        .get(
            "IncomingPhoneNumbers.json",
            &[("PhoneNumber", "+14155550105")],
        )
        .await;
    assert_eq!(page_numbers(&exact), ["+14155550105"]);
    assert!(
        exact["uri"]
            .as_str()
            .is_some_and(|u| u.contains("PhoneNumber=%2B14155550105")),
        "{exact}"
    );
    let (_, partial) = api
        .get("IncomingPhoneNumbers.json", &[("PhoneNumber", "5550105")])
        .await;
    assert_eq!(page_numbers(&partial).len(), 2);
    let (_, named) = api
        .get("IncomingPhoneNumbers.json", &[("FriendlyName", "Support")])
        .await;
    assert_eq!(page_numbers(&named), ["+14155550105"]);
    assert_conforms(&sim);
}

#[tokio::test]
async fn fetch_update_and_delete_a_number() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let bought = api.buy("+14155550106", &[]).await;
    let path = format!(
        "IncomingPhoneNumbers/{}.json",
        bought["sid"].as_str().expect("a sid")
    );
    let (status, fetched) = api.get(&path, &[]).await;
    assert_eq!(status, 200);
    assert_eq!(fetched["sid"], bought["sid"]);

    let (status, updated) = api
        .post(
            &path,
            &[
                ("FriendlyName", "Front desk"),
                ("VoiceUrl", "https://app.example/v2"),
                ("VoiceMethod", "GET"),
                ("StatusCallback", "https://app.example/status"),
                ("SmsUrl", "https://app.example/sms"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["friendly_name"], "Front desk");
    assert_eq!(updated["voice_url"], "https://app.example/v2");
    assert_eq!(updated["voice_method"], "GET");
    assert_eq!(updated["status_callback"], "https://app.example/status");
    let (_, cleared) = api.post(&path, &[("SmsUrl", "")]).await;
    assert_eq!(cleared["sms_url"], "");
    assert_eq!(cleared["voice_url"], "https://app.example/v2");

    let (status, body) = api.delete(&path).await;
    assert_eq!((status, body), (204, Value::Null));
    assert_error(&api.get(&path, &[]).await, 404, 20404);
    assert_error(&api.delete(&path).await, 404, 20404);
    // Released, the number is for sale again.
    let again = api.buy("+14155550106", &[]).await;
    assert_ne!(again["sid"], bought["sid"]);
    let violations: Vec<String> = sim.spec_violations();
    assert!(violations.is_empty(), "{violations:#?}");
}

#[tokio::test]
async fn seeded_numbers_are_listed_and_cannot_be_bought_again() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let seeded = sim
        .add_incoming_number(
            NumberSeed::new("+14155550107")
                .friendly_name("Pool 1")
                .voice_url("https://app.example/voice"),
        )
        .expect("a valid seed");
    // Numbers outside the inventory can be seeded too (ported-in numbers).
    sim.add_incoming_number(NumberSeed::new("+15005550006"))
        .expect("a valid seed");
    assert!(
        sim.add_incoming_number(NumberSeed::new("+14155550107"))
            .is_err()
    );
    assert!(
        sim.add_incoming_number(NumberSeed::new("4155550107"))
            .is_err()
    );
    let (_, list) = api.get("IncomingPhoneNumbers.json", &[]).await;
    assert_eq!(page_numbers(&list), ["+14155550107", "+15005550006"]);
    assert_eq!(list["incoming_phone_numbers"][0]["sid"], seeded.sid);
    assert_eq!(list["incoming_phone_numbers"][0]["friendly_name"], "Pool 1");
    assert_error(
        &api.post(
            "IncomingPhoneNumbers.json",
            &[("PhoneNumber", "+14155550107")],
        )
        .await,
        400,
        21422,
    );
    assert_conforms(&sim);
}
