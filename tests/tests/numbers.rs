//! Numbers users own, end to end: the HTTP API, PostgreSQL, the REST adapter and the Twilio
//! stand-in (whose every request and response is checked against Twilio's OpenAPI spec).

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use switchboard_domain::numbers::Numbers;
use switchboard_e2e::{
    PUBLIC_BASE_URL, TestApp, TestAppOptions, assert_problem, json_of, outage, problem, settings,
};
use switchboard_server::compose;

const NUMBERS: &str = "/v1/numbers";

fn assert_spec_clean(app: &TestApp) {
    let violations = app.sim.spec_violations();
    assert!(
        violations.is_empty(),
        "requests or responses outside Twilio's spec: {violations:#?}"
    );
}

async fn buy(app: &TestApp, token: &str, body: Value) -> Value {
    json_of(app.post_json(NUMBERS, token, &body).await, 201).await
}

fn sim_number(app: &TestApp, phone: &str) -> Option<switchboard_twilio_sim::IncomingNumber> {
    app.sim
        .incoming_numbers()
        .into_iter()
        .find(|n| n.phone_number == phone)
}

/// The number use cases over `app`'s database, clock and stand-in, built apart from the
/// running app, as the server builds them for reconciling.
fn reconciler(app: &TestApp) -> Numbers {
    compose::numbers(
        &Arc::new(app.db().store()),
        switchboard_e2e::twilio_client(&app.sim),
        app.clock.clone(),
        &settings(&TestAppOptions::default()).numbers,
        PUBLIC_BASE_URL,
    )
    .expect("the number use cases build from the test settings")
}

async fn patch(app: &TestApp, token: &str, id: &str, body: &Value) -> reqwest::Response {
    app.client
        .patch(app.url(&format!("{NUMBERS}/{id}")))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("send PATCH")
}

