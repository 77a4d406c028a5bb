//! The store traits on [`ThisStore`], as routing tables: each method times itself (under its own
//! name, see [`crate::timing`]) and runs the function of its area's query module on the pool.

use chrono::{DateTime, Utc};
use stoa_proto::moderation::{ModLogEntry, Report};
use stoa_proto::rest::UserSummary;
use stoa_proto::{ReportId, RoomId, RoomKind, UserId};

use super::{
    accounts, admin, admissions, avatars, blocks, invites, modlog, notifications, reports, rooms,
    sessions, social, waitlist, ThisStore,
};
use crate::error::StoreError;
use crate::modlog_records::NewModLog;
use crate::records::{
    AdmissionReason, AvatarRecord, FollowCursor, FollowDirection, FollowEntry, FollowStats,
    InviteRecord, MarkRead, NewAccount, NewNotificationRecord, NewRoom, NotificationRecord,
    ProfileUpdate, RoomRecord, SocialGraph, UserRecord,
};
use crate::report_records::{
    CreateReportOutcome, NewReport, NewSuspension, ReportCursor, ReportLimit, ReportResolution,
    ResolveOutcome,
};
use crate::waitlist_records::{
    InviteTreeRows, NewReservation, ReservationRecord, WaitingRecord, WaitlistAccount,
    WaitlistSignup, WaveOutcome,
};

/// Implements `$trait` for [`ThisStore`]: the methods in braces as written, then each
/// `fn name(args) -> T = module::function(values);` as
/// `async fn name(&self, args) -> Result<T, StoreError>` that holds a
/// [`QueryTimer`](crate::timing::QueryTimer) named `name` while it runs
/// `module::function(&self.pool, values)`.
macro_rules! forward {
    (
        impl $trait:path { $($own:tt)* }
        $(fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty
            = $module:ident::$func:ident($($value:expr),* $(,)?);)*
    ) => {
        #[async_trait::async_trait]
        impl $trait for ThisStore {
            $($own)*
            $(async fn $name(&self, $($arg: $ty),*) -> Result<$ret, StoreError> {
                let _timer = $crate::timing::QueryTimer::start(stringify!($name));
                $module::$func(&self.pool, $($value),*).await
            })*
        }
    };
}
pub(super) use forward;

