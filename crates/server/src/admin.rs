//! `stoa admin …`: what an operator does without a browser.
//!
//! A command goes to the server running on the data directory when there is one, over its
//! admin socket (see [`crate::admin_socket`]), because only the running server can act on live
//! state: a suspension takes the member out of every live room and closes their WebSockets at
//! once. With no server running, the command opens the database itself, holding the data
//! directory's lock meanwhile so no server starts half-way. A server that holds the lock but
//! does not answer on its socket is an error, never a reason to write beside it.

use std::io::ErrorKind;
use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use stoa_service::operator::{Operator, OperatorError};
use stoa_service::Stoa;
use stoa_store::Store;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::UnixStream;

use crate::data_dir::{DataArgs, DataDirLock, LockError};

/// The base of invite links made with no server running and no `--public-url`
/// (`stoa serve`'s default address).
const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

/// How long the command waits for the running server's answer.
const ANSWER_WITHIN: Duration = Duration::from_secs(30);

/// One operator command; also the admin socket's request (one JSON line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, clap::Subcommand)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum AdminCommand {
    /// Print a new one-time invite link whose user becomes a site admin (older unused admin
    /// links stop working).
    Invite,
    /// Give a member more invites.
    GrantInvites {
        /// The member's username.
        username: String,
        /// How many invites to add.
        count: u32,
    },
    /// Suspend a member: signed out everywhere, out of every live room, no sign-in.
    Suspend {
        /// The member's username.
        username: String,
        /// Why (kept with the suspension).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Lift a member's suspension (they sign in again).
    Unsuspend {
        /// The member's username.
        username: String,
    },
    /// Make a member a site admin.
    MakeAdmin {
        /// The member's username.
        username: String,
    },
    /// Make a site admin a plain member again.
    UnmakeAdmin {
        /// The member's username.
        username: String,
    },
}

/// The answer to a command; also the admin socket's reply (one JSON line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdminReply {
    /// Done: `output` for stdout, an optional `note` for stderr.
    Done {
        output: String,
        note: Option<String>,
    },
    /// Refused or failed: a stable `code` and a message for the operator.
    Failed { code: String, message: String },
}

impl AdminReply {
    fn done(output: impl Into<String>) -> Self {
        AdminReply::Done {
            output: output.into(),
            note: None,
        }
    }

    fn failed(err: &OperatorError) -> Self {
        if let OperatorError::Service(inner) = err {
            tracing::error!(error = %inner, "admin command failed");
        }
        AdminReply::Failed {
            code: err.code().to_string(),
            message: err.to_string(),
        }
    }
}

/// Where a command runs: in the running server, or on the database alone.
pub enum Target<'a> {
    /// The running server's service (live effects included).
    Live(&'a Stoa),
    /// The database alone (no server runs); invite links start with `public_url`.
    Offline {
        store: &'a dyn Store,
        public_url: &'a str,
    },
}

impl Target<'_> {
    fn operator(&self) -> Operator<'_> {
        match self {
            Target::Live(stoa) => stoa.moderation().operator(),
            Target::Offline { store, .. } => Operator::new(*store),
        }
    }

    fn invite_url(&self, code: &str) -> String {
        match self {
            Target::Live(stoa) => stoa.accounts().invite_url(code),
            Target::Offline { public_url, .. } => {
                format!("{}/invite/{code}", public_url.trim_end_matches('/'))
            }
        }
    }
}

/// Runs `command` on `target` and words the outcome for the operator.
pub async fn execute(target: &Target<'_>, command: AdminCommand) -> AdminReply {
    match run_command(target, command).await {
        Ok(reply) => reply,
        Err(err) => AdminReply::failed(&err),
    }
}

async fn run_command(
    target: &Target<'_>,
    command: AdminCommand,
) -> Result<AdminReply, OperatorError> {
    let operator = target.operator();
    Ok(match command {
        AdminCommand::Invite => {
            let code = operator.admin_invite().await?;
            AdminReply::Done {
                output: target.invite_url(&code),
                note: Some(
                    "one-time link: whoever signs up with it becomes a site admin".to_string(),
                ),
            }
        }
        AdminCommand::GrantInvites { username, count } => {
            let remaining = operator.grant_invites(&username, count).await?;
            AdminReply::done(match remaining {
                Some(n) => format!("{username} may now create {n} more invites"),
                None => format!("{username} is a site admin: no invite limit"),
            })
        }
        AdminCommand::Suspend { username, reason } => {
            let done = match target {
                Target::Live(stoa) => {
                    stoa.moderation()
                        .operator_suspend(&username, reason)
                        .await?
                }
                Target::Offline { .. } => {
                    operator
                        .suspend(&username, reason, chrono::Utc::now())
                        .await?
                }
            };
            let name = done.member.username;
            AdminReply::done(if done.new {
                format!("{name} is suspended: signed out everywhere, out of every live room")
            } else {
                format!("{name} was already suspended")
            })
        }
        AdminCommand::Unsuspend { username } => {
            let lifted = operator.unsuspend(&username).await?;
            AdminReply::done(if lifted {
                format!("{username} may sign in again")
            } else {
                format!("{username} was not suspended")
            })
        }
        AdminCommand::MakeAdmin { username } => {
            let changed = operator.set_admin(&username, true).await?;
            AdminReply::done(if changed {
                format!("{username} is now a site admin")
            } else {
                format!("{username} was already a site admin")
            })
        }
        AdminCommand::UnmakeAdmin { username } => {
            let changed = operator.set_admin(&username, false).await?;
            AdminReply::done(if changed {
                format!("{username} is no longer a site admin")
            } else {
                format!("{username} was not a site admin")
            })
        }
    })
}

