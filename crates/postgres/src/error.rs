//! Turns driver and pool errors into the domain's opaque [`StoreError`], with context.

use diesel::result::{DatabaseErrorKind, Error as DieselError};
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

/// Whether `e` is a unique constraint's refusal (the statement changed nothing).
pub(crate) fn unique_violation(e: &DieselError) -> bool {
    matches!(
        e,
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)
    )
}

/// Whether a single statement that failed with `e` may have committed all the same.
///
/// Only the statement's own refusals are certain: a violated constraint, a serialisation
/// failure, a read-only server, or an error building the query before it was sent. Anything
/// else may have come after the commit: the connection closed or broke before the answer was
/// read (a killed server, a terminated backend, a network failure: diesel-async reports these
/// as `UnableToSendCommand` whether or not the statement had been sent), an answer that could
/// not be decoded, or a server error it cannot name (`57P01 admin_shutdown` can follow a commit
/// that waited on a synchronous standby).
pub(crate) fn outcome_unknown(e: &DieselError) -> bool {
    use DatabaseErrorKind as Kind;
    !matches!(
        e,
        DieselError::DatabaseError(
            Kind::UniqueViolation
                | Kind::ForeignKeyViolation
                | Kind::NotNullViolation
                | Kind::CheckViolation
                | Kind::RestrictViolation
                | Kind::ExclusionViolation
                | Kind::SerializationFailure
                | Kind::ReadOnlyTransaction,
            _
        ) | DieselError::QueryBuilderError(_)
            | DieselError::SerializationError(_)
    )
}

#[cfg(test)]
mod tests {
    use diesel::result::{DatabaseErrorKind as Kind, Error as DieselError};

    use super::outcome_unknown;

    fn db(kind: Kind) -> DieselError {
        DieselError::DatabaseError(kind, Box::new(String::from("as reported")))
    }

    #[test]
    fn only_the_statements_own_refusals_are_certain() {
        for refused in [
            Kind::UniqueViolation,
            Kind::CheckViolation,
            Kind::SerializationFailure,
            Kind::ReadOnlyTransaction,
        ] {
            assert!(!outcome_unknown(&db(refused)), "{refused:?}");
        }
        // A closed or broken connection, and server errors diesel cannot name (57P01, 57014).
        for unknown in [
            Kind::UnableToSendCommand,
            Kind::ClosedConnection,
            Kind::Unknown,
        ] {
            assert!(outcome_unknown(&db(unknown)), "{unknown:?}");
        }
        assert!(outcome_unknown(&DieselError::DeserializationError(
            "an answer that could not be read".into()
        )));
    }
}
