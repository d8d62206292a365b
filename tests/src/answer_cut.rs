//! A TCP proxy between the app and PostgreSQL that can lose one answer: the statement ran
//! (and committed) on the server, but its connection breaks before the app reads the result,
//! which is what a server killed at the wrong moment does to a client.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// The proxy; it serves until the test process ends.
#[derive(Debug)]
pub struct AnswerCutter {
    port: u16,
    marker: Arc<Mutex<Option<Vec<u8>>>>,
    cuts: Arc<AtomicUsize>,
}

impl AnswerCutter {
    /// A proxy on a free port of `127.0.0.1` to the server of `database_url`.
    ///
    /// # Panics
    /// When the URL has no host or no port can be bound.
    #[must_use]
    pub fn start(database_url: &str) -> Self {
        let url = reqwest::Url::parse(database_url).expect("a database URL");
        let upstream = format!(
            "{}:{}",
            url.host_str().expect("a database host"),
            url.port().unwrap_or(5432)
        );
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let port = listener.local_addr().expect("the bound address").port();
        let marker: Arc<Mutex<Option<Vec<u8>>>> = Arc::default();
        let cuts = Arc::new(AtomicUsize::new(0));
        let (armed, counted) = (marker.clone(), cuts.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = TcpStream::connect(&upstream) else {
                    continue;
                };
                let (armed, counted) = (armed.clone(), counted.clone());
                std::thread::spawn(move || relay(client, server, &armed, &counted));
            }
        });
        Self { port, marker, cuts }
    }

    /// `database_url` with its host and port replaced by the proxy's.
    ///
    /// # Panics
    /// When `database_url` is not a URL.
    #[must_use]
    pub fn url(&self, database_url: &str) -> String {
        let mut url = reqwest::Url::parse(database_url).expect("a database URL");
        url.set_host(Some("127.0.0.1")).expect("a URL with a host");
        url.set_port(Some(self.port)).expect("a URL with a port");
        url.to_string()
    }

    /// Loses the next answer from the server that contains `marker`: it is dropped and both
    /// sides of its connection are closed.
    pub fn cut_answer_containing(&self, marker: &[u8]) {
        *self.marker.lock().unwrap_or_else(PoisonError::into_inner) = Some(marker.to_vec());
    }

    /// How many answers were lost so far.
    #[must_use]
    pub fn cuts(&self) -> usize {
        self.cuts.load(Ordering::SeqCst)
    }
}

/// Copies both ways until either side closes or an answer is cut.
fn relay(
    client: TcpStream,
    server: TcpStream,
    marker: &Mutex<Option<Vec<u8>>>,
    cuts: &AtomicUsize,
) {
    let (Ok(mut from_client), Ok(mut to_server)) = (client.try_clone(), server.try_clone()) else {
        return;
    };
    let upward = std::thread::spawn(move || {
        // Ends when either side closes; the error only means the connection is gone.
        let _ignored = std::io::copy(&mut from_client, &mut to_server);
        let _ignored = to_server.shutdown(Shutdown::Both);
    });
    let (mut from_server, mut to_client) = (server, client);
    let mut buf = vec![0_u8; 64 * 1024];
    loop {
        let n = match from_server.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let chunk = &buf[..n];
        let mut armed = marker.lock().unwrap_or_else(PoisonError::into_inner);
        if armed
            .as_ref()
            .is_some_and(|m| chunk.windows(m.len()).any(|w| w == m.as_slice()))
        {
            *armed = None;
            cuts.fetch_add(1, Ordering::SeqCst);
            break;
        }
        drop(armed);
        if to_client.write_all(chunk).is_err() {
            break;
        }
    }
    let _ignored = to_client.shutdown(Shutdown::Both);
    let _ignored = from_server.shutdown(Shutdown::Both);
    let _ignored = upward.join();
}
