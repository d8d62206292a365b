//! The routing store's statements that tests EXPLAIN.

/// The inbound lookup of a held number: one row per enabled rule (one row with NULL rule
/// columns when it has none), each carrying the number, its owner's mapped identity, its
/// menu and its voicemail settings. `$1` is the phone number.
pub const LINE_SQL: &str = "\
SELECT n.id, n.user_id, n.phone_number, n.active, bi.identity, m.menu::text AS menu, \
       v.enabled AS vm_enabled, v.greeting_say, v.greeting_voice, v.greeting_language, \
       v.greeting_play, v.max_length, \
       r.id AS rule_id, r.forward_to, r.kind, r.ring_timeout, r.created_at AS rule_created_at, \
       r.updated_at AS rule_updated_at \
FROM owned_numbers n \
LEFT JOIN browser_identities bi ON bi.user_id = n.user_id \
LEFT JOIN ivr_menus m ON m.number_id = n.id \
LEFT JOIN voicemail_settings v ON v.number_id = n.id \
LEFT JOIN forwarding_rules r ON r.number_id = n.id AND r.enabled \
WHERE n.phone_number = $1 AND n.state = 'held' \
ORDER BY r.created_at, r.id";
