//! [`EdgeIo`]: a connection as actix-http's HTTP/1 dispatcher reads it, with every request
//! head checked before the dispatcher sees a byte of it.
//!
//! Every byte the client sends is also fed to a second actix-http decoder (the shadow), so
//! the edge knows where each head and body of the connection begins and ends, keep-alive
//! and pipelined requests included, and whether the dispatcher could parse the head. Bytes
//! are handed to the dispatcher only once the shadow has accepted them. A head that is too
//! large, has too long a target, does not parse or does not arrive in time is never handed
//! on: the dispatcher reads the end of the connection instead, answers what it already has,
//! and when it closes the connection the edge writes its own problem+json answer
//! ([`super::refusal`]) before closing. A body that does not arrive in time ends the same
//! way, and the request reading it learns why ([`super::cut`]).

use std::fmt;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use actix_http::ServiceConfig;
use actix_http::error::ParseError;
use actix_http::h1::{Codec, Message, MessageType};
use actix_web::web::{Buf as _, BytesMut};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep, sleep_until};
use tokio_util::codec::Decoder as _;
use tokio_util::io::poll_read_buf;

use super::cut::{BodyCut, CutSignal};
use super::refusal::{Refusal, seconds};
use super::settings::{EdgeSettings, target_len};

/// How much is read from the socket at a time.
const READ_CHUNK: usize = 8 * 1024;

/// How long, after answering a refused request, what the client still sends is read and
/// dropped: closing a socket with unread bytes resets the connection, and the reset can
/// reach the client before it has read the answer.
const LINGER: Duration = Duration::from_secs(1);

/// Where the connection is in its current request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Reading a request head (or waiting for one).
    Head,
    /// Reading a request body.
    Body,
    /// Nothing more is read: the client closed, or the edge ended the connection.
    Ended,
}

/// The connection, as the dispatcher reads and writes it.
pub(crate) struct EdgeIo<T> {
    io: T,
    settings: EdgeSettings,
    /// The shadow decoder.
    decoder: Codec,
    /// What the shadow has not consumed yet (the end of `held`).
    unparsed: BytesMut,
    /// What was read and not yet handed to the dispatcher: first the `cleared` bytes the
    /// shadow accepted, then a copy of `unparsed`.
    held: BytesMut,
    cleared: usize,
    phase: Phase,
    /// When the current head or body must have arrived (or the linger ends).
    deadline: Option<Instant>,
    timer: Option<Pin<Box<Sleep>>>,
    /// The edge's own answer, written when the dispatcher closes the connection, and how
    /// much of it is written.
    answer: Option<(Vec<u8>, usize)>,
    /// Whether, having ended the connection with bytes possibly still coming, the edge
    /// drains them before closing.
    linger: bool,
    write_shut: bool,
    cut: CutSignal,
}

