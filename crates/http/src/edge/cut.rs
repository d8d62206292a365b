//! How the edge tells the application that it cut a request body short, so that the
//! body's reader answers why ([`body_cut`]).

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use actix_web::HttpRequest;

/// Why the edge ended a request body before its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyCut {
    /// It did not arrive in full within this long of its head.
    TimedOut(Duration),
    /// Its chunked encoding is malformed.
    Malformed,
}

/// The connection's record of a cut body, shared by the edge (which writes it) and the
/// request (which reads it through the connection's data).
#[derive(Debug, Clone, Default)]
pub(crate) struct CutSignal(Rc<Cell<Option<BodyCut>>>);

impl CutSignal {
    /// Records the cut.
    pub(super) fn set(&self, cut: BodyCut) {
        self.0.set(Some(cut));
    }

    /// The cut, if any.
    pub(super) fn get(&self) -> Option<BodyCut> {
        self.0.get()
    }
}

/// Why the edge cut `req`'s body, when it did (its reader then sees the body end early).
pub(crate) fn body_cut(req: &HttpRequest) -> Option<BodyCut> {
    req.conn_data::<CutSignal>().and_then(CutSignal::get)
}
