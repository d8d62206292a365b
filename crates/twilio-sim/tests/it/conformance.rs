//! Every resource the stand-in renders carries every field the spec declares for it, in
//! both capability key spellings; and the server stops cleanly.

use serde_json::Value;
use switchboard_twilio_sim::spec::Spec;
use switchboard_twilio_sim::{CallStatus, CapabilityKeyCase, NumberSeed};

use crate::common::{Api, assert_conforms, sim_with};

fn assert_complete(method: &str, path: &str, status: u16, body: &Value) {
    let spec = Spec::embedded().expect("the spec loads");
    let declared = spec
        .declared_properties(method, path, status)
        .expect("a declared body");
    let missing: Vec<&String> = declared
        .iter()
        .filter(|name| body.get(name.as_str()).is_none())
        .collect();
    assert!(missing.is_empty(), "{method} {path} lacks {missing:?}");
}

#[tokio::test]
async fn every_resource_renders_every_declared_field() {
    for case in [CapabilityKeyCase::Lower, CapabilityKeyCase::Upper] {
        let sim = sim_with(|c| c.capability_key_case = case).await;
        let api = Api::new(&sim);
        sim.add_incoming_number(NumberSeed::new("+14155550110"))
            .expect("a seed");

        let number = api.buy("+14155550111", &[]).await;
        assert_complete("POST", &api.path("IncomingPhoneNumbers.json"), 201, &number);
        let list_path = api.path("IncomingPhoneNumbers.json");
        let (_, list) = api.get_path(&list_path, &[]).await;
        assert_complete("GET", &list_path, 200, &list);

        let account_path = format!("/2010-04-01/Accounts/{}.json", sim.account_sid());
        let (_, account) = api.get_path(&account_path, &[]).await;
        assert_complete("GET", &account_path, 200, &account);

        let (_, call) = api
            .post(
                "Calls.json",
                &[
                    ("To", "+14155551234"),
                    ("From", "+14155550110"),
                    ("Url", "https://app.example/twiml"),
                    ("Record", "true"),
                ],
            )
            .await;
        assert_complete("POST", &api.path("Calls.json"), 201, &call);
        let call_sid = call["sid"].as_str().expect("a sid");
        sim.complete_call(call_sid, 4).await.expect("completes");
        let recording_sid = sim
            .call(call_sid)
            .and_then(|c| c.recording_sid)
            .expect("a recording");
        let recording_path = api.path(&format!("Recordings/{recording_sid}.json"));
        let (_, recording) = api.get_path(&recording_path, &[]).await;
        assert_complete("GET", &recording_path, 200, &recording);

        let (_, message) = api
            .post(
                "Messages.json",
                &[
                    ("To", "+14155551234"),
                    ("From", "+14155550110"),
                    ("Body", "hi"),
                ],
            )
            .await;
        assert_complete("POST", &api.path("Messages.json"), 201, &message);

        assert_eq!(
            sim.call(call_sid).map(|c| c.status),
            Some(CallStatus::Completed)
        );
        assert_conforms(&sim);
        sim.stop().await;
    }
}

#[tokio::test]
async fn a_stopped_stand_in_refuses_connections() {
    let sim = sim_with(|_| {}).await;
    let url = format!(
        "{}/2010-04-01/Accounts/{}.json",
        sim.base_url(),
        sim.account_sid()
    );
    sim.stop().await;
    let result = crate::common::http().get(url).send().await;
    assert!(result.is_err_and(|e| e.is_connect()));
}
