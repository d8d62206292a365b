//! An in-memory implementation of every store port. Skeleton: filled in by the memory-store work.
