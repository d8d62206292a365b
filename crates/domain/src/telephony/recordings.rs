//! Recordings: their status, the provider's description of one, its audio (streamed, with
//! an optional byte range), and the port that reads and deletes them.

use std::collections::VecDeque;
use std::fmt;
use std::str::FromStr;

use async_trait::async_trait;
use time::OffsetDateTime;

use super::error::TelephonyError;
use super::string_enum::string_enum;
use crate::money::{Amount, Currency};
use crate::sid::{CallSid, RecordingSid};

string_enum!(
    /// A recording's status, as Twilio reports it.
    RecordingStatus {
        /// Recording now.
        InProgress = "in-progress",
        /// Paused.
        Paused = "paused",
        /// Stopped.
        Stopped = "stopped",
        /// Being processed.
        Processing = "processing",
        /// Ready.
        Completed = "completed",
        /// Nothing was recorded.
        Absent = "absent",
        /// Deleted.
        Deleted = "deleted",
    }
);

/// A recording as the provider describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingInfo {
    /// Its id.
    pub sid: RecordingSid,
    /// The call it belongs to.
    pub call_sid: Option<CallSid>,
    /// Its status.
    pub status: RecordingStatus,
    /// Length in seconds, once known.
    pub duration_seconds: Option<u32>,
    /// 1 or 2.
    pub channels: Option<u8>,
    /// What it cost, once known.
    pub price: Option<Amount>,
    /// The currency of `price`.
    pub price_unit: Option<Currency>,
    /// When it was created.
    pub created_at: Option<OffsetDateTime>,
}

/// An audio format recordings can be downloaded in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaFormat {
    /// MPEG audio (`audio/mpeg`).
    Mp3,
    /// WAV (`audio/wav`; Twilio says `audio/x-wav`).
    Wav,
}

impl MediaFormat {
    /// The file extension Twilio serves it under.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Mp3 => "mp3",
            Self::Wav => "wav",
        }
    }

    /// The content type Twilio serves it with (`audio/x-wav` for WAV).
    #[must_use]
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Mp3 => "audio/mpeg",
            Self::Wav => "audio/x-wav",
        }
    }

    /// The content type Switchboard serves it with: `audio/mpeg` or `audio/wav`.
    #[must_use]
    pub fn served_content_type(self) -> &'static str {
        match self {
            Self::Mp3 => "audio/mpeg",
            Self::Wav => "audio/wav",
        }
    }
}

/// Why a `Range` header value is not one `bytes=` range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a single byte range (bytes=A-B, bytes=A- or bytes=-N)")]
pub struct InvalidByteRange {
    /// The rejected input, cut to 40 characters.
    pub input: String,
}

/// The value of an HTTP `Range` header asking for one range of bytes (RFC 9110 §14.1.2).
/// Positions are 0-based and inclusive. Whether the range is satisfiable depends on the
/// file's length, which only the provider knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ByteRange {
    /// `bytes=A-B`: bytes `first` to `last`, with `first <= last`.
    Closed {
        /// The first byte.
        first: u64,
        /// The last byte (clipped to the file's end by the provider).
        last: u64,
    },
    /// `bytes=A-`: from byte `first` to the end.
    From {
        /// The first byte.
        first: u64,
    },
    /// `bytes=-N`: the last `length` bytes (the whole file when it is shorter; `bytes=-0`
    /// is well-formed but never satisfiable).
    Suffix {
        /// How many bytes from the end.
        length: u64,
    },
}

impl ByteRange {
    /// Parses a `Range` header value: the unit `bytes` (in any case), `=`, then one range.
    /// Several ranges, other units, a last position before the first, signs, spaces inside
    /// the range and numbers beyond `u64` are refused.
    ///
    /// # Errors
    /// [`InvalidByteRange`] for anything but `bytes=A-B` (A <= B), `bytes=A-` or `bytes=-N`.
    pub fn parse(input: &str) -> Result<Self, InvalidByteRange> {
        let invalid = || InvalidByteRange {
            input: crate::error::excerpt(input),
        };
        let trimmed = input.trim();
        let (unit, range) = trimmed.split_once('=').ok_or_else(invalid)?;
        if !unit.trim_end().eq_ignore_ascii_case("bytes") {
            return Err(invalid());
        }
        let (first, last) = range.trim_start().split_once('-').ok_or_else(invalid)?;
        let number = |text: &str| -> Result<u64, InvalidByteRange> {
            if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            text.parse().map_err(|_| invalid())
        };
        match (first.is_empty(), last.is_empty()) {
            (true, true) => Err(invalid()),
            (true, false) => Ok(Self::Suffix {
                length: number(last)?,
            }),
            (false, true) => Ok(Self::From {
                first: number(first)?,
            }),
            (false, false) => {
                let (first, last) = (number(first)?, number(last)?);
                if first <= last {
                    Ok(Self::Closed { first, last })
                } else {
                    Err(invalid())
                }
            }
        }
    }
}

impl fmt::Display for ByteRange {
    /// The header value: `bytes=A-B`, `bytes=A-` or `bytes=-N`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Closed { first, last } => write!(f, "bytes={first}-{last}"),
            Self::From { first } => write!(f, "bytes={first}-"),
            Self::Suffix { length } => write!(f, "bytes=-{length}"),
        }
    }
}

