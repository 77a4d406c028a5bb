//! How the SQLite pool is opened and kept healthy: the pragmas and hooks every connection gets,
//! and the check that keeps a connection whose transaction went wrong out of the pool.
//!
//! # Failed transactions
//! When a write fails part-way (disk full, I/O error), SQLite may or may not have rolled the
//! transaction back by itself, and the rollback sqlx issues when the transaction is dropped may
//! fail in turn. sqlx then still counts the connection as inside a transaction (its next
//! `BEGIN` becomes a `SAVEPOINT`, whose release commits nothing), or SQLite still holds the
//! transaction open with the write lock. Either way every later write on that connection would
//! be answered as done and never committed. So whenever a connection comes back to the pool
//! ([`SqlitePoolOptions::after_release`]), the pool asks SQLite itself
//! (`sqlite3_get_autocommit`) and sqlx whether a transaction is still open; if one is, the
//! connection is rolled back and closed instead of being handed out again, and the pool opens a
//! fresh one when needed.
//!
//! # The write-ahead log
//! Every connection gets [`wal::install_hook`](super::wal::install_hook) (see [`super::wal`])
//! and `journal_size_limit`.

use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Connection, Executor};

use super::wal;

/// How long a connection waits for another writer before failing with "database is locked".
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections to a file database (WAL allows many readers beside the one writer).
const MAX_CONNECTIONS: u32 = 8;

/// Settings of an SQLite store beyond its URL.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SqliteSettings {
    /// The largest the database may grow, in pages (4 KiB each, SQLite's default page size):
    /// a quota for the database file (`PRAGMA max_page_count` on every connection). Writes
    /// beyond it fail as if the disk were full. `None`: only the disk limits it.
    pub max_pages: Option<u32>,
}

/// The connection options: WAL, foreign keys, busy timeout, WAL bounds and the size quota.
pub(super) fn connect_options(
    options: SqliteConnectOptions,
    settings: SqliteSettings,
) -> SqliteConnectOptions {
    let options = options
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT)
        .pragma("journal_size_limit", wal::JOURNAL_SIZE_LIMIT.to_string());
    match settings.max_pages {
        Some(pages) => options.pragma("max_page_count", pages.to_string()),
        None => options,
    }
}

/// The pool options: one connection forever for a memory database (every connection to
/// `:memory:` would see its own empty database), else [`MAX_CONNECTIONS`] that keep the WAL
/// bounded and are checked for a leftover transaction each time they come back.
pub(super) fn pool_options(in_memory: bool) -> SqlitePoolOptions {
    if in_memory {
        // Closing this connection would lose the database, so it is not checked: memory
        // databases are for throwaway use.
        return SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None);
    }
    SqlitePoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .after_connect(|conn, _meta| Box::pin(wal::install_hook(conn)))
        .after_release(|conn, _meta| Box::pin(keep_if_clean(conn)))
}

/// `true` if `conn` is outside any transaction (as SQLite and sqlx both see it) and may be
/// reused; otherwise rolls it back and returns `false`, so the pool closes it.
async fn keep_if_clean(conn: &mut SqliteConnection) -> Result<bool, sqlx::Error> {
    // Locking the handle is a round trip through the connection's worker, so the rollback a
    // dropped transaction queued has run by the time we look.
    let in_sqlite_transaction = {
        let mut handle = conn.lock_handle().await?;
        // SAFETY: the handle is locked, so no other thread uses the connection meanwhile, and
        // `sqlite3_get_autocommit` only reads a flag of this open connection.
        unsafe { libsqlite3_sys::sqlite3_get_autocommit(handle.as_raw_handle().as_ptr()) == 0 }
    };
    let in_sqlx_transaction = conn.is_in_transaction();
    if !in_sqlite_transaction && !in_sqlx_transaction {
        return Ok(true);
    }
    tracing::warn!(
        in_sqlite_transaction,
        in_sqlx_transaction,
        "closing a database connection left inside a failed transaction"
    );
    if in_sqlite_transaction {
        // Release the write lock now rather than when the connection closes (closing rolls
        // back too). If this fails, closing still does it.
        if let Err(err) = conn.execute("ROLLBACK").await {
            tracing::warn!(error = %err, "rollback of a failed transaction");
        }
    }
    Ok(false)
}
