//! The `Store` impl shared by both dialects. Each dialect module has submodules `accounts`,
//! `invites`, `sessions`, `rooms` and `social` with the same function names and signatures over
//! its own pool; this macro writes the trait's delegation to them once.

/// Implements [`crate::Store`] for `$store` (a struct with a `pool` field) by delegating to the
/// dialect submodules in scope at the call site.
macro_rules! delegate_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::Store for $store {
            async fn close(&self) {
                // The inherent method of the same name does the work.
                <$store>::close(self).await
            }

            async fn ping(&self) -> Result<(), StoreError> {
                let _timer = $crate::timing::QueryTimer::start("ping");
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn user_count(&self) -> Result<i64, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("user_count");
                accounts::user_count(&self.pool).await
            }

            async fn insert_notification(
                &self,
                to: UserId,
                new: &$crate::NewNotificationRecord,
            ) -> Result<$crate::NotificationRecord, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("insert_notification");
                notifications::insert_notification(&self.pool, to, new, Utc::now()).await
            }

            async fn insert_follower_notifications(
                &self,
                actor: UserId,
                new: &$crate::NewNotificationRecord,
                followed_back_only: bool,
            ) -> Result<Vec<(UserId, i64)>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("insert_follower_notifications");
                notifications::insert_follower_notifications(
                    &self.pool,
                    actor,
                    new,
                    followed_back_only,
                    Utc::now(),
                )
                .await
            }

            async fn notifications(
                &self,
                user: UserId,
                before: Option<i64>,
                limit: u32,
            ) -> Result<Vec<$crate::NotificationRecord>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("notifications");
                notifications::notifications(&self.pool, user, before, limit).await
            }

            async fn unread_notifications(&self, user: UserId) -> Result<u32, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("unread_notifications");
                notifications::unread_notifications(&self.pool, user).await
            }

            async fn unread_notification_counts(
                &self,
                users: &[UserId],
            ) -> Result<Vec<(UserId, u32)>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("unread_notification_counts");
                notifications::unread_notification_counts(&self.pool, users).await
            }

            async fn mark_notifications_read(
                &self,
                user: UserId,
                which: $crate::MarkRead,
            ) -> Result<u32, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("mark_notifications_read");
                notifications::mark_notifications_read(&self.pool, user, which, Utc::now()).await
            }

            async fn insert_mod_log(&self, entry: &$crate::NewModLog) -> Result<i64, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("insert_mod_log");
                modlog::insert_mod_log(&self.pool, entry).await
            }

            async fn mod_log(
                &self,
                room: &RoomId,
                before: Option<i64>,
                limit: u32,
            ) -> Result<Vec<stoa_proto::moderation::ModLogEntry>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("mod_log");
                modlog::mod_log(&self.pool, room, before, limit).await
            }

            async fn add_room_moderator(
                &self,
                room: &RoomId,
                user: UserId,
            ) -> Result<(), StoreError> {
                let _timer = $crate::timing::QueryTimer::start("add_room_moderator");
                modlog::add_room_moderator(&self.pool, room, user, Utc::now()).await
            }

            async fn was_room_moderator(
                &self,
                room: &RoomId,
                user: UserId,
            ) -> Result<bool, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("was_room_moderator");
                modlog::was_room_moderator(&self.pool, room, user).await
            }

            async fn create_bootstrap_invite(&self, code_hash: &str) -> Result<(), StoreError> {
                let _timer = $crate::timing::QueryTimer::start("create_bootstrap_invite");
                invites::create_bootstrap_invite(&self.pool, code_hash, Utc::now()).await
            }

            async fn signup(&self, new: NewAccount) -> Result<UserRecord, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("signup");
                accounts::signup(&self.pool, new, Utc::now()).await
            }

            async fn user_by_id(&self, id: UserId) -> Result<Option<UserRecord>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("user_by_id");
                let mut conn = self.pool.acquire().await?;
                accounts::user_by_id(&mut conn, id).await
            }

            async fn user_by_username(
                &self,
                username: &str,
            ) -> Result<Option<UserRecord>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("user_by_username");
                accounts::user_by_username(&self.pool, username).await
            }

            async fn update_profile(
                &self,
                id: UserId,
                update: ProfileUpdate,
            ) -> Result<UserRecord, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("update_profile");
                social::update_profile(&self.pool, id, update).await
            }

            async fn search_users(
                &self,
                prefix: &str,
                limit: u32,
            ) -> Result<Vec<UserSummary>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("search_users");
                social::search_users(&self.pool, prefix, limit).await
            }

            async fn follow(&self, follower: UserId, followee: UserId) -> Result<bool, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("follow");
                social::follow(&self.pool, follower, followee, Utc::now()).await
            }

            async fn unfollow(
                &self,
                follower: UserId,
                followee: UserId,
            ) -> Result<bool, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("unfollow");
                social::unfollow(&self.pool, follower, followee).await
            }

            async fn follow_stats(
                &self,
                user: UserId,
                viewer: Option<UserId>,
            ) -> Result<FollowStats, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("follow_stats");
                social::follow_stats(&self.pool, user, viewer).await
            }

            async fn follow_list(
                &self,
                user: UserId,
                direction: FollowDirection,
                after: Option<FollowCursor>,
                limit: u32,
            ) -> Result<Vec<FollowEntry>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("follow_list");
                social::follow_list(&self.pool, user, direction, after, limit).await
            }

            async fn create_session(
                &self,
                token_hash: &str,
                user: UserId,
                expires_at: DateTime<Utc>,
            ) -> Result<(), StoreError> {
                let _timer = $crate::timing::QueryTimer::start("create_session");
                sessions::create_session(&self.pool, token_hash, user, expires_at, Utc::now()).await
            }

            async fn session_user(
                &self,
                token_hash: &str,
                now: DateTime<Utc>,
            ) -> Result<Option<UserRecord>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("session_user");
                sessions::session_user(&self.pool, token_hash, now).await
            }

            async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
                let _timer = $crate::timing::QueryTimer::start("delete_session");
                sessions::delete_session(&self.pool, token_hash).await
            }

            async fn create_invite(
                &self,
                by: UserId,
                code_hash: &str,
            ) -> Result<InviteRecord, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("create_invite");
                invites::create_invite(&self.pool, by, code_hash, Utc::now()).await
            }

            async fn invites_of(&self, by: UserId) -> Result<Vec<InviteRecord>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("invites_of");
                invites::invites_of(&self.pool, by).await
            }

            async fn revoke_invite(&self, by: UserId, invite_id: i64) -> Result<(), StoreError> {
                let _timer = $crate::timing::QueryTimer::start("revoke_invite");
                invites::revoke_invite(&self.pool, by, invite_id).await
            }

            async fn invite_by_code(
                &self,
                code_hash: &str,
            ) -> Result<Option<InviteRecord>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("invite_by_code");
                invites::invite_by_code(&self.pool, code_hash).await
            }

            async fn invites_remaining(&self, user: UserId) -> Result<Option<u32>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("invites_remaining");
                invites::invites_remaining(&self.pool, user).await
            }

            async fn create_room(&self, room: NewRoom) -> Result<RoomRecord, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("create_room");
                rooms::create_room(&self.pool, room).await
            }

            async fn room(&self, id: &RoomId) -> Result<Option<RoomRecord>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("room");
                rooms::room(&self.pool, id).await
            }

            async fn end_room(&self, id: &RoomId, at: DateTime<Utc>) -> Result<(), StoreError> {
                let _timer = $crate::timing::QueryTimer::start("end_room");
                rooms::end_room(&self.pool, id, at).await
            }

            async fn save_room_state(
                &self,
                id: &RoomId,
                state_json: &str,
            ) -> Result<(), StoreError> {
                let _timer = $crate::timing::QueryTimer::start("save_room_state");
                rooms::save_room_state(&self.pool, id, state_json).await
            }

            async fn live_rooms(&self) -> Result<Vec<RoomRecord>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("live_rooms");
                rooms::live_rooms(&self.pool).await
            }

            async fn admit_to_room(
                &self,
                room: &RoomId,
                user: UserId,
                by: UserId,
                reason: $crate::AdmissionReason,
            ) -> Result<bool, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("admit_to_room");
                admissions::admit_to_room(&self.pool, room, user, by, reason, Utc::now()).await
            }

            async fn room_admissions(&self, room: &RoomId) -> Result<Vec<UserId>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("room_admissions");
                admissions::room_admissions(&self.pool, room).await
            }

            async fn set_room_kind(
                &self,
                room: &RoomId,
                kind: stoa_proto::RoomKind,
            ) -> Result<(), StoreError> {
                let _timer = $crate::timing::QueryTimer::start("set_room_kind");
                admissions::set_room_kind(&self.pool, room, kind).await
            }

            async fn followees_of(&self, user: UserId) -> Result<Vec<UserId>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("followees_of");
                admissions::followees_of(&self.pool, user).await
            }

            async fn social_graph_of(
                &self,
                user: UserId,
            ) -> Result<crate::SocialGraph, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("social_graph_of");
                social::graph_of(&self.pool, user).await
            }

            async fn follows_any(
                &self,
                followers: &[UserId],
                followee: UserId,
            ) -> Result<bool, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("follows_any");
                admissions::follows_any(&self.pool, followers, followee).await
            }

            async fn block(&self, blocker: UserId, blocked: UserId) -> Result<bool, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("block");
                blocks::block(&self.pool, blocker, blocked, Utc::now()).await
            }

            async fn unblock(&self, blocker: UserId, blocked: UserId) -> Result<bool, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("unblock");
                blocks::unblock(&self.pool, blocker, blocked).await
            }

            async fn blocks_of(&self, user: UserId) -> Result<Vec<UserSummary>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("blocks_of");
                blocks::blocks_of(&self.pool, user).await
            }

            async fn block_between(&self, a: UserId, b: UserId) -> Result<bool, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("block_between");
                blocks::block_between(&self.pool, a, b).await
            }

            async fn blockers_of(&self, user: UserId) -> Result<Vec<UserId>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("blockers_of");
                blocks::blockers_of(&self.pool, user).await
            }

            async fn set_avatar(
                &self,
                user: UserId,
                content_type: &str,
                image: &[u8],
            ) -> Result<i64, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("set_avatar");
                avatars::set_avatar(&self.pool, user, content_type, image, Utc::now()).await
            }

            async fn delete_avatar(&self, user: UserId) -> Result<bool, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("delete_avatar");
                avatars::delete_avatar(&self.pool, user, Utc::now()).await
            }

            async fn avatar(
                &self,
                user: UserId,
            ) -> Result<Option<$crate::AvatarRecord>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("avatar");
                avatars::avatar(&self.pool, user).await
            }

            async fn avatar_version(&self, user: UserId) -> Result<Option<i64>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("avatar_version");
                avatars::avatar_version(&self.pool, user).await
            }

            async fn create_reservation(
                &self,
                new: $crate::waitlist_records::NewReservation,
            ) -> Result<$crate::waitlist_records::ReservationRecord, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("create_reservation");
                waitlist::create_reservation(&self.pool, new).await
            }

            async fn reservation_by_token(
                &self,
                token_hash: &str,
                now: DateTime<Utc>,
            ) -> Result<Option<$crate::waitlist_records::ReservationRecord>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("reservation_by_token");
                waitlist::reservation_by_token(&self.pool, token_hash, now).await
            }

            async fn waiting_for(
                &self,
                user: UserId,
                now: DateTime<Utc>,
                limit: u32,
            ) -> Result<Vec<$crate::waitlist_records::WaitingRecord>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("waiting_for");
                waitlist::waiting_for(&self.pool, user, now, limit).await
            }

            async fn wave_in(
                &self,
                public_id: &str,
                by: UserId,
                now: DateTime<Utc>,
            ) -> Result<$crate::waitlist_records::WaveOutcome, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("wave_in");
                waitlist::wave_in(&self.pool, public_id, by, now).await
            }

            async fn waitlist_signup(
                &self,
                account: $crate::waitlist_records::WaitlistAccount,
                now: DateTime<Utc>,
            ) -> Result<$crate::waitlist_records::WaitlistSignup, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("waitlist_signup");
                waitlist::waitlist_signup(&self.pool, account, now).await
            }

            async fn create_report(
                &self,
                new: $crate::NewReport,
                limit: $crate::ReportLimit,
            ) -> Result<$crate::CreateReportOutcome, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("create_report");
                reports::create_report(&self.pool, new, limit).await
            }

            async fn report(
                &self,
                id: stoa_proto::ReportId,
            ) -> Result<Option<stoa_proto::moderation::Report>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("report");
                reports::report_by_id(&self.pool, id).await
            }

            async fn reports(
                &self,
                open: bool,
                after: Option<$crate::ReportCursor>,
                limit: u32,
            ) -> Result<Vec<stoa_proto::moderation::Report>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("reports");
                reports::reports(&self.pool, open, after, limit).await
            }

            async fn resolve_report(
                &self,
                resolution: $crate::ReportResolution,
            ) -> Result<$crate::ResolveOutcome, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("resolve_report");
                reports::resolve_report(&self.pool, resolution).await
            }

            async fn suspend_user(
                &self,
                user: UserId,
                by: UserId,
                now: DateTime<Utc>,
            ) -> Result<bool, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("suspend_user");
                reports::suspend_user(&self.pool, user, by, now).await
            }

            async fn unsuspend_user(&self, user: UserId) -> Result<bool, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("unsuspend_user");
                reports::unsuspend_user(&self.pool, user).await
            }

            async fn suspended_among(&self, users: &[UserId]) -> Result<Vec<UserId>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("suspended_among");
                reports::suspended_among(&self.pool, users).await
            }

            async fn grant_invites(&self, user: UserId, count: u32) -> Result<(), StoreError> {
                let _timer = $crate::timing::QueryTimer::start("grant_invites");
                admin::grant_invites(&self.pool, user, count).await
            }

            async fn invite_tree(
                &self,
                root: Option<UserId>,
                depth: u32,
                max_rows: u32,
            ) -> Result<$crate::waitlist_records::InviteTreeRows, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("invite_tree");
                admin::invite_tree(&self.pool, root, depth, max_rows).await
            }
        }
    };
}

pub(crate) use delegate_store;
