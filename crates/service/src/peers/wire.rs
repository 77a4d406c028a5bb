//! What travels between nodes: the subjects and the JSON envelope on them.
//!
//! Every subject starts with `{prefix}.members.`; a node subscribes to `{prefix}.members.>`:
//! - `{prefix}.members.message.{user}`: a [`ServerMessage`](stoa_proto::ws::ServerMessage) for a
//!   member's sessions, as the JSON text a client gets;
//! - `{prefix}.members.graph.{user}`: the member's follows or blocks changed;
//! - `{prefix}.members.close`: close a member's (suspension) or a session's (sign-out) sockets;
//!   a session is named by its token's hash, never the token;
//! - `{prefix}.members.presence.{node}`: a node's members coming online, going offline, and its
//!   periodic snapshot (in parts of at most [`SNAPSHOT_PART`] members, sent back to back).
//!
//! Subjects name the member so that a node could later subscribe only to the members it has.
//!
//! The hallway's subjects start with `{prefix}.hallway.`; a node subscribes to
//! `{prefix}.hallway.>` on the same connection:
//! - `{prefix}.hallway.{node}`: the live rooms a node runs ([`RoomState`]): one room's new state
//!   (at most every [`ROOM_EVERY`](super::rooms_out::ROOM_EVERY) per room), a room withdrawn
//!   (it ended, or moved away), and the periodic full list (in parts of at most
//!   [`ROOMS_PART_BYTES`] of JSON, sent back to back).

use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::Arc;

use stoa_proto::rest::{RoomSummary, UserSummary};
use stoa_proto::{ClubId, RoomId, RoomKind, UserId};

use crate::rooms::RoomAccess;

use super::PeersError;

/// Most members in one part of a snapshot (keeps each message far below NATS's 1 MB limit).
pub(crate) const SNAPSHOT_PART: usize = 1000;

/// Most room members published per room (the stage first, then the audience).
pub(crate) const ROOM_MEMBERS: usize = 5000;

/// Largest part of a node's list of rooms, in bytes of JSON (NATS refuses messages over 1 MB).
pub(crate) const ROOMS_PART_BYTES: usize = 256 * 1024;

/// One live room as its node publishes it: what the hallway shows, what its filter needs
/// ([`RoomAccess`]) and who is in it (for "friends online" and the hallway's ranking).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct RoomState {
    pub summary: RoomSummary,
    pub access: WireAccess,
    /// Everyone in the room (at most [`ROOM_MEMBERS`]).
    pub members: Vec<UserId>,
}

/// [`RoomAccess`] on the wire: the moderators' followees only for a social room (the only kind
/// whose rule reads them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct WireAccess {
    pub kind: RoomKind,
    pub moderators: Vec<UserId>,
    pub stage: Vec<UserId>,
    pub admitted: Vec<UserId>,
    pub removed: Vec<UserId>,
    #[serde(default)]
    pub moderator_followees: Vec<UserId>,
    pub club: Option<ClubId>,
    pub members_only: bool,
}

impl From<&RoomAccess> for WireAccess {
    fn from(access: &RoomAccess) -> Self {
        let moderator_followees = if access.kind == RoomKind::Social {
            access.moderator_followees.iter().copied().collect()
        } else {
            Vec::new()
        };
        Self {
            kind: access.kind,
            moderators: access.moderators.clone(),
            stage: access.stage.clone(),
            admitted: access.admitted.iter().copied().collect(),
            removed: access.removed.iter().copied().collect(),
            moderator_followees,
            club: access.club,
            members_only: access.members_only,
        }
    }
}

impl From<WireAccess> for RoomAccess {
    fn from(wire: WireAccess) -> Self {
        let set = |ids: Vec<UserId>| Arc::new(ids.into_iter().collect::<HashSet<UserId>>());
        RoomAccess {
            kind: wire.kind,
            moderators: wire.moderators,
            stage: wire.stage,
            admitted: set(wire.admitted),
            removed: set(wire.removed),
            moderator_followees: set(wire.moderator_followees),
            club: wire.club,
            members_only: wire.members_only,
        }
    }
}