#[tokio::test]
async fn search_filters_by_area_code_type_capability_and_limit() {
    let app = TestApp::spawn().await;
    let token = app.user_token("alice");
    let found = json_of(
        app.get("/v1/numbers/available?areaCode=415", &token).await,
        200,
    )
    .await;
    let items = found["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for n in items {
        assert!(
            n["phoneNumber"].as_str().unwrap().starts_with("+1415"),
            "{n}"
        );
        assert_eq!(n["country"], "US");
        assert_eq!(n["locality"], "San Francisco");
        assert_eq!(n["region"], "CA");
    }
    let mms = json_of(
        app.get("/v1/numbers/available?areaCode=415&mms=true", &token)
            .await,
        200,
    )
    .await;
    let mms = mms["items"].as_array().unwrap();
    assert!(
        !mms.is_empty() && mms.len() < items.len(),
        "the capability filter narrows the search"
    );
    assert!(mms.iter().all(|n| n["capabilities"]["mms"] == true));

    let toll_free = json_of(
        app.get("/v1/numbers/available?type=tollfree&limit=3", &token)
            .await,
        200,
    )
    .await;
    let toll_free = toll_free["items"].as_array().unwrap();
    assert_eq!(toll_free.len(), 3);
    assert!(toll_free.iter().all(|n| {
        let p = n["phoneNumber"].as_str().unwrap();
        p.starts_with("+1800") || p.starts_with("+1888")
    }));
    let contains = json_of(
        app.get("/v1/numbers/available?contains=5550105", &token)
            .await,
        200,
    )
    .await;
    assert!(
        contains["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["phoneNumber"].as_str().unwrap().contains("5550105"))
    );

    for bad in [
        "areaCode=41",
        "type=landline",
        "voice=yes",
        "limit=0",
        "limit=51",
        "country=USA",
        "contains=5%2B5",
    ] {
        let response = app
            .get(&format!("/v1/numbers/available?{bad}"), &token)
            .await;
        let p = problem(response, 400).await;
        assert_eq!(p.code, "invalid_request", "{bad}");
        let field = bad.split('=').next().unwrap();
        assert!(
            p.body["detail"].as_str().unwrap().starts_with(field),
            "{bad}: {}",
            p.body["detail"]
        );
    }
    assert_spec_clean(&app);
}

#[tokio::test]
async fn buying_a_number_points_its_webhooks_here_and_records_what_it_costs() {
    let app = TestApp::spawn().await;
    let token = app.user_token("alice");
    let number = buy(
        &app,
        &token,
        json!({ "phoneNumber": "+14155550101", "friendlyName": "Sales line" }),
    )
    .await;
    assert_eq!(number["phoneNumber"], "+14155550101");
    assert_eq!(number["friendlyName"], "Sales line");
    assert_eq!(number["userId"], "alice");
    assert_eq!(number["country"], "US");
    assert_eq!(number["region"], "CA");
    assert_eq!(number["locality"], "San Francisco");
    assert_eq!(number["active"], true);
    assert_eq!(number["purchasePrice"], "1.15");
    assert_eq!(number["monthlyCost"], "1.15");
    assert_eq!(number["priceUnit"], "USD");
    assert_eq!(number["releasedAt"], Value::Null);
    assert_eq!(
        number["usage"],
        json!({ "calls": 0, "minutes": 0, "messages": 0 })
    );
    let at_twilio = sim_number(&app, "+14155550101").expect("bought at Twilio");
    assert_eq!(number["twilioSid"], at_twilio.sid);
    assert_eq!(
        number["capabilities"]["voice"],
        at_twilio.capabilities.voice
    );
    assert_eq!(number["capabilities"]["sms"], at_twilio.capabilities.sms);
    assert_eq!(at_twilio.friendly_name, "Sales line");
    assert_eq!(
        at_twilio.voice_url.as_deref(),
        Some(format!("{PUBLIC_BASE_URL}/webhooks/twilio/voice").as_str())
    );
    assert_eq!(
        at_twilio.sms_url.as_deref(),
        Some(format!("{PUBLIC_BASE_URL}/webhooks/twilio/messages").as_str())
    );
    assert_eq!(
        at_twilio.status_callback.as_deref(),
        Some(format!("{PUBLIC_BASE_URL}/webhooks/twilio/voice/status").as_str())
    );

    let id = number["id"].as_str().unwrap();
    let read = json_of(app.get(&format!("{NUMBERS}/{id}"), &token).await, 200).await;
    assert_eq!(read, number);
    let listed = json_of(app.get(NUMBERS, &token).await, 200).await;
    assert_eq!(listed["items"], json!([number]));
    assert_eq!(listed["nextCursor"], Value::Null);
    assert_spec_clean(&app);
}

#[tokio::test]
async fn buying_by_area_code_takes_the_first_available_numbers() {
    let app = TestApp::spawn().await;
    let token = app.user_token("alice");
    let first = buy(&app, &token, json!({ "areaCode": "212" })).await;
    let second = buy(&app, &token, json!({ "areaCode": "212" })).await;
    for n in [&first, &second] {
        assert!(
            n["phoneNumber"].as_str().unwrap().starts_with("+1212"),
            "{n}"
        );
        assert_eq!(n["locality"], "New York");
    }
    assert_ne!(first["phoneNumber"], second["phoneNumber"]);
    let toll_free = buy(
        &app,
        &token,
        json!({ "areaCode": "800", "type": "tollfree" }),
    )
    .await;
    assert!(
        toll_free["phoneNumber"]
            .as_str()
            .unwrap()
            .starts_with("+1800")
    );
    assert_eq!(toll_free["monthlyCost"], "2.15");
    // A type alone is "the first available number of that type".
    let any_toll_free = buy(&app, &token, json!({ "type": "tollfree" })).await;
    let digits = any_toll_free["phoneNumber"].as_str().unwrap();
    assert!(
        ["+1800", "+1888"].iter().any(|p| digits.starts_with(p)),
        "{any_toll_free}"
    );
    assert_ne!(any_toll_free["phoneNumber"], toll_free["phoneNumber"]);
    assert_eq!(any_toll_free["monthlyCost"], "2.15");
    assert_eq!(app.sim.incoming_numbers().len(), 4);
    assert_spec_clean(&app);
}

#[tokio::test]
async fn bad_purchase_requests_are_400_and_buy_nothing() {
    let app = TestApp::spawn().await;
    let token = app.user_token("alice");
    for (body, field) in [
        (json!({}), "phoneNumber, areaCode"),
        (
            json!({ "phoneNumber": "+14155550101", "areaCode": "415" }),
            "phoneNumber, areaCode",
        ),
        (json!({ "phoneNumber": "4155550101" }), "phoneNumber"),
        (json!({ "areaCode": "41" }), "areaCode"),
        (json!({ "areaCode": true }), "areaCode"),
        (json!({ "areaCode": "415", "type": "landline" }), "type"),
        (
            json!({ "areaCode": "415", "country": "United States" }),
            "country",
        ),
        (
            json!({ "areaCode": "415", "friendlyName": "x".repeat(65) }),
            "friendlyName",
        ),
        (json!({ "areaCode": "415", "userId": "" }), "userId"),
        (json!({ "areaCode": "415", "color": "red" }), "color"),
    ] {
        let p = problem(app.post_json(NUMBERS, &token, &body).await, 400).await;
        assert_eq!(p.code, "invalid_request", "{body}");
        assert!(
            p.body["detail"].as_str().unwrap().contains(field),
            "{body}: {}",
            p.body["detail"]
        );
    }
    assert!(app.sim.incoming_numbers().is_empty(), "nothing was bought");
    let listed = json_of(app.get(NUMBERS, &token).await, 200).await;
    assert_eq!(listed["items"], json!([]));
}

#[tokio::test]
async fn nothing_for_sale_is_409_no_numbers_available() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    buy(&app, &alice, json!({ "phoneNumber": "+14155550103" })).await;
    for body in [
        json!({ "areaCode": "999" }),
        json!({ "phoneNumber": "+14155559999" }),
    ] {
        let response = app.post_json(NUMBERS, &app.user_token("bob"), &body).await;
        assert_eq!(
            assert_problem(response, 409).await,
            "no_numbers_available",
            "{body}"
        );
    }
    // A number this service already holds is in use, for its owner and for anyone else,
    // and Twilio is not asked to sell it again.
    for token in [app.user_token("bob"), alice] {
        let body = json!({ "phoneNumber": "+14155550103" });
        let response = app.post_json(NUMBERS, &token, &body).await;
        assert_eq!(assert_problem(response, 409).await, "number_in_use");
    }
    assert_eq!(app.sim.incoming_numbers().len(), 1);
}

