//! The running server's admin socket, `<data-dir>/admin.sock`: where `stoa admin …` reaches
//! it. One JSON line in (an [`AdminCommand`]), one JSON line out (an [`AdminReply`]).
//!
//! Only the operator gets in: the socket is mode 0600 and each connection's peer credentials
//! are checked (the server's own user or root), so file permissions alone do not decide.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use stoa_service::Stoa;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};
use tokio::task::JoinHandle;

use crate::admin::{execute, AdminCommand, AdminReply, Target};

/// Longest request line accepted.
const MAX_REQUEST_BYTES: u64 = 16 * 1024;
/// How long a client may take to send its request.
const REQUEST_WITHIN: Duration = Duration::from_secs(10);

/// The listening admin socket; [`AdminSocket::stop`] closes it and removes the file.
pub struct AdminSocket {
    path: PathBuf,
    task: JoinHandle<()>,
}

impl AdminSocket {
    /// Listens on `path` (a leftover file there is removed: the caller holds the data
    /// directory's lock, so no other server uses it) and serves commands against `stoa`, until
    /// it is stopped or the server stops (a command already running is finished).
    pub fn bind(path: &Path, stoa: Stoa) -> std::io::Result<AdminSocket> {
        match std::fs::remove_file(path) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(err),
            _ => {}
        }
        let listener = UnixListener::bind(path)?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        let background = stoa.background().clone();
        let task = background.spawn_until_stopped("admin socket", accept_loop(listener, stoa));
        Ok(AdminSocket {
            path: path.to_path_buf(),
            task,
        })
    }

    /// Where it listens.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Stops listening and removes the socket file (dropping it does the same).
    pub fn stop(self) {
        drop(self);
    }
}

impl Drop for AdminSocket {
    fn drop(&mut self) {
        self.task.abort();
        let _ = std::fs::remove_file(&self.path);
    }
}

async fn accept_loop(listener: UnixListener, stoa: Stoa) {
    let me = rustix::process::geteuid().as_raw();
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(err) => {
                tracing::warn!(%err, "admin socket accept");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let peer = stream.peer_cred().map(|cred| cred.uid()).ok();
        let background = stoa.background();
        if peer.is_some_and(|uid| uid == me || uid == 0) {
            background.spawn("admin command", serve_one(stream, stoa.clone()));
        } else {
            tracing::warn!(uid = ?peer, "admin socket: refused another user");
            background.spawn_until_stopped("admin refusal", refuse(stream));
        }
    }
}

/// Tells a caller who is neither the server's user nor root that it may not.
async fn refuse(stream: UnixStream) {
    let reply = AdminReply::Failed {
        code: "forbidden".to_string(),
        message: "only the server's own user or root may run admin commands".to_string(),
    };
    write_reply(stream, &reply).await;
}

/// Writes one reply line and closes the connection.
async fn write_reply(mut stream: UnixStream, reply: &AdminReply) {
    let mut text = serde_json::to_string(reply).expect("replies serialize");
    text.push('\n');
    let _ = stream.write_all(text.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// Reads one command, runs it, writes the reply. A request still unread when the server stops
/// is dropped; a command that started is finished.
async fn serve_one(mut stream: UnixStream, stoa: Stoa) {
    let mut line = String::new();
    let mut limited = BufReader::new((&mut stream).take(MAX_REQUEST_BYTES));
    let read = tokio::time::timeout(REQUEST_WITHIN, limited.read_line(&mut line));
    let Some(read) = stoa.background().token().run_until_cancelled(read).await else {
        return;
    };
    let reply = match read {
        Ok(Ok(_)) => match serde_json::from_str::<AdminCommand>(&line) {
            Ok(command) => {
                tracing::info!(?command, "admin command");
                execute(&Target::Live(&stoa), command).await
            }
            Err(err) => AdminReply::Failed {
                code: "bad_request".to_string(),
                message: format!("not a command: {err}"),
            },
        },
        Ok(Err(err)) => AdminReply::Failed {
            code: "bad_request".to_string(),
            message: format!("unreadable request: {err}"),
        },
        Err(_) => return,
    };
    drop(limited);
    write_reply(stream, &reply).await;
}
