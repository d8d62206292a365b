//! Property tests of the domain's parsers of outside input: phone numbers, SIDs and IVR
//! menus never panic, accept exactly what they document, and keep what they accept (the
//! fuzz targets `phone_sid` and `ivr_menu` run the same properties on arbitrary bytes).

use proptest::prelude::*;
use switchboard_domain::PhoneNumber;
use switchboard_domain::routing::{ActionSpec, IvrMenu, MenuSpec, OptionSpec, PromptSpec};
use switchboard_domain::sid::{
    AccountSid, ApiKeySid, ApplicationSid, CallSid, IncomingNumberSid, MessageSid, RecordingSid,
};

/// `^\+[1-9][0-9]{1,14}$` without a regex engine.
fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (2..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// Text with what breaks naive parsers: multi-byte characters, controls, signs and digits.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[+0-9 ().\\-]{0,24}",
        "\\PC{0,40}",
        "[+٠-٩0-9]{0,20}",
    ]
}

proptest! {
    #[test]
    fn a_phone_number_is_accepted_exactly_when_it_is_e164_and_kept_as_given(input in hostile_text()) {
        match PhoneNumber::parse(&input) {
            Ok(number) => {
                prop_assert!(is_e164(&input), "{input:?}");
                prop_assert_eq!(number.as_str(), input.as_str());
                let _ = number.is_fictional();
            }
            Err(e) => {
                prop_assert!(!is_e164(&input), "{input:?}");
                prop_assert!(e.0.chars().count() <= 40);
            }
        }
    }

    #[test]
    fn a_normalised_number_is_e164(input in hostile_text()) {
        if let Ok(number) = PhoneNumber::normalize(&input) {
            prop_assert!(is_e164(number.as_str()), "{input:?} -> {number}");
        }
    }

    #[test]
    fn e164_numbers_survive_what_people_type_around_them(
        digits in "[1-9][0-9]{1,14}",
        separators in proptest::collection::vec(prop_oneof![Just(""), Just(" "), Just("-"), Just("."), Just("(")], 16),
    ) {
        let e164 = format!("+{digits}");
        let typed: String = std::iter::once('+')
            .chain(digits.chars().zip(&separators).flat_map(|(d, s)| s.chars().chain(std::iter::once(d))))
            .collect();
        prop_assert_eq!(PhoneNumber::normalize(&typed).map(|n| n.to_string()), Ok(e164));
    }

    #[test]
    fn a_sid_is_its_prefix_and_32_hex_digits_and_kept_as_given(
        input in prop_oneof![
            hostile_text(),
            "(AC|SK|AP|PN|CA|RE|SM|MM|ca|XX)[0-9a-fA-F]{30,34}",
            "(CA|SM)[0-9a-fA-F]{31}[g-zé]",
        ]
    ) {
        let hex_tail = input.len() == 34 && input.get(2..).is_some_and(|t| t.bytes().all(|b| b.is_ascii_hexdigit()));
        let check = |parsed: Option<String>, prefixes: &[&str]| {
            let expected = hex_tail && prefixes.iter().any(|p| input.starts_with(p));
            assert_eq!(parsed.is_some(), expected, "{input:?} with {prefixes:?}");
            if let Some(kept) = parsed {
                assert_eq!(kept, input);
            }
        };
        check(AccountSid::parse(&input).ok().map(|s| s.to_string()), AccountSid::PREFIXES);
        check(ApiKeySid::parse(&input).ok().map(|s| s.to_string()), ApiKeySid::PREFIXES);
        check(ApplicationSid::parse(&input).ok().map(|s| s.to_string()), ApplicationSid::PREFIXES);
        check(IncomingNumberSid::parse(&input).ok().map(|s| s.to_string()), IncomingNumberSid::PREFIXES);
        check(CallSid::parse(&input).ok().map(|s| s.to_string()), CallSid::PREFIXES);
        check(RecordingSid::parse(&input).ok().map(|s| s.to_string()), RecordingSid::PREFIXES);
        check(MessageSid::parse(&input).ok().map(|s| s.to_string()), MessageSid::PREFIXES);
    }
}

/// Any string, often one the menu checks take.
fn menu_text(valid: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        12 => proptest::sample::select(valid).prop_map(str::to_owned),
        1 => "\\PC{0,12}",
        1 => any::<String>(),
    ]
}

fn integer() -> impl Strategy<Value = Option<i64>> {
    proptest::option::of(prop_oneof![8 => 1..11_i64, 1 => -2..40_i64, 1 => any::<i64>()])
}