#[tokio::test]
async fn owners_rename_toggle_and_release_their_numbers_and_others_get_404() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let bob = app.user_token("bob");
    let number = buy(&app, &alice, json!({ "phoneNumber": "+13125550105" })).await;
    let id = number["id"].as_str().unwrap().to_owned();
    let path = format!("{NUMBERS}/{id}");

    assert_eq!(
        assert_problem(app.get(&path, &bob).await, 404).await,
        "not_found"
    );
    assert_eq!(
        assert_problem(
            patch(&app, &bob, &id, &json!({ "active": false })).await,
            404
        )
        .await,
        "not_found"
    );
    assert_eq!(
        assert_problem(app.delete(&path, &bob).await, 404).await,
        "not_found"
    );
    assert_eq!(
        json_of(app.get(NUMBERS, &bob).await, 200).await["items"],
        json!([])
    );
    assert_eq!(
        assert_problem(app.get(&format!("{NUMBERS}/not-a-uuid"), &alice).await, 404).await,
        "not_found"
    );
    let others = app.get(&format!("{NUMBERS}?userId=alice"), &bob).await;
    assert_eq!(assert_problem(others, 403).await, "forbidden");
    let admin = app.admin_token("ops");
    assert_eq!(
        json_of(app.get(&path, &admin).await, 200).await["id"],
        number["id"]
    );
    let as_admin = json_of(
        app.get(&format!("{NUMBERS}?userId=alice"), &admin).await,
        200,
    )
    .await;
    assert_eq!(as_admin["items"][0]["id"], number["id"]);

    let renamed = json_of(
        patch(&app, &alice, &id, &json!({ "friendlyName": "Support" })).await,
        200,
    )
    .await;
    assert_eq!(renamed["friendlyName"], "Support");
    assert_eq!(
        sim_number(&app, "+13125550105").unwrap().friendly_name,
        "Support"
    );
    let off = json_of(
        patch(&app, &alice, &id, &json!({ "active": false })).await,
        200,
    )
    .await;
    assert_eq!(off["active"], false);
    assert_eq!(off["friendlyName"], "Support");
    let inactive = json_of(
        app.get(&format!("{NUMBERS}?active=false"), &alice).await,
        200,
    )
    .await;
    assert_eq!(inactive["items"][0]["id"], number["id"]);
    let active = json_of(
        app.get(&format!("{NUMBERS}?active=true"), &alice).await,
        200,
    )
    .await;
    assert_eq!(active["items"], json!([]));
    let bad = patch(&app, &alice, &id, &json!({ "active": "no" })).await;
    assert_eq!(assert_problem(bad, 400).await, "invalid_request");

    assert_eq!(app.delete(&path, &alice).await.status(), 204);
    assert!(
        sim_number(&app, "+13125550105").is_none(),
        "released at Twilio"
    );
    let released = json_of(app.get(&path, &alice).await, 200).await;
    assert!(
        released["releasedAt"].is_string(),
        "kept as history: {released}"
    );
    let again = patch(&app, &alice, &id, &json!({ "friendlyName": "Again" })).await;
    assert_eq!(assert_problem(again, 409).await, "number_released");
    assert_eq!(
        app.delete(&path, &alice).await.status(),
        204,
        "releasing twice is harmless"
    );
    assert_spec_clean(&app);
}

