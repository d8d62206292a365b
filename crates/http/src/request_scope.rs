//! The id of the request a task is answering, so that problem+json bodies written anywhere
//! inside it carry it as `requestId`. [`crate::request_id`] sets it around each request.

tokio::task_local! {
    /// The id of the request this task is answering.
    pub(crate) static CURRENT: String;
}

/// The id of the request being answered, if any.
pub(crate) fn current() -> Option<String> {
    CURRENT.try_with(Clone::clone).ok()
}
