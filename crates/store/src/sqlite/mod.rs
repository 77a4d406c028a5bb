//! The SQLite implementation of [`Store`]: one connection pool, WAL mode, foreign keys on,
//! migrations from `migrations/sqlite/` embedded in the binary and applied on open.
//!
//! The queries are `src/sql`'s, compiled here for SQLite; this module opens the pool (set up
//! in [`pool`] and [`wal`]) and holds what only SQLite has: backups and bulk loading.

pub mod backup;
mod bulk;
mod pool;
// The one query module, compiled here for SQLite (and once for the other dialect).
#[allow(clippy::duplicate_mod)]
#[path = "../sql/mod.rs"]
mod sql;
mod wal;

use std::path::Path;
use std::str::FromStr;

use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;

pub use bulk::BulkMember;
pub use pool::SqliteSettings;
pub use wal::{JOURNAL_SIZE_LIMIT, WAL_AUTOCHECKPOINT_PAGES, WAL_TRUNCATE_ABOVE};

use crate::error::StoreError;
use crate::sql_store::SqlStore;

/// The database [`sql`] is compiled for here.
type Db = sqlx::Sqlite;

/// The schema history, compiled in.
static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// [`Store`](crate::Store) on an SQLite database (a file, or memory for throwaway use).
pub type SqliteStore = SqlStore<Db>;

impl SqliteStore {
    /// Opens (creating if missing) the database at `url`, e.g. `sqlite:///var/lib/stoa/stoa.db`,
    /// `sqlite://stoa.db` or `sqlite::memory:`, and applies pending migrations.
    ///
    /// An in-memory database lives in a single connection, so it is private to this store.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        Self::open_with(url, SqliteSettings::default()).await
    }

    /// Like [`SqliteStore::open`], with `settings` (e.g. a size quota).
    pub async fn open_with(url: &str, settings: SqliteSettings) -> Result<Self, StoreError> {
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let options = SqliteConnectOptions::from_str(url)?;
        Self::connect(options, in_memory, settings).await
    }

    /// Opens (creating if missing) the database file at `path` and applies pending migrations.
    pub async fn open_path(path: &Path) -> Result<Self, StoreError> {
        Self::open_path_with(path, SqliteSettings::default()).await
    }

    /// Like [`SqliteStore::open_path`], with `settings` (e.g. a size quota).
    pub async fn open_path_with(path: &Path, settings: SqliteSettings) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::new().filename(path);
        Self::connect(options, false, settings).await
    }

    /// Copies the write-ahead log into the database, truncates it to zero bytes, and closes
    /// every connection. Further calls fail.
    pub async fn close(&self) {
        if !self.pool.is_closed() {
            if let Err(err) = wal::checkpoint_truncate(&self.pool).await {
                tracing::warn!(error = %err, "WAL checkpoint at close");
            }
        }
        self.pool.close().await;
    }

    async fn connect(
        options: SqliteConnectOptions,
        in_memory: bool,
        settings: SqliteSettings,
    ) -> Result<Self, StoreError> {
        let options = pool::connect_options(options, settings);
        let pool = pool::pool_options(in_memory).connect_with(options).await?;
        MIGRATOR.run(&pool).await?;
        tracing::debug!("sqlite store open, migrations applied");
        Ok(Self { pool })
    }
}
