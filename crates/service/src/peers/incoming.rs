//! What the other nodes send, delivered here: member messages and graph changes to this node's
//! sessions, close orders to its sockets, presence into [`RemoteMembers`](super::remote) (waking
//! the presence feeds when it changed). Envelopes from this node itself are ignored.

use std::sync::Arc;

use futures_util::StreamExt;
use tokio::time::Instant;

use super::link::Peers;
use super::wire::{Body, Envelope};
use crate::closer::Closer;
use crate::online::Online;

/// Starts the listener; it ends when the service stops.
pub(crate) fn spawn(
    background: &crate::Background,
    mut subscriber: async_nats::Subscriber,
    node: String,
    peers: Peers,
    online: Arc<Online>,
    closer: Arc<Closer>,
) {
    background.spawn_until_stopped("cluster listener", async move {
        while let Some(message) = subscriber.next().await {
            let envelope: Envelope = match serde_json::from_slice(&message.payload) {
                Ok(envelope) => envelope,
                Err(err) => {
                    tracing::warn!(subject = %message.subject, %err, "unreadable cluster message");
                    continue;
                }
            };
            if envelope.from != node {
                deliver(envelope, &peers, &online, &closer);
            }
        }
    });
}

/// Acts on one envelope from another node.
fn deliver(envelope: Envelope, peers: &Peers, online: &Online, closer: &Closer) {
    let Envelope { from, body } = envelope;
    let now = Instant::now();
    let presence_changed = match (body, peers.remote()) {
        (Body::Message { user, text }, _) => {
            online.deliver_here(user, text.into());
            false
        }
        (Body::GraphChanged { user }, _) => {
            online.graph_changed_here(user);
            false
        }
        (Body::CloseMember { user }, _) => {
            closer.member_here(user);
            false
        }
        (Body::CloseSession { token_hash }, _) => {
            closer.session_here(token_hash.into());
            false
        }
        (Body::Online { member }, Some(remote)) => remote.online(&from, member, now),
        (Body::Offline { user }, Some(remote)) => remote.offline(&from, user, now),
        (
            Body::Snapshot {
                round,
                members,
                last,
            },
            Some(remote),
        ) => remote.snapshot_part(&from, round, members, last, now),
        (Body::Online { .. } | Body::Offline { .. } | Body::Snapshot { .. }, None) => false,
    };
    if presence_changed {
        online.presence_changed_elsewhere();
    }
}