fn prompt() -> impl Strategy<Value = PromptSpec> {
    prop_oneof![
        (
            menu_text(&["Press 1.", "Welcome", "Hi", " ", "\u{0}"]),
            proptest::option::of(menu_text(&["alice", "Polly.Joanna", "man", "a b"])),
            proptest::option::of(menu_text(&["en-US", "en-GB", "fr-FR", "xxxxxxxxxxxxxxxxx"])),
        )
            .prop_map(|(text, voice, language)| PromptSpec::Say {
                text,
                voice,
                language
            }),
        menu_text(&[
            "https://cdn.example.com/a.mp3",
            "https://cdn.example.com/b.wav",
            "ftp://x"
        ])
        .prop_map(|url| PromptSpec::Play { url }),
    ]
}

fn action(depth: u32) -> BoxedStrategy<ActionSpec> {
    let kinds = &[
        "forward",
        "client",
        "voicemail",
        "say",
        "menu",
        "repeat",
        "hangup",
        "Forward",
    ];
    let submenu = if depth == 0 {
        Just(None).boxed()
    } else {
        // Rarely: each menu holds few submenus, so the generated tree stays small.
        prop_oneof![
            3 => Just(None),
            1 => menu(depth - 1).prop_map(|m| Some(Box::new(m))),
        ]
        .boxed()
    };
    (
        menu_text(kinds),
        proptest::option::of(menu_text(&[
            "+14155550123",
            "(415) 555-0123",
            "+442071838750",
            "911",
        ])),
        proptest::option::of(menu_text(&["Goodbye", "Thanks", "Bye", " "])),
        submenu,
    )
        .prop_map(|(kind, to, say, menu)| ActionSpec {
            kind,
            to,
            say,
            menu,
        })
        .boxed()
}

/// The depth [`menu`] starts at: one more level than a menu may have.
const TOP: u32 = 5;

fn menu(depth: u32) -> BoxedStrategy<MenuSpec> {
    let option = (
        menu_text(&[
            "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "*", "#", "0#", "*9", "12345", "",
        ]),
        proptest::option::of(menu_text(&["sales", " support ", "billing", "help", ""])),
        action(depth),
    )
        .prop_map(|(digits, speech, action)| OptionSpec {
            digits,
            speech,
            action,
        })
        .boxed();
    (
        prop_oneof![9 => prompt().prop_map(Some), 1 => Just(None)],
        proptest::option::of(menu_text(&[
            "dtmf",
            "dtmf",
            "speech",
            "dtmf speech",
            "DTMF",
        ])),
        integer(),
        integer(),
        // Mostly one to three options; at the top sometimes up to 14 (the limit is 12).
        prop_oneof![
            8 => proptest::collection::vec(option.clone(), 1..3),
            1 => proptest::collection::vec(option, 0..if depth >= TOP { 14 } else { 3 }),
        ],
        proptest::option::of(action(0)),
    )
        .prop_map(
            |(prompt, input, timeout, max_attempts, options, on_no_input)| MenuSpec {
                prompt,
                input,
                timeout,
                max_attempts,
                options,
                on_no_input,
            },
        )
        .boxed()
}

/// Any menu is checked without panicking, and a menu accepted, written back to its
/// unchecked shape, is read as the same menu. (Run on a thread with a larger stack: the
/// generator's nested value trees for six levels of menus overflow a test thread's stack in
/// a debug build; the checks themselves recurse at most five levels.)
#[test]
fn any_menu_is_checked_without_panicking_and_an_accepted_one_round_trips() {
    let check = || {
        let config = ProptestConfig {
            cases: 512,
            ..ProptestConfig::default()
        };
        let accepted = std::cell::Cell::new(0_u32);
        let result = proptest::test_runner::TestRunner::new(config).run(&menu(TOP), |spec| {
            match IvrMenu::from_spec(&spec) {
                Ok(menu) => {
                    accepted.set(accepted.get() + 1);
                    prop_assert_eq!(IvrMenu::from_spec(&menu.to_spec()), Ok(menu));
                }
                Err(e) => prop_assert!(!e.field.is_empty() && !e.reason.is_empty(), "{e:?}"),
            }
            Ok(())
        });
        (result, accepted.get())
    };
    let (result, accepted) = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(check)
        .expect("a test thread")
        .join()
        .expect("the property does not panic");
    if let Err(failure) = result {
        panic!("{failure}");
    }
    assert!(
        accepted > 0,
        "no generated menu was valid: the round trip went untested"
    );
}
