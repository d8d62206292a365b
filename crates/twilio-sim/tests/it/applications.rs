//! TwiML Apps: create, fetch, update, list (by `FriendlyName`), delete, and seeded ones.

use serde_json::Value;
use switchboard_twilio_sim::ApplicationSeed;
use switchboard_twilio_sim::spec::Spec;

use crate::common::{Api, assert_conforms, assert_error, sim};

const APP_SID: &str = "AP0123456789abcdef0123456789abcdef";

fn sid(body: &Value) -> String {
    body["sid"].as_str().expect("a sid").to_owned()
}

#[tokio::test]
async fn an_application_is_created_fetched_updated_and_deleted() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let (status, created) = api
        .post(
            "Applications.json",
            &[
                ("FriendlyName", "Switchboard"),
                ("VoiceUrl", "https://sb.example.com/webhooks/twilio/voice"),
                ("VoiceMethod", "POST"),
                (
                    "StatusCallback",
                    "https://sb.example.com/webhooks/twilio/voice/status",
                ),
            ],
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let app_sid = sid(&created);
    assert!(
        app_sid.starts_with("AP") && app_sid.len() == 34,
        "{app_sid}"
    );
    assert_eq!(created["friendly_name"], "Switchboard");
    assert_eq!(
        created["voice_url"],
        "https://sb.example.com/webhooks/twilio/voice"
    );
    assert_eq!(created["voice_method"], "POST");
    assert_eq!(
        created["status_callback"],
        "https://sb.example.com/webhooks/twilio/voice/status"
    );
    assert_eq!(created["sms_url"], Value::Null);
    assert_eq!(created["account_sid"], sim.account_sid());
    assert_eq!(
        created["uri"],
        api.path(&format!("Applications/{app_sid}.json"))
    );
    let declared = Spec::embedded()
        .expect("the spec loads")
        .declared_properties("POST", &api.path("Applications.json"), 201)
        .expect("a declared body");
    for name in &declared {
        assert!(created.get(name).is_some(), "the JSON lacks {name}");
    }

    let one = format!("Applications/{app_sid}.json");
    let (status, fetched) = api.get(&one, &[]).await;
    assert_eq!(status, 200);
    assert_eq!(fetched, created);

    let (status, updated) = api
        .post(
            &one,
            &[
                ("VoiceUrl", "https://sb2.example.com/voice"),
                ("StatusCallback", ""),
            ],
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["voice_url"], "https://sb2.example.com/voice");
    assert_eq!(updated["status_callback"], Value::Null);
    assert_eq!(updated["friendly_name"], "Switchboard");

    assert_eq!(api.delete(&one).await.0, 204);
    assert_error(&api.get(&one, &[]).await, 404, 20404);
    assert_error(&api.delete(&one).await, 404, 20404);
    assert!(sim.applications().is_empty());
    assert_conforms(&sim);
    // A malformed URL is refused (and reported as outside the spec).
    let (_, again) = api.post("Applications.json", &[]).await;
    let again = format!("Applications/{}.json", sid(&again));
    assert_error(
        &api.post(&again, &[("VoiceUrl", "not a url")]).await,
        400,
        21402,
    );
    assert_eq!(sim.spec_violations().len(), 1);
}

#[tokio::test]
async fn applications_are_listed_oldest_first_and_filtered_by_friendly_name() {
    let sim = sim().await;
    let api = Api::new(&sim);
    for name in ["voice", "other", "voice"] {
        let (status, body) = api
            .post("Applications.json", &[("FriendlyName", name)])
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let (_, unnamed) = api.post("Applications.json", &[]).await;
    assert_eq!(unnamed["friendly_name"], unnamed["sid"]);

    let (status, all) = api.get("Applications.json", &[]).await;
    assert_eq!(status, 200, "{all}");
    let names: Vec<&str> = all["applications"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|a| a["friendly_name"].as_str().expect("a name"))
        .collect();
    assert_eq!(names[..3], ["voice", "other", "voice"]);
    assert_eq!(names.len(), 4);

    let (_, voice) = api
        .get(
            "Applications.json",
            &[("FriendlyName", "voice"), ("PageSize", "1")],
        )
        .await;
    assert_eq!(voice["applications"].as_array().map(Vec::len), Some(1));
    assert_eq!(voice["applications"][0]["friendly_name"], "voice");
    let next = voice["next_page_uri"].as_str().expect("a second page");
    assert!(next.contains("FriendlyName=voice"), "{next}");
    let (_, second) = api.get_path(next, &[]).await;
    assert_eq!(second["applications"][0]["friendly_name"], "voice");
    assert_eq!(second["next_page_uri"], Value::Null);

    let (_, none) = api
        .get("Applications.json", &[("FriendlyName", "nobody")])
        .await;
    assert_eq!(none["applications"], Value::Array(Vec::new()));
    assert_conforms(&sim);
}

#[tokio::test]
async fn a_seeded_application_keeps_its_sid_and_is_served() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let app = sim
        .add_application(
            ApplicationSeed::new()
                .sid(APP_SID)
                .friendly_name("Switchboard stand-in")
                .voice_url("https://sb.example.com/webhooks/twilio/voice"),
        )
        .expect("a seed");
    assert_eq!(app.sid, APP_SID);
    let (status, fetched) = api.get(&format!("Applications/{APP_SID}.json"), &[]).await;
    assert_eq!(status, 200, "{fetched}");
    assert_eq!(fetched["friendly_name"], "Switchboard stand-in");
    assert_eq!(fetched["status_callback"], Value::Null);
    assert!(
        sim.add_application(ApplicationSeed::new().sid(APP_SID))
            .is_err()
    );
    assert!(
        sim.add_application(ApplicationSeed::new().sid("AP1"))
            .is_err()
    );
    assert!(
        sim.add_application(ApplicationSeed::new().voice_url("/relative"))
            .is_err()
    );
    assert_conforms(&sim);
}
