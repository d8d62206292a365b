//! The control API and its client: another process reads and empties the outbox with the
//! stand-in's key.

use switchboard_sendgrid_sim::{ControlError, SendGridSimControl};

use crate::support::{send, start, valid};

#[tokio::test]
async fn the_control_client_reads_what_the_stand_in_kept() {
    let sim = start().await;
    let control = SendGridSimControl::new(sim.base_url(), sim.api_key()).unwrap();
    assert!(control.outbox().await.unwrap().is_empty());
    let id = send(&sim, &valid()).await.message_id;
    let outbox = control.outbox().await.unwrap();
    assert_eq!(outbox, sim.outbox());
    assert_eq!(Some(outbox[0].message_id.clone()), id);
    control.clear_outbox().await.unwrap();
    assert!(sim.outbox().is_empty());
    assert!(
        sim.requests().iter().all(|r| r.path == "/v3/mail/send"),
        "control requests are not recorded"
    );
}

#[tokio::test]
async fn the_control_client_needs_the_key_and_a_running_stand_in() {
    let sim = start().await;
    let wrong = SendGridSimControl::new(sim.base_url(), "SG.wrong").unwrap();
    assert!(matches!(
        wrong.outbox().await,
        Err(ControlError::Refused { status: 401, .. })
    ));
    let base = sim.base_url().to_owned();
    let key = sim.api_key().to_owned();
    sim.stop().await;
    let gone = SendGridSimControl::new(&base, &key).unwrap();
    assert!(matches!(
        gone.outbox().await,
        Err(ControlError::Unreachable { .. })
    ));
    assert!(!format!("{gone:?}").contains(&key));
    for bad in [
        "not a url",
        "ftp://127.0.0.1:1",
        "http://u:p@127.0.0.1:1",
        "http://127.0.0.1:1/?q=1",
    ] {
        assert!(
            matches!(
                SendGridSimControl::new(bad, &key),
                Err(ControlError::InvalidUrl(_))
            ),
            "{bad}"
        );
    }
    assert!(matches!(
        SendGridSimControl::new(&base, ""),
        Err(ControlError::Client(_))
    ));
}