#[tokio::test]
async fn stats_sum_exact_costs_over_active_inactive_and_released_numbers() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let local = buy(&app, &alice, json!({ "phoneNumber": "+12065550101" })).await;
    let toll_free = buy(&app, &alice, json!({ "phoneNumber": "+18885550102" })).await;
    buy(
        &app,
        &app.user_token("bob"),
        json!({ "phoneNumber": "+12065550103" }),
    )
    .await;
    let stats = json_of(app.get("/v1/numbers/stats", &alice).await, 200).await;
    assert_eq!(
        stats,
        json!({ "total": 2, "active": 2, "inactive": 0, "released": 0,
                "purchaseCostTotal": "3.30", "monthlyCostTotal": "3.30", "currency": "USD" })
    );
    patch(
        &app,
        &alice,
        local["id"].as_str().unwrap(),
        &json!({ "active": false }),
    )
    .await;
    let path = format!("{NUMBERS}/{}", toll_free["id"].as_str().unwrap());
    assert_eq!(app.delete(&path, &alice).await.status(), 204);
    let stats = json_of(app.get("/v1/numbers/stats", &alice).await, 200).await;
    assert_eq!(
        stats,
        json!({ "total": 2, "active": 0, "inactive": 1, "released": 1,
                "purchaseCostTotal": "3.30", "monthlyCostTotal": "1.15", "currency": "USD" })
    );
}

#[tokio::test]
async fn under_the_admin_policy_only_admins_buy_and_assign() {
    let app = TestApp::spawn_with(TestAppOptions::default().admin_only_purchases()).await;
    let alice = app.user_token("alice");
    let refused = app
        .post_json(NUMBERS, &alice, &json!({ "areaCode": "512" }))
        .await;
    assert_eq!(assert_problem(refused, 403).await, "forbidden");
    assert!(app.sim.incoming_numbers().is_empty());
    assert!(app.sim.requests().is_empty(), "Twilio was never asked");

    let assigned = buy(
        &app,
        &app.admin_token("ops"),
        json!({ "areaCode": "512", "userId": "alice" }),
    )
    .await;
    assert_eq!(assigned["userId"], "alice");
    let mine = json_of(app.get(NUMBERS, &alice).await, 200).await;
    assert_eq!(mine["items"][0]["id"], assigned["id"]);

    let open = TestApp::spawn().await;
    let for_other = open
        .post_json(
            NUMBERS,
            &open.user_token("alice"),
            &json!({ "areaCode": "512", "userId": "bob" }),
        )
        .await;
    assert_eq!(assert_problem(for_other, 403).await, "forbidden");
}

