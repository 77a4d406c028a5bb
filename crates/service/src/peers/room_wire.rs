//! What travels between a member's node and a room's node (its origin) when the member's
//! WebSocket is not where the room runs: the subjects and the JSON on them.
//!
//! Both are addressed to one node: a node subscribes to `{prefix}.node.{node}.>`:
//! - `{prefix}.node.{origin}.room`: a NATS request ([`RoomRequest`]) for one of the origin's
//!   rooms, answered with a [`RoomReply`];
//! - `{prefix}.node.{member's node}.deliver`: what a room sends to one remote session
//!   ([`Deliver`]), in the order the room sent it.

use serde::{Deserialize, Serialize};
use stoa_proto::rest::UserSummary;
use stoa_proto::{ErrorCode, RoomId, UserId};
use stoa_room::Command;

use crate::rooms::{JoinGate, RoomExtra};
use crate::ServiceError;

/// Most bytes of message text in one [`Deliver`] (NATS refuses messages over 1 MB).
pub(crate) const DELIVER_BYTES: usize = 256 * 1024;

/// A session's request to a room on another node.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RoomRequest {
    pub room: RoomId,
    /// The member's node (where the room's messages for the session go).
    pub from: String,
    /// The session's id on its node.
    pub session: u64,
    /// The remote handle's number on its node: each handle is its own session at the origin,
    /// so an old handle's end never touches a newer one's.
    pub handle: u64,
    pub op: RoomOp,
}

/// What the session asks (the data-only [`RoomMsg`](crate::rooms::RoomMsg)s).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum RoomOp {
    Join {
        user: UserSummary,
        gate: JoinGate,
    },
    Command {
        command: Command,
    },
    Extra {
        user: UserId,
        extra: RoomExtra,
    },
    /// The session closed (or stopped using the room): the member's reconnect grace starts.
    SessionGone {
        user: UserId,
    },
    MovedAway {
        user: UserId,
    },
    /// The member's media connects on its own node, an edge of the room: the edge offers the
    /// room's link ([`stoa_sfu::relay`]); the answer is the origin's end and whether the member
    /// may publish now.
    Offer {
        user: UserId,
        relay: RelayOffer,
    },
    /// A member pings `target` into the room (checked on the member's node as far as it can:
    /// the target exists, no block; the room checks the rest).
    Ping {
        by: UserId,
        target: UserId,
    },
}

/// The origin's answer to a [`RoomRequest`] that succeeded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum RoomAnswer {
    Done,
    /// To [`RoomOp::Offer`].
    Media(MediaAnswer),
    /// To [`RoomOp::Ping`]: the room's title (for the notification).
    Pinged {
        title: String,
    },
}

/// An edge's [`EdgeOffer`](stoa_sfu::relay::EdgeOffer) as it travels (the keys stay on the
/// control channel).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RelayOffer {
    pub link: u32,
    pub addr: std::net::SocketAddr,
    pub down_key: stoa_sfu::relay::frame::RelayKey,
    pub up_key: stoa_sfu::relay::frame::RelayKey,
}

impl From<stoa_sfu::relay::EdgeOffer> for RelayOffer {
    fn from(o: stoa_sfu::relay::EdgeOffer) -> Self {
        Self {
            link: o.link,
            addr: o.addr,
            down_key: o.down_key,
            up_key: o.up_key,
        }
    }
}

impl From<RelayOffer> for stoa_sfu::relay::EdgeOffer {
    fn from(o: RelayOffer) -> Self {
        Self {
            link: o.link,
            addr: o.addr,
            down_key: o.down_key,
            up_key: o.up_key,
        }
    }
}

/// The origin's answer to [`RoomOp::Offer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct MediaAnswer {
    /// The origin's link id.
    pub link: u32,
    /// Where the origin's SFU receives.
    pub addr: std::net::SocketAddr,
    /// Whether the member may publish now (later changes travel as permits on the link).
    pub publish: bool,
}

/// A refusal as the session reports it: the wire code and the public message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct WireError {
    pub code: ErrorCode,
    pub message: String,
}

/// The origin's answer to a [`RoomRequest`].
pub(crate) type RoomReply = Result<RoomAnswer, WireError>;

impl From<&ServiceError> for WireError {
    fn from(err: &ServiceError) -> Self {
        Self {
            code: err.code(),
            message: err.public_message(),
        }
    }
}

impl From<WireError> for ServiceError {
    /// `room_ended` comes back as itself (a session treats it apart); the rest as
    /// [`ServiceError::Remote`].
    fn from(err: WireError) -> Self {
        match err.code {
            ErrorCode::RoomEnded => ServiceError::RoomEnded,
            code => ServiceError::Remote {
                code,
                message: err.message,
            },
        }
    }
}

/// Messages a room sent one remote session: JSON texts as the client gets them, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Deliver {
    pub session: u64,
    pub texts: Vec<String>,
}

/// The subject `node` takes room requests on.
pub(crate) fn room_subject(prefix: &str, node: &str) -> String {
    format!("{prefix}.node.{node}.room")
}

/// The subject `node` takes deliveries on.
pub(crate) fn deliver_subject(prefix: &str, node: &str) -> String {
    format!("{prefix}.node.{node}.deliver")
}

/// The wildcard covering `node`'s own subjects.
pub(crate) fn node_subjects(prefix: &str, node: &str) -> String {
    format!("{prefix}.node.{node}.>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_replies_round_trip() {
        let ops = [
            RoomOp::Join {
                user: UserSummary {
                    id: UserId(3),
                    username: "ada".into(),
                    display_name: "Ada".into(),
                    avatar: None,
                },
                gate: JoinGate::default(),
            },
            RoomOp::Command {
                command: Command::RaiseHand { user: UserId(3) },
            },
            RoomOp::Extra {
                user: UserId(3),
                extra: RoomExtra::React(stoa_proto::moderation::Reaction::ALL[0]),
            },
            RoomOp::SessionGone { user: UserId(3) },
        ];
        for op in ops {
            let request = RoomRequest {
                room: RoomId("r".into()),
                from: "n3".into(),
                session: 9,
                handle: 1,
                op,
            };
            let json = serde_json::to_vec(&request).expect("encode");
            let back: RoomRequest = serde_json::from_slice(&json).expect("decode");
            assert_eq!(format!("{back:?}"), format!("{request:?}"));
        }
        let refused: RoomReply = Err(WireError::from(&ServiceError::NotInRoom));
        let json = serde_json::to_vec(&refused).expect("encode");
        let back: RoomReply = serde_json::from_slice(&json).expect("decode");
        let err = ServiceError::from(back.expect_err("refused"));
        assert_eq!(err.code(), ErrorCode::NotInRoom);
        assert!(matches!(
            ServiceError::from(WireError::from(&ServiceError::RoomEnded)),
            ServiceError::RoomEnded
        ));
        assert_eq!(room_subject("t", "n1"), "t.node.n1.room");
        assert_eq!(deliver_subject("t", "n3"), "t.node.n3.deliver");
    }
}
