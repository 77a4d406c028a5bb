//! Online backups of the SQLite database, and the checks a file passes before it is restored.
//!
//! A backup is `VACUUM INTO` on a connection of its own: SQLite copies the database inside one
//! read transaction, so the copy is a single consistent moment even while the server keeps
//! writing (in WAL mode readers never block the writer, nor the writer them), and it comes out
//! compacted, with nothing left in a write-ahead log. The server needs not know.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection, Row};

use super::MIGRATOR;

/// How long a backup waits for a lock (only a checkpoint racing its start takes one).
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a backup or a restore check failed.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// There is no database file to back up.
    #[error("no database at {0}")]
    Missing(PathBuf),
    /// The file is not an SQLite database at all.
    #[error("{0} is not an SQLite database")]
    NotSqlite(PathBuf),
    /// SQLite's integrity check found damage.
    #[error("{path} fails SQLite's integrity check: {report}")]
    Corrupt { path: PathBuf, report: String },
    /// An SQLite database, but not one Stoa made (no migrations table).
    #[error("{0} is an SQLite database but not a Stoa database (it has no migration history)")]
    NotStoa(PathBuf),
    /// A migration was started and never finished on that database.
    #[error("{path}: migration {version} did not finish on this database")]
    FailedMigration { path: PathBuf, version: i64 },
    /// A migration this binary does not know, or knows differently: a newer (or another)
    /// Stoa wrote the file.
    #[error(
        "{path} has schema version {version}, which this stoa binary does not know \
         (it knows up to {known}); restore it with the stoa version that made it"
    )]
    UnknownMigration {
        path: PathBuf,
        version: i64,
        known: i64,
    },
    /// The database failed otherwise.
    #[error("{path}: {error}")]
    Database { path: PathBuf, error: sqlx::Error },
}

impl BackupError {
    /// The same error about `file` instead (for a check made on a copy of it).
    pub fn about(self, file: &Path) -> Self {
        let path = file.to_path_buf();
        match self {
            BackupError::Missing(_) => BackupError::Missing(path),
            BackupError::NotSqlite(_) => BackupError::NotSqlite(path),
            BackupError::Corrupt { report, .. } => BackupError::Corrupt { path, report },
            BackupError::NotStoa(_) => BackupError::NotStoa(path),
            BackupError::FailedMigration { version, .. } => {
                BackupError::FailedMigration { path, version }
            }
            BackupError::UnknownMigration { version, known, .. } => BackupError::UnknownMigration {
                path,
                version,
                known,
            },
            BackupError::Database { error, .. } => BackupError::Database { path, error },
        }
    }
}

/// What a checked backup holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupSummary {
    /// The last migration applied to it.
    pub schema_version: i64,
    /// How many accounts it holds.
    pub members: i64,
}

/// Writes a consistent copy of the live database `db` to `dest`, which must not exist yet.
/// Safe while a server writes to `db`.
pub async fn backup_into(db: &Path, dest: &Path) -> Result<(), BackupError> {
    if !db.is_file() {
        return Err(BackupError::Missing(db.to_path_buf()));
    }
    let failed = |source| BackupError::Database {
        path: db.to_path_buf(),
        error: source,
    };
    let mut conn = open(db).await.map_err(failed)?;
    let dest_text = dest.to_str().ok_or_else(|| BackupError::Database {
        path: dest.to_path_buf(),
        error: sqlx::Error::Protocol("the backup path is not valid UTF-8".to_string()),
    })?;
    let done = sqlx::query("VACUUM INTO ?")
        .bind(dest_text)
        .execute(&mut conn)
        .await;
    let closed = conn.close().await;
    done.map_err(failed)?;
    closed.map_err(failed)?;
    Ok(())
}

/// Checks that `file` is a sound Stoa database this binary can open: SQLite's integrity check
/// passes, and its migration history is complete and known to this binary. Opening the file
/// may leave SQLite's side files next to it while it runs; they are gone when it returns.
pub async fn check_backup(file: &Path) -> Result<BackupSummary, BackupError> {
    if !file.is_file() {
        return Err(BackupError::Missing(file.to_path_buf()));
    }
    let mut conn = open(file).await.map_err(|source| classify(file, source))?;
    let checked = check_open(file, &mut conn).await;
    let _ = conn.close().await;
    checked
}

async fn check_open(
    file: &Path,
    conn: &mut SqliteConnection,
) -> Result<BackupSummary, BackupError> {
    let path = || file.to_path_buf();
    let report: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut *conn)
        .await
        .map_err(|source| classify(file, source))?;
    if report != ["ok"] {
        return Err(BackupError::Corrupt {
            path: path(),
            report: report.into_iter().take(3).collect::<Vec<_>>().join("; "),
        });
    }
    let has_history: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(|source| classify(file, source))?;
    if has_history == 0 {
        return Err(BackupError::NotStoa(path()));
    }
    let applied = sqlx::query("SELECT version, success, checksum FROM _sqlx_migrations")
        .fetch_all(&mut *conn)
        .await
        .map_err(|source| classify(file, source))?;
    let known = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    let mut schema_version = 0;
    for row in &applied {
        let version: i64 = row.try_get("version").map_err(|s| classify(file, s))?;
        let success: bool = row.try_get("success").map_err(|s| classify(file, s))?;
        let checksum: Vec<u8> = row.try_get("checksum").map_err(|s| classify(file, s))?;
        if !success {
            return Err(BackupError::FailedMigration {
                path: path(),
                version,
            });
        }
        let ours = MIGRATOR.iter().find(|m| m.version == version);
        if ours.is_none_or(|m| *m.checksum != *checksum) {
            return Err(BackupError::UnknownMigration {
                path: path(),
                version,
                known,
            });
        }
        schema_version = schema_version.max(version);
    }
    if schema_version == 0 {
        return Err(BackupError::NotStoa(path()));
    }
    let members: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&mut *conn)
        .await
        .map_err(|source| classify(file, source))?;
    Ok(BackupSummary {
        schema_version,
        members,
    })
}

/// A plain connection to an existing database file: no migrations, no journal mode change.
async fn open(file: &Path) -> Result<SqliteConnection, sqlx::Error> {
    SqliteConnectOptions::new()
        .filename(file)
        .create_if_missing(false)
        .busy_timeout(BUSY_TIMEOUT)
        .connect()
        .await
}

/// "file is not a database" (SQLITE_NOTADB, 26) becomes [`BackupError::NotSqlite`].
fn classify(file: &Path, source: sqlx::Error) -> BackupError {
    let not_a_database = source
        .as_database_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == "26");
    if not_a_database {
        BackupError::NotSqlite(file.to_path_buf())
    } else {
        BackupError::Database {
            path: file.to_path_buf(),
            error: source,
        }
    }
}

/// The database file an `sqlite:` URL names; `None` for an in-memory database or a URL that
/// does not parse.
pub fn file_of_url(url: &str) -> Option<PathBuf> {
    use std::str::FromStr;
    if url.contains(":memory:") || url.contains("mode=memory") {
        return None;
    }
    let options = SqliteConnectOptions::from_str(url).ok()?;
    Some(options.get_filename().to_path_buf())
}
