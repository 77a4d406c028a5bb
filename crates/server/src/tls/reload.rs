//! Picks `--tls-cert` / `--tls-key` up again when they change: their modification time, size
//! and inode are polled every few seconds (renewal tools such as certbot replace the files, and
//! polling also works where file notifications do not, e.g. on bind mounts). A pair that does
//! not load (half written, mismatched, unreadable) keeps the current certificate and is logged;
//! the next change is tried again.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use stoa_service::Background;
use tokio::task::JoinHandle;

use super::files::load_pem_files;
use super::resolver::CertResolver;

/// How often the files are looked at.
pub const POLL_EVERY: Duration = Duration::from_secs(1);

/// What identifies one version of a file.
type Stamp = Option<(SystemTime, u64, u64)>;

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len(), meta.ino()))
}

/// Watches the pair and swaps the certificate `resolver` presents when it changes, until the
/// server stops.
pub fn spawn(
    resolver: Arc<CertResolver>,
    cert: PathBuf,
    key: PathBuf,
    background: &Background,
) -> JoinHandle<()> {
    background.spawn_until_stopped("certificate reload", async move {
        let mut seen = (stamp(&cert), stamp(&key));
        loop {
            tokio::time::sleep(POLL_EVERY).await;
            let now = (stamp(&cert), stamp(&key));
            if now == seen {
                continue;
            }
            seen = now;
            match load_pem_files(&cert, &key) {
                Ok(loaded) => {
                    resolver.set(loaded);
                    tracing::info!(cert = %cert.display(), "TLS certificate reloaded");
                }
                Err(e) => tracing::warn!(
                    "TLS certificate files changed but do not load, keeping the current \
                     certificate: {e}"
                ),
            }
        }
    })
}
