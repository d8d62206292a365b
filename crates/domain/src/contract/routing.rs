//! Routing: forwarding rules with their one-enabled-rule-per-type guarantee, menus and
//! voicemail settings, and the inbound lookup that returns a held number with all of them.

use time::Duration;

use super::Stores;
use super::fixtures::T0;
use super::number_fixtures::{buy, owned_phone, release, switch_off};
use crate::calls::BrowserIdentity;
use crate::numbers::OwnedNumberId;
use crate::routing::{
    ActionSpec, ForwardingRule, IvrMenu, MaxLength, MenuSpec, OptionSpec, PromptSpec, RingTimeout,
    RuleId, RuleType, RuleWriteError, VoicemailBox,
};
use crate::{PhoneNumber, Prompt, UserId};

fn rule(number: OwnedNumberId, kind: RuleType, to: &PhoneNumber, minute: i64) -> ForwardingRule {
    let at = T0 + Duration::minutes(minute);
    ForwardingRule {
        id: RuleId::new_v7(),
        number_id: number,
        forward_to: to.clone(),
        kind,
        ring_timeout: RingTimeout::new(15).expect("in range"),
        enabled: true,
        created_at: at,
        updated_at: at,
    }
}

fn menu() -> IvrMenu {
    let sub = MenuSpec {
        prompt: Some(PromptSpec::Play {
            url: "https://example.com/sub.mp3".into(),
        }),
        options: vec![OptionSpec {
            digits: "#".into(),
            speech: None,
            action: ActionSpec {
                kind: "hangup".into(),
                ..ActionSpec::default()
            },
        }],
        ..MenuSpec::default()
    };
    IvrMenu::from_spec(&MenuSpec {
        prompt: Some(PromptSpec::Say {
            text: "Press 1 for sales.".into(),
            voice: Some("alice".into()),
            language: Some("en-US".into()),
        }),
        input: Some("dtmf speech".into()),
        timeout: Some(7),
        max_attempts: Some(2),
        options: vec![
            OptionSpec {
                digits: "1".into(),
                speech: Some("sales".into()),
                action: ActionSpec {
                    kind: "forward".into(),
                    to: Some("+14155550123".into()),
                    ..ActionSpec::default()
                },
            },
            OptionSpec {
                digits: "22".into(),
                speech: None,
                action: ActionSpec {
                    kind: "say".into(),
                    say: Some("We open at nine.".into()),
                    ..ActionSpec::default()
                },
            },
            OptionSpec {
                digits: "3".into(),
                speech: None,
                action: ActionSpec {
                    kind: "menu".into(),
                    menu: Some(Box::new(sub)),
                    ..ActionSpec::default()
                },
            },
        ],
        on_no_input: Some(ActionSpec {
            kind: "client".into(),
            ..ActionSpec::default()
        }),
    })
    .expect("a valid menu")
}

/// Rules read back as written, oldest first; one enabled rule per type and number (a
/// disabled one may join, and enabling it then conflicts); updates and deletes; unknown
/// numbers and rules are refused or absent.
pub async fn forwarding_rules_keep_one_enabled_rule_per_type(stores: Stores) {
    let s = &stores.routing;
    let a = buy(&stores, "alice", owned_phone(1), T0).await;
    let b = buy(&stores, "bob", owned_phone(2), T0).await;
    let first = rule(a.id, RuleType::Busy, &owned_phone(9), 0);
    s.add_rule(&first).await.expect("add");
    let second = rule(a.id, RuleType::Busy, &owned_phone(8), 1);
    assert!(matches!(
        s.add_rule(&second).await,
        Err(RuleWriteError::Conflict)
    ));
    let disabled = ForwardingRule {
        enabled: false,
        ..second.clone()
    };
    s.add_rule(&disabled)
        .await
        .expect("a disabled rule does not conflict");
    let no_answer = rule(a.id, RuleType::NoAnswer, &owned_phone(8), 2);
    s.add_rule(&no_answer).await.expect("another type");
    s.add_rule(&rule(b.id, RuleType::Busy, &owned_phone(9), 3))
        .await
        .expect("another number");
    assert_eq!(
        s.rules(a.id).await.expect("rules"),
        vec![first.clone(), disabled.clone(), no_answer.clone()]
    );

    let enabled = ForwardingRule {
        enabled: true,
        ..disabled.clone()
    };
    assert!(matches!(
        s.update_rule(&enabled).await,
        Err(RuleWriteError::Conflict)
    ));
    assert_eq!(
        s.rule(disabled.id).await.expect("read"),
        Some(disabled.clone()),
        "a refused update writes nothing"
    );
    let retyped = ForwardingRule {
        kind: RuleType::Always,
        enabled: true,
        ring_timeout: RingTimeout::new(60).expect("ok"),
        updated_at: T0 + Duration::hours(1),
        ..disabled.clone()
    };
    s.update_rule(&retyped).await.expect("no other always rule");
    assert_eq!(
        s.rule(disabled.id).await.expect("read"),
        Some(retyped.clone())
    );
    s.update_rule(&ForwardingRule {
        updated_at: T0 + Duration::hours(2),
        ..retyped.clone()
    })
    .await
    .expect("a rule does not conflict with itself");

    assert!(s.delete_rule(first.id).await.expect("delete"));
    assert!(!s.delete_rule(first.id).await.expect("delete again"));
    assert_eq!(s.rule(first.id).await.expect("read"), None);
    assert!(matches!(
        s.update_rule(&first).await,
        Err(RuleWriteError::NotFound)
    ));
    assert!(matches!(
        s.add_rule(&rule(
            OwnedNumberId::new_v7(),
            RuleType::Busy,
            &owned_phone(9),
            0
        ))
        .await,
        Err(RuleWriteError::NotFound)
    ));
    s.add_rule(&rule(a.id, RuleType::Busy, &owned_phone(7), 5))
        .await
        .expect("the busy slot is free again");
}

