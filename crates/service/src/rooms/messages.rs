//! What room tasks receive and how sessions reach them.

use stoa_proto::rest::UserSummary;
use stoa_proto::ws::{RoomSnapshot, ServerMessage};
use stoa_proto::{RoomKind, RoomRole, UserId};
use stoa_room::Command;
use stoa_sfu::SfuEvent;
use tokio::sync::{mpsc, oneshot};

use super::access::JoinGate;
use crate::ServiceError;

/// A WebSocket session as a room sees it: an id and a way to send it messages.
#[derive(Debug, Clone)]
pub(crate) struct SessionLink {
    pub id: u64,
    pub tx: mpsc::UnboundedSender<ServerMessage>,
}

/// What a room task is asked to do.
pub(crate) enum RoomMsg {
    Join {
        user: UserSummary,
        link: SessionLink,
        /// What the access rule needs about the joining member, read fresh from the store.
        gate: JoinGate,
        reply: oneshot::Sender<Result<RoomSnapshot, ServiceError>>,
    },
    /// A moderator changes who may join.
    SetKind {
        by: UserId,
        kind: RoomKind,
        reply: oneshot::Sender<Result<(), ServiceError>>,
    },
    /// `user`'s follows changed: if they are on stage, reload whom they follow.
    FollowsChanged {
        user: UserId,
        reply: oneshot::Sender<()>,
    },
    /// Someone in the room pings a member in; the reply carries the room's title.
    Ping {
        ping: RoomPing,
        reply: oneshot::Sender<Result<String, ServiceError>>,
    },
    Command {
        session: u64,
        command: Command,
        reply: oneshot::Sender<Result<(), ServiceError>>,
    },
    Offer {
        user: UserId,
        session: u64,
        sdp: String,
        reply: oneshot::Sender<Result<String, ServiceError>>,
    },
    SessionGone {
        user: UserId,
        session: u64,
    },
    GraceExpired {
        user: UserId,
        epoch: u64,
    },
    /// The member joined another room (from another connection): they leave this one.
    MovedAway {
        user: UserId,
    },
    Sfu(SfuEvent),
}

/// A ping already checked outside the room task (target exists, no block, allowance spent).
#[derive(Debug, Clone, Copy)]
pub(crate) struct RoomPing {
    /// The sender.
    pub by: UserId,
    /// The member pinged.
    pub target: UserId,
}

/// The sending side of a room task.
#[derive(Clone)]
pub(crate) struct RoomHandle {
    pub(crate) tx: mpsc::UnboundedSender<RoomMsg>,
}

impl RoomHandle {
    /// Sends a message; a room that has ended drops it (callers waiting on a reply see it closed).
    pub fn send(&self, msg: RoomMsg) {
        let _ = self.tx.send(msg);
    }
}

/// Snapshot of roles kept in the store so a restarted server can rebuild the room.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct SavedRoom {
    pub members: Vec<(UserSummary, RoomRole, bool)>,
    pub removed: Vec<UserId>,
}
