//! The contract of the call log: logging, SIDs, the status rule in one write, listings
//! with every filter, and stats.

use std::sync::Arc;

use futures::future::join_all;
use time::{Duration, OffsetDateTime};

use super::Stores;
use super::fixtures::{T0, number, user};
use crate::calls::{
    Applied, Call, CallDirection, CallId, CallLogStatus, CallProgress, CallQuery, LogCallError,
    NewCall, StatsQuery, StatusFilter, StatusReport,
};
use crate::money::{Amount, Currency};
use crate::sid::CallSid;
use crate::{PageRequest, UserId};

pub(super) fn call_sid(n: u32) -> CallSid {
    CallSid::parse(&format!("CA{n:032x}")).expect("test call SIDs are valid")
}

pub(super) fn new_call(owner: &str, n: u32, at: OffsetDateTime) -> NewCall {
    NewCall {
        id: CallId::new_v7(),
        sid: Some(call_sid(n)),
        user_id: user(owner),
        direction: CallDirection::OutboundApi,
        from: number(1),
        to: number(100 + n),
        client: None,
        number_id: None,
        status: CallLogStatus::Queued,
        created_at: at,
    }
}

pub(super) fn report(status: CallLogStatus, sequence: u32, at: OffsetDateTime) -> StatusReport {
    StatusReport {
        status,
        sequence: Some(sequence),
        at,
        duration: status.is_terminal().then_some(42),
    }
}

fn query(owner: Option<&str>) -> CallQuery {
    CallQuery {
        owner: owner.map(user),
        status: None,
        direction: None,
        number: None,
        since: None,
        until: None,
        page: PageRequest::first(),
    }
}

async fn sids(stores: &Stores, query: &CallQuery) -> Vec<CallSid> {
    let page = stores.calls.list_calls(query).await.expect("list");
    page.items.into_iter().filter_map(|c| c.sid).collect()
}

/// A logged call reads back as logged; a second log of its id or SID changes nothing.
pub async fn calls_log_once_and_read_back(stores: Stores) {
    let new = new_call("alice", 1, T0);
    let logged = stores.calls.log_call(&new).await.expect("log");
    assert_eq!(logged, Call::logged(&new));
    assert_eq!(
        stores.calls.call(&call_sid(1)).await.expect("read"),
        Some(logged)
    );
    assert!(matches!(
        stores.calls.log_call(&new).await,
        Err(LogCallError::Duplicate)
    ));
    let same_sid = NewCall {
        id: CallId::new_v7(),
        ..new_call("bob", 1, T0)
    };
    assert!(matches!(
        stores.calls.log_call(&same_sid).await,
        Err(LogCallError::Duplicate)
    ));
    assert_eq!(stores.calls.call(&call_sid(2)).await.expect("read"), None);
}

/// A call logged before Twilio is asked is not listed until it has a SID; a refused one
/// never is.
pub async fn calls_without_a_sid_are_attached_or_refused_and_never_listed(stores: Stores) {
    let pending = NewCall {
        sid: None,
        ..new_call("alice", 1, T0)
    };
    let refused = NewCall {
        sid: None,
        ..new_call("alice", 2, T0)
    };
    stores.calls.log_call(&pending).await.expect("log");
    stores.calls.log_call(&refused).await.expect("log");
    assert!(sids(&stores, &query(Some("alice"))).await.is_empty());
    let attached = stores
        .calls
        .attach_sid(
            pending.id,
            &call_sid(1),
            &report(CallLogStatus::Queued, 0, T0),
        )
        .await
        .expect("attach")
        .expect("known id");
    assert_eq!(attached.sid, Some(call_sid(1)));
    stores
        .calls
        .refuse_call(refused.id, T0)
        .await
        .expect("refuse");
    assert_eq!(
        sids(&stores, &query(Some("alice"))).await,
        vec![call_sid(1)]
    );
    let stats = stores
        .calls
        .call_stats(&StatsQuery {
            owner: Some(user("alice")),
            since: None,
            until: None,
        })
        .await
        .expect("stats");
    assert_eq!(stats.total, 1);
    assert_eq!(
        stores
            .calls
            .attach_sid(
                CallId::new_v7(),
                &call_sid(9),
                &report(CallLogStatus::Queued, 0, T0)
            )
            .await
            .expect("attach"),
        None
    );
}

