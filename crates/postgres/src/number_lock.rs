//! The lock that keeps pool numbers and owned numbers apart.
//!
//! A number may be in the voicemail pool (`pool_numbers`) or held or being bought by a user
//! (`owned_numbers`), never both. Each table's own unique index cannot see the other table,
//! so both writers, `add_pool_number` and `begin_purchase`, first take a transaction-scoped
//! advisory lock on the phone number, then check the other table, then insert. Two such
//! transactions on one number run one after the other; in READ COMMITTED each statement
//! after the lock takes a fresh snapshot, so the second one sees the first one's committed
//! row and refuses.
//!
//! Lock key: the two-`int4` form `pg_advisory_xact_lock(NUMBER_LOCK_CLASS, hashtext(number))`.
//! PostgreSQL keeps the two-`int4` key space apart from the single-`bigint` one, which the
//! migration lock and the test template lock use, so these locks never meet them. Two numbers
//! whose hashes collide only wait for each other for one short transaction; correctness does
//! not depend on the hash. The lock is released at commit or rollback.

use diesel::sql_types::{Integer, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use switchboard_domain::PhoneNumber;

/// The first key of every phone-number lock ("swnb" in ASCII): the class of locks that
/// guard one phone number's membership of the pool or of the owned numbers.
pub(crate) const NUMBER_LOCK_CLASS: i32 = 0x7377_6E62;

/// Locks `number` until the end of the current transaction. Must run inside one, and in a
/// statement of its own, before the statements that check and write.
pub(crate) async fn lock_number(
    conn: &mut AsyncPgConnection,
    number: &PhoneNumber,
) -> diesel::QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock($1, hashtext($2))")
        .bind::<Integer, _>(NUMBER_LOCK_CLASS)
        .bind::<Text, _>(number.as_str())
        .execute(conn)
        .await
        .map(drop)
}