#[tokio::test]
async fn the_account_is_for_admins() {
    let app = TestApp::spawn().await;
    let account = json_of(app.get("/v1/account", &app.admin_token("ops")).await, 200).await;
    assert_eq!(account["sid"], app.sim.account_sid());
    assert_eq!(account["status"], "active");
    assert_eq!(account["type"], "Full");
    assert!(account["friendlyName"].is_string());
    assert!(
        account.get("authToken").is_none() && !account.to_string().contains(app.sim.auth_token())
    );
    let refused = app.get("/v1/account", &app.user_token("alice")).await;
    assert_eq!(assert_problem(refused, 403).await, "forbidden");
}

#[tokio::test]
async fn twilio_failures_are_clear_502_or_503_never_500_never_a_hang() {
    let app = TestApp::spawn().await;
    let token = app.user_token("alice");
    let search = "/v1/numbers/available?areaCode=415";

    app.sim.fail_next(1, 401, 20003, "Authenticate");
    let p = problem(app.get(search, &token).await, 502).await;
    assert_eq!(p.code, "twilio_auth_failed");

    app.sim.fail_next(1, 500, 20500, "Internal Server Error");
    assert_eq!(
        problem(app.get(search, &token).await, 502).await.code,
        "twilio_unavailable"
    );

    app.sim.fail_next(10, 429, 20429, "Too Many Requests");
    let p = problem(app.get(search, &token).await, 503).await;
    assert_eq!(p.code, "twilio_rate_limited");
    assert!(p.headers.contains_key("retry-after"));
    app.sim.clear_faults();

    app.sim.fail_next(1, 429, 20429, "Too Many Requests");
    let retried = json_of(app.get(search, &token).await, 200).await;
    assert!(
        !retried["items"].as_array().unwrap().is_empty(),
        "a single 429 is retried"
    );

    // Slower than the adapter's 5 s timeout: answered once the timeout passes, not later.
    app.sim.delay_next(1, Duration::from_secs(20));
    let started = std::time::Instant::now();
    let p = problem(app.get(search, &token).await, 502).await;
    assert_eq!(p.code, "twilio_unavailable");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "bounded by the timeout: {:?}",
        started.elapsed()
    );
    assert!(
        !p.body
            .to_string()
            .contains(switchboard_e2e::TWILIO_AUTH_TOKEN)
    );
}

#[tokio::test]
async fn a_purchase_cut_off_from_the_store_after_twilio_sold_it_is_recovered_by_reconciliation() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    // Twilio answers the purchase slowly; meanwhile the database goes away.
    app.sim
        .delay_next_matching(1, "IncomingPhoneNumbers.json", Duration::from_secs(3));
    let request = {
        let client = app.client.clone();
        let url = app.url(NUMBERS);
        let alice = alice.clone();
        tokio::spawn(async move {
            client
                .post(url)
                .bearer_auth(alice)
                .json(&json!({ "phoneNumber": "+15125550106" }))
                .send()
                .await
                .unwrap()
        })
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while outage::pending_purchases(app.db()).await == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the purchase was never recorded as pending"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    outage::cut_off(app.db()).await;
    let response = request.await.unwrap();
    assert_eq!(assert_problem(response, 503).await, "store_unavailable");
    let sold = sim_number(&app, "+15125550106").expect("Twilio sold the number");
    outage::restore(app.db()).await;

    // Nothing lists it yet: the purchase is pending.
    assert_eq!(
        json_of(app.get(NUMBERS, &alice).await, 200).await["items"],
        json!([])
    );
    let numbers = reconciler(&app);
    let report = numbers.reconcile().await.unwrap();
    assert_eq!(
        report
            .adopted
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["+15125550106"]
    );
    let mine = json_of(app.get(NUMBERS, &alice).await, 200).await;
    assert_eq!(mine["items"][0]["phoneNumber"], "+15125550106");
    assert_eq!(mine["items"][0]["twilioSid"], sold.sid);
    assert_eq!(mine["items"][0]["locality"], "Austin");
    assert_eq!(
        numbers.reconcile().await.unwrap().adopted.len(),
        0,
        "reconciling again changes nothing"
    );
    assert_spec_clean(&app);
}

