//! The logs' monthly partitions: a row of a month without a partition lands in the default
//! partition and is found by SID as any other; creating its month moves it there; upkeep is
//! idempotent; retention drops whole months (with their keys and the calls' recordings)
//! and keeps the rest.

use diesel::QueryableByName;
use diesel::sql_types::Text;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use switchboard_domain::calls::{
    Applied, CallDirection, CallId, CallLogStatus, NewCall, RecordingKind, RecordingLogStatus,
    RecordingReport, StatusReport,
};
use switchboard_domain::email::{EmailAddress, EmailId, EmailRecord, EmailStatus};
use switchboard_domain::messages::{Channel, MessageDirection, MessageId, NewMessage};
use switchboard_domain::ports::{CallStore, EmailStore, MessageStore, RecordingStore};
use switchboard_domain::sid::{CallSid, MessageSid, RecordingSid};
use switchboard_domain::telephony::MessageStatus;
use switchboard_domain::{PhoneNumber, UserId};
use switchboard_postgres::test_support::TestDatabase;
use switchboard_postgres::{MONTHS_AHEAD, PgStore};
use time::OffsetDateTime;
use time::macros::{date, datetime};

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

async fn names(conn: &mut AsyncPgConnection, sql: &str) -> Vec<String> {
    let rows: Vec<Name> = diesel::sql_query(sql).load(conn).await.expect(sql);
    rows.into_iter().map(|r| r.name).collect()
}

fn phone(n: u32) -> PhoneNumber {
    PhoneNumber::parse(&format!("+1415555{n:04}")).expect("a number")
}

fn call_sid(n: u32) -> CallSid {
    CallSid::parse(&format!("CA{n:032x}")).expect("a call SID")
}

async fn log_call(store: &PgStore, n: u32, at: OffsetDateTime) {
    let new = NewCall {
        id: CallId::new_v7(),
        sid: Some(call_sid(n)),
        user_id: UserId::parse("alice").expect("a user"),
        direction: CallDirection::OutboundApi,
        from: phone(1),
        to: phone(n),
        client: None,
        number_id: None,
        status: CallLogStatus::Queued,
        created_at: at,
    };
    store.log_call(&new).await.expect("log a call");
}

async fn log_message(store: &PgStore, n: u32, at: OffsetDateTime) {
    let new = NewMessage {
        id: MessageId::new_v7(),
        sid: Some(MessageSid::parse(&format!("SM{n:032x}")).expect("a message SID")),
        user_id: UserId::parse("alice").expect("a user"),
        channel: Channel::Sms,
        direction: MessageDirection::Inbound,
        from: phone(n),
        to: phone(1),
        body: Some("hello".to_owned()),
        media_urls: Vec::new(),
        status: MessageStatus::Received,
        number_id: None,
        created_at: at,
    };
    store.log_message(&new).await.expect("log a message");
}

fn email(at: OffsetDateTime) -> EmailRecord {
    EmailRecord {
        id: EmailId::new_v7(),
        user_id: UserId::parse("alice").expect("a user"),
        to: vec![EmailAddress::parse("ann@example.com").expect("an address")],
        from: EmailAddress::parse("desk@example.com").expect("an address"),
        subject: Some("hi".to_owned()),
        status: EmailStatus::Accepted,
        provider_message_id: Some("msg-1".to_owned()),
        error: None,
        created_at: at,
    }
}

fn completed(at: OffsetDateTime) -> StatusReport {
    StatusReport {
        status: CallLogStatus::Completed,
        sequence: Some(3),
        at,
        duration: Some(42),
    }
}

#[tokio::test]
async fn a_month_without_a_partition_lands_in_the_default_and_moves_when_created() {
    let db = TestDatabase::new().await;
    let store = db.store();
    let mut conn = AsyncPgConnection::establish(db.url())
        .await
        .expect("connect");
    let far = datetime!(2031-05-10 12:00 UTC);
    log_call(&store, 1, far).await;
    let place = "SELECT tableoid::regclass::text AS name FROM calls";
    assert_eq!(names(&mut conn, place).await, ["calls_default"]);
    let applied = store
        .apply_status(&call_sid(1), &completed(far), far)
        .await
        .expect("apply");
    assert!(matches!(applied, Applied::Changed(_)), "{applied:?}");

    conn.batch_execute("SELECT switchboard_log_partition('calls', '2031-05-01')")
        .await
        .expect("create the month");
    assert_eq!(names(&mut conn, place).await, ["calls_y2031m05"]);
    let call = store
        .call(&call_sid(1))
        .await
        .expect("read")
        .expect("known");
    assert_eq!(call.progress.status, CallLogStatus::Completed);
    assert_eq!(call.progress.duration, Some(42));
    let indexes = names(
        &mut conn,
        "SELECT indexname::text AS name FROM pg_indexes \
         WHERE tablename = 'calls_y2031m05' ORDER BY 1",
    )
    .await;
    assert_eq!(
        indexes,
        [
            "calls_active_by_user_y2031m05",
            "calls_by_creation_y2031m05",
            "calls_by_number_y2031m05",
            "calls_by_user_y2031m05",
            "calls_pkey_y2031m05"
        ]
    );
}

