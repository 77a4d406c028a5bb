//! The store suite: every check is a function over `&dyn Store`, so the same suite runs against
//! each implementation (SQLite and PostgreSQL). Each function expects an empty store.
//!
//! [`for_each_suite_test!`] lists every check once; each backend's test file hands it a macro
//! that turns a name into a `#[tokio::test]` on that backend.

// Each test binary that includes the suite may run only part of it.
#![allow(dead_code)]

mod accounts;
mod admin;
mod admissions;
mod avatars;
mod blocks;
mod clubs;
mod concurrency;
mod events;
mod fencing;
mod invites;
mod modlog;
mod notifications;
mod reports;
mod rooms;
mod sessions;
mod social;
mod waitlist;

pub use accounts::*;
pub use admin::*;
pub use admissions::*;
pub use avatars::*;
pub use blocks::*;
pub use clubs::*;
pub use concurrency::*;
pub use events::*;
pub use fencing::*;
pub use invites::*;
pub use modlog::*;
pub use notifications::*;
pub use reports::*;
pub use rooms::*;
pub use sessions::*;
pub use social::*;
pub use waitlist::*;

/// Invokes `$make!(name, name, …)` with the name of every suite check, so a backend's test file
/// instantiates the whole suite without repeating the list (a new check here runs everywhere).
macro_rules! for_each_suite_test {
    ($make:ident) => {
        $make!(
            block_removes_follows_and_unblock_lifts_it,
            blocks_listed_newest_first,
            mod_log_newest_first_and_kept_after_the_room,
            room_moderators_recorded_per_room,
            events_lifecycle,
            event_notify_and_lists,
            calendar_tokens_reset,
            block_refusals_write_nothing,
            clubs_created_unique_and_edited,
            club_membership_roles_and_pages,
            club_join_requests_flow,
            club_search_by_prefix,
            social_graph_in_one_read,
            club_icons_and_rooms,
            avatar_versions_only_go_up,
            summaries_carry_the_avatar_version,
            bootstrap_invite_makes_admin,
            new_bootstrap_invite_revokes_older,
            signup_consumes_invite,
            unknown_invite_fails,
            revoked_invite_fails,
            duplicate_username_ignoring_case_fails,
            second_user_nominated_by_inviter,
            quota_enforced_and_freed_by_revoke,
            revoke_only_own_invites,
            admin_unlimited,
            unknown_member_cannot_invite,
            sessions_expire,
            delete_session_signs_out,
            session_for_unknown_user_fails,
            rooms_lifecycle,
            rooms_not_found,
            room_writes_fenced_by_owner_epoch,
            fencing_errors_and_epoch_zero,
            admissions_named_and_pinged,
            admissions_reject_unknown,
            room_kind_changes,
            followees_and_follows_any,
            concurrent_signups_one_winner,
            concurrent_invites_respect_quota,
            concurrent_same_username_one_winner,
            concurrent_revoke_and_signup_one_winner,
            profile_update_changes_given_fields,
            member_language_is_kept,
            follow_is_idempotent_and_counted,
            follow_lists_paginate_without_gaps,
            search_by_prefix,
            waitlist_reservation_holds_username_until_expiry,
            waitlist_wave_in_only_by_named_members,
            waitlist_signup_needs_wave_and_uses_the_token,
            concurrent_waitlist_signups_one_winner,
            concurrent_reservation_and_signup_one_winner,
            admin_grants_invites,
            admin_flag_set_and_cleared,
            invite_tree_follows_nominations,
            notifications_stored_listed_and_counted,
            notifications_fan_out_to_followers,
            notifications_marked_read,
            room_notifications_deleted,
            notification_references_checked,
            reports_filed_deduplicated_and_rate_limited,
            report_queue_pages_by_keyset,
            resolving_resolves_other_open_reports_once,
            suspension_revokes_sessions_and_hides_from_search,
        );
    };
}
pub(crate) use for_each_suite_test;

use chrono::{DateTime, Utc};
use stoa_proto::{RoomId, RoomKind, UserId};
use stoa_store::{NewAccount, NewRoom, RoomRecord, Store, StoreError, UserRecord};

/// A stand-in for the hex SHA-256 the service would compute (the store never inspects it).
pub fn hash(secret: &str) -> String {
    format!("sha256-of-{secret}")
}

/// Now, at the millisecond precision the store keeps.
pub fn now_ms() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(Utc::now().timestamp_millis()).expect("now is in range")
}

/// A sign-up request redeeming the invite whose code is `code`.
pub fn account(code: &str, username: &str, invite_quota: i64) -> NewAccount {
    NewAccount {
        code_hash: hash(code),
        username: username.to_owned(),
        display_name: format!("{username} (display)"),
        password_hash: format!("$argon2id$fake${username}"),
        invite_quota,
    }
}

/// Creates the bootstrap admin `admin` on an empty store.
pub async fn bootstrap_admin(store: &dyn Store) -> UserRecord {
    store
        .create_bootstrap_invite(&hash("bootstrap"))
        .await
        .expect("bootstrap invite");
    store
        .signup(account("bootstrap", "admin", 0))
        .await
        .expect("admin signs up")
}

/// `by` invites a new member `username` with `invite_quota` and the member signs up.
pub async fn invited_member(
    store: &dyn Store,
    by: &UserRecord,
    username: &str,
    invite_quota: i64,
) -> UserRecord {
    let code = format!("code-for-{username}");
    store
        .create_invite(by.id, &hash(&code))
        .await
        .expect("create invite");
    store
        .signup(account(&code, username, invite_quota))
        .await
        .expect("member signs up")
}

/// `by` opens an open room `id` titled `title` at `at`.
pub async fn open_room(
    store: &dyn Store,
    id: &str,
    title: &str,
    by: UserId,
    at: DateTime<Utc>,
) -> RoomRecord {
    store
        .create_room(NewRoom {
            id: RoomId(id.to_string()),
            title: title.to_string(),
            kind: RoomKind::Open,
            created_by: by,
            created_at: at,
            named: Vec::new(),
        })
        .await
        .expect("create room")
}

/// Asserts `result` failed with the error `expected` names.
pub fn assert_err<T: std::fmt::Debug>(result: Result<T, StoreError>, expected: &str) {
    match result {
        Err(err) => assert_eq!(variant(&err), expected, "unexpected error {err:?}"),
        Ok(value) => panic!("expected {expected}, got Ok({value:?})"),
    }
}

/// The name of an error's variant.
pub fn variant(err: &StoreError) -> &'static str {
    match err {
        StoreError::InviteInvalid => "InviteInvalid",
        StoreError::UsernameTaken => "UsernameTaken",
        StoreError::InviteQuotaExhausted => "InviteQuotaExhausted",
        StoreError::NotFound => "NotFound",
        StoreError::SelfFollow => "SelfFollow",
        StoreError::NameTaken => "NameTaken",
        StoreError::Fenced { .. } => "Fenced",
        StoreError::Database(_) => "Database",
        StoreError::Migrate(_) => "Migrate",
    }
}
