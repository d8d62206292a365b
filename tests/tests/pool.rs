//! Pool administration (admins only): add numbers, list them with free/leased counts, retire
//! free ones.

use serde_json::{Value, json};
use switchboard_e2e::{POOL_PATH, TestApp, assert_problem, json_of};

fn numbers(listing: &Value) -> Vec<&str> {
    listing["items"]
        .as_array()
        .expect("`items` is an array")
        .iter()
        .map(|n| n["phoneNumber"].as_str().expect("a string phoneNumber"))
        .collect()
}

#[tokio::test]
async fn an_admin_adds_a_free_number_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token("root");
    let added = json_of(
        app.post_json(POOL_PATH, &admin, &json!({ "phoneNumber": "+14155550100" }))
            .await,
        201,
    )
    .await;
    assert_eq!(
        added,
        json!({ "phoneNumber": "+14155550100", "status": "free", "leasedUntil": null })
    );

    let again = app
        .post_json(POOL_PATH, &admin, &json!({ "phoneNumber": "+14155550100" }))
        .await;
    assert_eq!(assert_problem(again, 409).await, "already_exists");
    assert_eq!(numbers(&app.pool_listing().await), ["+14155550100"]);
}

#[tokio::test]
async fn a_number_that_is_not_e164_is_invalid() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token("root");
    for bad in [
        json!("4155550100"),
        json!("+1 415 555 0100"),
        json!("+1-415-555-0100"),
        json!("+04155550100"),
        json!("+1234567890123456"),
        json!("+1"),
        json!(""),
        json!(14155550100_i64),
    ] {
        let response = app
            .post_json(POOL_PATH, &admin, &json!({ "phoneNumber": bad }))
            .await;
        let problem = switchboard_e2e::problem(response, 400).await;
        assert_eq!(problem.code, "invalid_request", "{bad}");
        assert!(
            problem.body["detail"]
                .as_str()
                .unwrap()
                .contains("phoneNumber"),
            "the detail names the field: {}",
            problem.body
        );
    }
    let missing = app.post_json(POOL_PATH, &admin, &json!({})).await;
    assert_eq!(assert_problem(missing, 400).await, "invalid_request");
    let listing = app.pool_listing().await;
    assert_eq!(listing["items"], json!([]));
}

#[tokio::test]
async fn only_admins_administer_the_pool() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(1).await;
    let user = app.user_token("alice");

    let add = app
        .post_json(POOL_PATH, &user, &json!({ "phoneNumber": "+14155550199" }))
        .await;
    assert_eq!(assert_problem(add, 403).await, "forbidden");
    let list = app.get(POOL_PATH, &user).await;
    assert_eq!(assert_problem(list, 403).await, "forbidden");
    let retire = app
        .delete(&format!("{POOL_PATH}/%2B14155550000"), &user)
        .await;
    assert_eq!(assert_problem(retire, 403).await, "forbidden");

    assert_eq!(numbers(&app.pool_listing().await), ["+14155550000"]);
}

#[tokio::test]
async fn the_listing_counts_free_and_leased_numbers_and_shows_when_leases_end() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(3).await;
    let session = app.create_session_for("alice").await;

    let listing = app.pool_listing().await;
    assert_eq!(listing["free"], 2);
    assert_eq!(listing["leased"], 1);
    assert_eq!(listing["nextCursor"], Value::Null);
    let items = listing["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    for item in items {
        if item["phoneNumber"] == session["phoneNumber"] {
            assert_eq!(item["status"], "leased");
            assert_eq!(item["leasedUntil"], session["expiresAt"]);
        } else {
            assert_eq!(item["status"], "free");
            assert_eq!(item["leasedUntil"], Value::Null);
        }
    }
}

#[tokio::test]
async fn the_listing_pages_with_limit_and_cursor() {
    let app = TestApp::spawn().await;
    let mut all = app.add_pool_numbers(5).await;
    let admin = app.admin_token("root");

    let mut seen = Vec::new();
    let mut path = format!("{POOL_PATH}?limit=2");
    for _ in 0..5 {
        let page = json_of(app.get(&path, &admin).await, 200).await;
        assert_eq!(page["free"], 5, "counts cover the whole pool on every page");
        seen.extend(numbers(&page).iter().map(|n| (*n).to_owned()));
        match page["nextCursor"].as_str() {
            Some(cursor) => path = format!("{POOL_PATH}?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    // Added at the same instant: newest first falls back to the number, descending.
    all.reverse();
    assert_eq!(seen, all);
}

#[tokio::test]
async fn retiring_a_free_number_removes_it_from_the_pool() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(2).await;
    let admin = app.admin_token("root");

    let retired = app
        .delete(&format!("{POOL_PATH}/%2B14155550001"), &admin)
        .await;
    assert_eq!(retired.status(), 204);
    assert!(retired.text().await.unwrap().is_empty());
    assert_eq!(numbers(&app.pool_listing().await), ["+14155550000"]);

    let again = app
        .delete(&format!("{POOL_PATH}/%2B14155550001"), &admin)
        .await;
    assert_eq!(assert_problem(again, 404).await, "not_found");

    // A literal `+` is a plus in a path (only forms turn it into a space).
    let literal_plus = app
        .delete(&format!("{POOL_PATH}/+14155550000"), &admin)
        .await;
    assert_eq!(literal_plus.status(), 204);
    assert_eq!(app.pool_listing().await["items"], json!([]));
}

#[tokio::test]
async fn a_leased_number_cannot_be_retired_until_its_session_ends() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(1).await;
    let admin = app.admin_token("root");
    let session = app.create_session_for("alice").await;

    let refused = app
        .delete(&format!("{POOL_PATH}/%2B14155550000"), &admin)
        .await;
    assert_eq!(assert_problem(refused, 409).await, "number_leased");
    assert_eq!(numbers(&app.pool_listing().await), ["+14155550000"]);

    let expired = app
        .post_empty(
            &format!(
                "/v1/voicemail-sessions/{}/expire",
                session["id"].as_str().unwrap()
            ),
            &app.user_token("alice"),
        )
        .await;
    assert_eq!(expired.status(), 200);
    let retired = app
        .delete(&format!("{POOL_PATH}/%2B14155550000"), &admin)
        .await;
    assert_eq!(retired.status(), 204);
}

#[tokio::test]
async fn retiring_a_number_not_in_the_pool_is_not_found() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token("root");
    let response = app
        .delete(&format!("{POOL_PATH}/%2B14155557777"), &admin)
        .await;
    assert_eq!(assert_problem(response, 404).await, "not_found");
}
