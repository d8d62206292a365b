//! Number usage: each number's accepted calls, their minutes rounded up per call, and its
//! messages.

use time::Duration;

use super::Stores;
use super::calls::{call_sid, new_call, report};
use super::fixtures::T0;
use super::number_fixtures::{buy, owned_phone};
use crate::calls::{CallLogStatus, NewCall};
use crate::messages::{Channel, MessageDirection, MessageId, NewMessage};
use crate::numbers::NumberUsage;
use crate::sid::MessageSid;
use crate::telephony::MessageStatus;

/// Calls (42 s each, billed as a minute) and messages count for the number they used;
/// calls Twilio never accepted do not; numbers never used are zero or absent.
pub async fn number_usage_counts_calls_minutes_and_messages(stores: Stores) {
    let a = buy(&stores, "alice", owned_phone(1), T0).await;
    let b = buy(&stores, "alice", owned_phone(2), T0).await;
    for n in 1..=3 {
        let call = NewCall {
            number_id: Some(a.id),
            ..new_call("alice", n, T0 + Duration::minutes(i64::from(n)))
        };
        stores.calls.log_call(&call).await.expect("log");
        stores
            .calls
            .apply_status(
                &call_sid(n),
                &report(CallLogStatus::Completed, 3, T0 + Duration::hours(1)),
                T0 + Duration::hours(1),
            )
            .await
            .expect("apply");
    }
    let unaccepted = NewCall {
        sid: None,
        number_id: Some(a.id),
        ..new_call("alice", 9, T0)
    };
    stores.calls.log_call(&unaccepted).await.expect("log");
    for n in 0..2u32 {
        let message = NewMessage {
            id: MessageId::new_v7(),
            sid: Some(MessageSid::parse(&format!("SM{n:032x}")).expect("a SID")),
            user_id: a.user_id.clone(),
            channel: Channel::Sms,
            direction: MessageDirection::Inbound,
            from: owned_phone(50),
            to: owned_phone(1),
            body: Some("hi".into()),
            media_urls: vec![],
            status: MessageStatus::Received,
            number_id: Some(a.id),
            created_at: T0,
        };
        stores.messages.log_message(&message).await.expect("log");
    }
    let usage = stores.usage.usage(&[a.id, b.id]).await.expect("usage");
    assert_eq!(
        usage.get(&a.id),
        Some(&NumberUsage {
            calls: 3,
            minutes: 3,
            messages: 2
        })
    );
    assert_eq!(
        usage.get(&b.id).copied().unwrap_or_default(),
        NumberUsage::default()
    );
    assert!(stores.usage.usage(&[]).await.expect("usage").is_empty());
}
