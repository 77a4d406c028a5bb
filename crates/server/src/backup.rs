//! `stoa backup <file>` and `stoa restore <file>` for the SQLite database.
//!
//! A backup runs beside a running server (SQLite's `VACUUM INTO`, one consistent moment; see
//! [`stoa_store::sqlite_backup`]), into a temporary file next to the destination that is
//! checked, synced and renamed into place, so the destination is always a whole backup or
//! untouched. A restore refuses while a server holds the data directory, checks the file is a
//! sound Stoa database this binary knows, keeps the current database as
//! `stoa.db.before-restore-<time>` (with its write-ahead log, so nothing in it is lost), and
//! moves a checked copy into place. PostgreSQL has its own tools; both commands say so.

use std::path::{Path, PathBuf};

use stoa_store::sqlite_backup::{self, BackupError, BackupSummary};

use crate::data_dir::{refuse_root_in_foreign_dir, DataArgs, DataDirLock, LockError};

/// Why a backup or restore did not happen.
#[derive(Debug, thiserror::Error)]
pub enum BackupCommandError {
    /// The database is PostgreSQL.
    #[error(
        "the database is PostgreSQL: back it up with pg_dump \
         (e.g. `pg_dump --format=custom --file stoa.dump \"$STOA_DATABASE_URL\"`) and restore \
         with pg_restore"
    )]
    Postgres,
    /// The database URL names no file.
    #[error("the database URL names no SQLite file")]
    NoFile,
    /// The SQLite work failed, or the file is not a sound Stoa database.
    #[error(transparent)]
    Sqlite(#[from] BackupError),
    /// A server is running on the data directory.
    #[error("{0}: stop it first (e.g. `systemctl stop stoa`), then restore")]
    Running(LockError),
    /// The lock could not be taken, or the restore would write as the wrong user.
    #[error("{0}")]
    Refused(String),
    /// A file operation failed.
    #[error("{what} {path}: {error}")]
    Io {
        what: &'static str,
        path: PathBuf,
        error: std::io::Error,
    },
}

