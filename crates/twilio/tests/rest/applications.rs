//! TwiML Apps: create, update and list (filtered, every page), and their errors.

use serde_json::{Value, json};
use switchboard_domain::ApplicationSid;
use switchboard_domain::numbers::FriendlyName;
use switchboard_domain::telephony::TelephonyError;
use switchboard_twilio::rest::{TwimlApp, TwimlAppSettings};
use url::Url;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::*;

const APP_SID: &str = "AP0123456789abcdef0123456789abcdef";
const OTHER_APP_SID: &str = "APfedcba9876543210fedcba9876543210";
const VOICE_URL: &str = "https://switchboard.example.com/webhooks/twilio/voice";
const STATUS_URL: &str = "https://switchboard.example.com/webhooks/twilio/voice/status";

fn settings(status_callback: Option<&str>) -> TwimlAppSettings {
    TwimlAppSettings {
        friendly_name: FriendlyName::parse("Switchboard").expect("a valid fixture"),
        voice_url: Url::parse(VOICE_URL).expect("a valid fixture"),
        status_callback: status_callback.map(|u| Url::parse(u).expect("a valid fixture")),
    }
}

/// An application resource as the spec's example prints it.
fn app_json(sid: &str, status_callback: Option<&str>) -> Value {
    json!({
        "account_sid": ACCOUNT,
        "api_version": "2010-04-01",
        "date_created": "Mon, 22 Aug 2011 20:59:45 +0000",
        "date_updated": "Tue, 18 Aug 2015 16:48:57 +0000",
        "friendly_name": "Switchboard",
        "message_status_callback": null,
        "sid": sid,
        "sms_fallback_method": "POST",
        "sms_fallback_url": null,
        "sms_method": "POST",
        "sms_status_callback": null,
        "sms_url": null,
        "status_callback": status_callback,
        "status_callback_method": "POST",
        "uri": format!("/2010-04-01/Accounts/{ACCOUNT}/Applications/{sid}.json"),
        "voice_caller_id_lookup": false,
        "voice_fallback_method": "POST",
        "voice_fallback_url": null,
        "voice_method": "POST",
        "voice_url": VOICE_URL,
        "public_application_connect_enabled": false
    })
}

fn expected_app(sid: &str, status_callback: Option<&str>) -> TwimlApp {
    TwimlApp {
        sid: ApplicationSid::parse(sid).expect("a valid fixture"),
        friendly_name: "Switchboard".to_owned(),
        voice_url: Some(Url::parse(VOICE_URL).expect("a valid fixture")),
        voice_method: Some("POST".to_owned()),
        status_callback: status_callback.map(|u| Url::parse(u).expect("a valid fixture")),
        status_callback_method: Some("POST".to_owned()),
    }
}

#[tokio::test]
async fn creating_an_app_posts_its_voice_url_and_status_callback() {
    let server = MockServer::start().await;
    answer_json(
        "POST",
        account_path("Applications.json"),
        201,
        app_json(APP_SID, Some(STATUS_URL)),
    )
    .expect(1)
    .mount(&server)
    .await;
    let app = client(&server)
        .create_application(&settings(Some(STATUS_URL)))
        .await
        .unwrap();
    assert_eq!(app, expected_app(APP_SID, Some(STATUS_URL)));
    let request = only_request(&server).await;
    assert_request(&request, "POST", &account_path("Applications.json"));
    assert_eq!(
        form(&request),
        pairs(&[
            ("FriendlyName", "Switchboard"),
            ("VoiceUrl", VOICE_URL),
            ("VoiceMethod", "POST"),
            ("StatusCallback", STATUS_URL),
            ("StatusCallbackMethod", "POST"),
        ])
    );
}

#[tokio::test]
async fn updating_an_app_posts_to_its_sid_and_leaves_an_unset_callback_out() {
    let server = MockServer::start().await;
    let app_path = account_path(&format!("Applications/{APP_SID}.json"));
    answer_json("POST", app_path.clone(), 200, app_json(APP_SID, None))
        .expect(1)
        .mount(&server)
        .await;
    let sid = ApplicationSid::parse(APP_SID).unwrap();
    let app = client(&server)
        .update_application(&sid, &settings(None))
        .await
        .unwrap();
    assert_eq!(app, expected_app(APP_SID, None));
    let request = only_request(&server).await;
    assert_request(&request, "POST", &app_path);
    assert_eq!(
        form(&request),
        pairs(&[
            ("FriendlyName", "Switchboard"),
            ("VoiceUrl", VOICE_URL),
            ("VoiceMethod", "POST"),
        ])
    );
}

