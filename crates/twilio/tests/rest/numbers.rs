//! NumberProvider: search, purchase, rename, webhooks, release, listing, account.

use serde_json::json;
use switchboard_domain::numbers::{
    AreaCode, AvailableNumberQuery, Capabilities, ContainsPattern, CountryCode, FriendlyName,
    NumberType, NumberWebhooks, PurchaseRequest,
};
use switchboard_domain::ports::NumberProvider;
use switchboard_domain::telephony::TelephonyError;
use switchboard_domain::{AccountSid, ApiKeySid, IncomingNumberSid, PhoneNumber};
use switchboard_twilio::rest::{Credentials, Secret, TwilioRestClient};
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

fn webhooks() -> NumberWebhooks {
    NumberWebhooks::under(&Url::parse("https://switchboard.example.com").expect("a valid fixture"))
        .expect("a valid fixture")
}

fn webhook_pairs() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "VoiceUrl",
            "https://switchboard.example.com/webhooks/twilio/voice",
        ),
        ("VoiceMethod", "POST"),
        (
            "SmsUrl",
            "https://switchboard.example.com/webhooks/twilio/messages",
        ),
        ("SmsMethod", "POST"),
        (
            "StatusCallback",
            "https://switchboard.example.com/webhooks/twilio/voice/status",
        ),
        ("StatusCallbackMethod", "POST"),
    ]
}

fn number_sid() -> IncomingNumberSid {
    IncomingNumberSid::parse(NUMBER_SID).expect("a valid fixture")
}

fn number_path() -> String {
    account_path(&format!("IncomingPhoneNumbers/{NUMBER_SID}.json"))
}

/// A purchase of `phone_number` with the fixture webhooks.
fn purchase_of(phone_number: &str, friendly_name: Option<&str>) -> PurchaseRequest {
    PurchaseRequest {
        phone_number: PhoneNumber::parse(phone_number).expect("a valid fixture"),
        friendly_name: friendly_name.map(|n| FriendlyName::parse(n).expect("a valid fixture")),
        webhooks: webhooks(),
    }
}

/// A server expecting one update `POST` to the fixture number, answered with the number
/// named `friendly_name`.
async fn server_updating_the_number(friendly_name: &str) -> MockServer {
    let server = MockServer::start().await;
    answer_json(
        "POST",
        number_path(),
        200,
        incoming_number_json("+14155550100", friendly_name),
    )
    .expect(1)
    .mount(&server)
    .await;
    server
}

/// A mock answering the purchase `POST` with `status` and `body`.
fn purchase_answering(status: u16, body: serde_json::Value) -> Mock {
    answer_json(
        "POST",
        account_path("IncomingPhoneNumbers.json"),
        status,
        body,
    )
}

