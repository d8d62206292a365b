//! The domain's store contract suite, run against the in-memory store (a fresh one per test).

use std::sync::Arc;

use switchboard_domain::contract::Stores;
use switchboard_memory::MemoryStore;

async fn fresh_stores() -> Stores {
    let store = Arc::new(MemoryStore::new());
    Stores {
        sessions: store.clone(),
        pool: store.clone(),
        limits: store.clone(),
        numbers: store.clone(),
        calls: store.clone(),
        recordings: store.clone(),
        identities: store.clone(),
        claims: store.clone(),
        routing: store.clone(),
        messages: store.clone(),
        emails: store.clone(),
        usage: store,
        guard: None,
    }
}

switchboard_domain::store_contract_tests!(fresh_stores());
