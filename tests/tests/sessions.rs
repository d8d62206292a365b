//! Voicemail sessions: create one on a pool number, read it back, list the caller's
//! sessions newest first with a status filter and cursor paging.

use serde_json::{Value, json};
use switchboard_domain::Clock as _;
use switchboard_e2e::{GREETING_URL, SESSIONS_PATH, TestApp, assert_problem, json_of, timestamp};
use time::Duration;

fn ids(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .expect("`items` is an array")
        .iter()
        .map(|s| {
            s["id"]
                .as_str()
                .expect("a session has a string id")
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn creating_a_session_leases_a_pool_number_for_thirty_minutes_by_default() {
    let app = TestApp::spawn().await;
    let pool = app.add_pool_numbers(3).await;
    let now = app.clock.now();

    let response = app
        .create_session(
            &app.user_token("alice"),
            &json!({ "greetingUrl": GREETING_URL }),
        )
        .await;
    let session = json_of(response, 201).await;

    let object = session.as_object().unwrap();
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "createdAt",
            "expiresAt",
            "greetingUrl",
            "id",
            "phoneNumber",
            "status",
            "userId"
        ]
    );
    uuid::Uuid::parse_str(session["id"].as_str().unwrap()).expect("the id is a UUID");
    assert_eq!(session["userId"], "alice");
    assert!(
        pool.iter().any(|n| session["phoneNumber"] == **n),
        "{} is not a pool number",
        session["phoneNumber"]
    );
    assert_eq!(session["greetingUrl"], GREETING_URL);
    assert_eq!(session["status"], "active");
    assert_eq!(timestamp(&session["createdAt"]), now);
    assert_eq!(
        timestamp(&session["expiresAt"]),
        timestamp(&session["createdAt"]) + Duration::minutes(30)
    );
    assert!(
        session["createdAt"].as_str().unwrap().ends_with('Z'),
        "UTC timestamps"
    );

    // The number is now leased in the pool until the session's end.
    let listing = app.pool_listing().await;
    assert_eq!(listing["free"], 2);
    assert_eq!(listing["leased"], 1);
}

#[tokio::test]
async fn expires_in_minutes_sets_the_session_length() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(1).await;
    let response = app
        .create_session(
            &app.user_token("alice"),
            &json!({ "greetingUrl": GREETING_URL, "expiresInMinutes": 1440 }),
        )
        .await;
    let session = json_of(response, 201).await;
    assert_eq!(
        timestamp(&session["expiresAt"]) - timestamp(&session["createdAt"]),
        Duration::minutes(1440)
    );
}

#[tokio::test]
async fn a_greeting_url_of_exactly_2048_characters_is_accepted() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(1).await;
    let prefix = "https://cdn.example.com/";
    let greeting = format!("{prefix}{}", "g".repeat(2048 - prefix.len()));
    assert_eq!(greeting.len(), 2048);
    let response = app
        .create_session(
            &app.user_token("alice"),
            &json!({ "greetingUrl": greeting }),
        )
        .await;
    assert_eq!(
        json_of(response, 201).await["greetingUrl"],
        greeting.as_str()
    );
}

#[tokio::test]
async fn the_owner_reads_a_session_back_by_id() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(1).await;
    let created = app.create_session_for("alice").await;
    let id = created["id"].as_str().unwrap();

    let read = json_of(
        app.get(&format!("{SESSIONS_PATH}/{id}"), &app.user_token("alice"))
            .await,
        200,
    )
    .await;
    assert_eq!(read, created);

    // An unknown (well-formed) id is a 404.
    let unknown = app
        .get(
            &format!("{SESSIONS_PATH}/{}", uuid::Uuid::now_v7()),
            &app.user_token("alice"),
        )
        .await;
    assert_eq!(assert_problem(unknown, 404).await, "not_found");
}