/// One message between nodes: who sent it and what it says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Envelope {
    /// The sending node's id.
    pub from: String,
    pub body: Body,
}

/// What one node tells the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Body {
    /// Deliver this JSON text (a server message) to the member's sessions.
    Message { user: UserId, text: String },
    /// The member's follows or blocks changed.
    GraphChanged { user: UserId },
    /// Close every socket of the member (suspended).
    CloseMember { user: UserId },
    /// Close every socket opened with the session whose token hashes to this (signed out).
    CloseSession { token_hash: String },
    /// The member opened their first session on the sending node.
    Online { member: UserSummary },
    /// The member closed their last session on the sending node.
    Offline { user: UserId },
    /// Part of the sending node's full list of members; the list replaces the previous one
    /// when its `last` part arrives.
    Snapshot {
        round: u64,
        members: Vec<UserSummary>,
        last: bool,
    },
    /// A live room the sending node runs, as it is now.
    Room { room: Box<RoomState> },
    /// A room the sending node no longer runs (it ended or moved).
    RoomGone { id: RoomId },
    /// Part of the sending node's full list of live rooms; the list replaces the previous one
    /// when its `last` part arrives.
    Rooms {
        round: u64,
        rooms: Vec<RoomState>,
        last: bool,
    },
}

impl Body {
    /// The subject this goes out on.
    pub(crate) fn subject(&self, prefix: &str, node: &str) -> String {
        match self {
            Body::Message { user, .. } => format!("{prefix}.members.message.{}", user.0),
            Body::GraphChanged { user } => format!("{prefix}.members.graph.{}", user.0),
            Body::CloseMember { .. } | Body::CloseSession { .. } => {
                format!("{prefix}.members.close")
            }
            Body::Online { .. } | Body::Offline { .. } | Body::Snapshot { .. } => {
                format!("{prefix}.members.presence.{node}")
            }
            Body::Room { .. } | Body::RoomGone { .. } | Body::Rooms { .. } => {
                format!("{prefix}.hallway.{node}")
            }
        }
    }
}

/// The wildcard covering the members' subjects above.
pub(crate) fn all_subjects(prefix: &str) -> String {
    format!("{prefix}.members.>")
}

/// The wildcard covering the hallway's subjects.
pub(crate) fn hallway_subjects(prefix: &str) -> String {
    format!("{prefix}.hallway.>")
}

/// The prefix and the node id each must be one plain subject token.
pub(crate) fn check_names(prefix: &str, node_id: &str) -> Result<(), PeersError> {
    if !plain_token(prefix) {
        return Err(PeersError::InvalidPrefix(prefix.to_string()));
    }
    if !plain_token(node_id) {
        return Err(PeersError::InvalidNodeId(node_id.to_string()));
    }
    Ok(())
}

fn plain_token(token: &str) -> bool {
    !token.is_empty()
        && token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_round_trip_and_name_their_subjects() {
        let envelope = Envelope {
            from: "n1".to_string(),
            body: Body::Snapshot {
                round: 7,
                members: vec![UserSummary {
                    id: UserId(3),
                    username: "ada".to_string(),
                    display_name: "Ada".to_string(),
                    avatar: None,
                }],
                last: true,
            },
        };
        let json = serde_json::to_vec(&envelope).expect("encode");
        let back: Envelope = serde_json::from_slice(&json).expect("decode");
        assert_eq!(back, envelope);
        assert_eq!(back.body.subject("stoa", "n1"), "stoa.members.presence.n1");
        let message = Body::Message {
            user: UserId(42),
            text: "{}".to_string(),
        };
        assert_eq!(message.subject("t", "n"), "t.members.message.42");
        let gone = Body::RoomGone {
            id: RoomId("r".to_string()),
        };
        assert_eq!(gone.subject("t", "n"), "t.hallway.n");
        assert!(check_names("stoa_test-1", "0af3").is_ok());
        for bad in ["", "a.b", "a*", ">", "a b"] {
            assert!(check_names(bad, "n").is_err(), "{bad:?}");
            assert!(check_names("stoa", bad).is_err(), "{bad:?}");
        }
    }
}
