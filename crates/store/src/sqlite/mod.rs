//! The SQLite implementation of [`Store`]: one connection pool, WAL mode, foreign keys on,
//! migrations from `migrations/sqlite/` embedded in the binary and applied on open.
//!
//! All SQL lives in this module's children, one file per area; this file only opens the pool
//! and routes trait calls to them.

mod accounts;
mod invites;
mod rooms;
mod rows;
mod sessions;
mod social;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use stoa_proto::rest::UserSummary;
use stoa_proto::{RoomId, UserId};

use crate::error::StoreError;
use crate::records::{
    FollowCursor, FollowDirection, FollowEntry, FollowStats, InviteRecord, NewAccount, NewRoom,
    ProfileUpdate, RoomRecord, UserRecord,
};
use crate::store::Store;

/// The schema history, compiled in.
static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// How long a connection waits for another writer before failing with "database is locked".
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections to a file database (WAL allows many readers beside the one writer).
const MAX_CONNECTIONS: u32 = 8;

/// [`Store`] on an SQLite database (a file, or memory for throwaway use).
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `url`, e.g. `sqlite:///var/lib/stoa/stoa.db`,
    /// `sqlite://stoa.db` or `sqlite::memory:`, and applies pending migrations.
    ///
    /// An in-memory database lives in a single connection, so it is private to this store.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let options = SqliteConnectOptions::from_str(url)?;
        Self::connect(options, in_memory).await
    }

    /// Opens (creating if missing) the database file at `path` and applies pending migrations.
    pub async fn open_path(path: &Path) -> Result<Self, StoreError> {
        Self::connect(SqliteConnectOptions::new().filename(path), false).await
    }

    /// The underlying pool (for maintenance and tests).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Closes every connection, checkpointing the WAL. Further calls fail.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn connect(options: SqliteConnectOptions, in_memory: bool) -> Result<Self, StoreError> {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool_options = if in_memory {
            // Every connection to `:memory:` would see its own empty database: keep exactly one,
            // forever.
            SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
        } else {
            SqlitePoolOptions::new().max_connections(MAX_CONNECTIONS)
        };
        let pool = pool_options.connect_with(options).await?;
        MIGRATOR.run(&pool).await?;
        tracing::debug!("sqlite store open, migrations applied");
        Ok(Self { pool })
    }
}

#[async_trait::async_trait]
impl Store for SqliteStore {
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

    async fn user_by_username(&self, username: &str) -> Result<Option<UserRecord>, StoreError> {
        accounts::user_by_username(&self.pool, username).await
    }

    async fn update_profile(
        &self,
        id: UserId,
        update: ProfileUpdate,
    ) -> Result<UserRecord, StoreError> {
        social::update_profile(&self.pool, id, update).await
    }

    async fn search_users(&self, prefix: &str, limit: u32) -> Result<Vec<UserSummary>, StoreError> {
        social::search_users(&self.pool, prefix, limit).await
    }

    async fn follow(&self, follower: UserId, followee: UserId) -> Result<bool, StoreError> {
        social::follow(&self.pool, follower, followee, Utc::now()).await
    }

    async fn unfollow(&self, follower: UserId, followee: UserId) -> Result<bool, StoreError> {
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

    async fn create_invite(&self, by: UserId, code_hash: &str) -> Result<InviteRecord, StoreError> {
        invites::create_invite(&self.pool, by, code_hash, Utc::now()).await
    }

    async fn invites_of(&self, by: UserId) -> Result<Vec<InviteRecord>, StoreError> {
        invites::invites_of(&self.pool, by).await
    }

    async fn revoke_invite(&self, by: UserId, invite_id: i64) -> Result<(), StoreError> {
        invites::revoke_invite(&self.pool, by, invite_id).await
    }

    async fn invite_by_code(&self, code_hash: &str) -> Result<Option<InviteRecord>, StoreError> {
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

    async fn save_room_state(&self, id: &RoomId, state_json: &str) -> Result<(), StoreError> {
        rooms::save_room_state(&self.pool, id, state_json).await
    }

    async fn live_rooms(&self) -> Result<Vec<RoomRecord>, StoreError> {
        rooms::live_rooms(&self.pool).await
    }
}