#[tokio::test]
async fn search_sends_every_filter_in_the_query_and_maps_numbers_in_either_key_case() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(account_path("AvailablePhoneNumbers/US/Local.json")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "available_phone_numbers": [
                {
                    "friendly_name": "(415) 555-0100",
                    "phone_number": "+14155550100",
                    "lata": "722",
                    "locality": "San Francisco",
                    "rate_center": "SNFC CA",
                    "latitude": "37.780000",
                    "longitude": "-122.420000",
                    "region": "CA",
                    "postal_code": "94103",
                    "iso_country": "US",
                    "address_requirements": "none",
                    "beta": false,
                    "capabilities": {"voice": true, "SMS": true, "MMS": false}
                },
                {
                    "friendly_name": "(415) 555-0101",
                    "phone_number": "+14155550101",
                    "locality": null,
                    "region": "",
                    "iso_country": "US",
                    "capabilities": {"voice": false, "sms": true, "mms": true}
                },
                {
                    "friendly_name": "(415) 555-0102",
                    "phone_number": "+14155550102",
                    "iso_country": "US",
                    "capabilities": {"voice": true, "sms": true, "mms": true}
                }
            ],
            "uri": format!("/2010-04-01/Accounts/{ACCOUNT}/AvailablePhoneNumbers/US/Local.json")
        })))
        .expect(1)
        .mount(&server)
        .await;

    let search = AvailableNumberQuery {
        area_code: Some(AreaCode::parse("415").unwrap()),
        contains: Some(ContainsPattern::parse("55*0").unwrap()),
        voice: Some(true),
        sms: Some(false),
        mms: None,
        limit: 2,
        ..AvailableNumberQuery::local(CountryCode::us())
    };
    let found = client(&server).search_available(&search).await.unwrap();

    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        &account_path("AvailablePhoneNumbers/US/Local.json"),
    );
    assert_eq!(
        query(&request),
        pairs(&[
            ("AreaCode", "415"),
            ("Contains", "55*0"),
            ("VoiceEnabled", "true"),
            ("SmsEnabled", "false"),
            ("PageSize", "2"),
        ])
    );
    assert_eq!(found.len(), 2, "cut to the query's limit");
    assert_eq!(found[0].phone_number.as_str(), "+14155550100");
    assert_eq!(found[0].friendly_name, "(415) 555-0100");
    assert_eq!(found[0].locality.as_deref(), Some("San Francisco"));
    assert_eq!(found[0].region.as_deref(), Some("CA"));
    assert_eq!(found[0].country, CountryCode::us());
    assert_eq!(
        found[0].capabilities,
        Capabilities {
            voice: true,
            sms: true,
            mms: false
        }
    );
    assert_eq!(found[1].locality, None);
    assert_eq!(found[1].region, None, "an empty region is no region");
    assert_eq!(
        found[1].capabilities,
        Capabilities {
            voice: false,
            sms: true,
            mms: true
        }
    );
}

#[tokio::test]
async fn toll_free_and_mobile_searches_use_their_resources_and_an_empty_page_is_no_numbers() {
    let server = MockServer::start().await;
    for resource in ["GB/TollFree.json", "GB/Mobile.json"] {
        Mock::given(method("GET"))
            .and(path(account_path(&format!(
                "AvailablePhoneNumbers/{resource}"
            ))))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "available_phone_numbers": [],
                "uri": "/ignored"
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    for number_type in [NumberType::TollFree, NumberType::Mobile] {
        let query = AvailableNumberQuery {
            number_type,
            ..AvailableNumberQuery::local(CountryCode::parse("gb").unwrap())
        };
        assert_eq!(client.search_available(&query).await.unwrap(), vec![]);
    }
    for request in received(&server).await {
        assert_eq!(query(&request), pairs(&[("PageSize", "20")]));
    }
}

#[tokio::test]
async fn purchase_posts_the_number_its_name_and_webhooks_and_maps_the_number() {
    let server = MockServer::start().await;
    purchase_answering(201, incoming_number_json("+14155550100", "Front desk"))
        .expect(1)
        .mount(&server)
        .await;

    let bought = client(&server)
        .purchase(&purchase_of("+14155550100", Some("Front desk")))
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_request(&request, "POST", &account_path("IncomingPhoneNumbers.json"));
    let mut expected = webhook_pairs();
    expected.extend([
        ("PhoneNumber", "+14155550100"),
        ("FriendlyName", "Front desk"),
    ]);
    assert_eq!(form(&request), pairs(&expected));

    assert_eq!(bought.sid, number_sid());
    assert_eq!(bought.phone_number.as_str(), "+14155550100");
    assert_eq!(bought.friendly_name, "Front desk");
    assert_eq!(
        bought.capabilities,
        Capabilities {
            voice: true,
            sms: false,
            mms: true
        }
    );
    assert_eq!(
        bought.voice_url.as_deref(),
        Some("https://switchboard.example.com/webhooks/twilio/voice")
    );
    assert_eq!(
        bought.sms_url.as_deref(),
        Some("https://switchboard.example.com/webhooks/twilio/messages")
    );
    assert_eq!(
        bought.created_at.map(|t| t.unix_timestamp()),
        Some(1_438_298_344)
    );
}

#[tokio::test]
async fn purchase_without_a_name_sends_no_friendly_name() {
    let server = MockServer::start().await;
    purchase_answering(201, incoming_number_json("+14155550100", "(415) 555-0100"))
        .mount(&server)
        .await;
    let bought = client(&server)
        .purchase(&purchase_of("+14155550100", None))
        .await
        .unwrap();
    let mut expected = webhook_pairs();
    expected.push(("PhoneNumber", "+14155550100"));
    assert_eq!(form(&only_request(&server).await), pairs(&expected));
    assert_eq!(bought.friendly_name, "(415) 555-0100");
}

#[tokio::test]
async fn purchase_of_a_number_no_longer_for_sale_is_no_numbers_available() {
    let server = MockServer::start().await;
    purchase_answering(
        400,
        error_json(21452, "No phone numbers found in area code 533", 400),
    )
    .expect(1)
    .mount(&server)
    .await;
    let err = client(&server)
        .purchase(&purchase_of("+15335550100", None))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        TelephonyError::NoNumbersAvailable {
            message: "No phone numbers found in area code 533".into()
        }
    );
    assert!(err.certainly_not_applied());
}

