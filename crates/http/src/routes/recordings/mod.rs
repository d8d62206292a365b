//! `/v1/recordings`: list, read, play and delete the recordings of the caller's calls.

mod body;
pub(super) mod media;
pub(super) mod read;
