//! The email log: recorded once, read back equal, listed per user newest first with paging.

use time::Duration;

use super::Stores;
use super::fixtures::{T0, user};
use crate::PageRequest;
use crate::email::{EmailAddress, EmailId, EmailQuery, EmailRecord, EmailStatus};

fn record(owner: &str, minute: i64, status: EmailStatus) -> EmailRecord {
    let address = |a: &str| EmailAddress::parse(a).expect("an address");
    EmailRecord {
        id: EmailId::new_v7(),
        user_id: user(owner),
        to: vec![address("ann@example.com"), address("bo@example.org")],
        from: address("desk@example.com")
            .with_name("Front Desk")
            .expect("a name"),
        subject: Some(format!("minute {minute}")),
        status,
        provider_message_id: (status == EmailStatus::Accepted).then(|| format!("msg-{minute}")),
        error: (status == EmailStatus::Failed).then(|| "the provider refused it".to_owned()),
        created_at: T0 + Duration::minutes(minute),
    }
}

/// Emails read back as recorded; a second record of an id is refused; listings are per
/// user, newest first, paged by cursor.
pub async fn emails_are_recorded_once_and_listed_per_user(stores: Stores) {
    let s = &stores.emails;
    let first = record("alice", 0, EmailStatus::Accepted);
    s.record_email(&first).await.expect("record");
    assert!(
        s.record_email(&first).await.is_err(),
        "an id is recorded once"
    );
    assert_eq!(s.email(first.id).await.expect("read"), Some(first.clone()));
    assert_eq!(s.email(EmailId::new_v7()).await.expect("read"), None);
    for minute in 1..5 {
        s.record_email(&record("alice", minute, EmailStatus::Failed))
            .await
            .expect("record");
    }
    s.record_email(&record("bob", 9, EmailStatus::Accepted))
        .await
        .expect("record");
    let page = |after| EmailQuery {
        owner: user("alice"),
        page: PageRequest { limit: 3, after },
    };
    let one = s.list_emails(&page(None)).await.expect("list");
    assert_eq!(
        one.items
            .iter()
            .map(|e| e.subject.clone())
            .collect::<Vec<_>>(),
        ["minute 4", "minute 3", "minute 2"].map(|s| Some(s.to_owned()))
    );
    let two = s.list_emails(&page(one.next.clone())).await.expect("list");
    assert_eq!(two.items.len(), 2);
    assert!(two.next.is_none());
    assert_eq!(two.items.last(), Some(&first));
}