#[tokio::test]
async fn rename_posts_only_the_friendly_name_to_the_number() {
    let server = server_updating_the_number("Sales").await;
    let renamed = client(&server)
        .rename(&number_sid(), &FriendlyName::parse("Sales").unwrap())
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "POST", &number_path());
    assert_eq!(form(&request), pairs(&[("FriendlyName", "Sales")]));
    assert_eq!(renamed.friendly_name, "Sales");
}

#[tokio::test]
async fn configure_webhooks_posts_the_three_urls_with_post_methods() {
    let server = server_updating_the_number("Front desk").await;
    let number = client(&server)
        .configure_webhooks(&number_sid(), &webhooks())
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "POST", &number_path());
    assert_eq!(form(&request), pairs(&webhook_pairs()));
    assert_eq!(number.sid, number_sid());
}

#[tokio::test]
async fn rename_of_a_number_not_on_the_account_is_not_found() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(404).set_body_json(not_found_json()))
        .mount(&server)
        .await;
    let err = client(&server)
        .rename(&number_sid(), &FriendlyName::parse("Sales").unwrap())
        .await
        .unwrap_err();
    assert_eq!(err, TelephonyError::NotFound);
}

#[tokio::test]
async fn release_deletes_the_number_and_a_second_release_is_not_found() {
    let server = MockServer::start().await;
    let number_path = number_path();
    Mock::given(method("DELETE"))
        .and(path(number_path.clone()))
        .respond_with(ResponseTemplate::new(204))
        .up_to_n_times(1)
        .expect(1)
        .with_priority(1)
        .mount(&server)
        .await;
    answer_json("DELETE", number_path.clone(), 404, not_found_json())
        .mount(&server)
        .await;
    let client = client(&server);
    client.release(&number_sid()).await.unwrap();
    assert_eq!(
        client.release(&number_sid()).await,
        Err(TelephonyError::NotFound)
    );
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_request(&requests[0], "DELETE", &number_path);
    assert!(requests[0].url.query().is_none());
    assert!(requests[0].body.is_empty());
}

