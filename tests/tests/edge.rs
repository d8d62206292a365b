//! The HTTP edge over a real socket (issue 9.11, issue 14.2, docs/limits.md): every answer
//! the server gives a request it cannot or will not read is problem+json with a `code` and
//! a `requestId`; heads over 16 KiB are 431, targets over 8 KiB are 414; slow heads and
//! stalled bodies are cut off at their deadlines while other clients are served; idle
//! connections close. Raw bytes over TCP, as a client that does not follow the rules sends.

use std::time::{Duration, Instant};

use serde_json::Value;
use switchboard_e2e::{TestApp, TestAppOptions, VOICE_WEBHOOK_PATH, http_client};
use switchboard_http::EdgeSettings;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// Bounds every wait, so that a server that hangs fails the test instead of stalling it.
/// Generous: the machine is shared and noisy.
const SLACK: Duration = Duration::from_secs(20);

/// Short deadlines, so that the tests about them wait seconds, not the defaults.
fn short_deadlines() -> EdgeSettings {
    EdgeSettings {
        header_read_timeout: Duration::from_secs(2),
        body_read_timeout: Duration::from_secs(2),
        keep_alive: Duration::from_secs(2),
        ..EdgeSettings::default()
    }
}

async fn app(edge: EdgeSettings) -> TestApp {
    TestApp::spawn_with(TestAppOptions::default().in_memory().edge(edge)).await
}

async fn connect(app: &TestApp) -> TcpStream {
    let addr = app.base_url.trim_start_matches("http://");
    TcpStream::connect(addr).await.expect("connect to the app")
}

/// One response read off the wire.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Asserts a problem+json answer of `status` whose `requestId` is its `X-Request-Id`,
    /// and gives its `code`.
    fn problem_code(&self, status: u16) -> String {
        assert_eq!(self.status, status, "{self:?}");
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json")
        );
        let body: Value = serde_json::from_slice(&self.body).expect("a JSON body");
        let id = self.header("x-request-id").expect("X-Request-Id");
        uuid::Uuid::parse_str(id).expect("a generated id");
        assert_eq!(body["requestId"], id);
        assert_eq!(body["status"], status);
        for member in ["type", "title", "detail"] {
            assert!(body[member].is_string(), "{member} in {body}");
        }
        let code = body["code"].as_str().expect("a code").to_owned();
        assert_eq!(body["type"], format!("urn:switchboard:problem:{code}"));
        code
    }
}

/// Reads one response (framed by its `Content-Length`), or `None` when the connection
/// ends first.
async fn read_answer(stream: &mut TcpStream, pending: &mut Vec<u8>) -> Option<Answer> {
    let head_end = loop {
        if let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let mut chunk = [0; 8192];
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => pending.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8(pending[..head_end].to_vec()).expect("an ASCII head");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .expect("a Content-Length");
    pending.drain(..head_end + 4);
    while pending.len() < length {
        let mut chunk = [0; 8192];
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => pending.extend_from_slice(&chunk[..n]),
        }
    }
    let body = pending.drain(..length).collect();
    Some(Answer {
        status,
        headers,
        body,
    })
}

/// Sends `request` on a new connection and reads the one answer.
async fn exchange(app: &TestApp, request: &[u8]) -> Answer {
    let mut stream = connect(app).await;
    // A refused request may be answered before the whole of it is written.
    let _ = stream.write_all(request).await;
    tokio::time::timeout(SLACK, read_answer(&mut stream, &mut Vec::new()))
        .await
        .expect("answered in time")
        .expect("an answer")
}

/// Whether the server closes `stream` (after any answer) within `SLACK`.
async fn closed(stream: &mut TcpStream) -> bool {
    let drain = async {
        let mut chunk = [0; 8192];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    };
    tokio::time::timeout(SLACK, drain).await.is_ok()
}

#[tokio::test]
async fn a_head_that_does_not_parse_is_answered_400_problem_json() {
    let app = app(EdgeSettings::default()).await;
    for request in [
        // The README's `<id>` pasted literally.
        "GET /v1/numbers/<id> HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /v1/numbers/my number HTTP/1.1\r\nHost: x\r\n\r\n",
        "G@T /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n",
        "GET /healthz HTTP/1.1\r\n\r\n",
        "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
        "GET /healthz HTTP/3.0\r\nHost: x\r\n\r\n",
    ] {
        let answer = exchange(&app, request.as_bytes()).await;
        assert_eq!(answer.problem_code(400), "malformed_request", "{request:?}");
        assert_eq!(answer.header("connection"), Some("close"));
    }
}

