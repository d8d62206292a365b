//! [`EdgeIo`] over an in-memory pipe: what reaches the dispatcher, and what the edge answers.

use std::time::Duration;

use actix_http::ServiceConfig;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _, DuplexStream, duplex};

use super::cut::BodyCut;
use super::io::EdgeIo;
use super::settings::EdgeSettings;

/// Bounds every wait, so that a bug fails the test rather than hanging it.
const PATIENCE: Duration = Duration::from_secs(20);

fn settings() -> EdgeSettings {
    EdgeSettings {
        max_head_bytes: 1024,
        max_target_bytes: 256,
        header_read_timeout: Duration::from_millis(300),
        body_read_timeout: Duration::from_millis(300),
        keep_alive: Duration::from_secs(5),
    }
}

/// Runs `test` with a client end and the edge over the server end, on a local task set
/// (the shadow decoder's configuration keeps a clock task).
async fn with_edge<F, Fut>(settings: EdgeSettings, test: F)
where
    F: FnOnce(DuplexStream, EdgeIo<DuplexStream>) -> Fut,
    Fut: Future<Output = ()>,
{
    let local = tokio::task::LocalSet::new();
    local
        .run_until(async move {
            let (client, server) = duplex(1 << 20);
            let edge = EdgeIo::new(server, settings, &ServiceConfig::default());
            tokio::time::timeout(PATIENCE, test(client, edge))
                .await
                .expect("the test ends in time");
        })
        .await;
}

/// Everything the edge hands to the dispatcher until it reads the end.
async fn forwarded(edge: &mut EdgeIo<DuplexStream>) -> String {
    let mut seen = Vec::new();
    edge.read_to_end(&mut seen).await.expect("the edge reads");
    String::from_utf8(seen).expect("ASCII")
}

/// What the client reads once the dispatcher closes the connection: the edge's answer.
async fn answer(client: &mut DuplexStream, edge: &mut EdgeIo<DuplexStream>) -> String {
    let mut seen = Vec::new();
    let read = async {
        client
            .read_to_end(&mut seen)
            .await
            .expect("the client reads");
        // Ends the edge's linger.
        client.shutdown().await.expect("the client closes");
    };
    let (closed, ()) = tokio::join!(edge.shutdown(), read);
    closed.expect("the edge closes");
    String::from_utf8(seen).expect("ASCII")
}

fn status_and_code(answer: &str) -> (String, String) {
    let (head, body) = answer.split_once("\r\n\r\n").expect("an HTTP response");
    let body: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
    let id = head
        .lines()
        .find_map(|l| l.strip_prefix("x-request-id: "))
        .expect("X-Request-Id");
    assert_eq!(body["requestId"], id, "the body carries the header's id");
    assert!(head.contains("content-type: application/problem+json"));
    (
        head.lines().next().unwrap_or_default().to_owned(),
        body["code"].as_str().unwrap_or_default().to_owned(),
    )
}

const GOOD: &str = "GET /v1/numbers HTTP/1.1\r\nhost: x\r\n\r\n";

#[tokio::test]
async fn sound_requests_pass_through_unchanged_keep_alive_and_bodies_included() {
    with_edge(settings(), |mut client, mut edge| async move {
        let sent = format!(
            "{GOOD}POST /v1/a HTTP/1.1\r\nhost: x\r\ncontent-length: 5\r\n\r\nhello\
             POST /v1/b HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n{GOOD}"
        );
        // In small pieces, as a slow network delivers them.
        for piece in sent.as_bytes().chunks(7) {
            client.write_all(piece).await.expect("write");
        }
        client.shutdown().await.expect("close");
        assert_eq!(forwarded(&mut edge).await, sent);
        assert_eq!(answer(&mut client, &mut edge).await, "", "no answer of its own");
    })
    .await;
}

#[tokio::test]
async fn an_unparseable_head_is_not_forwarded_and_answered_400() {
    for head in [
        "GET /v1/numbers/<id> HTTP/1.1\r\nhost: x\r\n\r\n",
        "GET /v1/numbers/my id HTTP/1.1\r\n\r\n",
        "G(T / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nhost: x\r\nbad header\r\n\r\n",
        "GET / HTTP/1.1\r\nhost: x\r\ncontent-length: x\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n",
    ] {
        with_edge(settings(), |mut client, mut edge| async move {
            client.write_all(head.as_bytes()).await.expect("write");
            assert_eq!(forwarded(&mut edge).await, "", "{head:?}");
            let (status, code) = status_and_code(&answer(&mut client, &mut edge).await);
            assert_eq!(
                (status.as_str(), code.as_str()),
                ("HTTP/1.1 400 Bad Request", "malformed_request"),
                "{head:?}"
            );
        })
        .await;
    }
}