/// Status reports follow the pure rule: duplicates and late reports change nothing, and
/// unknown SIDs are reported as unknown.
pub async fn status_reports_apply_the_rule_and_never_regress(stores: Stores) {
    stores
        .calls
        .log_call(&new_call("alice", 1, T0))
        .await
        .expect("log");
    let sid = call_sid(1);
    let steps = [
        report(CallLogStatus::Ringing, 1, T0 + Duration::seconds(1)),
        report(CallLogStatus::InProgress, 2, T0 + Duration::seconds(3)),
        report(CallLogStatus::Completed, 3, T0 + Duration::seconds(45)),
    ];
    let mut expected = CallProgress::new(CallLogStatus::Queued);
    for step in &steps {
        expected = expected.apply(step).expect("each step moves the call");
        let later = T0 + Duration::minutes(5);
        match stores
            .calls
            .apply_status(&sid, step, later)
            .await
            .expect("apply")
        {
            Applied::Changed(call) => {
                assert_eq!(call.progress, expected);
                assert_eq!(call.updated_at, later);
            }
            other => panic!("expected a change, got {other:?}"),
        }
    }
    for late in [steps[0], steps[2], report(CallLogStatus::Canceled, 2, T0)] {
        match stores
            .calls
            .apply_status(&sid, &late, T0)
            .await
            .expect("apply")
        {
            Applied::Unchanged(call) => assert_eq!(call.progress, expected),
            other => panic!("a late or duplicate report changed the call: {other:?}"),
        }
    }
    assert_eq!(
        stores
            .calls
            .apply_status(&call_sid(7), &steps[0], T0)
            .await
            .expect("apply"),
        Applied::Unknown
    );
}

/// Concurrent reports of one call end where the ordered sequence ends.
pub async fn concurrent_status_reports_end_as_the_ordered_sequence(stores: Stores) {
    stores
        .calls
        .log_call(&new_call("alice", 1, T0))
        .await
        .expect("log");
    let steps: Vec<StatusReport> = [
        CallLogStatus::Initiated,
        CallLogStatus::Ringing,
        CallLogStatus::InProgress,
        CallLogStatus::Completed,
    ]
    .into_iter()
    .zip(0..)
    .map(|(s, i)| report(s, i, T0 + Duration::seconds(i64::from(i) * 2)))
    .collect();
    let expected = steps
        .iter()
        .fold(CallProgress::new(CallLogStatus::Queued), |p, r| {
            p.apply(r).unwrap_or(p)
        });
    let writes = steps.iter().rev().chain(steps.iter()).map(|step| {
        let calls = Arc::clone(&stores.calls);
        let step = *step;
        async move { calls.apply_status(&call_sid(1), &step, T0).await }
    });
    for result in join_all(writes).await {
        result.expect("apply");
    }
    let call = stores
        .calls
        .call(&call_sid(1))
        .await
        .expect("read")
        .expect("logged");
    assert_eq!(call.progress, expected);
}

/// A price is recorded once known.
pub async fn price_is_recorded(stores: Stores) {
    stores
        .calls
        .log_call(&new_call("alice", 1, T0))
        .await
        .expect("log");
    let usd = Currency::parse("USD").expect("valid");
    let price = Amount::parse("0.0130").expect("valid");
    let call = stores
        .calls
        .set_price(&call_sid(1), price, &usd, T0)
        .await
        .expect("price")
        .expect("known");
    assert_eq!(
        (call.price, call.price_unit),
        (Some(price), Some(usd.clone()))
    );
    assert_eq!(
        stores
            .calls
            .set_price(&call_sid(2), price, &usd, T0)
            .await
            .expect("price"),
        None
    );
}

