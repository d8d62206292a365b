//! The inbound lookup of an owned number stays one indexed read at scale: with 100,000
//! owned numbers (each with rules, a menu and voicemail settings) and their owners'
//! mapped identities, `LINE_SQL` probes `owned_numbers_one_holder` for the number and the
//! number_id keys of the routing tables (the enabled rules through
//! `forwarding_rules_one_enabled`) for the rest, never a sequential scan.

use diesel::sql_types::Text;
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use switchboard_postgres::LINE_SQL;
use switchboard_postgres::test_support::{TestDatabase, explain as plan};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inbound_lookup_of_an_owned_number_is_one_indexed_read_at_100k_numbers() {
    let db = TestDatabase::new().await;
    let mut conn = AsyncPgConnection::establish(db.url())
        .await
        .expect("connect");
    conn.batch_execute(
        "INSERT INTO owned_numbers (id, user_id, phone_number, state, twilio_sid, friendly_name, \
             country, voice, sms, mms, active, purchase_price, monthly_cost, price_unit, \
             started_at, created_at, released_at) \
         SELECT md5('n' || i)::uuid, 'user-' || (i % 20000), '+1628' || lpad(i::text, 7, '0'), \
                CASE WHEN i % 10 = 1 THEN 'released' ELSE 'held' END, 'PN' || md5(i::text), \
                'number ' || i, 'US', true, true, false, true, 11500, 11500, 'USD', now(), now(), \
                CASE WHEN i % 10 = 1 THEN now() ELSE NULL END \
         FROM generate_series(1, 100000) AS i; \
         INSERT INTO browser_identities (identity, user_id) \
         SELECT 'm_' || md5('u' || i), 'user-' || i FROM generate_series(0, 19999) AS i; \
         INSERT INTO forwarding_rules (id, number_id, forward_to, kind, ring_timeout, enabled, created_at, updated_at) \
         SELECT gen_random_uuid(), md5('n' || i)::uuid, '+14155550123', \
                (ARRAY['always', 'busy', 'no-answer'])[1 + k], 20, k > 0, now(), now() \
         FROM generate_series(1, 100000) AS i, generate_series(0, 2) AS k WHERE i % 10 <> 1; \
         INSERT INTO ivr_menus (number_id, menu, updated_at) \
         SELECT md5('n' || i)::uuid, '{\"prompt\": {\"say\": \"Hi\"}, \"options\": [{\"digits\": \"1\", \"action\": {\"type\": \"hangup\"}}]}', now() \
         FROM generate_series(1, 100000, 2) AS i WHERE i % 10 <> 1; \
         INSERT INTO voicemail_settings (number_id, enabled, greeting_say, max_length, updated_at) \
         SELECT md5('n' || i)::uuid, true, 'Leave a message.', 120, now() \
         FROM generate_series(1, 100000, 3) AS i WHERE i % 10 <> 1; \
         ANALYZE;",
    )
    .await
    .expect("seed 100,000 owned numbers with their routing");

    let lookup = plan(
        &mut conn,
        diesel::sql_query(format!("EXPLAIN {LINE_SQL}"))
            .into_boxed()
            .bind::<Text, _>("+16280042043"),
    )
    .await;
    println!("owned-number lookup plan:\n{lookup}");
    assert!(lookup.contains("owned_numbers_one_holder"), "{lookup}");
    // The enabled rules come from either of the rules' number_id indexes (the partial one
    // holds exactly the enabled rules).
    assert!(
        lookup.contains("forwarding_rules_one_enabled")
            || lookup.contains("forwarding_rules_by_number"),
        "{lookup}"
    );
    for key in [
        "ivr_menus_pkey",
        "voicemail_settings_pkey",
        "browser_identities_user_id_key",
    ] {
        assert!(lookup.contains(key), "{key}: {lookup}");
    }
    assert!(!lookup.contains("Seq Scan"), "{lookup}");
}
