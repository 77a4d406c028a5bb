//! How a signaling connection ends and the close frame the client gets (documented in
//! `docs/protocol.md`, "Signaling WebSocket").
//!
//! | code | reason | when |
//! |---|---|---|
//! | 1009 | `message too big` | a frame or message over [`super::MAX_FRAME`] bytes |
//! | 1012 | `restarting` | the server is stopping (SIGTERM, Ctrl-C): reconnect at once |
//! | 4000 | `too far behind` | the client read too slowly: its queue passed [`stoa_service::outbox::QUEUE_LIMIT`] |
//! | 4001 | `signed out` | the session the connection was opened with was signed out |
//! | 4003 | `suspended` | an admin suspended the member (after `error {code: suspended}`) |

use axum::extract::ws::{CloseFrame, Utf8Bytes};

/// Close code: the server is restarting (RFC 6455 registry, "Service Restart").
pub const RESTARTING: u16 = 1012;
/// Close code: a message was too big to process.
pub const TOO_BIG: u16 = 1009;
/// Close code: the client read too slowly and missed messages; reconnect for a fresh snapshot.
pub const TOO_SLOW: u16 = 4000;
/// Close code: the session was signed out.
pub const SIGNED_OUT: u16 = 4001;
/// Close code: the member was suspended.
pub const SUSPENDED: u16 = 4003;

/// Why a connection's loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum End {
    /// The client closed the connection, or it failed.
    Gone,
    /// The client sent nothing (not even a pong) for [`super::IDLE_LIMIT`].
    Idle,
    /// A frame or message over the size limit.
    TooBig,
    /// The outgoing queue overflowed.
    TooSlow,
    /// The session was signed out.
    SignedOut,
    /// The member was suspended.
    Suspended,
    /// The server is stopping.
    Restarting,
}

impl End {
    /// The close frame to send, if the client is still there to get one.
    pub(super) fn close_frame(self) -> Option<CloseFrame> {
        let (code, reason) = match self {
            End::Gone | End::Idle => return None,
            End::TooBig => (TOO_BIG, "message too big"),
            End::TooSlow => (TOO_SLOW, "too far behind"),
            End::SignedOut => (SIGNED_OUT, "signed out"),
            End::Suspended => (SUSPENDED, "suspended"),
            End::Restarting => (RESTARTING, "restarting"),
        };
        Some(CloseFrame {
            code,
            reason: Utf8Bytes::from_static(reason),
        })
    }

    /// Whether what is queued for the client is still sent before the close frame.
    pub(super) fn flushes(self) -> bool {
        // The suspended member is told why first; a client too far behind gets nothing more.
        matches!(self, End::Suspended)
    }
}
