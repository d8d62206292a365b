//! A gate between the app's provider adapters and a stand-in: a small HTTP proxy that
//! passes requests, refuses connections (it stops listening), answers 5xx itself, answers
//! 429 storms with `Retry-After`, or forwards writes and then holds their answers past the
//! adapter's timeout (the provider acted; its answer is lost).
//!
//! Each connection carries one request: the gate forwards it with `Connection: close` and
//! marks the answer `Connection: close`, so a client never keeps a connection across a
//! change of mode.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// What the gate does with the next requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateMode {
    /// Forward requests and answers.
    Pass,
    /// Stop listening: connections are refused.
    Refuse,
    /// Answer every request with this 5xx status (nothing is forwarded).
    Fail(u16),
    /// Answer every request 429 with `Retry-After: <seconds>` (nothing is forwarded).
    Storm(u32),
    /// Forward every request; answer reads (`GET`) as they come, but drop the answers to
    /// writes after holding them this long (the provider acted, the client never hears).
    HoldWrites(Duration),
}

/// What the gate has done so far, by kind.
#[derive(Debug, Default)]
struct Counters {
    passed: AtomicUsize,
    failed: AtomicUsize,
    held: AtomicUsize,
}

/// How many requests the gate passed, answered with a fault, and held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GateCounts {
    /// Forwarded with their answers.
    pub passed: usize,
    /// Answered 5xx or 429 by the gate.
    pub failed: usize,
    /// Forwarded, their answers dropped.
    pub held: usize,
}

/// The gate; it serves until the test process ends.
#[derive(Debug)]
pub struct Gate {
    port: u16,
    mode: Arc<Mutex<GateMode>>,
    counters: Arc<Counters>,
}

impl Gate {
    /// A gate on a free port of `127.0.0.1` in front of `upstream_base_url`
    /// (`http://host:port`).
    ///
    /// # Panics
    /// When the URL has no host or no port can be bound.
    #[must_use]
    pub fn start(upstream_base_url: &str) -> Self {
        let url = reqwest::Url::parse(upstream_base_url).expect("an upstream URL");
        let upstream = format!(
            "{}:{}",
            url.host_str().expect("an upstream host"),
            url.port_or_known_default().expect("an upstream port")
        );
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let port = listener.local_addr().expect("the bound address").port();
        let mode = Arc::new(Mutex::new(GateMode::Pass));
        let counters = Arc::new(Counters::default());
        let (watched, counted) = (mode.clone(), counters.clone());
        std::thread::spawn(move || accept_loop(listener, port, &upstream, &watched, &counted));
        Self {
            port,
            mode,
            counters,
        }
    }

    /// `http://127.0.0.1:PORT`: where the adapter should send its requests.
    #[must_use]
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Switches what the gate does with requests arriving from now on.
    pub fn set(&self, mode: GateMode) {
        *self.mode.lock().unwrap_or_else(PoisonError::into_inner) = mode;
    }

    /// What it has done so far.
    #[must_use]
    pub fn counts(&self) -> GateCounts {
        GateCounts {
            passed: self.counters.passed.load(Ordering::SeqCst),
            failed: self.counters.failed.load(Ordering::SeqCst),
            held: self.counters.held.load(Ordering::SeqCst),
        }
    }
}

