//! The domain's store contract suite, run against PostgreSQL (one fresh database per test).

use std::sync::Arc;

use switchboard_domain::contract::Stores;
use switchboard_postgres::test_support::TestDatabase;

async fn fresh_stores() -> Stores {
    let db = TestDatabase::new().await;
    let store = Arc::new(db.store());
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
        guard: Some(Arc::new(db)),
    }
}

switchboard_domain::store_contract_tests!(fresh_stores());
