//! Fault injection, and spec violations for malformed requests.

use std::time::{Duration, Instant};

use crate::common::{Api, assert_conforms, assert_error, sim, sim_owning};

#[tokio::test]
async fn fail_next_answers_the_next_requests_with_the_given_error() {
    let sim = sim().await;
    let api = Api::new(&sim);
    sim.fail_next(2, 429, 20429, "Too Many Requests");
    assert_error(&api.get("IncomingPhoneNumbers.json", &[]).await, 429, 20429);
    assert_error(
        &api.get("AvailablePhoneNumbers/US/Local.json", &[]).await,
        429,
        20429,
    );
    let (status, _) = api.get("IncomingPhoneNumbers.json", &[]).await;
    assert_eq!(status, 200);
    assert_conforms(&sim);
}

#[tokio::test]
async fn fail_next_matching_only_hits_matching_paths() {
    let sim = sim().await;
    let api = Api::new(&sim);
    sim.fail_next_matching(
        1,
        "IncomingPhoneNumbers",
        500,
        20500,
        "Internal Server Error",
    );
    let (status, _) = api.get("AvailablePhoneNumbers/US/Local.json", &[]).await;
    assert_eq!(status, 200);
    let failed = api
        .post(
            "IncomingPhoneNumbers.json",
            &[("PhoneNumber", "+14155550100")],
        )
        .await;
    assert_error(&failed, 500, 20500);
    assert_eq!(failed.1["message"], "Internal Server Error");
    // A failed purchase bought nothing; the retry succeeds.
    assert!(sim.incoming_numbers().is_empty());
    api.buy("+14155550100", &[]).await;
    assert_conforms(&sim);
}

#[tokio::test]
async fn an_unavailable_twilio_answers_503_until_restored() {
    let sim = sim().await;
    let api = Api::new(&sim);
    sim.set_unavailable(true);
    assert_error(&api.get("IncomingPhoneNumbers.json", &[]).await, 503, 20503);
    assert_error(&api.post("Calls.json", &[]).await, 503, 20503);
    sim.set_unavailable(false);
    let (status, _) = api.get("IncomingPhoneNumbers.json", &[]).await;
    assert_eq!(status, 200);
    sim.fail_next(5, 500, 20500, "x");
    sim.clear_faults();
    let (status, _) = api.get("IncomingPhoneNumbers.json", &[]).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn delay_next_slows_requests_down() {
    let sim = sim().await;
    let api = Api::new(&sim);
    sim.delay_next(1, Duration::from_millis(300));
    let started = Instant::now();
    let (status, _) = api.get("IncomingPhoneNumbers.json", &[]).await;
    assert_eq!(status, 200);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    sim.delay_next_matching(1, "Calls", Duration::from_secs(30));
    let fast = Instant::now();
    api.get("IncomingPhoneNumbers.json", &[]).await;
    assert!(fast.elapsed() < Duration::from_secs(10));
    // A client with a short timeout gives up on a slow Twilio.
    sim.delay_next(1, Duration::from_secs(5));
    let impatient = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(200))
        .build()
        .expect("a client");
    let result = impatient
        .get(api.url(&api.path("IncomingPhoneNumbers.json")))
        .basic_auth(sim.account_sid(), Some(sim.auth_token()))
        .send()
        .await;
    assert!(result.is_err_and(|e| e.is_timeout()));
}

#[tokio::test]
async fn an_undeclared_parameter_is_served_but_reported() {
    let sim = sim_owning("+14155550110").await;
    let api = Api::new(&sim);
    let (status, body) = api
        .post(
            "Calls.json",
            &[
                ("To", "+14155551234"),
                ("From", "+14155550110"),
                ("Url", "https://app.example/twiml"),
                ("StatusCallbackUrl", "https://app.example/status"),
            ],
        )
        .await;
    // Twilio ignores unknown parameters, and so does the stand-in...
    assert_eq!(status, 201, "{body}");
    // ...but the checker reports it.
    let violations = sim.spec_violations();
    assert_eq!(violations.len(), 1, "{violations:#?}");
    assert!(violations[0].starts_with("request: "));
    assert!(violations[0].contains("StatusCallbackUrl"));
    assert!(violations[0].contains("not a declared form field"));
    sim.clear_log();
    assert!(sim.spec_violations().is_empty());
    assert!(sim.requests().is_empty());
}

#[tokio::test]
async fn every_request_is_recorded_with_its_params_and_status() {
    let sim = sim().await;
    let api = Api::new(&sim);
    api.get(
        "AvailablePhoneNumbers/US/Local.json",
        &[("AreaCode", "415")],
    )
    .await;
    api.post("IncomingPhoneNumbers.json", &[("AreaCode", "415")])
        .await;
    let requests = sim.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(
        requests[0].params,
        [("AreaCode".to_owned(), "415".to_owned())]
    );
    assert_eq!(requests[0].status, 200);
    assert_eq!(requests[1].method, "POST");
    assert_eq!(requests[1].path, api.path("IncomingPhoneNumbers.json"));
    assert_eq!(requests[1].status, 201);
    assert_eq!(requests[1].username.as_deref(), Some(sim.account_sid()));
}
