//! The web console is served from the binary: `/console` redirects to `/console/`, which is
//! its page; every embedded file is served byte for byte with its content type; unknown
//! files are 404 problem+json; and every one of these answers carries the security headers.

use reqwest::Response;
use reqwest::redirect::Policy;
use switchboard_console::{ASSETS, INDEX};
use switchboard_e2e::{TestApp, TestAppOptions, assert_problem};

/// The headers every console answer carries, and the directives its CSP must have.
fn assert_secure(response: &Response) {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .unwrap_or_else(|| panic!("{name} on {}", response.url()))
            .to_str()
            .expect("an ASCII header")
            .to_owned()
    };
    assert_eq!(header("x-frame-options"), "DENY");
    assert_eq!(header("referrer-policy"), "no-referrer");
    assert_eq!(header("x-content-type-options"), "nosniff");
    let csp = header("content-security-policy");
    let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
    for wanted in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ] {
        assert!(directives.contains(&wanted), "{wanted} in {csp}");
    }
    let connect = directives
        .iter()
        .find(|d| d.starts_with("connect-src "))
        .expect("connect-src");
    assert!(connect.starts_with("connect-src 'self'"), "{csp}");
    assert!(
        connect.contains("wss://*.twilio.com"),
        "the Voice SDK's signalling: {csp}"
    );
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{csp}"
    );
}

#[tokio::test]
async fn console_redirects_to_its_directory_with_the_security_headers() {
    let app = TestApp::spawn_with(TestAppOptions::default().in_memory()).await;
    let client = reqwest::Client::builder()
        .no_proxy()
        .redirect(Policy::none())
        .build()
        .expect("a client");
    let response = client
        .get(app.url("/console"))
        .send()
        .await
        .expect("GET /console");
    assert_eq!(response.status(), 308);
    assert_eq!(response.headers()["location"], "/console/");
    assert_secure(&response);
}

#[tokio::test]
async fn the_page_and_every_file_are_served_byte_for_byte_with_the_security_headers() {
    let app = TestApp::spawn_with(TestAppOptions::default().in_memory()).await;
    let page = app.get_anonymous("/console/").await;
    assert_eq!(page.status(), 200);
    assert_secure(&page);
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    let html = page.text().await.expect("the page");
    assert!(
        html.contains(r#"<script type="module" src="main.js"></script>"#),
        "{html}"
    );
    assert!(
        !html.contains("<script>") && !html.contains("http"),
        "no inline script and nothing from elsewhere: {html}"
    );

    assert!(ASSETS.len() >= 20, "{ASSETS:?}");
    for asset in ASSETS {
        let response = app.get_anonymous(&format!("/console/{}", asset.name)).await;
        assert_eq!(response.status(), 200, "{}", asset.name);
        assert_secure(&response);
        assert_eq!(
            response.headers()["content-type"],
            asset.content_type,
            "{}",
            asset.name
        );
        let bytes = response.bytes().await.expect("the file");
        assert!(bytes[..] == asset.bytes[..], "{} byte for byte", asset.name);
    }
    let index = app.get_anonymous(&format!("/console/{INDEX}")).await;
    assert_eq!(index.text().await.expect("index"), html);
}

#[tokio::test]
async fn the_voice_sdk_and_its_licence_are_served() {
    let app = TestApp::spawn_with(TestAppOptions::default().in_memory()).await;
    let sdk = app.get_anonymous("/console/vendor/twilio.min.js").await;
    assert_eq!(sdk.status(), 200);
    assert_eq!(
        sdk.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    let bytes = sdk.bytes().await.expect("the SDK");
    let vendored = include_bytes!("../../crates/console/assets/vendor/twilio.min.js");
    assert!(bytes[..] == vendored[..], "served byte for byte");
    let licence = app.get_anonymous("/console/vendor/LICENSE").await;
    let text = licence.text().await.expect("licence");
    assert!(text.contains("Apache License, Version 2.0"), "{text}");
}

#[tokio::test]
async fn unknown_console_files_are_404_problems_with_the_security_headers() {
    let app = TestApp::spawn_with(TestAppOptions::default().in_memory()).await;
    for path in [
        "/console/nothing.js",
        "/console/pages/nothing.js",
        "/console/..%2FCargo.toml",
        "/console/pages/..%2F..%2Fsrc%2Flib.rs",
        "/console/vendor/..%2F..%2F..%2Fhttp%2FCargo.toml",
    ] {
        let response = app.get_anonymous(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_secure(&response);
        assert_eq!(assert_problem(response, 404).await, "not_found", "{path}");
    }
    // Deeper than the console's folders: no console route, the service's own 404.
    for path in ["/console/vendor/", "/console/a/b/c.js"] {
        let response = app.get_anonymous(path).await;
        assert_eq!(assert_problem(response, 404).await, "not_found", "{path}");
    }
}
