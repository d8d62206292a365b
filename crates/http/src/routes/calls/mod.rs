//! `/v1/calls`: place, list, read, count and end calls; `/v1/voice/token`: browser calling;
//! `/v1/recordings`: the recordings of calls. One file per route group; `body` holds what
//! they share.

mod body;
pub(super) mod place;
pub(super) mod read;
pub(super) mod token;
