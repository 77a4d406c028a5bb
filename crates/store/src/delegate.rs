//! The `Store` impl shared by both dialects. Each dialect module has submodules `accounts`,
//! `invites`, `sessions`, `rooms` and `social` with the same function names and signatures over
//! its own pool; this macro writes the trait's delegation to them once.

/// Implements [`crate::Store`] for `$store` (a struct with a `pool` field) by delegating to the
/// dialect submodules in scope at the call site.
macro_rules! delegate_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::Store for $store {
            async fn user_count(&self) -> Result<i64, StoreError> {
                accounts::user_count(&self.pool).await
            }

            async fn create_bootstrap_invite(&self, code_hash: &str) -> Result<(), StoreError> {
                invites::create_bootstrap_invite(&self.pool, code_hash, Utc::now()).await
            }

            async fn signup(&self, new: NewAccount) -> Result<UserRecord, StoreError> {
                accounts::signup(&self.pool, new, Utc::now()).await
            }

            async fn user_by_id(&self, id: UserId) -> Result<Option<UserRecord>, StoreError> {
                let mut conn = self.pool.acquire().await?;
                accounts::user_by_id(&mut conn, id).await
            }

            async fn user_by_username(
                &self,
                username: &str,
            ) -> Result<Option<UserRecord>, StoreError> {
                accounts::user_by_username(&self.pool, username).await
            }

            async fn update_profile(
                &self,
                id: UserId,
                update: ProfileUpdate,
            ) -> Result<UserRecord, StoreError> {
                social::update_profile(&self.pool, id, update).await
            }

            async fn search_users(
                &self,
                prefix: &str,
                limit: u32,
            ) -> Result<Vec<UserSummary>, StoreError> {
                social::search_users(&self.pool, prefix, limit).await
            }

            async fn follow(&self, follower: UserId, followee: UserId) -> Result<bool, StoreError> {
                social::follow(&self.pool, follower, followee, Utc::now()).await
            }

            async fn unfollow(
                &self,
                follower: UserId,
                followee: UserId,
            ) -> Result<bool, StoreError> {
                social::unfollow(&self.pool, follower, followee).await
            }

            async fn follow_stats(
                &self,
                user: UserId,
                viewer: Option<UserId>,
            ) -> Result<FollowStats, StoreError> {
                social::follow_stats(&self.pool, user, viewer).await
            }

            async fn follow_list(
                &self,
                user: UserId,
                direction: FollowDirection,
                after: Option<FollowCursor>,
                limit: u32,
            ) -> Result<Vec<FollowEntry>, StoreError> {
                social::follow_list(&self.pool, user, direction, after, limit).await
            }

            async fn create_session(
                &self,
                token_hash: &str,
                user: UserId,
                expires_at: DateTime<Utc>,
            ) -> Result<(), StoreError> {
                sessions::create_session(&self.pool, token_hash, user, expires_at, Utc::now()).await
            }

            async fn session_user(
                &self,
                token_hash: &str,
                now: DateTime<Utc>,
            ) -> Result<Option<UserRecord>, StoreError> {
                sessions::session_user(&self.pool, token_hash, now).await
            }

            async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
                sessions::delete_session(&self.pool, token_hash).await
            }

            async fn create_invite(
                &self,
                by: UserId,
                code_hash: &str,
            ) -> Result<InviteRecord, StoreError> {
                invites::create_invite(&self.pool, by, code_hash, Utc::now()).await
            }

            async fn invites_of(&self, by: UserId) -> Result<Vec<InviteRecord>, StoreError> {
                invites::invites_of(&self.pool, by).await
            }

            async fn revoke_invite(&self, by: UserId, invite_id: i64) -> Result<(), StoreError> {
                invites::revoke_invite(&self.pool, by, invite_id).await
            }

            async fn invite_by_code(
                &self,
                code_hash: &str,
            ) -> Result<Option<InviteRecord>, StoreError> {
                invites::invite_by_code(&self.pool, code_hash).await
            }

            async fn invites_remaining(&self, user: UserId) -> Result<Option<u32>, StoreError> {
                invites::invites_remaining(&self.pool, user).await
            }

            async fn create_room(&self, room: NewRoom) -> Result<RoomRecord, StoreError> {
                rooms::create_room(&self.pool, room).await
            }

            async fn room(&self, id: &RoomId) -> Result<Option<RoomRecord>, StoreError> {
                rooms::room(&self.pool, id).await
            }

            async fn end_room(&self, id: &RoomId, at: DateTime<Utc>) -> Result<(), StoreError> {
                rooms::end_room(&self.pool, id, at).await
            }

            async fn save_room_state(
                &self,
                id: &RoomId,
                state_json: &str,
            ) -> Result<(), StoreError> {
                rooms::save_room_state(&self.pool, id, state_json).await
            }

            async fn live_rooms(&self) -> Result<Vec<RoomRecord>, StoreError> {
                rooms::live_rooms(&self.pool).await
            }
        }
    };
}

pub(crate) use delegate_store;
