//! The Account resource.

use switchboard_twilio_sim::AccountType;

use crate::common::{Api, TOKEN, assert_conforms, sim, sim_with};

#[tokio::test]
async fn the_account_shows_its_sid_status_type_token_and_subresources() {
    let sim = sim().await;
    let api = Api::new(&sim);
    let path = format!("/2010-04-01/Accounts/{}.json", sim.account_sid());
    let (status, body) = api.get_path(&path, &[]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["sid"], sim.account_sid());
    assert_eq!(body["owner_account_sid"], sim.account_sid());
    assert_eq!(body["status"], "active");
    assert_eq!(body["type"], "Full");
    assert_eq!(body["auth_token"], TOKEN);
    assert_eq!(body["uri"], path);
    assert_eq!(
        body["subresource_uris"]["incoming_phone_numbers"],
        format!(
            "/2010-04-01/Accounts/{}/IncomingPhoneNumbers.json",
            sim.account_sid()
        )
    );
    assert_conforms(&sim);
}

#[tokio::test]
async fn a_trial_account_says_so_and_default_credentials_are_deterministic() {
    let sim = sim_with(|c| {
        c.account_type = AccountType::Trial;
        c.friendly_name = "Trial".to_owned();
    })
    .await;
    let api = Api::new(&sim);
    let (_, body) = api
        .get_path(
            &format!("/2010-04-01/Accounts/{}.json", sim.account_sid()),
            &[],
        )
        .await;
    assert_eq!(body["type"], "Trial");
    assert_eq!(body["friendly_name"], "Trial");
    let again = switchboard_twilio_sim::SimConfig::default();
    assert_eq!(again.account_sid, sim.account_sid());
    assert!(again.account_sid.starts_with("AC") && again.account_sid.len() == 34);
    assert!(
        again.account_sid[2..]
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    assert_ne!(
        switchboard_twilio_sim::SimConfig::with_seed(1).account_sid,
        again.account_sid
    );
    assert_conforms(&sim);
}
