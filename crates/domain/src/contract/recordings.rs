//! The contract of the recordings store, the identity mapping and idempotency claims.

use std::sync::Arc;

use futures::future::join_all;
use time::Duration;

use super::Stores;
use super::calls::{call_sid, new_call};
use super::fixtures::{T0, user};
use crate::PageRequest;
use crate::calls::{
    Applied, BrowserIdentity, RecordingKind, RecordingLogStatus, RecordingQuery, RecordingReport,
};
use crate::idempotency::{
    ABANDONED_AFTER, Claim, IdempotencyKey, KeyClaim, RETENTION, StoredResponse,
};
use crate::sid::RecordingSid;

fn recording_sid(n: u32) -> RecordingSid {
    RecordingSid::parse(&format!("RE{n:032x}")).expect("test recording SIDs are valid")
}

fn recording(n: u32, call: u32, status: RecordingLogStatus, minutes: i64) -> RecordingReport {
    RecordingReport {
        sid: recording_sid(n),
        call_sid: call_sid(call),
        status,
        kind: RecordingKind::Call,
        duration: (status == RecordingLogStatus::Completed).then_some(30),
        channels: Some(2),
        source: Some("OutboundAPI".to_owned()),
        at: T0 + Duration::minutes(minutes),
    }
}

/// A recording belongs to its call's user and marks the call recorded; later statuses
/// replace earlier ones, never the reverse; a report for an unknown call writes nothing.
pub async fn recordings_follow_their_call_and_only_move_forward(stores: Stores) {
    stores
        .calls
        .log_call(&new_call("alice", 1, T0))
        .await
        .expect("log");
    let unknown = recording(9, 9, RecordingLogStatus::Completed, 0);
    assert_eq!(
        stores
            .recordings
            .apply_recording(&unknown)
            .await
            .expect("apply"),
        Applied::Unknown
    );
    assert_eq!(
        stores
            .recordings
            .recording(&recording_sid(9))
            .await
            .expect("read"),
        None
    );
    let started = recording(1, 1, RecordingLogStatus::InProgress, 0);
    let Applied::Changed(first) = stores
        .recordings
        .apply_recording(&started)
        .await
        .expect("apply")
    else {
        panic!("a new recording is stored");
    };
    assert_eq!(first.user_id, user("alice"));
    assert_eq!(first.status, RecordingLogStatus::InProgress);
    let call = stores
        .calls
        .call(&call_sid(1))
        .await
        .expect("read")
        .expect("logged");
    assert!(call.recorded);
    let done = recording(1, 1, RecordingLogStatus::Completed, 1);
    let Applied::Changed(second) = stores
        .recordings
        .apply_recording(&done)
        .await
        .expect("apply")
    else {
        panic!("completed follows in-progress");
    };
    assert_eq!(
        (second.status, second.duration),
        (RecordingLogStatus::Completed, Some(30))
    );
    assert_eq!(second.created_at, first.created_at);
    assert!(matches!(
        stores.recordings.apply_recording(&started).await.expect("apply"),
        Applied::Unchanged(r) if r == second
    ));
    let deleted = recording(1, 1, RecordingLogStatus::Deleted, 2);
    stores
        .recordings
        .apply_recording(&deleted)
        .await
        .expect("apply");
    assert!(matches!(
        stores.recordings.apply_recording(&done).await.expect("apply"),
        Applied::Unchanged(r) if r.status == RecordingLogStatus::Deleted
    ));
}

/// Recordings list newest first per owner, by call and kind, with paging.
pub async fn recordings_list_by_owner_call_and_kind(stores: Stores) {
    stores
        .calls
        .log_call(&new_call("alice", 1, T0))
        .await
        .expect("log");
    stores
        .calls
        .log_call(&new_call("alice", 2, T0))
        .await
        .expect("log");
    stores
        .calls
        .log_call(&new_call("bob", 3, T0))
        .await
        .expect("log");
    for (n, call) in [(1, 1), (2, 1), (3, 2), (4, 3)] {
        let mut r = recording(n, call, RecordingLogStatus::Completed, i64::from(n));
        if n == 3 {
            r.kind = RecordingKind::Voicemail;
        }
        stores.recordings.apply_recording(&r).await.expect("apply");
    }
    let list = |q: RecordingQuery| {
        let store = Arc::clone(&stores.recordings);
        async move {
            let page = store.list_recordings(&q).await.expect("list");
            (
                page.items.into_iter().map(|r| r.sid).collect::<Vec<_>>(),
                page.next,
            )
        }
    };
    let alice = RecordingQuery {
        owner: Some(user("alice")),
        call_sid: None,
        kind: None,
        page: PageRequest::first(),
    };
    assert_eq!(
        list(alice.clone()).await.0,
        [3, 2, 1].map(recording_sid).to_vec()
    );
    let of_call = RecordingQuery {
        call_sid: Some(call_sid(1)),
        ..alice.clone()
    };
    assert_eq!(list(of_call).await.0, [2, 1].map(recording_sid).to_vec());
    let voicemail = RecordingQuery {
        kind: Some(RecordingKind::Voicemail),
        ..alice.clone()
    };
    assert_eq!(list(voicemail).await.0, vec![recording_sid(3)]);
    let mut first_page = alice.clone();
    first_page.page.limit = 2;
    let (items, next) = list(first_page.clone()).await;
    assert_eq!(items, [3, 2].map(recording_sid).to_vec());
    first_page.page.after = next;
    assert_eq!(list(first_page).await, (vec![recording_sid(1)], None));
    let everyone = RecordingQuery {
        owner: None,
        ..alice
    };
    assert_eq!(list(everyone).await.0.len(), 4);
}