/// The forwarding graph holds the enabled rules of held numbers only.
pub async fn the_forwarding_graph_is_the_enabled_rules_of_held_numbers(stores: Stores) {
    let s = &stores.routing;
    let a = buy(&stores, "alice", owned_phone(1), T0).await;
    let b = buy(&stores, "alice", owned_phone(2), T0).await;
    let c = buy(&stores, "alice", owned_phone(3), T0).await;
    s.add_rule(&rule(a.id, RuleType::Always, &owned_phone(2), 0))
        .await
        .expect("add");
    s.add_rule(&ForwardingRule {
        enabled: false,
        ..rule(b.id, RuleType::Always, &owned_phone(1), 1)
    })
    .await
    .expect("add");
    s.add_rule(&rule(c.id, RuleType::NoAnswer, &owned_phone(1), 2))
        .await
        .expect("add");
    release(&stores, c.id, T0 + Duration::minutes(3)).await;
    assert_eq!(
        s.forwarding_graph().await.expect("graph"),
        vec![(owned_phone(1), owned_phone(2))]
    );
}

/// Menus and voicemail settings are replaced whole and read back equal; deleting a menu
/// says whether there was one.
pub async fn menus_and_voicemail_settings_read_back_as_written(stores: Stores) {
    let s = &stores.routing;
    let a = buy(&stores, "alice", owned_phone(1), T0).await;
    assert_eq!(s.menu(a.id).await.expect("menu"), None);
    assert_eq!(s.voicemail(a.id).await.expect("voicemail"), None);
    s.put_menu(a.id, &menu()).await.expect("put");
    assert_eq!(s.menu(a.id).await.expect("menu"), Some(menu()));
    let settings = VoicemailBox {
        enabled: false,
        greeting: Prompt::play("https://example.com/vm.mp3").expect("url"),
        max_length: MaxLength::new(600).expect("ok"),
    };
    s.put_voicemail(a.id, &settings).await.expect("put");
    s.put_voicemail(a.id, &settings).await.expect("put again");
    assert_eq!(s.voicemail(a.id).await.expect("voicemail"), Some(settings));
    assert!(s.delete_menu(a.id).await.expect("delete"));
    assert!(!s.delete_menu(a.id).await.expect("delete again"));
    assert_eq!(s.menu(a.id).await.expect("menu"), None);
}

/// The inbound lookup: a held number with its enabled rules oldest first, its menu, its
/// voicemail (defaults when never set) and its owner's identity; switched-off numbers
/// are returned inactive; released and unknown numbers are absent.
pub async fn the_inbound_line_holds_everything_routing_reads(stores: Stores) {
    let s = &stores.routing;
    let a = buy(&stores, "alice", owned_phone(1), T0).await;
    let line = s.line(&owned_phone(1)).await.expect("line").expect("held");
    assert_eq!(
        (
            line.number_id,
            line.active,
            line.rules.len(),
            line.menu.clone()
        ),
        (a.id, true, 0, None)
    );
    assert_eq!(line.voicemail, VoicemailBox::default());
    assert_eq!(line.owner, UserId::parse("alice").expect("id"));
    assert_eq!(line.identity, BrowserIdentity::parse("u_alice").ok());

    let busy = rule(a.id, RuleType::Busy, &owned_phone(9), 0);
    let off = ForwardingRule {
        enabled: false,
        ..rule(a.id, RuleType::Always, &owned_phone(8), 1)
    };
    let no_answer = rule(a.id, RuleType::NoAnswer, &owned_phone(7), 2);
    for r in [&busy, &off, &no_answer] {
        s.add_rule(r).await.expect("add");
    }
    s.put_menu(a.id, &menu()).await.expect("menu");
    let line = s.line(&owned_phone(1)).await.expect("line").expect("held");
    assert_eq!(line.rules, vec![busy, no_answer]);
    assert_eq!(line.menu, Some(menu()));

    let mapped = buy(&stores, "carol@example.com", owned_phone(4), T0).await;
    assert_eq!(
        s.line(&owned_phone(4))
            .await
            .expect("line")
            .expect("held")
            .identity,
        None,
        "no identity minted yet"
    );
    let minted = BrowserIdentity::parse("m_0123456789abcdef0123456789abcdef").expect("identity");
    stores
        .identities
        .mapped_identity(&mapped.user_id, &minted)
        .await
        .expect("mint");
    assert_eq!(
        s.line(&owned_phone(4))
            .await
            .expect("line")
            .expect("held")
            .identity,
        Some(minted)
    );

    switch_off(&stores, a.id).await;
    assert!(
        !s.line(&owned_phone(1))
            .await
            .expect("line")
            .expect("held")
            .active
    );
    release(&stores, a.id, T0 + Duration::hours(1)).await;
    assert_eq!(s.line(&owned_phone(1)).await.expect("line"), None);
    assert_eq!(s.line(&owned_phone(5)).await.expect("line"), None);
}
