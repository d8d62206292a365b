//! The limits and timeouts of the edge: [`EdgeSettings`].

use std::time::Duration;

/// How much a request head may hold and how long a client may take to send a request
/// (docs/limits.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EdgeSettings {
    /// The most bytes a request head (request line and header fields) may have: more is a
    /// 431 `request_header_fields_too_large`. Below 128 KiB, the most actix-http reads.
    pub max_head_bytes: usize,
    /// The most bytes a request target (path and query) may have: more is a 414
    /// `uri_too_long`.
    pub max_target_bytes: usize,
    /// How long a client has to send a request head: from the connection's start for its
    /// first request, from the head's first byte for the next ones. Past it, a started head
    /// is answered 408 `request_timeout` and the connection closed; a connection that sent
    /// nothing is closed.
    pub header_read_timeout: Duration,
    /// How long a client has to send a request body, from the end of its head. Past it, the
    /// request is answered 408 `request_timeout` (when its body was being read) and the
    /// connection closed.
    pub body_read_timeout: Duration,
    /// How long an idle connection is kept open between requests.
    pub keep_alive: Duration,
}

impl EdgeSettings {
    /// The most request header fields a head may have (actix-http's fixed limit): more is a
    /// 431 too.
    pub const MAX_HEADER_FIELDS: usize = 96;
}

impl Default for EdgeSettings {
    /// 16 KiB heads, 8 KiB targets, 5 s for a head, 10 s for a body, 5 s of keep-alive.
    fn default() -> Self {
        Self {
            max_head_bytes: 16 * 1024,
            max_target_bytes: 8 * 1024,
            header_read_timeout: Duration::from_secs(5),
            body_read_timeout: Duration::from_secs(10),
            keep_alive: Duration::from_secs(5),
        }
    }
}

/// The length of the request target seen so far in `head`, the bytes of a request head
/// (complete or not): what follows the first space of its request line, up to the next
/// space or the line's end. Empty lines before the request line are skipped, as HTTP/1.1
/// servers do; 0 before the first space.
pub(super) fn target_len(head: &[u8]) -> usize {
    let start = head
        .iter()
        .position(|b| *b != b'\r' && *b != b'\n')
        .unwrap_or(head.len());
    let line = &head[start..];
    let Some(space) = line.iter().position(|b| *b == b' ') else {
        return 0;
    };
    let target = &line[space + 1..];
    target
        .iter()
        .position(|b| matches!(b, b' ' | b'\r' | b'\n'))
        .unwrap_or(target.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_is_measured_in_complete_and_partial_request_lines() {
        assert_eq!(
            target_len(b"GET /v1/numbers HTTP/1.1\r\nHost: x\r\n\r\n"),
            11
        );
        assert_eq!(target_len(b"GET /v1/num"), 7);
        assert_eq!(target_len(b"GET"), 0);
        assert_eq!(target_len(b"\r\n\r\nPOST /a?b=c HTTP/1.1\r\n"), 6);
        assert_eq!(target_len(b"GET /a\r\n"), 2);
        assert_eq!(target_len(b""), 0);
    }
}