#[tokio::test]
async fn upkeep_keeps_the_months_ahead_and_is_idempotent() {
    let db = TestDatabase::new().await;
    let store = db.store();
    let mut conn = AsyncPgConnection::establish(db.url())
        .await
        .expect("connect");
    let partitions = "SELECT c.relname::text AS name FROM pg_inherits h \
                      JOIN pg_class c ON c.oid = h.inhrelid \
                      WHERE h.inhparent = 'messages'::regclass ORDER BY 1";
    let before = names(&mut conn, partitions).await;
    // Last month, this one, the months ahead and the default.
    assert!(before.len() >= usize::from(MONTHS_AHEAD) + 3, "{before:?}");
    store.ensure_partitions(MONTHS_AHEAD).await.expect("upkeep");
    store
        .ensure_partitions(MONTHS_AHEAD)
        .await
        .expect("upkeep again");
    assert_eq!(names(&mut conn, partitions).await, before);
    store
        .ensure_partitions(MONTHS_AHEAD + 1)
        .await
        .expect("one more month");
    assert_eq!(names(&mut conn, partitions).await.len(), before.len() + 1);
}

#[tokio::test]
async fn dropping_before_a_month_forgets_the_older_months_only() {
    let db = TestDatabase::new().await;
    let store = db.store();
    let mut conn = AsyncPgConnection::establish(db.url())
        .await
        .expect("connect");
    conn.batch_execute(
        "SELECT switchboard_log_partition(log, month) \
         FROM unnest(ARRAY['calls', 'messages', 'emails']) AS log, \
              unnest(ARRAY['2020-01-01', '2020-02-01']::date[]) AS month",
    )
    .await
    .expect("create two old months");
    let january = datetime!(2020-01-15 12:00 UTC);
    let february = datetime!(2020-02-15 12:00 UTC);
    // A month with no partition: its rows are in the default partitions.
    let older = datetime!(2019-06-01 12:00 UTC);
    for (n, at) in [(1, january), (2, february), (3, older)] {
        log_call(&store, n, at).await;
        log_message(&store, n, at).await;
        store.record_email(&email(at)).await.expect("record");
    }
    let january_email = email(january);
    store.record_email(&january_email).await.expect("record");
    let recording = RecordingReport {
        sid: RecordingSid::parse(&format!("RE{:032x}", 1)).expect("a recording SID"),
        call_sid: call_sid(1),
        status: RecordingLogStatus::Completed,
        kind: RecordingKind::Call,
        duration: Some(30),
        channels: Some(1),
        source: None,
        at: january,
    };
    store.apply_recording(&recording).await.expect("record");

    let dropped = store
        .drop_logs_before(date!(2020 - 02 - 20))
        .await
        .expect("drop");
    assert_eq!(
        dropped,
        ["calls_y2020m01", "messages_y2020m01", "emails_y2020m01"]
    );
    for gone in [1, 3] {
        assert_eq!(store.call(&call_sid(gone)).await.expect("read"), None);
        let sid = MessageSid::parse(&format!("SM{gone:032x}")).expect("a SID");
        assert_eq!(store.message(&sid).await.expect("read"), None);
    }
    assert_eq!(store.email(january_email.id).await.expect("read"), None);
    assert_eq!(store.recording(&recording.sid).await.expect("read"), None);
    assert!(store.call(&call_sid(2)).await.expect("read").is_some());
    let sid = MessageSid::parse(&format!("SM{:032x}", 2)).expect("a SID");
    assert!(store.message(&sid).await.expect("read").is_some());
    let keys = names(
        &mut conn,
        "SELECT call_sid AS name FROM call_keys UNION ALL SELECT message_sid FROM message_keys \
         UNION ALL SELECT created_at::text FROM email_keys",
    )
    .await;
    assert_eq!(keys.len(), 3, "February's keys only: {keys:?}");
    // A SID forgotten with its month may be logged again.
    log_call(&store, 1, february).await;

    assert_eq!(
        store
            .drop_logs_before(date!(2020 - 02 - 01))
            .await
            .expect("drop again"),
        Vec::<String>::new()
    );
}
