//! The message log: logged once, listed only with a SID, filtered and paged newest first;
//! statuses only move forward; the shared WhatsApp sender's last writer; auto-replies.

use time::Duration;

use super::Stores;
use super::fixtures::{T0, user};
use super::number_fixtures::{buy, owned_phone};
use crate::calls::Applied;
use crate::messages::{
    AutoReply, Channel, LogMessageError, MessageDirection, MessageId, MessageQuery, MessageReport,
    NewMessage,
};
use crate::sid::MessageSid;
use crate::telephony::MessageStatus;
use crate::{PageRequest, PhoneNumber};

pub(super) fn sid(n: u32) -> MessageSid {
    MessageSid::parse(&format!("SM{n:032x}")).expect("a message SID")
}

pub(super) fn message(
    owner: &str,
    direction: MessageDirection,
    from: PhoneNumber,
    to: PhoneNumber,
    minute: i64,
) -> NewMessage {
    NewMessage {
        id: MessageId::new_v7(),
        sid: None,
        user_id: user(owner),
        channel: Channel::Sms,
        direction,
        from,
        to,
        body: Some(format!("message at minute {minute}")),
        media_urls: vec![url::Url::parse("https://example.com/cat.jpg").expect("a URL")],
        status: MessageStatus::Queued,
        number_id: None,
        created_at: T0 + Duration::minutes(minute),
    }
}

fn query(owner: &str) -> MessageQuery {
    MessageQuery {
        owner: user(owner),
        channel: None,
        direction: None,
        status: None,
        number: None,
        since: None,
        until: None,
        page: PageRequest::first(),
    }
}

/// A message is logged once (by id or SID), listed only once it has a SID, newest first,
/// with every filter and cursor paging; a refused one stays unlisted.
pub async fn messages_log_once_and_list_with_every_filter_and_paging(stores: Stores) {
    let s = &stores.messages;
    let (a, b) = (owned_phone(1), owned_phone(2));
    let out = message("alice", MessageDirection::Outbound, a.clone(), b.clone(), 0);
    s.log_message(&out).await.expect("log");
    assert!(matches!(
        s.log_message(&out).await,
        Err(LogMessageError::Duplicate)
    ));
    assert!(
        s.list_messages(&query("alice"))
            .await
            .expect("list")
            .items
            .is_empty(),
        "no SID, not listed"
    );
    let sent = s
        .attach_message_sid(out.id, &sid(1), MessageStatus::Sent, Some(2), T0)
        .await
        .expect("attach")
        .expect("a known message");
    assert_eq!((sent.status, sent.segments), (MessageStatus::Sent, Some(2)));
    let refused = message("alice", MessageDirection::Outbound, a.clone(), b.clone(), 1);
    s.log_message(&refused).await.expect("log");
    s.refuse_message(refused.id, T0).await.expect("refuse");
    for minute in 2..6 {
        let mut inbound = message(
            "alice",
            MessageDirection::Inbound,
            b.clone(),
            a.clone(),
            minute,
        );
        inbound.sid = Some(sid(10 + u32::try_from(minute).expect("small")));
        inbound.status = MessageStatus::Received;
        if minute == 5 {
            inbound.channel = Channel::Whatsapp;
        }
        s.log_message(&inbound).await.expect("log inbound");
        assert!(
            matches!(
                s.log_message(&NewMessage {
                    id: MessageId::new_v7(),
                    ..inbound
                })
                .await,
                Err(LogMessageError::Duplicate)
            ),
            "once per SID"
        );
    }
    let mut bob = message(
        "bob",
        MessageDirection::Outbound,
        owned_phone(3),
        b.clone(),
        7,
    );
    bob.sid = Some(sid(99));
    s.log_message(&bob).await.expect("log");

    let all = s.list_messages(&query("alice")).await.expect("list");
    assert_eq!(all.items.len(), 5);
    assert!(
        all.items
            .windows(2)
            .all(|w| w[0].created_at >= w[1].created_at),
        "newest first"
    );
    assert_eq!(
        s.message(&sid(1))
            .await
            .expect("read")
            .map(|m| m.media_urls.len()),
        Some(1)
    );
    let count =
        |q: MessageQuery| async move { s.list_messages(&q).await.expect("list").items.len() };
    assert_eq!(
        count(MessageQuery {
            direction: Some(MessageDirection::Outbound),
            ..query("alice")
        })
        .await,
        1
    );
    assert_eq!(
        count(MessageQuery {
            channel: Some(Channel::Whatsapp),
            ..query("alice")
        })
        .await,
        1
    );
    assert_eq!(
        count(MessageQuery {
            status: Some(MessageStatus::Received),
            ..query("alice")
        })
        .await,
        4
    );
    assert_eq!(
        count(MessageQuery {
            number: Some(owned_phone(9)),
            ..query("alice")
        })
        .await,
        0
    );
    assert_eq!(
        count(MessageQuery {
            number: Some(b.clone()),
            ..query("alice")
        })
        .await,
        5
    );
    assert_eq!(
        count(MessageQuery {
            since: Some(T0 + Duration::minutes(3)),
            until: Some(T0 + Duration::minutes(5)),
            ..query("alice")
        })
        .await,
        2
    );
    let first = s
        .list_messages(&MessageQuery {
            page: PageRequest {
                limit: 2,
                after: None,
            },
            ..query("alice")
        })
        .await
        .expect("page");
    let next = first.next.clone().expect("more");
    let second = s
        .list_messages(&MessageQuery {
            page: PageRequest {
                limit: 2,
                after: Some(next),
            },
            ..query("alice")
        })
        .await
        .expect("page");
    assert_eq!((first.items.len(), second.items.len()), (2, 2));
    assert!(first.items.iter().all(|m| !second.items.contains(m)));
}

