//! Keeping SQLite's write-ahead log small.
//!
//! SQLite's own auto-checkpoint copies the WAL into the database every so many pages, but it
//! is PASSIVE: it cannot start the log over while a reader still uses it, so under steady reads
//! beside steady writes the log keeps growing (7–14 MB were seen beside a 2 MB database), and
//! the file keeps its largest size. So every connection gets a WAL hook (run by SQLite after
//! each commit, with the write lock already released) that:
//! - checkpoints PASSIVE once the log holds [`WAL_AUTOCHECKPOINT_PAGES`] pages (what SQLite's
//!   auto-checkpoint did, which this hook replaces), and
//! - checkpoints TRUNCATE once it holds twice that: waits (up to the busy timeout) for the
//!   readers of the moment to finish, copies the log into the database and empties the file.
//!   New writers wait meanwhile, so the log cannot outgrow that by more than one transaction.
//!   SQLite refuses a checkpoint outright while another connection runs one, so the
//!   connections of this process take turns: a passive checkpoint is skipped while another
//!   runs, a truncating one waits for its turn (it lost that race again and again under load).
//!
//! `journal_size_limit` ([`JOURNAL_SIZE_LIMIT`]) trims the file whenever the log starts over
//! after a passive checkpoint. A clean stop runs [`checkpoint_truncate`], so no WAL is left.

use std::os::raw::{c_char, c_int, c_void};

use libsqlite3_sys::{
    sqlite3, sqlite3_wal_checkpoint_v2, sqlite3_wal_hook, SQLITE_CHECKPOINT_PASSIVE,
    SQLITE_CHECKPOINT_TRUNCATE, SQLITE_OK,
};
use sqlx::sqlite::{SqliteConnection, SqlitePool};

/// Pages in the log after which a commit checkpoints it PASSIVE (1 MiB of 4 KiB pages; SQLite's
/// default is 1000).
pub const WAL_AUTOCHECKPOINT_PAGES: u32 = 256;

/// Pages in the log after which a commit checkpoints it TRUNCATE.
const WAL_TRUNCATE_PAGES: u32 = 2 * WAL_AUTOCHECKPOINT_PAGES;

/// Bytes of a WAL frame: a 4 KiB page and its 24-byte header.
const FRAME_BYTES: u64 = 4096 + 24;

/// The WAL size (bytes, plus the 32-byte file header) at which a commit truncates the log: it
/// exceeds this only by what one transaction writes.
pub const WAL_TRUNCATE_ABOVE: u64 = 32 + WAL_TRUNCATE_PAGES as u64 * FRAME_BYTES;

/// Bytes the WAL file is trimmed to whenever the log starts over.
pub const JOURNAL_SIZE_LIMIT: u64 = 1024 * 1024;

/// Held while one of this process's connections checkpoints (see [`after_commit`]).
static CHECKPOINT_TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs after each commit on a connection, with the number of pages now in its log.
unsafe extern "C" fn after_commit(
    _arg: *mut c_void,
    db: *mut sqlite3,
    _schema: *const c_char,
    pages: c_int,
) -> c_int {
    let pages = u32::try_from(pages).unwrap_or(0);
    let mode = if pages >= WAL_TRUNCATE_PAGES {
        SQLITE_CHECKPOINT_TRUNCATE
    } else if pages >= WAL_AUTOCHECKPOINT_PAGES {
        SQLITE_CHECKPOINT_PASSIVE
    } else {
        return SQLITE_OK;
    };
    // SQLite refuses a checkpoint at once (busy handler or not) while another connection runs
    // one, and past the passive threshold every commit starts one: under load the truncating
    // checkpoint kept losing that race and the log grew on. So checkpoints take turns here:
    // a passive one is skipped while another runs, a truncating one waits for its turn.
    let _turn = match mode {
        SQLITE_CHECKPOINT_TRUNCATE => CHECKPOINT_TURN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
        _ => match CHECKPOINT_TURN.try_lock() {
            Ok(turn) => turn,
            Err(std::sync::TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => return SQLITE_OK,
        },
    };
    // SAFETY: SQLite calls this hook on the thread that owns `db`, after the commit, where
    // checkpointing is allowed (its own auto-checkpoint does the same). A failed checkpoint
    // (busy) is not an error of the commit: the next commit tries again.
    unsafe {
        sqlite3_wal_checkpoint_v2(
            db,
            std::ptr::null(),
            mode,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        );
    }
    SQLITE_OK
}

/// Installs the WAL hook on a new connection.
pub(super) async fn install_hook(conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    let mut handle = conn.lock_handle().await?;
    // SAFETY: the handle is locked (no other thread uses the connection), the hook is a plain
    // function with no user data, and it stays valid for the connection's lifetime.
    unsafe {
        sqlite3_wal_hook(
            handle.as_raw_handle().as_ptr(),
            Some(after_commit),
            std::ptr::null_mut(),
        );
    }
    Ok(())
}

/// Copies the whole WAL into the database and truncates the WAL file to zero bytes. Waits
/// (up to the busy timeout) for readers and writers to finish.
pub(super) async fn checkpoint_truncate(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    let (busy, _log, _checkpointed): (i64, i64, i64) =
        sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(pool)
            .await?;
    if busy != 0 {
        tracing::warn!("WAL checkpoint could not complete: the database stayed busy");
    }
    Ok(())
}
