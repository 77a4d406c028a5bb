//! What room tasks receive and how sessions reach them.

use stoa_proto::rest::UserSummary;
use stoa_proto::{RoomKind, RoomRole, UserId};
use stoa_room::Command;
use stoa_sfu::SfuEvent;
use tokio::sync::{mpsc, oneshot};

use stoa_store::NewModLog;

use super::access::JoinGate;
use super::actor::RoomWrite;
use crate::ServiceError;

/// A WebSocket session as a room sees it: an id and a way to send it messages.
#[derive(Debug, Clone)]
pub(crate) struct SessionLink {
    pub id: u64,
    pub tx: crate::outbox::Outbox,
}

/// What a room task is asked to do.
pub(crate) enum RoomMsg {
    Join {
        user: UserSummary,
        link: SessionLink,
        /// What the access rule needs about the joining member, read fresh from the store.
        gate: JoinGate,
        /// Answered once the member is in and their `room_state` is queued on `link`.
        reply: oneshot::Sender<Result<(), ServiceError>>,
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
    /// `user`'s media connection, built by their session ([`stoa_sfu::SfuHandle::prepare`]):
    /// the room registers it with its right to publish, in order with later changes to that
    /// right, and answers without waiting for the SFU; the session awaits the registration.
    Offer {
        user: UserId,
        session: u64,
        peer: stoa_sfu::PreparedPeer,
        reply: oneshot::Sender<Result<stoa_sfu::Registration, ServiceError>>,
    },
    /// An edge on another node offers the room's media link for a member connected there
    /// ([`stoa_sfu::relay`]); the reply is the origin's end and the member's right to publish.
    RelayOffer {
        user: UserId,
        session: u64,
        offer: stoa_sfu::relay::EdgeOffer,
        reply: oneshot::Sender<Result<(stoa_sfu::relay::OriginAccept, bool), ServiceError>>,
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
    /// Reactions and the pinned link (checked outside for shape; here for place and role).
    Extra {
        user: UserId,
        session: u64,
        extra: RoomExtra,
        reply: oneshot::Sender<Result<(), ServiceError>>,
    },
    /// A site admin (`by`; `None`: the operator) suspended `user`: out of the room at once.
    Eject {
        user: UserId,
        by: Option<UserId>,
        reply: oneshot::Sender<()>,
    },
    /// The host grace period started at `epoch` ran out.
    HostGraceExpired {
        epoch: u64,
    },
    /// The server is stopping: end the task where it stands, neither saving anything new nor
    /// ending the room, so its last snapshot is what the next start restores (members'
    /// connections closing during the stop are not departures). Answered once the writes the
    /// room already made are stored.
    Stop {
        reply: oneshot::Sender<()>,
    },
    /// The room's writer stored a moderation log entry: it goes live to the moderators.
    ModLogged {
        entry: NewModLog,
        id: i64,
    },
    /// The room's writer could not store this (already logged and counted).
    WriteFailed(RoomWrite),
    /// A write was refused: a newer owner of the room (another node) has written to it, so
    /// this node no longer runs it and the task stops (its writer stores nothing more).
    Fenced,
}

/// An in-room extra a member asks for (serializable: it may travel to the room's node).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum RoomExtra {
    /// Send a reaction to everyone in the room.
    React(stoa_proto::moderation::Reaction),
    /// Moderator: pin a link (already validated).
    Pin { url: String, title: String },
    /// Moderator: remove the pinned link.
    Unpin,
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
    /// The pinned link, if any.
    #[serde(default)]
    pub pinned_link: Option<stoa_proto::moderation::PinnedLink>,
}
