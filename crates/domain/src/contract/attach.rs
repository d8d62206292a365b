//! The contract of attaching a SID to a call or message logged without one (Twilio's answer
//! was lost): `None`, changing nothing, when the row is unknown, already has another SID, or
//! the SID is another row's; an error only when the store fails.

use super::Stores;
use super::calls::{call_sid, new_call, report};
use super::fixtures::T0;
use super::messages::{message, sid};
use super::number_fixtures::owned_phone;
use crate::calls::{CallId, CallLogStatus, NewCall};
use crate::messages::{MessageDirection, MessageId};
use crate::telephony::MessageStatus;

/// A call's SID is attached once; another SID, another call's SID or an unknown id is
/// `None` and leaves both calls as they were.
pub async fn a_call_sid_is_attached_once_and_never_taken_from_another_call(stores: Stores) {
    let calls = &stores.calls;
    let queued = report(CallLogStatus::Queued, 0, T0);
    let (first, second) = (
        NewCall {
            sid: None,
            ..new_call("alice", 1, T0)
        },
        NewCall {
            sid: None,
            ..new_call("alice", 2, T0)
        },
    );
    calls.log_call(&first).await.expect("log");
    calls.log_call(&second).await.expect("log");
    let attached = calls
        .attach_sid(first.id, &call_sid(1), &queued)
        .await
        .expect("attach")
        .expect("a call without a SID takes one");
    assert_eq!(attached.sid, Some(call_sid(1)));
    let again = calls
        .attach_sid(first.id, &call_sid(1), &queued)
        .await
        .expect("attach again");
    assert_eq!(again.map(|c| c.sid), Some(Some(call_sid(1))), "idempotent");
    for (id, sid, why) in [
        (first.id, call_sid(2), "the call has another SID"),
        (second.id, call_sid(1), "the SID is another call's"),
        (CallId::new_v7(), call_sid(3), "no such call"),
    ] {
        let refused = calls.attach_sid(id, &sid, &queued).await.expect(why);
        assert!(refused.is_none(), "{why}: {refused:?}");
    }
    assert_eq!(
        calls.call(&call_sid(1)).await.expect("read").map(|c| c.id),
        Some(first.id)
    );
    for unclaimed in [call_sid(2), call_sid(3)] {
        assert!(calls.call(&unclaimed).await.expect("read").is_none());
    }
}

/// The same for messages.
pub async fn a_message_sid_is_attached_once_and_never_taken_from_another_message(stores: Stores) {
    let messages = &stores.messages;
    let out = |minute| {
        message(
            "alice",
            MessageDirection::Outbound,
            owned_phone(1),
            owned_phone(2),
            minute,
        )
    };
    let (first, second) = (out(0), out(1));
    messages.log_message(&first).await.expect("log");
    messages.log_message(&second).await.expect("log");
    let attach = |id, n| async move {
        messages
            .attach_message_sid(id, &sid(n), MessageStatus::Sent, Some(1), T0)
            .await
    };
    let attached = attach(first.id, 1)
        .await
        .expect("attach")
        .expect("a message without a SID takes one");
    assert_eq!(attached.sid, Some(sid(1)));
    let again = attach(first.id, 1).await.expect("attach again");
    assert_eq!(again.map(|m| m.sid), Some(Some(sid(1))), "idempotent");
    for (id, n, why) in [
        (first.id, 2, "the message has another SID"),
        (second.id, 1, "the SID is another message's"),
        (MessageId::new_v7(), 3, "no such message"),
    ] {
        let refused = attach(id, n).await.expect(why);
        assert!(refused.is_none(), "{why}: {refused:?}");
    }
    assert_eq!(
        messages.message(&sid(1)).await.expect("read").map(|m| m.id),
        Some(first.id)
    );
    for unclaimed in [sid(2), sid(3)] {
        assert!(messages.message(&unclaimed).await.expect("read").is_none());
    }
}
