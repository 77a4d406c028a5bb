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

use serde::{Deserialize, Serialize};
use stoa_proto::rest::UserSummary;
use stoa_proto::UserId;

use super::PeersError;

/// Most members in one part of a snapshot (keeps each message far below NATS's 1 MB limit).
pub(crate) const SNAPSHOT_PART: usize = 1000;

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
        }
    }
}

/// The wildcard covering every subject above.
pub(crate) fn all_subjects(prefix: &str) -> String {
    format!("{prefix}.members.>")
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
        assert!(check_names("stoa_test-1", "0af3").is_ok());
        for bad in ["", "a.b", "a*", ">", "a b"] {
            assert!(check_names(bad, "n").is_err(), "{bad:?}");
            assert!(check_names("stoa", bad).is_err(), "{bad:?}");
        }
    }
}
