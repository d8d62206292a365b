//! What every contract check starts from: a fixed instant, test numbers and users, a
//! filled pool and leased sessions.

use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::Stores;
use crate::voicemail::{GreetingUrl, NewSession, SessionId, VoicemailSession};
use crate::{PhoneNumber, UserId};

pub(super) const T0: OffsetDateTime = datetime!(2030-01-01 12:00 UTC);

pub(super) fn number(n: u32) -> PhoneNumber {
    PhoneNumber::parse(&format!("+1415555{n:04}")).expect("test numbers are E.164")
}

pub(super) fn user(name: &str) -> UserId {
    UserId::parse(name).expect("test user ids are valid")
}

pub(super) fn new_session(owner: &str, at: OffsetDateTime, minutes: i64) -> NewSession {
    NewSession {
        id: SessionId::new(),
        user_id: user(owner),
        greeting_url: GreetingUrl::parse("https://example.com/greeting.mp3").expect("valid url"),
        created_at: at,
        expires_at: at + Duration::minutes(minutes),
    }
}

pub(super) async fn fill_pool(stores: &Stores, count: u32) -> Vec<PhoneNumber> {
    let mut numbers = Vec::new();
    for n in 0..count {
        let num = number(n);
        stores
            .pool
            .add_pool_number(num.clone(), T0 - Duration::hours(1))
            .await
            .expect("add");
        numbers.push(num);
    }
    numbers
}

pub(super) async fn lease(
    stores: &Stores,
    owner: &str,
    at: OffsetDateTime,
    minutes: i64,
) -> VoicemailSession {
    stores
        .sessions
        .lease_number(new_session(owner, at, minutes))
        .await
        .expect("lease succeeds")
}