/// Listings are newest first per owner, page by cursor, and filter by status (and
/// `active`), direction, number and time range.
pub async fn calls_list_newest_first_with_every_filter_and_paging(stores: Stores) {
    for n in 0..5 {
        let at = T0 + Duration::minutes(i64::from(n));
        let mut call = new_call("alice", n, at);
        if n == 3 {
            call.direction = CallDirection::OutboundBrowser;
        }
        stores.calls.log_call(&call).await.expect("log");
    }
    stores
        .calls
        .log_call(&new_call("bob", 9, T0))
        .await
        .expect("log");
    stores
        .calls
        .apply_status(&call_sid(1), &report(CallLogStatus::Completed, 3, T0), T0)
        .await
        .expect("apply");
    let alice = query(Some("alice"));
    assert_eq!(
        sids(&stores, &alice).await,
        (0..5).rev().map(call_sid).collect::<Vec<_>>()
    );
    let mut everyone = sids(&stores, &query(None)).await;
    everyone.sort_by_key(|s| s.as_str().to_owned());
    assert_eq!(everyone.len(), 6);
    let filtered = |f: fn(&mut CallQuery)| {
        let mut q = alice.clone();
        f(&mut q);
        q
    };
    let completed = filtered(|q| q.status = Some(StatusFilter::Is(CallLogStatus::Completed)));
    assert_eq!(sids(&stores, &completed).await, vec![call_sid(1)]);
    let active = filtered(|q| q.status = Some(StatusFilter::Active));
    assert_eq!(
        sids(&stores, &active).await,
        [4, 3, 2, 0].map(call_sid).to_vec()
    );
    let browser = filtered(|q| q.direction = Some(CallDirection::OutboundBrowser));
    assert_eq!(sids(&stores, &browser).await, vec![call_sid(3)]);
    let to_102 = filtered(|q| q.number = Some(number(102)));
    assert_eq!(sids(&stores, &to_102).await, vec![call_sid(2)]);
    let from_1 = filtered(|q| q.number = Some(number(1)));
    assert_eq!(sids(&stores, &from_1).await.len(), 5);
    let window = filtered(|q| {
        q.since = Some(T0 + Duration::minutes(1));
        q.until = Some(T0 + Duration::minutes(3));
    });
    assert_eq!(sids(&stores, &window).await, vec![call_sid(2), call_sid(1)]);
    let mut paged = alice.clone();
    paged.page.limit = 2;
    let mut seen = Vec::new();
    loop {
        let page = stores.calls.list_calls(&paged).await.expect("list");
        seen.extend(page.items.iter().filter_map(|c| c.sid.clone()));
        match page.next {
            Some(next) => paged.page.after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, (0..5).rev().map(call_sid).collect::<Vec<_>>());
}

/// Stats count by status and direction and add durations, per owner and time range.
pub async fn call_stats_count_by_status_and_direction(stores: Stores) {
    for n in 0..4 {
        let mut call = new_call("alice", n, T0 + Duration::minutes(i64::from(n)));
        if n == 0 {
            call.direction = CallDirection::Inbound;
        }
        stores.calls.log_call(&call).await.expect("log");
    }
    stores
        .calls
        .log_call(&new_call("bob", 8, T0))
        .await
        .expect("log");
    for (n, status) in [(1, CallLogStatus::Completed), (2, CallLogStatus::Busy)] {
        let mut r = report(status, 3, T0);
        r.duration = Some(if n == 1 { 60 } else { 0 });
        stores
            .calls
            .apply_status(&call_sid(n), &r, T0)
            .await
            .expect("apply");
    }
    let alice = |since| StatsQuery {
        owner: Some(user("alice")),
        since,
        until: None,
    };
    let stats = stores.calls.call_stats(&alice(None)).await.expect("stats");
    assert_eq!((stats.total, stats.active), (4, 2));
    assert_eq!(stats.by_status.get(&CallLogStatus::Queued), Some(&2));
    assert_eq!(stats.by_status.get(&CallLogStatus::Completed), Some(&1));
    assert_eq!(stats.by_status.get(&CallLogStatus::Busy), Some(&1));
    assert_eq!(stats.by_direction.get(&CallDirection::Inbound), Some(&1));
    assert_eq!(
        stats.by_direction.get(&CallDirection::OutboundApi),
        Some(&3)
    );
    assert_eq!((stats.total_duration, stats.with_duration), (60, 2));
    assert_eq!(stats.average_duration(), Some(30.0));
    let later = stores
        .calls
        .call_stats(&alice(Some(T0 + Duration::minutes(2))))
        .await
        .expect("stats");
    assert_eq!(later.total, 2);
    let everyone = StatsQuery {
        owner: None,
        since: None,
        until: None,
    };
    assert_eq!(
        stores
            .calls
            .call_stats(&everyone)
            .await
            .expect("stats")
            .total,
        5
    );
    let nobody = StatsQuery {
        owner: Some(UserId::parse("carol").expect("valid")),
        ..everyone
    };
    assert_eq!(
        stores.calls.call_stats(&nobody).await.expect("stats"),
        crate::calls::CallStats::default()
    );
}
