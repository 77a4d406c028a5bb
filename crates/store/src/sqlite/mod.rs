//! The SQLite implementation of [`Store`]: one connection pool, WAL mode, foreign keys on,
//! migrations from `migrations/sqlite/` embedded in the binary and applied on open.
//!
//! All SQL lives in this module's children, one file per area; this file only opens the pool
//! and routes trait calls to them.

mod accounts;
mod admin;
mod admissions;
mod avatars;
mod blocks;
mod bulk;
mod clubs;
mod events;
mod invites;
mod modlog;
mod notifications;
mod reports;
mod rooms;
mod rows;
mod sessions;
mod social;
mod waitlist;

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

pub use bulk::BulkMember;

use crate::delegate;
use crate::error::StoreError;
use crate::records::{
    FollowCursor, FollowDirection, FollowEntry, FollowStats, InviteRecord, NewAccount, NewRoom,
    ProfileUpdate, RoomRecord, UserRecord,
};

/// The schema history, compiled in.
static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// How long a connection waits for another writer before failing with "database is locked".
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections to a file database (WAL allows many readers beside the one writer).
const MAX_CONNECTIONS: u32 = 8;

/// [`Store`](crate::Store) on an SQLite database (a file, or memory for throwaway use).
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

delegate::delegate_store!(SqliteStore);
