-- How many events the last batch of session creates took from a rate-limit key
-- (crates/postgres/src/lease_batch.rs): a batch takes several events of one key at once, and
-- an upsert's RETURNING sees only the row as written, so the count is written with it.
-- Nothing else reads it.
ALTER TABLE rate_limits ADD COLUMN granted integer;
