//! What room tasks receive and how sessions reach them.

use stoa_proto::rest::UserSummary;
use stoa_proto::ws::{RoomSnapshot, ServerMessage};
use stoa_proto::{RoomRole, UserId};
use stoa_room::Command;
use stoa_sfu::SfuEvent;
use tokio::sync::{mpsc, oneshot};

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
        reply: oneshot::Sender<Result<RoomSnapshot, ServiceError>>,
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
