//! Turns driver and pool errors into the domain's opaque [`StoreError`], with context.

use diesel::result::Error as DieselError;
use diesel_async::pooled_connection::deadpool::PoolError;
use switchboard_domain::StoreError;

/// A query failed while doing `context`.
pub(crate) fn query(context: &'static str) -> impl FnOnce(DieselError) -> StoreError {
    move |e| StoreError::new(context, e)
}

/// No connection could be had while doing `context`.
pub(crate) fn pool(context: &'static str) -> impl FnOnce(PoolError) -> StoreError {
    move |e| StoreError::new(format!("{context} (no database connection)"), e)
}
