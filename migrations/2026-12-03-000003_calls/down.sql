DROP TABLE idempotency_keys;
DROP TABLE browser_identities;
DROP TABLE recordings;
DROP TABLE calls;