#[tokio::test]
async fn a_purchase_twilio_never_completed_is_abandoned_after_the_grace_period() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    let request = json!({ "phoneNumber": "+15125550107" });
    // The purchase request fails with an unknown outcome.
    app.sim.fail_next_matching(
        1,
        "IncomingPhoneNumbers.json",
        500,
        20500,
        "Internal Server Error",
    );
    let response = app.post_json(NUMBERS, &alice, &request).await;
    assert_eq!(assert_problem(response, 502).await, "twilio_unavailable");
    assert_eq!(
        outage::pending_purchases(app.db()).await,
        1,
        "kept: Twilio may have sold it"
    );
    let numbers = reconciler(&app);
    assert_eq!(numbers.reconcile().await.unwrap().in_flight, 1);
    app.clock.advance(time::Duration::minutes(6));
    let report = numbers.reconcile().await.unwrap();
    assert_eq!(report.abandoned.len(), 1);
    assert_eq!(outage::pending_purchases(app.db()).await, 0);
    // And the number can be bought now.
    buy(&app, &alice, request).await;
}

#[tokio::test]
async fn pool_numbers_and_owned_numbers_never_overlap() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token("ops");
    let alice = app.user_token("alice");
    let number = buy(&app, &alice, json!({ "phoneNumber": "+14155550111" })).await;
    let refused = app
        .post_json(
            "/v1/pool/numbers",
            &admin,
            &json!({ "phoneNumber": number["phoneNumber"] }),
        )
        .await;
    assert_eq!(assert_problem(refused, 409).await, "number_owned");
}

#[tokio::test]
async fn number_bodies_follow_the_one_input_rule() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice");
    // JSON types are the documented ones: an area code is a string, as digits with a
    // leading zero elsewhere in the world would need.
    let numeric = problem(
        app.post_json(NUMBERS, &alice, &json!({ "areaCode": 212 }))
            .await,
        400,
    )
    .await;
    assert_eq!(numeric.code, "invalid_request");
    assert_eq!(
        numeric.body["detail"], "areaCode: must be a string, not a number",
        "{}",
        numeric.body
    );
    let unknown = problem(
        app.post_json(
            NUMBERS,
            &alice,
            &json!({ "areaCode": "212", "region": "NY" }),
        )
        .await,
        400,
    )
    .await;
    let detail = unknown.body["detail"].as_str().unwrap();
    assert!(detail.starts_with("region: unknown field"), "{detail}");
    assert_eq!(
        json_of(app.get(NUMBERS, &alice).await, 200).await["items"],
        json!([]),
        "nothing was bought"
    );

    let number = buy(&app, &alice, json!({ "phoneNumber": "+13125550106" })).await;
    let id = number["id"].as_str().unwrap();
    // A PATCH that names nothing to change is a mistake, not a 200 that does nothing.
    let empty = problem(patch(&app, &alice, id, &json!({})).await, 400).await;
    assert_eq!(empty.code, "invalid_request");
    let detail = empty.body["detail"].as_str().unwrap();
    assert!(
        detail.contains("friendlyName") && detail.contains("active"),
        "{detail}"
    );
    let wrong = problem(
        patch(&app, &alice, id, &json!({ "active": "no" })).await,
        400,
    )
    .await;
    assert_eq!(
        wrong.body["detail"],
        "active: must be true or false, not a string"
    );
    assert_eq!(
        json_of(app.get(&format!("{NUMBERS}/{id}"), &alice).await, 200).await,
        number,
        "a refused PATCH changes nothing"
    );

    // Unknown query parameters are refused as unknown fields are, naming what is allowed.
    for path in [
        format!("{NUMBERS}?colour=red"),
        format!("{NUMBERS}/available?areacode=415"),
        format!("{NUMBERS}/stats?verbose=1"),
    ] {
        let refused = problem(app.get(&path, &alice).await, 400).await;
        let detail = refused.body["detail"].as_str().unwrap();
        assert!(
            detail.contains("unknown query parameter"),
            "{path}: {detail}"
        );
    }
}
