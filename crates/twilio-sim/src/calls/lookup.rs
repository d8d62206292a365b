//! Finding a call in the state by SID.

use crate::state::SimState;

/// The index of call `sid` in `state.calls`.
pub(super) fn index_of(state: &SimState, sid: &str) -> Option<usize> {
    state.calls.iter().position(|c| c.sid == sid)
}