impl FromStr for ByteRange {
    type Err = InvalidByteRange;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// What the provider made of a media request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaOutcome {
    /// The whole file (HTTP 200): no range was asked for, or the provider ignored it.
    Full,
    /// The part the range asked for (HTTP 206), described by `content_range`.
    Partial,
    /// The range lies beyond the file (HTTP 416): no audio; `content_range` is
    /// `bytes */{length}` when the provider said the length.
    Unsatisfiable,
}

/// The audio of a recording, read from the provider piece by piece.
#[async_trait]
pub trait MediaChunks: Send + std::fmt::Debug {
    /// The next piece of audio, or `None` once the file has ended. After `None` or an
    /// error, the stream is finished.
    ///
    /// # Errors
    /// [`TelephonyError::Unavailable`] when the download breaks off or stalls.
    async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, TelephonyError>;
}

/// Pieces already in memory, handed out in order: for stand-ins and tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BufferedChunks(VecDeque<Vec<u8>>);

impl BufferedChunks {
    /// Hands out `chunks` in order (empty ones are skipped).
    #[must_use]
    pub fn new(chunks: impl IntoIterator<Item = Vec<u8>>) -> Self {
        Self(chunks.into_iter().filter(|c| !c.is_empty()).collect())
    }
}

#[async_trait]
impl MediaChunks for BufferedChunks {
    async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, TelephonyError> {
        Ok(self.0.pop_front())
    }
}

/// An opened recording download: how the provider answered, and the audio as a stream.
#[derive(Debug)]
pub struct MediaStream {
    /// Whole file, one range of it, or a range beyond its end.
    pub outcome: MediaOutcome,
    /// `audio/mpeg` or `audio/wav` ([`MediaFormat::served_content_type`]).
    pub content_type: String,
    /// The length of what `chunks` yields, when the provider said it.
    pub content_length: Option<u64>,
    /// The provider's `Content-Range` (`bytes 0-99/1234`, or `bytes */1234` when
    /// unsatisfiable), when it sent one.
    pub content_range: Option<String>,
    /// The audio; empty when [`MediaOutcome::Unsatisfiable`].
    pub chunks: Box<dyn MediaChunks>,
}

/// Recordings kept by the provider.
///
/// # Errors
/// As `numbers::NumberProvider`; every method MUST return [`TelephonyError::NotFound`] for an
/// unknown or deleted recording.
#[async_trait]
pub trait RecordingProvider: Send + Sync + std::fmt::Debug + 'static {
    /// A recording's metadata.
    async fn recording(&self, sid: &RecordingSid) -> Result<RecordingInfo, TelephonyError>;

    /// Deletes a recording at the provider.
    async fn delete_recording(&self, sid: &RecordingSid) -> Result<(), TelephonyError>;

    /// Starts downloading a recording's audio, the whole file or the `range` of it asked
    /// for; the audio then arrives through [`MediaStream::chunks`]. A range beyond the file
    /// is not an error: it gives [`MediaOutcome::Unsatisfiable`].
    async fn open_media(
        &self,
        sid: &RecordingSid,
        format: MediaFormat,
        range: Option<&ByteRange>,
    ) -> Result<MediaStream, TelephonyError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_ranges_of_the_three_forms_parse_and_print_back() {
        for (input, range, printed) in [
            (
                "bytes=0-99",
                ByteRange::Closed { first: 0, last: 99 },
                "bytes=0-99",
            ),
            (
                "bytes=5-5",
                ByteRange::Closed { first: 5, last: 5 },
                "bytes=5-5",
            ),
            ("bytes=100-", ByteRange::From { first: 100 }, "bytes=100-"),
            (
                "bytes=-500",
                ByteRange::Suffix { length: 500 },
                "bytes=-500",
            ),
            ("bytes=-0", ByteRange::Suffix { length: 0 }, "bytes=-0"),
            ("Bytes = 7-", ByteRange::From { first: 7 }, "bytes=7-"),
            (
                " bytes=18446744073709551615-",
                ByteRange::From { first: u64::MAX },
                "bytes=18446744073709551615-",
            ),
        ] {
            assert_eq!(ByteRange::parse(input), Ok(range), "{input}");
            assert_eq!(range.to_string(), printed);
            assert_eq!(printed.parse::<ByteRange>(), Ok(range));
        }
    }

    #[test]
    fn anything_but_one_byte_range_is_refused() {
        for bad in [
            "",
            "bytes",
            "bytes=",
            "bytes=-",
            "bytes=5-4",
            "bytes=0-1,5-9",
            "bytes=a-b",
            "bytes=+1-2",
            "bytes=1--2",
            "bytes=1 - 2",
            "bytes=18446744073709551616-",
            "items=0-1",
            "0-1",
        ] {
            let err = ByteRange::parse(bad).unwrap_err();
            assert_eq!(err.input, bad, "{bad}");
        }
    }

    #[test]
    fn served_content_types_are_the_contract_s() {
        assert_eq!(MediaFormat::Mp3.served_content_type(), "audio/mpeg");
        assert_eq!(MediaFormat::Wav.served_content_type(), "audio/wav");
        assert_eq!(MediaFormat::Wav.content_type(), "audio/x-wav");
    }

    #[test]
    fn buffered_chunks_come_out_in_order_then_end() {
        let mut chunks = BufferedChunks::new([vec![1, 2], Vec::new(), vec![3]]);
        let mut got = Vec::new();
        while let Some(chunk) = futures::executor::block_on(chunks.next_chunk()).unwrap() {
            got.push(chunk);
        }
        assert_eq!(got, [vec![1, 2], vec![3]]);
        assert_eq!(
            futures::executor::block_on(chunks.next_chunk()).unwrap(),
            None
        );
    }
}
