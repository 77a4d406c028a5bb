//! The store's error type, and which database failures are faults of the storage itself
//! (disk full, database unreachable or busy) rather than bugs.

use sqlx::postgres::PgDatabaseError;
use sqlx::sqlite::SqliteError;
use thiserror::Error;

/// Why a [`Store`](crate::Store) call failed.
///
/// The first six are business-rule outcomes the service maps to API error codes;
/// [`StoreError::Fenced`] refuses a stale room owner's write (see
/// [`RoomStore`](crate::RoomStore)); the last two are infrastructure failures. Of those,
/// [`StoreError::fault`] tells the ones a client can do something about (storage full, database
/// unavailable for now) from the rest (log them, answer `internal`).
#[derive(Debug, Error)]
pub enum StoreError {
    /// The invite code is unknown, already used, or revoked.
    #[error("invite is unknown, used or revoked")]
    InviteInvalid,
    /// The username is already taken (ignoring case).
    #[error("username is already taken")]
    UsernameTaken,
    /// The member has no invites left.
    #[error("no invites left")]
    InviteQuotaExhausted,
    /// The record does not exist (or does not belong to the caller).
    #[error("not found")]
    NotFound,
    /// Another club has this name (ignoring case).
    #[error("a club with this name exists")]
    NameTaken,
    /// A member tried to follow themselves.
    #[error("members cannot follow themselves")]
    SelfFollow,
    /// A room write was refused: a newer owner of the room (a greater lease epoch, the fencing
    /// token) has written to it, so the writer no longer runs the room and must stop. Nothing
    /// was written.
    #[error(
        "a newer owner of room {room} (epoch {epoch}) has written; this node no longer runs it"
    )]
    Fenced {
        /// The room.
        room: stoa_proto::RoomId,
        /// The epoch stored by its newer owner.
        epoch: u64,
    },
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Applying the embedded migrations failed.
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// A failure of the storage itself, which a client can act on (unlike a bug).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreFault {
    /// The disk (or the database's size limit) is full: the write was refused and nothing was
    /// written. Reads still work; writes work again once space is freed.
    Full,
    /// The database cannot be reached or is too busy right now (connection lost or refused,
    /// server shutting down, pool exhausted, SQLite's lock not obtained in time): retry later.
    Unavailable,
}

impl StoreError {
    /// The storage fault behind this error, if it is one.
    pub fn fault(&self) -> Option<StoreFault> {
        match self {
            StoreError::Database(err) => fault_of(err),
            StoreError::Migrate(sqlx::migrate::MigrateError::Execute(err)) => fault_of(err),
            _ => None,
        }
    }
}

/// SQLite's primary result codes (the low byte of an extended code) that are storage faults.
mod sqlite_code {
    /// `SQLITE_BUSY`: "database is locked" after the busy timeout.
    pub const BUSY: i32 = 5;
    /// `SQLITE_LOCKED`: a table is locked by another connection sharing the cache.
    pub const LOCKED: i32 = 6;
    /// `SQLITE_IOERR`: the operating system reported an I/O error.
    pub const IOERR: i32 = 10;
    /// `SQLITE_FULL`: "database or disk is full" (also `PRAGMA max_page_count` reached).
    pub const FULL: i32 = 13;
    /// `SQLITE_CANTOPEN`: the database file (or its WAL) cannot be opened.
    pub const CANTOPEN: i32 = 14;
    /// `SQLITE_IOERR_WRITE`: a write failed (SQLite reports ENOSPC itself as `SQLITE_FULL`, but
    /// a failed preallocation of the file shows up here).
    pub const IOERR_WRITE: i32 = IOERR | (3 << 8);
    /// `SQLITE_IOERR_SHMSIZE`: the WAL index could not grow (ENOSPC on its file).
    pub const IOERR_SHMSIZE: i32 = IOERR | (19 << 8);
}

/// Classifies a driver error (both dialects).
fn fault_of(err: &sqlx::Error) -> Option<StoreFault> {
    match err {
        sqlx::Error::Database(db) => {
            if db.try_downcast_ref::<SqliteError>().is_some() {
                // The code of an SQLite error is its extended result code, in decimal.
                let code = db.code().and_then(|c| c.parse::<i32>().ok())?;
                sqlite_fault(code, db.message())
            } else if let Some(pg) = db.try_downcast_ref::<PgDatabaseError>() {
                pg_fault(pg.code())
            } else {
                None
            }
        }
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => Some(StoreFault::Unavailable),
        _ => None,
    }
}

/// Classifies an SQLite extended result code.
fn sqlite_fault(code: i32, message: &str) -> Option<StoreFault> {
    use sqlite_code::*;
    if code & 0xff == FULL
        || code == IOERR_WRITE
        || code == IOERR_SHMSIZE
        || message.contains("database or disk is full")
    {
        return Some(StoreFault::Full);
    }
    match code & 0xff {
        BUSY | LOCKED | IOERR | CANTOPEN => Some(StoreFault::Unavailable),
        _ => None,
    }
}

/// Classifies a PostgreSQL SQLSTATE.
fn pg_fault(sqlstate: &str) -> Option<StoreFault> {
    match sqlstate {
        // disk_full
        "53100" => Some(StoreFault::Full),
        // insufficient_resources, out_of_memory, too_many_connections,
        // configuration_limit_exceeded; admin_shutdown, crash_shutdown, cannot_connect_now;
        // serialization and deadlock failures are retried by the client too.
        "53000" | "53200" | "53300" | "53400" | "57P01" | "57P02" | "57P03" | "40001" | "40P01" => {
            Some(StoreFault::Unavailable)
        }
        // Class 08: connection exceptions.
        s if s.starts_with("08") => Some(StoreFault::Unavailable),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_codes_are_classified() {
        assert_eq!(sqlite_fault(13, "x"), Some(StoreFault::Full));
        assert_eq!(sqlite_fault(778, "disk I/O error"), Some(StoreFault::Full));
        assert_eq!(
            sqlite_fault(1, "database or disk is full"),
            Some(StoreFault::Full)
        );
        assert_eq!(
            sqlite_fault(5, "database is locked"),
            Some(StoreFault::Unavailable)
        );
        assert_eq!(sqlite_fault(517, "x"), Some(StoreFault::Unavailable));
        assert_eq!(
            sqlite_fault(266, "disk I/O error"),
            Some(StoreFault::Unavailable)
        );
        assert_eq!(sqlite_fault(2067, "UNIQUE constraint failed"), None);
        assert_eq!(sqlite_fault(1, "no such table"), None);
    }

    #[test]
    fn postgres_states_are_classified() {
        assert_eq!(pg_fault("53100"), Some(StoreFault::Full));
        for unavailable in ["57P01", "57P03", "08006", "08001", "53300"] {
            assert_eq!(pg_fault(unavailable), Some(StoreFault::Unavailable));
        }
        for bug in ["23505", "42P01", "22P02"] {
            assert_eq!(pg_fault(bug), None);
        }
    }

    #[test]
    fn pool_and_io_errors_are_unavailable() {
        let io = sqlx::Error::Io(std::io::Error::from(std::io::ErrorKind::ConnectionReset));
        assert_eq!(StoreError::from(io).fault(), Some(StoreFault::Unavailable));
        assert_eq!(
            StoreError::from(sqlx::Error::PoolTimedOut).fault(),
            Some(StoreFault::Unavailable)
        );
        assert_eq!(StoreError::NotFound.fault(), None);
        assert_eq!(StoreError::from(sqlx::Error::RowNotFound).fault(), None);
    }
}