fn io(what: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> BackupCommandError {
    let path = path.to_path_buf();
    move |source| BackupCommandError::Io {
        what,
        path,
        error: source,
    }
}

/// The SQLite file the arguments name.
fn database_file(args: &DataArgs) -> Result<PathBuf, BackupCommandError> {
    if args.is_postgres() {
        return Err(BackupCommandError::Postgres);
    }
    sqlite_backup::file_of_url(&args.database_url()).ok_or(BackupCommandError::NoFile)
}

/// A sibling of `path` named `<name><suffix>`.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// SQLite's side files of a database: the write-ahead log and the shared-memory index.
fn side_files(db: &Path) -> [PathBuf; 2] {
    [beside(db, "-wal"), beside(db, "-shm")]
}

fn remove_if_present(path: &Path) -> Result<(), BackupCommandError> {
    match std::fs::remove_file(path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(io("removing", path)(err)),
        _ => Ok(()),
    }
}

/// Flushes a file (or a directory's entries) to the disk.
fn sync(path: &Path) -> Result<(), BackupCommandError> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(io("syncing", path))
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes a consistent backup of the database to `dest` (replacing it only once the new
/// backup is complete and checked); returns what it holds.
pub async fn backup(args: &DataArgs, dest: &Path) -> Result<BackupSummary, BackupCommandError> {
    let db = database_file(args)?;
    let tmp = beside(dest, &format!(".tmp-{}", std::process::id()));
    remove_if_present(&tmp)?;
    let made = async {
        sqlite_backup::backup_into(&db, &tmp).await?;
        let summary = sqlite_backup::check_backup(&tmp).await?;
        sync(&tmp)?;
        Ok::<_, BackupCommandError>(summary)
    }
    .await;
    let summary = match made {
        Ok(summary) => summary,
        Err(err) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(err);
        }
    };
    std::fs::rename(&tmp, dest).map_err(io("renaming into", dest))?;
    sync(&parent_of(dest))?;
    Ok(summary)
}

/// What a restore did.
#[derive(Debug, Clone)]
pub struct Restored {
    /// What the restored database holds.
    pub summary: BackupSummary,
    /// The live database file now.
    pub database: PathBuf,
    /// Where the database it replaced was kept, if there was one.
    pub kept: Option<PathBuf>,
}

/// Replaces the database with `backup` while no server runs on the data directory.
pub async fn restore(args: &DataArgs, backup: &Path) -> Result<Restored, BackupCommandError> {
    let db = database_file(args)?;
    if !backup.is_file() {
        return Err(BackupError::Missing(backup.to_path_buf()).into());
    }
    let _lock = DataDirLock::acquire(&args.data_dir).map_err(|err| match err {
        held @ LockError::Held { .. } => BackupCommandError::Running(held),
        other => BackupCommandError::Refused(other.to_string()),
    })?;
    let dir = parent_of(&db);
    std::fs::create_dir_all(&dir).map_err(io("creating", &dir))?;
    refuse_root_in_foreign_dir(&dir).map_err(BackupCommandError::Refused)?;

    // Check a copy, not the operator's file: the bytes checked are the bytes restored.
    let incoming = beside(&db, ".restoring");
    for path in [incoming.clone()].iter().chain(&side_files(&incoming)) {
        remove_if_present(path)?;
    }
    let checked = async {
        std::fs::copy(backup, &incoming).map_err(io("copying to", &incoming))?;
        let summary = sqlite_backup::check_backup(&incoming)
            .await
            .map_err(|err| err.about(backup))?;
        for side in side_files(&incoming) {
            remove_if_present(&side)?;
        }
        sync(&incoming)?;
        Ok::<_, BackupCommandError>(summary)
    }
    .await;
    let summary = match checked {
        Ok(summary) => summary,
        Err(err) => {
            let _ = std::fs::remove_file(&incoming);
            return Err(err);
        }
    };

    let kept = keep_current(&db)?;
    std::fs::rename(&incoming, &db).map_err(io("renaming into", &db))?;
    sync(&dir)?;
    Ok(Restored {
        summary,
        database: db,
        kept,
    })
}

/// Moves the current database (if any) aside as `<db>.before-restore-<time>`, its write-ahead
/// log beside it (SQLite replays it when that copy is opened), and drops the stale
/// shared-memory index, so nothing of the old database is left under the live name.
fn keep_current(db: &Path) -> Result<Option<PathBuf>, BackupCommandError> {
    let [wal, shm] = side_files(db);
    let kept = if db.exists() {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let kept = beside(db, &format!(".before-restore-{stamp}"));
        std::fs::rename(db, &kept).map_err(io("keeping the old database as", &kept))?;
        if wal.exists() {
            let kept_wal = beside(&kept, "-wal");
            std::fs::rename(&wal, &kept_wal).map_err(io("keeping the old log as", &kept_wal))?;
        }
        Some(kept)
    } else {
        None
    };
    remove_if_present(&wal)?;
    remove_if_present(&shm)?;
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_files_sit_beside_the_database() {
        let db = Path::new("/var/lib/stoa/stoa.db");
        assert_eq!(
            side_files(db),
            [
                PathBuf::from("/var/lib/stoa/stoa.db-wal"),
                PathBuf::from("/var/lib/stoa/stoa.db-shm")
            ]
        );
        assert_eq!(parent_of(Path::new("backup.db")), Path::new("."));
    }

    #[test]
    fn postgres_is_refused_with_a_pointer_to_pg_dump() {
        let args = DataArgs {
            data_dir: PathBuf::from("d"),
            database_url: Some("postgres://localhost/stoa".to_string()),
            public_url: None,
        };
        let err = database_file(&args).expect_err("refused");
        assert!(err.to_string().contains("pg_dump"), "{err}");
    }
}