fn current(mode: &Mutex<GateMode>) -> GateMode {
    *mode.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Accepts connections while the mode is not [`GateMode::Refuse`]; in that mode the
/// listener is closed (connections are refused) and bound again on the same port after.
fn accept_loop(
    listener: TcpListener,
    port: u16,
    upstream: &str,
    mode: &Arc<Mutex<GateMode>>,
    counters: &Arc<Counters>,
) {
    let poll = Duration::from_millis(5);
    listener
        .set_nonblocking(true)
        .expect("a non-blocking listener");
    let mut listening = Some(listener);
    loop {
        let refusing = current(mode) == GateMode::Refuse;
        match (&listening, refusing) {
            (Some(_), true) => listening = None,
            (None, false) => match TcpListener::bind(("127.0.0.1", port)) {
                Ok(l) if l.set_nonblocking(true).is_ok() => listening = Some(l),
                _ => std::thread::sleep(poll),
            },
            (None, true) => std::thread::sleep(poll),
            (Some(l), false) => match l.accept() {
                Ok((client, _)) => {
                    let (upstream, mode, counters) =
                        (upstream.to_owned(), mode.clone(), counters.clone());
                    std::thread::spawn(move || {
                        let _ = serve(client, &upstream, &mode, &counters);
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => std::thread::sleep(poll),
                Err(_) => {}
            },
        }
    }
}

/// One request read off a connection: its head (without the blank line) and body.
struct Request {
    method: String,
    head: String,
    body: Vec<u8>,
}

fn read_request(client: &mut TcpStream) -> io::Result<Request> {
    let mut buf = Vec::new();
    let mut chunk = [0_u8; 8192];
    let end = loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let n = client.read(&mut chunk)?;
        if n == 0 || buf.len() > 1 << 20 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let mut body = buf[end + 4..].to_vec();
    let length = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while body.len() < length {
        let n = client.read(&mut chunk)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let method = head.split(' ').next().unwrap_or_default().to_owned();
    Ok(Request { method, head, body })
}

/// `head` without its `Connection` headers, plus `Connection: close`, and the blank line.
fn closing(head: &str) -> String {
    let mut out: Vec<&str> = head
        .split("\r\n")
        .filter(|l| {
            !l.split_once(':')
                .is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case("connection"))
        })
        .collect();
    out.push("Connection: close");
    format!("{}\r\n\r\n", out.join("\r\n"))
}

fn serve(
    mut client: TcpStream,
    upstream: &str,
    mode: &Mutex<GateMode>,
    counters: &Counters,
) -> io::Result<()> {
    client.set_nonblocking(false)?;
    let request = read_request(&mut client)?;
    match current(mode) {
        GateMode::Fail(status) => {
            counters.failed.fetch_add(1, Ordering::SeqCst);
            answer(&mut client, status, None)
        }
        GateMode::Storm(seconds) => {
            counters.failed.fetch_add(1, Ordering::SeqCst);
            answer(&mut client, 429, Some(seconds))
        }
        GateMode::HoldWrites(hold) if request.method != "GET" => {
            let mut server = forward(upstream, &request)?;
            io::copy(&mut server, &mut io::sink())?;
            counters.held.fetch_add(1, Ordering::SeqCst);
            std::thread::sleep(hold);
            client.shutdown(Shutdown::Both)
        }
        GateMode::Pass | GateMode::Refuse | GateMode::HoldWrites(_) => {
            let mut server = forward(upstream, &request)?;
            relay_answer(&mut server, &mut client)?;
            counters.passed.fetch_add(1, Ordering::SeqCst);
            client.shutdown(Shutdown::Both)
        }
    }
}

fn forward(upstream: &str, request: &Request) -> io::Result<TcpStream> {
    let mut server = TcpStream::connect(upstream)?;
    server.write_all(closing(&request.head).as_bytes())?;
    server.write_all(&request.body)?;
    Ok(server)
}

/// Copies the upstream answer to the client, its head marked `Connection: close`.
fn relay_answer(server: &mut TcpStream, client: &mut TcpStream) -> io::Result<()> {
    let mut buf = Vec::new();
    let mut chunk = [0_u8; 8192];
    let end = loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let n = server.read(&mut chunk)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    client.write_all(closing(&head).as_bytes())?;
    client.write_all(&buf[end + 4..])?;
    io::copy(server, client)?;
    Ok(())
}

/// The gate's own answer: a JSON body both adapters read (Twilio's `code`/`message`,
/// SendGrid's `errors`).
fn answer(client: &mut TcpStream, status: u16, retry_after: Option<u32>) -> io::Result<()> {
    let (code, reason) = match status {
        429 => (20429, "Too Many Requests"),
        500 => (20500, "Internal Server Error"),
        502 => (20500, "Bad Gateway"),
        _ => (20503, "Service Unavailable"),
    };
    let body = serde_json::json!({
        "code": code,
        "message": reason,
        "status": status,
        "errors": [{"message": reason}],
    })
    .to_string();
    let retry = retry_after.map_or_else(String::new, |s| format!("Retry-After: {s}\r\n"));
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{retry}Connection: close\r\n\r\n",
        body.len()
    );
    client.write_all(head.as_bytes())?;
    client.write_all(body.as_bytes())?;
    client.shutdown(Shutdown::Both)
}
