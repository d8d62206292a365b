//! The API's description of itself: `/openapi.json` documents exactly the routes the
//! application serves (walked from its route table, and each documented operation asked of
//! the running app), `docs/openapi.json` is what the code generates, and `/docs` renders it
//! with assets the binary serves.

use std::collections::BTreeSet;

use serde_json::Value;
use switchboard_e2e::{TestApp, http_client, json_of};

/// Every operation of the document, as (METHOD, path).
fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let paths = doc["paths"].as_object().expect("paths");
    paths
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .expect("path item")
                .keys()
                .filter(|k| {
                    ["get", "put", "post", "delete", "patch", "head", "options"]
                        .contains(&k.as_str())
                })
                .map(move |method| (method.to_uppercase(), path.clone()))
        })
        .collect()
}

fn generated() -> Value {
    serde_json::from_str(switchboard_http::openapi_json()).expect("the document is JSON")
}

#[test]
fn every_served_route_is_documented_and_every_documented_route_is_served() {
    let served: BTreeSet<(String, String)> = switchboard_http::served_routes()
        .into_iter()
        .map(|(method, path)| (method.to_string(), path.to_owned()))
        .collect();
    let documented = documented(&generated());
    let undocumented: Vec<_> = served.difference(&documented).collect();
    let unserved: Vec<_> = documented.difference(&served).collect();
    assert!(
        undocumented.is_empty(),
        "served but not in the document: {undocumented:?}"
    );
    assert!(
        unserved.is_empty(),
        "documented but not served: {unserved:?}"
    );
    assert!(served.len() >= 24, "{served:?}");
}

#[test]
fn the_document_is_openapi_3_1_with_errors_params_and_the_bearer_scheme() {
    let doc = generated();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let create = &doc["paths"]["/v1/voicemail-sessions"]["post"];
    assert_eq!(create["security"][0]["bearer"], Value::Array(vec![]));
    for status in ["400", "401", "409", "413", "415", "429", "503"] {
        assert!(
            create["responses"][status].is_object(),
            "createSession {status}"
        );
    }
    let request = &doc["components"]["schemas"]["CreateSessionRequest"];
    assert_eq!(request["properties"]["expiresInMinutes"]["maximum"], 1440);
    assert_eq!(request["additionalProperties"], false);
    assert_eq!(request["required"], serde_json::json!(["greetingUrl"]));
    let limit = doc["paths"]["/v1/numbers"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .find(|p| p["name"] == "limit")
        .expect("limit")
        .clone();
    assert_eq!(limit["schema"]["maximum"], 200);
    let problem = &doc["components"]["schemas"]["Problem"];
    for field in ["type", "title", "status", "detail", "code", "requestId"] {
        assert!(problem["properties"][field].is_object(), "Problem.{field}");
    }
    let webhook = &doc["paths"]["/webhooks/twilio/voice"]["post"];
    assert!(
        webhook["requestBody"]["content"]["application/x-www-form-urlencoded"].is_object(),
        "{webhook}"
    );
    assert!(
        webhook["parameters"][0]["name"] == "X-Twilio-Signature",
        "{webhook}"
    );
    assert!(
        webhook["security"].is_null(),
        "webhooks are signed, not bearer: {webhook}"
    );
    // Every response says it carries X-Request-Id.
    let health = &doc["paths"]["/healthz"]["get"]["responses"]["200"];
    assert!(health["headers"]["X-Request-Id"].is_object(), "{health}");
}

/// Every `$ref` string in `value`.
fn refs(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                found.push(target.clone());
            }
            map.values().for_each(|v| refs(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
        _ => {}
    }
}

#[test]
fn every_reference_in_the_document_resolves() {
    let doc = generated();
    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(found.len() > 20, "{found:?}");
    let dangling: Vec<&String> = found
        .iter()
        .filter(|target| {
            let pointer = target.strip_prefix('#').unwrap_or(target);
            doc.pointer(pointer).is_none()
        })
        .collect();
    assert!(dangling.is_empty(), "references to nothing: {dangling:?}");
}

#[test]
fn docs_openapi_json_is_what_the_code_generates() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/openapi.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == switchboard_http::openapi_json(),
        "docs/openapi.json is not what the code generates; regenerate it with \
         `cargo run -q -- openapi > docs/openapi.json`"
    );
}

/// A path of the document with its parameters filled in.
fn concrete(path: &str) -> String {
    path.replace("{id}", "0193a5e4-7c1f-7d2e-9b3a-5f6e7d8c9b0a")
        .replace("{phoneNumber}", "%2B14155550100")
        .replace("{asset}", "nothing-here.js")
}

#[tokio::test]
async fn every_documented_operation_is_routed_by_the_running_app() {
    let app = TestApp::spawn().await;
    let client = http_client();
    for (method, path) in documented(&generated()) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let response = client
            .request(method.clone(), app.url(&concrete(&path)))
            .send()
            .await
            .expect("send");
        let status = response.status().as_u16();
        assert_ne!(status, 405, "{method} {path} is documented but not routed");
        if status == 404 && method != reqwest::Method::HEAD {
            let body: Value = response.json().await.expect("problem");
            assert_ne!(
                body["detail"], "no such route",
                "{method} {path} is documented but not routed"
            );
        }
    }
}

#[tokio::test]
async fn the_document_and_the_docs_page_are_served_with_their_assets() {
    let app = TestApp::spawn().await;
    let served = json_of(app.get_anonymous("/openapi.json").await, 200).await;
    assert_eq!(served, generated());

    let page = app.get_anonymous("/docs").await;
    assert_eq!(page.status(), 200);
    let csp = page
        .headers()
        .get("content-security-policy")
        .expect("CSP")
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    let html = page.text().await.expect("html");
    assert!(
        html.contains(r#"<script src="docs/redoc.standalone.js">"#),
        "{html}"
    );
    assert!(html.contains(r#"spec-url="openapi.json""#), "{html}");
    assert!(
        !html.contains("http"),
        "the page loads nothing from elsewhere: {html}"
    );

    let bundle = app.get_anonymous("/docs/redoc.standalone.js").await;
    assert_eq!(bundle.status(), 200);
    let bytes = bundle.bytes().await.expect("bundle");
    let vendored = include_bytes!("../../crates/http/assets/redoc/redoc.standalone.js");
    assert!(
        bytes[..] == vendored[..],
        "the bundle is served byte for byte"
    );
    let licence = app.get_anonymous("/docs/redoc-LICENSE.txt").await;
    assert!(
        licence
            .text()
            .await
            .expect("licence")
            .contains("MIT License")
    );
    let missing = app.get_anonymous("/docs/other.js").await;
    assert_eq!(missing.status(), 404);
}
