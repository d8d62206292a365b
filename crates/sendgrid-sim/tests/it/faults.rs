//! Injected faults: the next N sends answer 429 (with `Retry-After`), 500 or 400, then the
//! stand-in accepts again.

use switchboard_sendgrid_sim::Fault;

use crate::support::{send, start, valid};

#[tokio::test]
async fn planned_faults_answer_in_order_then_sends_are_accepted() {
    let sim = start().await;
    sim.fail_next(
        2,
        Fault::RateLimited {
            retry_after_secs: Some(3),
        },
    );
    sim.fail_next(1, Fault::ServerError);
    sim.fail_next(
        1,
        Fault::BadRequest {
            message: "The from address does not match a verified Sender Identity.".into(),
            field: Some("from".into()),
        },
    );
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let answer = send(&sim, &valid()).await;
        if answer.status != 202 {
            answer.assert_error_shape();
        }
        statuses.push((answer.status, answer.retry_after.clone(), answer.fields()));
    }
    assert_eq!(statuses[0], (429, Some("3".to_owned()), vec![None]));
    assert_eq!(statuses[1].0, 429);
    assert_eq!(statuses[2].0, 500);
    assert_eq!(statuses[3], (400, None, vec![Some("from".to_owned())]));
    assert_eq!(statuses[4].0, 202);
    assert_eq!(sim.outbox().len(), 1, "faulted sends are not kept");
    let recorded: Vec<u16> = sim.requests().iter().map(|r| r.status).collect();
    assert_eq!(recorded, [429, 429, 500, 400, 202]);
}

#[tokio::test]
async fn faults_can_be_cleared_and_a_wrong_key_is_refused_before_them() {
    let sim = start().await;
    sim.fail_next(1, Fault::ServerError);
    sim.clear_faults();
    assert_eq!(send(&sim, &valid()).await.status, 202);
    sim.fail_next(
        1,
        Fault::RateLimited {
            retry_after_secs: None,
        },
    );
    let unauthorised = crate::support::request(
        &sim,
        reqwest::Method::POST,
        "/v3/mail/send",
        Some("Bearer nope"),
        valid().to_string().into_bytes(),
    )
    .await;
    assert_eq!(unauthorised.status, 401);
    let throttled = send(&sim, &valid()).await;
    assert_eq!((throttled.status, throttled.retry_after), (429, None));
}