/// A user's mapped identity is minted once, whatever the concurrency, and maps back.
pub async fn mapped_identities_are_minted_once_and_map_back(stores: Stores) {
    let who = user("alice@example.com");
    let attempts = (0..8).map(|_| {
        let store = Arc::clone(&stores.identities);
        let who = who.clone();
        async move {
            store
                .mapped_identity(&who, &BrowserIdentity::new_mapped())
                .await
        }
    });
    let identities: Vec<BrowserIdentity> = join_all(attempts)
        .await
        .into_iter()
        .map(|r| r.expect("map"))
        .collect();
    assert!(identities.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(
        stores
            .identities
            .identity_user(&identities[0])
            .await
            .expect("read"),
        Some(who)
    );
    let other = stores
        .identities
        .mapped_identity(&user("bob@example.com"), &BrowserIdentity::new_mapped())
        .await
        .expect("map");
    assert_ne!(other, identities[0]);
    assert_eq!(
        stores
            .identities
            .identity_user(&BrowserIdentity::new_mapped())
            .await
            .expect("read"),
        None
    );
}

fn claim(owner: &str, key: &str, body: &str, minutes: i64) -> KeyClaim {
    KeyClaim {
        user: user(owner),
        operation: "POST /v1/calls".to_owned(),
        key: IdempotencyKey::parse(key).expect("valid key"),
        fingerprint: body.to_owned(),
        now: T0 + Duration::minutes(minutes),
    }
}

/// Of concurrent claims of a key exactly one wins; a finished key replays to the same body,
/// refuses another, and lapses after the retention; a released or abandoned one is free.
pub async fn idempotency_claims_run_once_and_replay(stores: Stores) {
    let attempts = (0..8).map(|_| {
        let store = Arc::clone(&stores.claims);
        async move { store.claim(&claim("alice", "k1", "body", 0)).await }
    });
    let outcomes: Vec<Claim> = join_all(attempts)
        .await
        .into_iter()
        .map(|r| r.expect("claim"))
        .collect();
    assert_eq!(outcomes.iter().filter(|c| **c == Claim::Claimed).count(), 1);
    assert!(
        outcomes
            .iter()
            .all(|c| matches!(c, Claim::Claimed | Claim::InUse))
    );
    let first = claim("alice", "k1", "body", 0);
    assert_eq!(
        stores
            .claims
            .claim(&claim("alice", "k1", "other", 0))
            .await
            .expect("claim"),
        Claim::Mismatch
    );
    let response = StoredResponse {
        status: 201,
        body: "{\"callSid\":\"CA1\"}".to_owned(),
    };
    stores
        .claims
        .finish(&first, &response)
        .await
        .expect("finish");
    assert_eq!(
        stores
            .claims
            .claim(&claim("alice", "k1", "body", 1))
            .await
            .expect("claim"),
        Claim::Replay(response.clone())
    );
    assert_eq!(
        stores
            .claims
            .claim(&claim("alice", "k1", "other", 1))
            .await
            .expect("claim"),
        Claim::Mismatch
    );
    assert_eq!(
        stores
            .claims
            .claim(&claim("bob", "k1", "other", 1))
            .await
            .expect("claim"),
        Claim::Claimed
    );
    let lapsed = claim("alice", "k1", "other", RETENTION.whole_minutes() + 1);
    assert_eq!(
        stores.claims.claim(&lapsed).await.expect("claim"),
        Claim::Claimed
    );

    let failing = claim("alice", "k2", "body", 0);
    assert_eq!(
        stores.claims.claim(&failing).await.expect("claim"),
        Claim::Claimed
    );
    stores.claims.release(&failing).await.expect("release");
    let retry = claim("alice", "k2", "body", 0);
    assert_eq!(
        stores.claims.claim(&retry).await.expect("claim"),
        Claim::Claimed
    );
    let takeover = claim("alice", "k2", "body", ABANDONED_AFTER.whole_minutes() + 1);
    assert_eq!(
        stores.claims.claim(&takeover).await.expect("claim"),
        Claim::Claimed
    );
    // The abandoned request finishing late does not overwrite the new claim's outcome.
    stores
        .claims
        .finish(&retry, &response)
        .await
        .expect("finish");
    assert_eq!(
        stores.claims.claim(&takeover).await.expect("claim"),
        Claim::InUse
    );
}