forward! {
    impl crate::store::Store {
        async fn close(&self) {
            // The inherent method of the same name does the work.
            ThisStore::close(self).await
        }
    }
    fn ping() -> () = accounts::ping();
    fn user_count() -> i64 = accounts::user_count();
    fn insert_notification(to: UserId, new: &NewNotificationRecord) -> NotificationRecord
        = notifications::insert_notification(to, new, Utc::now());
    fn insert_follower_notifications(
        actor: UserId,
        new: &NewNotificationRecord,
        followed_back_only: bool,
    ) -> Vec<(UserId, i64)>
        = notifications::insert_follower_notifications(actor, new, followed_back_only, Utc::now());
    fn notifications(user: UserId, before: Option<i64>, limit: u32) -> Vec<NotificationRecord>
        = notifications::notifications(user, before, limit);
    fn unread_notifications(user: UserId) -> u32 = notifications::unread_notifications(user);
    fn unread_notification_counts(users: &[UserId]) -> Vec<(UserId, u32)>
        = notifications::unread_notification_counts(users);
    fn mark_notifications_read(user: UserId, which: MarkRead) -> u32
        = notifications::mark_notifications_read(user, which, Utc::now());
    fn insert_mod_log(entry: &NewModLog) -> i64 = modlog::insert_mod_log(entry);
    fn mod_log(room: &RoomId, before: Option<i64>, limit: u32) -> Vec<ModLogEntry>
        = modlog::mod_log(room, before, limit);
    fn add_room_moderator(room: &RoomId, user: UserId) -> ()
        = modlog::add_room_moderator(room, user, Utc::now());
    fn was_room_moderator(room: &RoomId, user: UserId) -> bool
        = modlog::was_room_moderator(room, user);
    fn create_bootstrap_invite(code_hash: &str) -> ()
        = invites::create_bootstrap_invite(code_hash, Utc::now());
    fn signup(new: NewAccount) -> UserRecord = accounts::signup(new, Utc::now());
    fn user_by_id(id: UserId) -> Option<UserRecord> = accounts::user_by_id(id);
    fn user_by_username(username: &str) -> Option<UserRecord>
        = accounts::user_by_username(username);
    fn update_profile(id: UserId, update: ProfileUpdate) -> UserRecord
        = social::update_profile(id, update);
    fn search_users(prefix: &str, limit: u32) -> Vec<UserSummary>
        = social::search_users(prefix, limit);
    fn follow(follower: UserId, followee: UserId) -> bool
        = social::follow(follower, followee, Utc::now());
    fn unfollow(follower: UserId, followee: UserId) -> bool = social::unfollow(follower, followee);
    fn follow_stats(user: UserId, viewer: Option<UserId>) -> FollowStats
        = social::follow_stats(user, viewer);
    fn follow_list(
        user: UserId,
        direction: FollowDirection,
        after: Option<FollowCursor>,
        limit: u32,
    ) -> Vec<FollowEntry>
        = social::follow_list(user, direction, after, limit);
    fn create_session(token_hash: &str, user: UserId, expires_at: DateTime<Utc>) -> ()
        = sessions::create_session(token_hash, user, expires_at, Utc::now());
    fn session_user(token_hash: &str, now: DateTime<Utc>) -> Option<UserRecord>
        = sessions::session_user(token_hash, now);
    fn delete_session(token_hash: &str) -> () = sessions::delete_session(token_hash);
    fn create_invite(by: UserId, code_hash: &str) -> InviteRecord
        = invites::create_invite(by, code_hash, Utc::now());
    fn invites_of(by: UserId) -> Vec<InviteRecord> = invites::invites_of(by);
    fn revoke_invite(by: UserId, invite_id: i64) -> () = invites::revoke_invite(by, invite_id);
    fn invite_by_code(code_hash: &str) -> Option<InviteRecord> = invites::invite_by_code(code_hash);
    fn invites_remaining(user: UserId) -> Option<u32> = invites::invites_remaining(user);
    fn create_room(room: NewRoom) -> RoomRecord = rooms::create_room(room);
    fn room(id: &RoomId) -> Option<RoomRecord> = rooms::room(id);
    fn end_room(id: &RoomId, at: DateTime<Utc>) -> () = rooms::end_room(id, at);
    fn save_room_state(id: &RoomId, state_json: &str) -> ()
        = rooms::save_room_state(id, state_json);
    fn live_rooms() -> Vec<RoomRecord> = rooms::live_rooms();
    fn admit_to_room(room: &RoomId, user: UserId, by: UserId, reason: AdmissionReason) -> bool
        = admissions::admit_to_room(room, user, by, reason, Utc::now());
    fn room_admissions(room: &RoomId) -> Vec<UserId> = admissions::room_admissions(room);
    fn set_room_kind(room: &RoomId, kind: RoomKind) -> () = admissions::set_room_kind(room, kind);
    fn followees_of(user: UserId) -> Vec<UserId> = admissions::followees_of(user);
    fn social_graph_of(user: UserId) -> SocialGraph = social::graph_of(user);
    fn follows_any(followers: &[UserId], followee: UserId) -> bool
        = admissions::follows_any(followers, followee);
    fn block(blocker: UserId, blocked: UserId) -> bool
        = blocks::block(blocker, blocked, Utc::now());
    fn unblock(blocker: UserId, blocked: UserId) -> bool = blocks::unblock(blocker, blocked);
    fn blocks_of(user: UserId) -> Vec<UserSummary> = blocks::blocks_of(user);
    fn block_between(a: UserId, b: UserId) -> bool = blocks::block_between(a, b);
    fn blockers_of(user: UserId) -> Vec<UserId> = blocks::blockers_of(user);
    fn set_avatar(user: UserId, content_type: &str, image: &[u8]) -> i64
        = avatars::set_avatar(user, content_type, image, Utc::now());
    fn delete_avatar(user: UserId) -> bool = avatars::delete_avatar(user, Utc::now());
    fn avatar(user: UserId) -> Option<AvatarRecord> = avatars::avatar(user);
    fn avatar_version(user: UserId) -> Option<i64> = avatars::avatar_version(user);
    fn create_reservation(new: NewReservation) -> ReservationRecord
        = waitlist::create_reservation(new);
    fn reservation_by_token(token_hash: &str, now: DateTime<Utc>) -> Option<ReservationRecord>
        = waitlist::reservation_by_token(token_hash, now);
    fn waiting_for(user: UserId, now: DateTime<Utc>, limit: u32) -> Vec<WaitingRecord>
        = waitlist::waiting_for(user, now, limit);
    fn wave_in(public_id: &str, by: UserId, now: DateTime<Utc>) -> WaveOutcome
        = waitlist::wave_in(public_id, by, now);
    fn waitlist_signup(account: WaitlistAccount, now: DateTime<Utc>) -> WaitlistSignup
        = waitlist::waitlist_signup(account, now);
    fn create_report(new: NewReport, limit: ReportLimit) -> CreateReportOutcome
        = reports::create_report(new, limit);
    fn report(id: ReportId) -> Option<Report> = reports::report_by_id(id);
    fn reports(open: bool, after: Option<ReportCursor>, limit: u32) -> Vec<Report>
        = reports::reports(open, after, limit);
    fn resolve_report(resolution: ReportResolution) -> ResolveOutcome
        = reports::resolve_report(resolution);
    fn suspend_user(new: &NewSuspension) -> bool = reports::suspend_user(new);
    fn unsuspend_user(user: UserId) -> bool = reports::unsuspend_user(user);
    fn suspended_among(users: &[UserId]) -> Vec<UserId> = reports::suspended_among(users);
    fn grant_invites(user: UserId, count: u32) -> () = admin::grant_invites(user, count);
    fn set_admin(user: UserId, admin: bool) -> bool = admin::set_admin(user, admin);
    fn invite_tree(root: Option<UserId>, depth: u32, max_rows: u32) -> InviteTreeRows
        = admin::invite_tree(root, depth, max_rows);
}