#[tokio::test]
async fn admin_may_create_a_session_for_another_user_who_then_owns_it() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(1).await;
    let response = app
        .create_session(
            &app.admin_token("root"),
            &json!({ "greetingUrl": GREETING_URL, "userId": "bob" }),
        )
        .await;
    let session = json_of(response, 201).await;
    assert_eq!(session["userId"], "bob");

    let bobs = json_of(app.get(SESSIONS_PATH, &app.user_token("bob")).await, 200).await;
    assert_eq!(ids(&bobs), [session["id"].as_str().unwrap()]);
    let roots = json_of(app.get(SESSIONS_PATH, &app.admin_token("root")).await, 200).await;
    assert_eq!(
        roots["items"],
        json!([]),
        "the list is the caller's own sessions"
    );
}

#[tokio::test]
async fn the_list_holds_only_the_callers_sessions_newest_first_and_filters_by_status() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(5).await;
    let mut created = Vec::new();
    for _ in 0..3 {
        created.push(app.create_session_for("alice").await);
        app.clock.advance(Duration::seconds(1));
    }
    let bobs = app.create_session_for("bob").await;
    let alice = app.user_token("alice");
    let oldest = created[0]["id"].as_str().unwrap();
    let expired = app
        .post_empty(&format!("{SESSIONS_PATH}/{oldest}/expire"), &alice)
        .await;
    assert_eq!(expired.status(), 200);

    let all = json_of(app.get(SESSIONS_PATH, &alice).await, 200).await;
    let newest_first: Vec<String> = created
        .iter()
        .rev()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids(&all), newest_first);
    assert_eq!(all["nextCursor"], Value::Null);
    assert!(!ids(&all).contains(&bobs["id"].as_str().unwrap().to_owned()));

    let active = json_of(
        app.get(&format!("{SESSIONS_PATH}?status=active"), &alice)
            .await,
        200,
    )
    .await;
    assert_eq!(ids(&active), newest_first[..2]);
    assert!(
        active["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] == "active")
    );

    let expired = json_of(
        app.get(&format!("{SESSIONS_PATH}?status=expired"), &alice)
            .await,
        200,
    )
    .await;
    assert_eq!(ids(&expired), [oldest]);
    assert_eq!(expired["items"][0]["status"], "expired");
}

#[tokio::test]
async fn the_list_pages_with_limit_and_cursor() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(5).await;
    let mut created = Vec::new();
    for _ in 0..5 {
        created.push(
            app.create_session_for("alice").await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
        app.clock.advance(Duration::seconds(1));
    }
    created.reverse();
    let alice = app.user_token("alice");

    let mut seen = Vec::new();
    let mut path = format!("{SESSIONS_PATH}?limit=2");
    let mut pages = 0;
    loop {
        let page = json_of(app.get(&path, &alice).await, 200).await;
        pages += 1;
        let items = ids(&page);
        assert!(items.len() <= 2);
        seen.extend(items);
        match page["nextCursor"].as_str() {
            Some(cursor) => path = format!("{SESSIONS_PATH}?limit=2&cursor={cursor}"),
            None => break,
        }
        assert!(pages < 10, "paging does not end");
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, created);
}

#[tokio::test]
async fn sessions_created_at_the_same_instant_page_without_loss_or_repeat() {
    let app = TestApp::spawn().await;
    app.add_pool_numbers(4).await;
    let mut created = Vec::new();
    for _ in 0..4 {
        created.push(
            app.create_session_for("alice").await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let alice = app.user_token("alice");
    let first = json_of(
        app.get(&format!("{SESSIONS_PATH}?limit=3"), &alice).await,
        200,
    )
    .await;
    let cursor = first["nextCursor"]
        .as_str()
        .expect("a next page")
        .to_owned();
    let second = json_of(
        app.get(&format!("{SESSIONS_PATH}?limit=3&cursor={cursor}"), &alice)
            .await,
        200,
    )
    .await;
    assert_eq!(second["nextCursor"], Value::Null);
    let mut seen = ids(&first);
    seen.extend(ids(&second));
    let mut expected = created.clone();
    expected.sort_unstable();
    let mut sorted = seen.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, expected, "every session exactly once");
}