/// Why `stoa admin` could not run a command at all (as opposed to a refusal).
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// The running server's socket exists but cannot be used.
    #[error("cannot reach the running server at {path}: {error}")]
    Socket { path: String, error: std::io::Error },
    /// The server answered something that is not a reply.
    #[error("the running server answered nonsense on {path}: {detail}")]
    Protocol { path: String, detail: String },
    /// A server holds the data directory but does not answer on its socket.
    #[error("{0}, but it does not answer on its admin socket; is it stopping?")]
    Unreachable(LockError),
    /// The lock could not be taken.
    #[error(transparent)]
    Lock(LockError),
    /// The database could not be opened.
    #[error("{0}")]
    Store(String),
}

/// Runs `command` for the operator: through the running server when there is one, else on
/// the database directly. Returns the reply to print.
pub async fn run(args: &DataArgs, command: AdminCommand) -> Result<AdminReply, AdminError> {
    let socket = args.admin_socket();
    match UnixStream::connect(&socket).await {
        Ok(stream) => return ask(stream, &socket, &command).await,
        // No server here, or a stale socket a killed server left.
        Err(err)
            if matches!(
                err.kind(),
                ErrorKind::NotFound | ErrorKind::ConnectionRefused
            ) => {}
        Err(source) => {
            return Err(AdminError::Socket {
                path: socket.display().to_string(),
                error: source,
            })
        }
    }
    // A mistyped --data-dir must not quietly create a database no server uses.
    if let Some(file) = stoa_store::sqlite_backup::file_of_url(&args.database_url()) {
        if !args.is_postgres() && !file.is_file() {
            return Err(AdminError::Store(format!(
                "no database at {} and no server answering on {}: is --data-dir right?",
                file.display(),
                socket.display()
            )));
        }
    }
    let _lock = DataDirLock::acquire(&args.data_dir).map_err(|err| match err {
        held @ LockError::Held { .. } => AdminError::Unreachable(held),
        other => AdminError::Lock(other),
    })?;
    let store = crate::open_database(&args.database_url(), Some(&args.data_dir), None)
        .await
        .map_err(|err| AdminError::Store(err.to_string()))?;
    let public_url = args
        .public_url
        .clone()
        .unwrap_or_else(|| DEFAULT_PUBLIC_URL.to_string());
    let target = Target::Offline {
        store: store.as_ref(),
        public_url: &public_url,
    };
    let is_invite = command == AdminCommand::Invite;
    let mut reply = execute(&target, command).await;
    store.close().await;
    if let AdminReply::Done { note, .. } = &mut reply {
        if is_invite && args.public_url.is_none() {
            *note = Some(format!(
                "no server is running and --public-url is not set: the link starts with \
                 {DEFAULT_PUBLIC_URL}; give --public-url (or --config) for the real address"
            ));
        }
    }
    Ok(reply)
}

/// Sends one command over the admin socket and reads the reply.
async fn ask(
    stream: UnixStream,
    socket: &Path,
    command: &AdminCommand,
) -> Result<AdminReply, AdminError> {
    let path = socket.display().to_string();
    let exchange = async {
        let (read, mut write) = stream.into_split();
        let mut line = serde_json::to_string(command).expect("commands serialize");
        line.push('\n');
        // A server that refuses the caller answers without reading: its reply still counts.
        let sent = match write.write_all(line.as_bytes()).await {
            Ok(()) => write.shutdown().await,
            Err(err) => Err(err),
        };
        let mut answer = String::new();
        let read = BufReader::new(read).read_line(&mut answer).await;
        match (sent, read) {
            (_, Ok(n)) if n > 0 => Ok(answer),
            (Err(err), _) | (_, Err(err)) => Err(err),
            (Ok(()), Ok(_)) => Ok(answer),
        }
    };
    let answer = tokio::time::timeout(ANSWER_WITHIN, exchange)
        .await
        .map_err(|_| AdminError::Protocol {
            path: path.clone(),
            detail: format!("no answer within {ANSWER_WITHIN:?}"),
        })?
        .map_err(|source| AdminError::Socket {
            path: path.clone(),
            error: source,
        })?;
    serde_json::from_str(&answer).map_err(|err| AdminError::Protocol {
        path,
        detail: err.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_json_lines_with_a_command_tag() {
        let suspend = AdminCommand::Suspend {
            username: "carol".to_string(),
            reason: Some("spam".to_string()),
        };
        let text = serde_json::to_string(&suspend).expect("serializes");
        assert_eq!(
            text,
            r#"{"command":"suspend","username":"carol","reason":"spam"}"#
        );
        assert_eq!(
            serde_json::from_str::<AdminCommand>(&text).expect("parses"),
            suspend
        );
        let invite: AdminCommand = serde_json::from_str(r#"{"command":"invite"}"#).expect("ok");
        assert_eq!(invite, AdminCommand::Invite);
        assert!(serde_json::from_str::<AdminCommand>(r#"{"command":"drop_tables"}"#).is_err());
    }
}