#[tokio::test]
async fn the_requests_before_a_refused_head_are_still_forwarded() {
    with_edge(settings(), |mut client, mut edge| async move {
        let sent = format!("{GOOD}{GOOD}GET /<x> HTTP/1.1\r\n\r\n{GOOD}");
        client.write_all(sent.as_bytes()).await.expect("write");
        assert_eq!(forwarded(&mut edge).await, format!("{GOOD}{GOOD}"));
        let (_, code) = status_and_code(&answer(&mut client, &mut edge).await);
        assert_eq!(code, "malformed_request");
    })
    .await;
}

#[tokio::test]
async fn heads_over_the_limits_are_431_and_targets_over_theirs_414() {
    let big_header = format!(
        "GET / HTTP/1.1\r\nhost: x\r\nx-big: {}\r\n\r\n",
        "a".repeat(2000)
    );
    let long_target = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(300));
    let endless_target = format!("GET /{}", "a".repeat(300));
    let many_fields: String = (0..100).map(|i| format!("x-{i}: y\r\n")).collect();
    let many_fields = format!("GET / HTTP/1.1\r\n{many_fields}\r\n");
    let after_a_good_one = format!("{GOOD}{big_header}");
    for (sent, status) in [
        (big_header.as_str(), "431 Request Header Fields Too Large"),
        (&big_header[..1500], "431 Request Header Fields Too Large"),
        (many_fields.as_str(), "431 Request Header Fields Too Large"),
        (long_target.as_str(), "414 URI Too Long"),
        (endless_target.as_str(), "414 URI Too Long"),
        (
            after_a_good_one.as_str(),
            "431 Request Header Fields Too Large",
        ),
    ] {
        with_edge(settings(), |mut client, mut edge| async move {
            client.write_all(sent.as_bytes()).await.expect("write");
            let passed = forwarded(&mut edge).await;
            assert!(passed.is_empty() || passed == GOOD, "{passed:?}");
            let (line, _) = status_and_code(&answer(&mut client, &mut edge).await);
            assert_eq!(line, format!("HTTP/1.1 {status}"), "{:?}", &sent[..40]);
        })
        .await;
    }
}

#[tokio::test]
async fn a_head_that_trickles_past_its_deadline_is_answered_408() {
    with_edge(settings(), |mut client, mut edge| async move {
        client
            .write_all(b"GET /v1/numbers HTTP/1.1\r\nho")
            .await
            .expect("write");
        assert_eq!(forwarded(&mut edge).await, "");
        let (line, code) = status_and_code(&answer(&mut client, &mut edge).await);
        assert_eq!(
            (line.as_str(), code.as_str()),
            ("HTTP/1.1 408 Request Timeout", "request_timeout")
        );
    })
    .await;
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed_without_an_answer() {
    with_edge(settings(), |mut client, mut edge| async move {
        assert_eq!(forwarded(&mut edge).await, "");
        assert_eq!(answer(&mut client, &mut edge).await, "");
    })
    .await;
}

#[tokio::test]
async fn the_next_heads_deadline_starts_at_its_first_byte() {
    with_edge(settings(), |mut client, mut edge| async move {
        client.write_all(GOOD.as_bytes()).await.expect("write");
        let mut first = vec![0; GOOD.len()];
        edge.read_exact(&mut first)
            .await
            .expect("the first request");
        // Idle far past the head deadline: keep-alive's business, not the edge's.
        tokio::time::sleep(Duration::from_millis(900)).await;
        client.write_all(GOOD.as_bytes()).await.expect("write");
        let mut second = vec![0; GOOD.len()];
        edge.read_exact(&mut second)
            .await
            .expect("the second request");
        client.write_all(b"GET / HT").await.expect("write");
        assert_eq!(forwarded(&mut edge).await, "");
        let (_, code) = status_and_code(&answer(&mut client, &mut edge).await);
        assert_eq!(code, "request_timeout");
    })
    .await;
}

#[tokio::test]
async fn a_body_that_stalls_is_cut_and_the_request_learns_why() {
    with_edge(settings(), |mut client, mut edge| async move {
        let cut = edge.cut_signal();
        let sent = "POST /v1/a HTTP/1.1\r\nhost: x\r\ncontent-length: 10\r\n\r\nhel";
        client.write_all(sent.as_bytes()).await.expect("write");
        assert_eq!(forwarded(&mut edge).await, sent);
        assert_eq!(
            cut.get(),
            Some(BodyCut::TimedOut(Duration::from_millis(300)))
        );
        assert_eq!(
            answer(&mut client, &mut edge).await,
            "",
            "the request answers"
        );
    })
    .await;
}

#[tokio::test]
async fn a_malformed_chunked_body_is_cut() {
    with_edge(settings(), |mut client, mut edge| async move {
        let cut = edge.cut_signal();
        let head = "POST /v1/a HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n";
        client
            .write_all(format!("{head}zz\r\nabc\r\n").as_bytes())
            .await
            .expect("write");
        assert_eq!(forwarded(&mut edge).await, head);
        assert_eq!(cut.get(), Some(BodyCut::Malformed));
    })
    .await;
}
