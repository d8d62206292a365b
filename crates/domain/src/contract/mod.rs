//! The store contract suite: one set of behaviours every store adapter must show, written
//! once here and run by each adapter's tests through [`store_contract_tests!`](crate::store_contract_tests).
//! Each check gets fresh, empty stores.

mod attach;
mod calls;
mod emails;
mod fixtures;
mod messages;
mod number_fixtures;
mod owned_numbers;
mod pool;
mod pool_and_numbers;
mod purchases;
mod rate_limit;
mod recordings;
mod routing;
mod sessions;
mod usage;

pub use attach::{
    a_call_sid_is_attached_once_and_never_taken_from_another_call,
    a_message_sid_is_attached_once_and_never_taken_from_another_message,
};
pub use calls::{
    call_stats_count_by_status_and_direction, calls_list_newest_first_with_every_filter_and_paging,
    calls_log_once_and_read_back, calls_without_a_sid_are_attached_or_refused_and_never_listed,
    concurrent_status_reports_end_as_the_ordered_sequence, price_is_recorded,
    status_reports_apply_the_rule_and_never_regress,
};
pub use emails::emails_are_recorded_once_and_listed_per_user;
pub use messages::{
    message_statuses_only_move_forward, messages_log_once_and_list_with_every_filter_and_paging,
    whatsapp_last_writer_and_auto_replies,
};
pub use owned_numbers::{
    held_numbers_are_the_held_ones_only,
    numbers_list_filters_held_by_active_and_shows_released_only_unfiltered,
    numbers_list_newest_first_per_owner_with_cursor_paging,
    release_is_idempotent_and_keeps_the_first_time, stats_count_by_state_and_add_exact_money,
    update_changes_held_numbers_only,
};
pub use pool::{
    pool_add_rejects_duplicates, pool_listing_counts_free_and_leased_with_paging,
    retire_refuses_leased_and_unknown_numbers,
    retired_number_is_never_leased_and_its_sessions_stay_readable,
};
pub use pool_and_numbers::{
    concurrent_pool_adds_and_purchases_of_a_number_never_both_succeed,
    owned_numbers_cannot_join_the_pool, pool_numbers_cannot_be_bought,
};
pub use purchases::{
    a_number_is_never_pending_or_held_twice_but_is_bought_again_after_release,
    abandon_forgets_only_pending_purchases, complete_purchase_is_refused_unless_pending,
    concurrent_purchases_of_one_number_let_exactly_one_begin, pending_purchases_are_not_numbers,
    pending_purchases_come_oldest_first, purchase_begins_pending_and_completes_into_a_held_number,
};
pub use rate_limit::{
    a_limited_lease_shares_the_keys_budget_and_leases_only_when_allowed,
    limited_leases_are_exact_under_concurrency, rate_limit_is_exact_under_concurrency,
    rate_limit_keys_are_independent_and_refill, simultaneous_limited_leases_over_keys_are_exact,
};
pub use recordings::{
    idempotency_claims_run_once_and_replay, mapped_identities_are_minted_once_and_map_back,
    recordings_follow_their_call_and_only_move_forward, recordings_list_by_owner_call_and_kind,
};
pub use routing::{
    forwarding_rules_keep_one_enabled_rule_per_type,
    menus_and_voicemail_settings_read_back_as_written,
    the_forwarding_graph_is_the_enabled_rules_of_held_numbers,
    the_inbound_line_holds_everything_routing_reads,
};
pub use sessions::{
    active_session_lookup_follows_expiry, concurrent_leases_never_share_a_number,
    empty_pool_is_exhausted_and_records_nothing, expire_frees_the_number_at_once_and_is_idempotent,
    expire_of_unknown_session_is_none, expiring_an_old_session_does_not_free_a_newer_lease,
    lease_takes_a_free_number_and_records_the_session,
    leased_number_is_not_leased_again_before_expiry,
    never_leased_and_longest_free_numbers_come_first,
    number_is_free_again_at_expiry_without_any_write,
    sessions_list_newest_first_by_owner_and_status_with_paging, unknown_session_is_none,
};
pub use usage::number_usage_counts_calls_minutes_and_messages;

use std::sync::Arc;

use crate::calls::{CallStore, IdentityStore, RecordingStore};
use crate::email::EmailStore;
use crate::idempotency::IdempotencyStore;
use crate::messages::MessageStore;
use crate::numbers::{NumberStore, UsageStore};
use crate::rate_limit::RateLimitStore;
use crate::routing::RoutingStore;
use crate::voicemail::{PoolStore, SessionStore};