impl<T> fmt::Debug for EdgeIo<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EdgeIo")
            .field("phase", &self.phase)
            .field("held", &self.held.len())
            .field("cleared", &self.cleared)
            .finish_non_exhaustive()
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> EdgeIo<T> {
    /// A new connection over `io`; `config` only serves the shadow decoder.
    pub(crate) fn new(io: T, settings: EdgeSettings, config: &ServiceConfig) -> Self {
        Self {
            io,
            settings,
            decoder: Codec::new(config.clone()),
            unparsed: BytesMut::new(),
            held: BytesMut::new(),
            cleared: 0,
            phase: Phase::Head,
            deadline: Some(Instant::now() + settings.header_read_timeout),
            timer: None,
            answer: None,
            linger: false,
            write_shut: false,
            cut: CutSignal::default(),
        }
    }

    /// Where this connection records a body it cut short.
    pub(crate) fn cut_signal(&self) -> CutSignal {
        self.cut.clone()
    }

    /// Reads what the socket has into `held` and `unparsed`; 0 at its end.
    fn poll_fill(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let start = self.held.len();
        self.held.reserve(READ_CHUNK);
        let n = ready!(poll_read_buf(Pin::new(&mut self.io), cx, &mut self.held))?;
        self.unparsed.extend_from_slice(&self.held[start..]);
        Poll::Ready(Ok(n))
    }

    /// Runs the shadow over what arrived: clears what it accepts, refuses a bad head, cuts a
    /// malformed body.
    fn inspect(&mut self) {
        loop {
            match self.phase {
                Phase::Ended => return,
                Phase::Head if self.unparsed.is_empty() => return,
                Phase::Head => {
                    if self.deadline.is_none() {
                        self.deadline = Some(Instant::now() + self.settings.header_read_timeout);
                    }
                    let limit = self.settings.max_target_bytes;
                    if self.unparsed.len() > limit && target_len(&self.unparsed) > limit {
                        return self.refuse(&Refusal::uri_too_long(limit));
                    }
                }
                Phase::Body => {}
            }
            let before = self.unparsed.len();
            let decoded = self.decoder.decode(&mut self.unparsed);
            let used = before - self.unparsed.len();
            let max_head = self.settings.max_head_bytes;
            match decoded {
                Ok(None) if self.phase == Phase::Head && before > max_head => {
                    return self.refuse(&Refusal::head_too_large(max_head));
                }
                Ok(None) => {
                    self.cleared += used;
                    return;
                }
                Ok(Some(Message::Item(_))) if used > max_head => {
                    return self.refuse(&Refusal::head_too_large(max_head));
                }
                Ok(Some(Message::Item(_))) => {
                    self.cleared += used;
                    if self.decoder.message_type() == MessageType::None {
                        self.next_head();
                    } else {
                        self.phase = Phase::Body;
                        self.deadline = Some(Instant::now() + self.settings.body_read_timeout);
                    }
                }
                Ok(Some(Message::Chunk(Some(_)))) => self.cleared += used,
                Ok(Some(Message::Chunk(None))) => {
                    self.cleared += used;
                    self.next_head();
                }
                Err(ParseError::TooLarge) if self.phase == Phase::Head => {
                    return self.refuse(&Refusal::too_many_fields(EdgeSettings::MAX_HEADER_FIELDS));
                }
                Err(e) if self.phase == Phase::Head => return self.refuse(&Refusal::malformed(&e)),
                Err(_) => {
                    tracing::info!(
                        "a request body's chunked encoding is malformed; closing the connection"
                    );
                    return self.cut(BodyCut::Malformed);
                }
            }
        }
    }

    /// Waits for the next head, with no deadline until its first byte.
    fn next_head(&mut self) {
        self.phase = Phase::Head;
        self.deadline = None;
    }

    /// The current head or body is late.
    fn expire(&mut self) {
        match self.phase {
            Phase::Head if self.unparsed.is_empty() => {
                tracing::debug!("closing a connection that sent no request in time");
                self.end();
            }
            Phase::Head => {
                self.refuse(&Refusal::head_timeout(self.settings.header_read_timeout));
            }
            Phase::Body => {
                let limit = self.settings.body_read_timeout;
                tracing::info!(
                    "a request body did not arrive in full within {}; closing the connection",
                    seconds(limit)
                );
                self.cut(BodyCut::TimedOut(limit));
            }
            Phase::Ended => {}
        }
    }

    /// Refuses the current head: nothing of it reaches the dispatcher, which reads the end
    /// of the connection; `refusal` is written when it closes it.
    fn refuse(&mut self, refusal: &Refusal) {
        let request_id = uuid::Uuid::now_v7().to_string();
        tracing::info!(
            request_id,
            status = refusal.status().as_u16(),
            code = refusal.code(),
            "refused at the edge"
        );
        self.answer = Some((
            refusal.response(&request_id, time::OffsetDateTime::now_utc()),
            0,
        ));
        self.end();
        self.linger = true;
    }

    /// Ends the current body: the dispatcher reads the end of the connection (its request
    /// sees the body end early, and why).
    fn cut(&mut self, cut: BodyCut) {
        self.cut.set(cut);
        self.end();
        self.linger = true;
    }

    /// Reads no more: what was not cleared is dropped.
    fn end(&mut self) {
        self.phase = Phase::Ended;
        self.deadline = None;
        self.held.truncate(self.cleared);
        self.unparsed.clear();
    }

    /// Ready once the deadline has passed; `Pending` (woken then) before, or without one.
    fn poll_deadline(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let Some(deadline) = self.deadline else {
            return Poll::Pending;
        };
        let timer = self
            .timer
            .get_or_insert_with(|| Box::pin(sleep_until(deadline)));
        if timer.deadline() != deadline {
            timer.as_mut().reset(deadline);
        }
        timer.as_mut().poll(cx)
    }

    /// Writes the edge's answer, if any, then closes the writing half.
    fn poll_answer_and_shut(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some((answer, written)) = &mut self.answer {
            while *written < answer.len() {
                let n = ready!(Pin::new(&mut self.io).poll_write(cx, &answer[*written..]))?;
                if n == 0 {
                    return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
                }
                *written += n;
            }
            ready!(Pin::new(&mut self.io).poll_flush(cx))?;
            self.answer = None;
        }
        if !self.write_shut {
            ready!(Pin::new(&mut self.io).poll_shutdown(cx))?;
            self.write_shut = true;
            if self.linger {
                self.deadline = Some(Instant::now() + LINGER);
            }
        }
        Poll::Ready(Ok(()))
    }

    /// Reads and drops what the client still sends, until it closes or the linger ends.
    fn poll_linger(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        while self.linger {
            self.held.clear();
            match poll_read_buf(Pin::new(&mut self.io), cx, &mut self.held) {
                Poll::Ready(Ok(0) | Err(_)) => self.linger = false,
                Poll::Ready(Ok(_)) => {}
                Poll::Pending => {
                    ready!(self.poll_deadline(cx));
                    self.linger = false;
                }
            }
        }
        Poll::Ready(())
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> AsyncRead for EdgeIo<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            if this.cleared > 0 {
                let n = this.cleared.min(buf.remaining());
                buf.put_slice(&this.held[..n]);
                this.held.advance(n);
                this.cleared -= n;
                return Poll::Ready(Ok(()));
            }
            if this.phase == Phase::Ended {
                return Poll::Ready(Ok(()));
            }
            match this.poll_fill(cx) {
                Poll::Ready(Ok(0)) => this.end(),
                Poll::Ready(Ok(_)) => this.inspect(),
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                // Late only once everything that arrived is read: a client is not blamed
                // for the dispatcher's slowness to read it.
                Poll::Pending => {
                    ready!(this.poll_deadline(cx));
                    this.expire();
                }
            }
        }
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> AsyncWrite for EdgeIo<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_answer_and_shut(cx))?;
        ready!(this.poll_linger(cx));
        Poll::Ready(Ok(()))
    }
}