#[tokio::test]
async fn a_64_kib_header_is_431_and_a_10_kib_target_414() {
    let app = app(EdgeSettings::default()).await;
    let big = format!(
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(64 * 1024)
    );
    let answer = exchange(&app, big.as_bytes()).await;
    assert_eq!(answer.problem_code(431), "request_header_fields_too_large");
    let many: String = (0..100).map(|i| format!("X-H{i}: v\r\n")).collect();
    let many = format!("GET /healthz HTTP/1.1\r\nHost: x\r\n{many}\r\n");
    let answer = exchange(&app, many.as_bytes()).await;
    assert_eq!(answer.problem_code(431), "request_header_fields_too_large");
    let long = format!(
        "GET /healthz?q={} HTTP/1.1\r\nHost: x\r\n\r\n",
        "a".repeat(10 * 1024)
    );
    let answer = exchange(&app, long.as_bytes()).await;
    assert_eq!(answer.problem_code(414), "uri_too_long");

    // Just under the limits is served.
    let fits = format!(
        "GET /healthz?q={} HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(7 * 1024),
        "b".repeat(8 * 1024)
    );
    assert_eq!(exchange(&app, fits.as_bytes()).await.status, 200);
}

#[tokio::test]
async fn an_oversized_second_request_on_a_kept_alive_connection_is_431() {
    let app = app(EdgeSettings::default()).await;
    let mut stream = connect(&app).await;
    let mut pending = Vec::new();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("write");
    let first = read_answer(&mut stream, &mut pending)
        .await
        .expect("answer");
    assert_eq!(first.status, 200);
    let big = format!(
        "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(64 * 1024)
    );
    let _ = stream.write_all(big.as_bytes()).await;
    let second = tokio::time::timeout(SLACK, read_answer(&mut stream, &mut pending))
        .await
        .expect("answered in time")
        .expect("an answer");
    assert_eq!(second.problem_code(431), "request_header_fields_too_large");
    assert!(
        closed(&mut stream).await,
        "the connection is closed after it"
    );
}

#[tokio::test]
async fn a_header_trickle_is_cut_off_at_its_deadline_while_others_are_served() {
    // Long enough that the other requests are surely served before it.
    let edge = EdgeSettings {
        header_read_timeout: Duration::from_secs(4),
        ..short_deadlines()
    };
    let app = app(edge).await;
    let started = Instant::now();
    let mut trickle = connect(&app).await;
    trickle
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("write");
    let sending = async {
        // A header byte every 100 ms: far slower than any client, never idle for long.
        for byte in b"X-Slow: ".iter().cycle() {
            if trickle.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    let others = async {
        // Served while the trickle is still going.
        let client = http_client();
        for _ in 0..3 {
            let ok = client
                .get(app.url("/healthz"))
                .send()
                .await
                .expect("served");
            assert_eq!(ok.status(), 200);
        }
    };
    tokio::select! {
        () = sending => panic!("the trickle was cut before the other requests were served"),
        () = others => {}
    }
    let mut pending = Vec::new();
    let answer = tokio::time::timeout(SLACK, read_answer(&mut trickle, &mut pending))
        .await
        .expect("cut off in time")
        .expect("an answer");
    assert!(started.elapsed() >= edge.header_read_timeout);
    assert_eq!(answer.problem_code(408), "request_timeout");
}

#[tokio::test]
async fn a_stalled_body_is_cut_off_at_its_deadline() {
    let edge = short_deadlines();
    let app = app(edge).await;
    let mut stream = connect(&app).await;
    let started = Instant::now();
    let request = format!(
        "POST {VOICE_WEBHOOK_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nCallSid=CA"
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let answer = tokio::time::timeout(SLACK, read_answer(&mut stream, &mut Vec::new()))
        .await
        .expect("cut off in time")
        .expect("an answer");
    assert!(started.elapsed() >= edge.body_read_timeout);
    assert_eq!(answer.problem_code(408), "request_timeout");
    assert!(
        closed(&mut stream).await,
        "the connection is closed after it"
    );
}

#[tokio::test]
async fn idle_connections_are_closed() {
    let edge = short_deadlines();
    let app = app(edge).await;

    // One that never sends a request: closed at the head deadline, with no answer.
    let mut silent = connect(&app).await;
    let mut pending = Vec::new();
    let answer = tokio::time::timeout(SLACK, read_answer(&mut silent, &mut pending))
        .await
        .expect("closed in time");
    assert!(answer.is_none(), "{answer:?}");

    // One kept alive after a request: closed after the keep-alive.
    let mut kept = connect(&app).await;
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("write");
    let first = read_answer(&mut kept, &mut pending).await.expect("answer");
    assert_eq!(first.status, 200);
    assert!(closed(&mut kept).await, "closed in time");
}
