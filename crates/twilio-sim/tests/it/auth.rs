//! HTTP Basic auth: account credentials, API keys, and the 401/404 answers otherwise.

use crate::common::{Api, KEY_SECRET, KEY_SID, assert_conforms, assert_error, http, sim};

#[tokio::test]
async fn requests_without_credentials_get_401_authenticate() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let response = http()
        .get(api.url(&api.path("IncomingPhoneNumbers.json")))
        .send()
        .await
        .expect("the request is answered");
    assert_eq!(response.status(), 401);
    assert_eq!(
        response.headers()["www-authenticate"],
        "Basic realm=\"Twilio API\""
    );
    let body: serde_json::Value = response.json().await.expect("a JSON body");
    assert_eq!(
        body,
        serde_json::json!({
            "code": 20003,
            "message": "Authenticate",
            "more_info": "https://www.twilio.com/docs/errors/20003",
            "status": 401
        })
    );
    assert_conforms(&sim);
}

#[tokio::test]
async fn a_wrong_token_or_unknown_user_gets_401() {
    let sim = sim().await;
    let wrong_token = Api::with_credentials(&sim, sim.account_sid(), "not-the-token");
    assert_error(
        &wrong_token.get("IncomingPhoneNumbers.json", &[]).await,
        401,
        20003,
    );
    let unknown_key = Api::with_credentials(&sim, KEY_SID, KEY_SECRET);
    assert_error(
        &unknown_key.get("IncomingPhoneNumbers.json", &[]).await,
        401,
        20003,
    );
    let requests = sim.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.status == 401));
    assert_eq!(requests[1].username.as_deref(), Some(KEY_SID));
}

#[tokio::test]
async fn a_registered_api_key_authenticates_but_a_standard_one_cannot_read_the_account() {
    let sim = sim().await;
    sim.add_api_key(KEY_SID, KEY_SECRET).expect("a valid key");
    let with_key = Api::with_credentials(&sim, KEY_SID, KEY_SECRET);
    let (status, body) = with_key.get("IncomingPhoneNumbers.json", &[]).await;
    assert_eq!(status, 200, "{body}");
    let account_path = format!("/2010-04-01/Accounts/{}.json", sim.account_sid());
    assert_error(&with_key.get_path(&account_path, &[]).await, 401, 20003);

    let main_sid = "SKfedcba9876543210fedcba9876543210";
    sim.add_main_api_key(main_sid, "main-secret")
        .expect("a valid key");
    let with_main = Api::with_credentials(&sim, main_sid, "main-secret");
    let (status, body) = with_main.get_path(&account_path, &[]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["sid"], sim.account_sid());
    assert!(sim.add_api_key("AK123", "x").is_err());
    assert_conforms(&sim);
}

#[tokio::test]
async fn another_accounts_path_is_not_found_even_with_valid_credentials() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let other = "/2010-04-01/Accounts/ACffffffffffffffffffffffffffffffff/IncomingPhoneNumbers.json";
    let response = api.get_path(other, &[]).await;
    assert_error(&response, 404, 20404);
    assert_eq!(
        response.1["message"],
        format!("The requested resource {other} was not found")
    );
    assert_conforms(&sim);
}

#[tokio::test]
async fn unknown_resources_are_404_and_unsupported_methods_405() {
    let sim = sim().await;
    let api = Api::new(&sim);
    assert_error(
        &api.get("Calls/CA00000000000000000000000000000000.json", &[])
            .await,
        404,
        20404,
    );
    assert_error(&api.get("Queues.json", &[]).await, 404, 20404);
    assert_error(&api.delete("Messages.json").await, 405, 20004);
    // Unknown paths and methods are, by definition, outside the spec.
    let violations = sim.spec_violations();
    assert_eq!(violations.len(), 4, "{violations:#?}");
    assert!(violations.iter().any(|v| v.contains("no operation")));
    assert!(
        violations
            .iter()
            .any(|v| v.contains("DELETE is not declared"))
    );
}