/// Fresh, empty stores of one adapter, sharing one backing state.
#[derive(Debug, Clone)]
pub struct Stores {
    /// Sessions and leases.
    pub sessions: Arc<dyn SessionStore>,
    /// The pool.
    pub pool: Arc<dyn PoolStore>,
    /// Rate-limit state.
    pub limits: Arc<dyn RateLimitStore>,
    /// Numbers users own, and purchases in flight.
    pub numbers: Arc<dyn NumberStore>,
    /// The call log.
    pub calls: Arc<dyn CallStore>,
    /// Recordings of logged calls.
    pub recordings: Arc<dyn RecordingStore>,
    /// Mapped browser identities.
    pub identities: Arc<dyn IdentityStore>,
    /// Idempotency claims.
    pub claims: Arc<dyn IdempotencyStore>,
    /// Forwarding rules, menus and voicemail settings.
    pub routing: Arc<dyn RoutingStore>,
    /// The message log and auto-replies.
    pub messages: Arc<dyn MessageStore>,
    /// The email log.
    pub emails: Arc<dyn EmailStore>,
    /// Number usage.
    pub usage: Arc<dyn UsageStore>,
    /// Whatever must live as long as the test (a test database that is dropped with it).
    pub guard: Option<Arc<dyn std::any::Any + Send + Sync>>,
}

/// Generates one `#[tokio::test]` per contract check. `$stores` is an async expression
/// giving fresh [`Stores`] (evaluated once per test).
#[macro_export]
macro_rules! store_contract_tests {
    ($stores:expr) => {
        $crate::store_contract_tests!(@each $stores;
            lease_takes_a_free_number_and_records_the_session,
            empty_pool_is_exhausted_and_records_nothing,
            leased_number_is_not_leased_again_before_expiry,
            number_is_free_again_at_expiry_without_any_write,
            never_leased_and_longest_free_numbers_come_first,
            concurrent_leases_never_share_a_number,
            expire_frees_the_number_at_once_and_is_idempotent,
            expiring_an_old_session_does_not_free_a_newer_lease,
            expire_of_unknown_session_is_none,
            active_session_lookup_follows_expiry,
            sessions_list_newest_first_by_owner_and_status_with_paging,
            unknown_session_is_none,
            pool_add_rejects_duplicates,
            pool_listing_counts_free_and_leased_with_paging,
            retire_refuses_leased_and_unknown_numbers,
            retired_number_is_never_leased_and_its_sessions_stay_readable,
            rate_limit_is_exact_under_concurrency,
            rate_limit_keys_are_independent_and_refill,
            a_limited_lease_shares_the_keys_budget_and_leases_only_when_allowed,
            limited_leases_are_exact_under_concurrency,
            simultaneous_limited_leases_over_keys_are_exact,
            purchase_begins_pending_and_completes_into_a_held_number,
            complete_purchase_is_refused_unless_pending,
            abandon_forgets_only_pending_purchases,
            a_number_is_never_pending_or_held_twice_but_is_bought_again_after_release,
            pool_numbers_cannot_be_bought,
            owned_numbers_cannot_join_the_pool,
            concurrent_purchases_of_one_number_let_exactly_one_begin,
            concurrent_pool_adds_and_purchases_of_a_number_never_both_succeed,
            pending_purchases_are_not_numbers,
            pending_purchases_come_oldest_first,
            numbers_list_newest_first_per_owner_with_cursor_paging,
            numbers_list_filters_held_by_active_and_shows_released_only_unfiltered,
            update_changes_held_numbers_only,
            release_is_idempotent_and_keeps_the_first_time,
            stats_count_by_state_and_add_exact_money,
            held_numbers_are_the_held_ones_only,
            calls_log_once_and_read_back,
            calls_without_a_sid_are_attached_or_refused_and_never_listed,
            a_call_sid_is_attached_once_and_never_taken_from_another_call,
            a_message_sid_is_attached_once_and_never_taken_from_another_message,
            status_reports_apply_the_rule_and_never_regress,
            concurrent_status_reports_end_as_the_ordered_sequence,
            price_is_recorded,
            calls_list_newest_first_with_every_filter_and_paging,
            call_stats_count_by_status_and_direction,
            recordings_follow_their_call_and_only_move_forward,
            recordings_list_by_owner_call_and_kind,
            mapped_identities_are_minted_once_and_map_back,
            idempotency_claims_run_once_and_replay,
            forwarding_rules_keep_one_enabled_rule_per_type,
            the_forwarding_graph_is_the_enabled_rules_of_held_numbers,
            menus_and_voicemail_settings_read_back_as_written,
            the_inbound_line_holds_everything_routing_reads,
            messages_log_once_and_list_with_every_filter_and_paging,
            message_statuses_only_move_forward,
            whatsapp_last_writer_and_auto_replies,
            emails_are_recorded_once_and_listed_per_user,
            number_usage_counts_calls_minutes_and_messages,
        );
    };
    (@each $stores:expr; $($name:ident),+ $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                $crate::contract::$name($stores.await).await;
            }
        )+
    };
}
