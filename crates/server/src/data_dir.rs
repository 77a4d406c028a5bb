//! The data directory as the operator's commands see it: which database it holds, the lock a
//! running server keeps on it, and where that server answers admin commands.
//!
//! A server holds an exclusive `flock` on `<data-dir>/stoa.lock` for as long as it runs (the
//! kernel drops it when the process ends, however it ends), so "is a server running here?"
//! has a reliable answer: try to take the lock. `stoa restore` and `stoa admin` without a
//! server take it too, so no server starts half-way through them.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// The lock file a running server holds, inside the data directory.
pub const LOCK_FILE: &str = "stoa.lock";
/// The running server's admin socket, inside the data directory.
pub const ADMIN_SOCKET: &str = "admin.sock";

/// Where the operator's commands find the server's data: the `serve` flags they share (and the
/// configuration file's keys of the same names; its other keys are `serve`'s alone).
#[derive(Debug, Clone, clap::Args, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct DataArgs {
    /// The server's data directory (its database, lock and admin socket).
    #[arg(
        long,
        env = "STOA_DATA_DIR",
        default_value = "stoa-data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// Database URL; defaults to the SQLite file `stoa.db` in the data directory.
    #[arg(long, env = "STOA_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// The URL members reach the server at (for invite links made while no server runs).
    #[arg(long, env = "STOA_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
}

impl DataArgs {
    /// The database URL in effect (the same rule as `stoa serve`).
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("stoa.db").display()))
    }

    /// Whether the database is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        let url = self.database_url();
        url.starts_with("postgres://") || url.starts_with("postgresql://")
    }

    /// The admin socket of a server running on this data directory.
    pub fn admin_socket(&self) -> PathBuf {
        self.data_dir.join(ADMIN_SOCKET)
    }
}

/// Errors taking the data directory's lock.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// A running server (or another operator command) holds it.
    #[error("a stoa server{} is using {dir}", pid.map(|p| format!(" (pid {p})")).unwrap_or_default())]
    Held { dir: PathBuf, pid: Option<u32> },
    /// The lock file could not be opened.
    #[error("cannot open {path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

/// The exclusive lock on a data directory; released when dropped (or when the process ends).
#[derive(Debug)]
pub struct DataDirLock {
    _file: File,
}

impl DataDirLock {
    /// Takes the lock on `dir` (created if missing) without waiting, and writes this process's
    /// id into the lock file for the messages of whoever finds it held.
    pub fn acquire(dir: &Path) -> Result<DataDirLock, LockError> {
        let path = dir.join(LOCK_FILE);
        let io = |source| LockError::Io {
            path: path.clone(),
            error: source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        match rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => {}
            Err(rustix::io::Errno::WOULDBLOCK) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                return Err(LockError::Held {
                    dir: dir.to_path_buf(),
                    pid: text.trim().parse().ok(),
                });
            }
            Err(errno) => return Err(io(errno.into())),
        }
        file.set_len(0).map_err(io)?;
        file.rewind().map_err(io)?;
        writeln!(file, "{}", std::process::id()).map_err(io)?;
        Ok(DataDirLock { _file: file })
    }
}

/// Refuses to write into `dir` as root when another user owns it: files root creates there
/// (a restored database) would be unreadable to the server running as that user.
pub fn refuse_root_in_foreign_dir(dir: &Path) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    if !rustix::process::geteuid().is_root() {
        return Ok(());
    }
    let owner = match std::fs::metadata(dir) {
        Ok(meta) => meta.uid(),
        Err(_) => return Ok(()),
    };
    if owner == 0 {
        return Ok(());
    }
    Err(format!(
        "{} belongs to uid {owner}, not root: run this as that user (e.g. `sudo -u stoa stoa …`) \
         so the files it writes stay the server's",
        dir.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_is_exclusive_and_names_its_holder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let held = DataDirLock::acquire(dir.path()).expect("first");
        match DataDirLock::acquire(dir.path()) {
            Err(LockError::Held { pid, .. }) => assert_eq!(pid, Some(std::process::id())),
            other => panic!("expected held, got {other:?}"),
        }
        drop(held);
        DataDirLock::acquire(dir.path()).expect("free again once dropped");
    }

    #[test]
    fn the_database_defaults_to_the_data_directory() {
        let args = DataArgs {
            data_dir: PathBuf::from("/var/lib/stoa"),
            database_url: None,
            public_url: None,
        };
        assert_eq!(args.database_url(), "sqlite:///var/lib/stoa/stoa.db");
        assert!(!args.is_postgres());
        assert_eq!(args.admin_socket(), Path::new("/var/lib/stoa/admin.sock"));
        let pg = DataArgs {
            database_url: Some("postgresql://db/stoa".to_string()),
            ..args
        };
        assert!(pg.is_postgres());
    }
}