#[tokio::test]
async fn incoming_numbers_follows_next_page_uri_until_the_last_page() {
    let server = MockServer::start().await;
    let list_path = account_path("IncomingPhoneNumbers.json");
    let page_two = format!("{list_path}?PageSize=1000&Page=1&PageToken=PAabc123");
    let mut second = incoming_number_json("+14155550101", "Second");
    second["sid"] = json!("PNffffffffffffffffffffffffffffffff");
    second["capabilities"] = json!({"Voice": true, "SMS": true, "MMS": false});
    Mock::given(method("GET"))
        .and(path(list_path.clone()))
        .and(wiremock::matchers::query_param("Page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "end": 1,
            "first_page_uri": format!("{list_path}?PageSize=1000&Page=0"),
            "incoming_phone_numbers": [second],
            "next_page_uri": null,
            "page": 1,
            "page_size": 1000,
            "previous_page_uri": format!("{list_path}?PageSize=1000&Page=0"),
            "start": 1,
            "uri": page_two.clone()
        })))
        .expect(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(list_path.clone()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "end": 0,
            "first_page_uri": format!("{list_path}?PageSize=1000&Page=0"),
            "incoming_phone_numbers": [incoming_number_json("+14155550100", "First")],
            "next_page_uri": page_two,
            "page": 0,
            "page_size": 1000,
            "previous_page_uri": null,
            "start": 0,
            "uri": format!("{list_path}?PageSize=1000&Page=0")
        })))
        .expect(1)
        .mount(&server)
        .await;

    let numbers = client(&server).incoming_numbers().await.unwrap();

    let names: Vec<_> = numbers.iter().map(|n| n.friendly_name.as_str()).collect();
    assert_eq!(names, ["First", "Second"]);
    assert_eq!(
        numbers[1].capabilities,
        Capabilities {
            voice: true,
            sms: true,
            mms: false
        }
    );
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_request(&requests[0], "GET", &list_path);
    assert_eq!(query(&requests[0]), pairs(&[("PageSize", "1000")]));
    assert_request(&requests[1], "GET", &list_path);
    assert_eq!(
        query(&requests[1]),
        pairs(&[
            ("PageSize", "1000"),
            ("Page", "1"),
            ("PageToken", "PAabc123")
        ])
    );
}

#[tokio::test]
async fn a_next_page_uri_that_repeats_is_an_invalid_response_not_a_loop() {
    let server = MockServer::start().await;
    let list_path = account_path("IncomingPhoneNumbers.json");
    Mock::given(method("GET"))
        .and(path(list_path.clone()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "incoming_phone_numbers": [],
            "next_page_uri": format!("{list_path}?Page=1&PageToken=PAsame")
        })))
        .mount(&server)
        .await;
    let err = client(&server).incoming_numbers().await.unwrap_err();
    assert!(
        matches!(err, TelephonyError::InvalidResponse { .. }),
        "{err:?}"
    );
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn account_is_read_from_the_account_resource() {
    let server = MockServer::start().await;
    let account_resource = format!("/2010-04-01/Accounts/{ACCOUNT}.json");
    Mock::given(method("GET"))
        .and(path(account_resource.clone()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "auth_token": "auth_token",
            "date_created": "Thu, 30 Jul 2015 20:00:00 +0000",
            "date_updated": "Thu, 30 Jul 2015 20:00:00 +0000",
            "friendly_name": "Switchboard prod",
            "owner_account_sid": ACCOUNT,
            "sid": ACCOUNT,
            "status": "active",
            "subresource_uris": {},
            "type": "Full",
            "uri": format!("/2010-04-01/Accounts/{ACCOUNT}.json")
        })))
        .expect(1)
        .mount(&server)
        .await;
    let account = client(&server).account().await.unwrap();
    assert_request(&only_request(&server).await, "GET", &account_resource);
    assert_eq!(account.sid.as_str(), ACCOUNT);
    assert_eq!(account.friendly_name, "Switchboard prod");
    assert_eq!(account.status, "active");
    assert_eq!(account.account_type, "Full");
}

#[tokio::test]
async fn api_key_credentials_authenticate_with_the_key_sid_and_secret() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "available_phone_numbers": []
        })))
        .mount(&server)
        .await;
    let key = "SK0123456789abcdef0123456789abcdef";
    let mut config = config(&server);
    config.credentials = Credentials::ApiKey {
        sid: ApiKeySid::parse(key).unwrap(),
        secret: Secret::new("key-secret-value"),
    };
    let client = TwilioRestClient::new(config).unwrap();
    client
        .search_available(&AvailableNumberQuery::local(CountryCode::us()))
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        request.url.path(),
        account_path("AvailablePhoneNumbers/US/Local.json"),
        "the path still names the account"
    );
    assert_eq!(
        authorization(&request),
        Some(basic(key, "key-secret-value").as_str())
    );
    assert_eq!(client.account_sid(), &AccountSid::parse(ACCOUNT).unwrap());
}