/// Status reports move a message forward only; the error code comes with its status; an
/// unknown SID is reported as such and writes nothing.
pub async fn message_statuses_only_move_forward(stores: Stores) {
    let s = &stores.messages;
    let out = message(
        "alice",
        MessageDirection::Outbound,
        owned_phone(1),
        owned_phone(2),
        0,
    );
    s.log_message(&out).await.expect("log");
    s.attach_message_sid(out.id, &sid(1), MessageStatus::Queued, None, T0)
        .await
        .expect("attach")
        .expect("a known message");
    let report = |status, error_code| MessageReport {
        sid: sid(1),
        status,
        error_code,
        at: T0 + Duration::seconds(5),
    };
    assert!(matches!(
        s.apply_message_status(&report(MessageStatus::Sent, None))
            .await
            .expect("apply"),
        Applied::Changed(_)
    ));
    assert!(matches!(
        s.apply_message_status(&report(MessageStatus::Sending, None))
            .await
            .expect("apply"),
        Applied::Unchanged(_)
    ));
    let Applied::Changed(m) = s
        .apply_message_status(&report(MessageStatus::Undelivered, Some(30003)))
        .await
        .expect("apply")
    else {
        panic!("undelivered moves a sent message");
    };
    assert_eq!(
        (m.status, m.error_code),
        (MessageStatus::Undelivered, Some(30003))
    );
    assert!(matches!(
        s.apply_message_status(&report(MessageStatus::Delivered, None))
            .await
            .expect("apply"),
        Applied::Unchanged(_)
    ));
    assert!(matches!(
        s.apply_message_status(&report(MessageStatus::Read, None))
            .await
            .expect("apply"),
        Applied::Unchanged(_)
    ));
    assert!(matches!(
        s.apply_message_status(&MessageReport {
            sid: sid(2),
            ..report(MessageStatus::Sent, None)
        })
        .await
        .expect("apply"),
        Applied::Unknown
    ));
    assert_eq!(
        s.message(&sid(1)).await.expect("read").map(|m| m.status),
        Some(MessageStatus::Undelivered)
    );
}

/// The last writer of a WhatsApp conversation from the shared sender, and auto-replies.
pub async fn whatsapp_last_writer_and_auto_replies(stores: Stores) {
    let s = &stores.messages;
    let (shared, customer) = (owned_phone(50), owned_phone(51));
    assert_eq!(s.last_writer(&shared, &customer).await.expect("read"), None);
    for (owner, minute, n) in [("alice", 0, 1), ("bob", 1, 2)] {
        let mut m = message(
            owner,
            MessageDirection::Outbound,
            shared.clone(),
            customer.clone(),
            minute,
        );
        m.channel = Channel::Whatsapp;
        m.sid = Some(sid(n));
        s.log_message(&m).await.expect("log");
    }
    assert_eq!(
        s.last_writer(&shared, &customer).await.expect("read"),
        Some(user("bob"))
    );
    assert_eq!(
        s.last_writer(&shared, &owned_phone(52))
            .await
            .expect("read"),
        None
    );

    let number = buy(&stores, "alice", owned_phone(1), T0).await;
    assert_eq!(s.auto_reply(number.id).await.expect("read"), None);
    let reply = AutoReply {
        enabled: true,
        body: "Thanks, we will call you back.".into(),
    };
    s.put_auto_reply(number.id, &reply).await.expect("put");
    s.put_auto_reply(number.id, &reply)
        .await
        .expect("put again");
    assert_eq!(s.auto_reply(number.id).await.expect("read"), Some(reply));
}
