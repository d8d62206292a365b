use proptest::prelude::*;
use time::OffsetDateTime;
use time::macros::datetime;

use super::*;

const T0: OffsetDateTime = datetime!(2026-12-03 10:00 UTC);

fn report(status: CallLogStatus, sequence: u32, secs: i64) -> StatusReport {
    StatusReport {
        status,
        sequence: Some(sequence),
        at: T0 + time::Duration::seconds(secs),
        duration: status
            .is_terminal()
            .then_some(u32::try_from(secs).unwrap_or(0)),
    }
}

fn run(reports: &[StatusReport]) -> CallProgress {
    reports
        .iter()
        .fold(CallProgress::new(CallLogStatus::Queued), |p, r| {
            p.apply(r).unwrap_or(p)
        })
}

#[test]
fn an_ordered_answered_call_fills_every_time() {
    let end = run(&[
        report(CallLogStatus::Initiated, 0, 0),
        report(CallLogStatus::Ringing, 1, 2),
        report(CallLogStatus::InProgress, 2, 5),
        report(CallLogStatus::Completed, 3, 65),
    ]);
    assert_eq!(end.status, CallLogStatus::Completed);
    assert_eq!(end.started_at, Some(T0));
    assert_eq!(end.answered_at, Some(T0 + time::Duration::seconds(5)));
    assert_eq!(end.ended_at, Some(T0 + time::Duration::seconds(65)));
    assert_eq!(end.duration, Some(65));
}

#[test]
fn late_and_duplicate_reports_never_move_a_call_backwards() {
    let done = run(&[report(CallLogStatus::Completed, 3, 65)]);
    assert_eq!(done.apply(&report(CallLogStatus::Completed, 3, 65)), None);
    let after_ringing = done
        .apply(&report(CallLogStatus::Ringing, 1, 2))
        .expect("a late ringing still tells when the call started");
    assert_eq!(after_ringing.status, CallLogStatus::Completed);
    assert_eq!(
        after_ringing.started_at,
        Some(T0 + time::Duration::seconds(2))
    );
    assert_eq!(
        after_ringing.apply(&report(CallLogStatus::Ringing, 1, 2)),
        None
    );
    // Another terminal status without a later sequence number changes nothing.
    assert_eq!(done.apply(&report(CallLogStatus::Canceled, 2, 70)), None);
    let unsequenced = StatusReport {
        sequence: None,
        ..report(CallLogStatus::Failed, 9, 70)
    };
    assert_eq!(done.apply(&unsequenced), None);
}

#[test]
fn a_later_terminal_report_of_the_same_leg_wins() {
    let busy = run(&[report(CallLogStatus::Busy, 1, 3)]);
    let failed = busy
        .apply(&report(CallLogStatus::Failed, 2, 4))
        .expect("a later sequence number decides between terminal statuses");
    assert_eq!(failed.status, CallLogStatus::Failed);
    assert_eq!(failed.ended_at, Some(T0 + time::Duration::seconds(4)));
    assert_eq!(failed.apply(&report(CallLogStatus::Busy, 1, 3)), None);
}

/// A leg's callbacks as Twilio sends them: some of initiated, ringing and in-progress, in
/// order, then one terminal status, numbered from 0.
fn leg() -> impl Strategy<Value = Vec<StatusReport>> {
    let terminal = prop::sample::select(vec![
        CallLogStatus::Completed,
        CallLogStatus::Busy,
        CallLogStatus::NoAnswer,
        CallLogStatus::Failed,
        CallLogStatus::Canceled,
    ]);
    (
        prop::collection::vec(any::<bool>(), 3),
        terminal,
        1..600_i64,
    )
        .prop_map(|(keep, terminal, talk)| {
            let mut statuses: Vec<CallLogStatus> = [
                CallLogStatus::Initiated,
                CallLogStatus::Ringing,
                CallLogStatus::InProgress,
            ]
            .into_iter()
            .zip(keep)
            .filter_map(|(s, k)| k.then_some(s))
            .collect();
            statuses.push(terminal);
            statuses
                .into_iter()
                .enumerate()
                .map(|(i, s)| {
                    let n = i64::try_from(i).unwrap_or(0);
                    let secs = if s.is_terminal() { n * 3 + talk } else { n * 3 };
                    report(s, u32::try_from(i).unwrap_or(0), secs)
                })
                .collect()
        })
}

proptest! {
    #[test]
    fn any_permutation_with_duplicates_ends_as_the_ordered_sequence(
        (ordered, delivered) in leg().prop_flat_map(|ordered| {
            let n = ordered.len();
            let with_duplicates = prop::collection::vec(0..n, n..n * 3).prop_map({
                let ordered = ordered.clone();
                move |picks| {
                    let mut all = ordered.clone();
                    all.extend(picks.into_iter().map(|i| ordered[i]));
                    all
                }
            });
            (Just(ordered), with_duplicates.prop_shuffle())
        })
    ) {
        prop_assert_eq!(run(&delivered), run(&ordered));
    }

    #[test]
    fn the_rank_never_goes_down(reports in prop::collection::vec(
        (prop::sample::select(CallLogStatus::ALL.to_vec()), 0..10_u32, 0..100_i64),
        0..20,
    )) {
        let mut progress = CallProgress::new(CallLogStatus::Queued);
        for (status, sequence, secs) in reports {
            let before = progress.status;
            if let Some(next) = progress.apply(&report(status, sequence, secs)) {
                progress = next;
            }
            prop_assert!(progress.status.rank() >= before.rank());
            if before.is_terminal() {
                prop_assert!(progress.status.is_terminal());
            }
        }
    }
}