#[tokio::test]
async fn listing_apps_filters_by_name_and_follows_every_page() {
    let server = MockServer::start().await;
    let list = account_path("Applications.json");
    let next = format!("{list}?FriendlyName=Switchboard&PageSize=1000&Page=1&PageToken=PAnext");
    Mock::given(method("GET"))
        .and(path(list.clone()))
        .and(query_param("PageToken", "PAnext"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "applications": [app_json(OTHER_APP_SID, None)],
            "next_page_uri": null, "previous_page_uri": list.clone(), "page": 1, "page_size": 1000,
            "start": 1, "end": 1, "uri": next.clone(), "first_page_uri": list.clone()
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(list.clone()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "applications": [app_json(APP_SID, Some(STATUS_URL))],
            "next_page_uri": next, "previous_page_uri": null, "page": 0, "page_size": 1000,
            "start": 0, "end": 0, "uri": list.clone(), "first_page_uri": list.clone()
        })))
        .with_priority(10)
        .expect(1)
        .mount(&server)
        .await;
    let name = FriendlyName::parse("Switchboard").unwrap();
    let apps = client(&server).applications(Some(&name)).await.unwrap();
    assert_eq!(
        apps,
        [
            expected_app(APP_SID, Some(STATUS_URL)),
            expected_app(OTHER_APP_SID, None)
        ]
    );
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    assert_request(&requests[0], "GET", &list);
    assert_eq!(
        query(&requests[0]),
        pairs(&[("FriendlyName", "Switchboard"), ("PageSize", "1000")])
    );
    assert_request(&requests[1], "GET", &list);
    assert_eq!(
        query(&requests[1]),
        pairs(&[
            ("FriendlyName", "Switchboard"),
            ("PageSize", "1000"),
            ("Page", "1"),
            ("PageToken", "PAnext"),
        ])
    );
}

#[tokio::test]
async fn listing_without_a_name_sends_only_the_page_size_and_an_empty_list_is_empty() {
    let server = MockServer::start().await;
    answer_json(
        "GET",
        account_path("Applications.json"),
        200,
        json!({"applications": [], "next_page_uri": null, "page": 0, "page_size": 1000}),
    )
    .expect(1)
    .mount(&server)
    .await;
    assert_eq!(client(&server).applications(None).await.unwrap(), []);
    assert_eq!(
        query(&only_request(&server).await),
        pairs(&[("PageSize", "1000")])
    );
}

#[tokio::test]
async fn a_refused_app_is_rejected_with_twilio_s_code_and_an_unknown_one_is_not_found() {
    let server = MockServer::start().await;
    answer_json(
        "POST",
        account_path("Applications.json"),
        400,
        error_json(21502, "Invalid callback url", 400),
    )
    .expect(1)
    .mount(&server)
    .await;
    answer_json(
        "POST",
        account_path(&format!("Applications/{APP_SID}.json")),
        404,
        not_found_json(),
    )
    .expect(1)
    .mount(&server)
    .await;
    let client = client(&server);
    assert_eq!(
        client.create_application(&settings(None)).await,
        Err(TelephonyError::Rejected {
            status: 400,
            code: Some(21502),
            message: "Invalid callback url".to_owned()
        })
    );
    let sid = ApplicationSid::parse(APP_SID).unwrap();
    assert_eq!(
        client.update_application(&sid, &settings(None)).await,
        Err(TelephonyError::NotFound)
    );
}

#[tokio::test]
async fn a_next_page_elsewhere_or_a_repeated_page_is_an_invalid_response() {
    for next in [
        "https://evil.example/2010-04-01/Accounts/ACffffffffffffffffffffffffffffffff/Applications.json?Page=1".to_owned(),
        format!("{}?PageSize=1000", account_path("Applications.json")),
    ] {
        let server = MockServer::start().await;
        answer_json(
            "GET",
            account_path("Applications.json"),
            200,
            json!({"applications": [app_json(APP_SID, None)], "next_page_uri": next}),
        )
        .mount(&server)
        .await;
        let result = client(&server).applications(None).await;
        assert!(
            matches!(result, Err(TelephonyError::InvalidResponse { .. })),
            "{next}: {result:?}"
        );
        assert!(received(&server).await.len() <= 2, "{next}");
    }
}

#[tokio::test]
async fn an_app_without_a_valid_sid_is_an_invalid_response() {
    let server = MockServer::start().await;
    answer_json(
        "POST",
        account_path("Applications.json"),
        201,
        app_json("PN0123456789abcdef0123456789abcdef", None),
    )
    .mount(&server)
    .await;
    assert!(matches!(
        client(&server).create_application(&settings(None)).await,
        Err(TelephonyError::InvalidResponse { reason }) if reason.contains("sid")
    ));
}
