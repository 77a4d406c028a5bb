//! The cheap, cloneable handle the service uses to talk to the SFU loop.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use stoa_proto::{RoomId, UserId};
use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::oneshot;

use crate::driver::Command;
use crate::peer::PeerFactory;
use crate::relay::{EdgeOffer, OriginAccept, Upstream};
use crate::stats::{Counters, SfuStats};
use crate::{Publish, SfuError};

struct Inner {
    commands: UnboundedSender<Command>,
    factory: PeerFactory,
    local_addr: SocketAddr,
    counters: Arc<Counters>,
}

/// Talks to a running SFU. Cheap to clone; when the last clone is dropped the SFU stops.
#[derive(Clone)]
pub struct SfuHandle {
    inner: Arc<Inner>,
}

impl SfuHandle {
    pub(crate) fn new(
        commands: UnboundedSender<Command>,
        factory: PeerFactory,
        local_addr: SocketAddr,
        counters: Arc<Counters>,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                commands,
                factory,
                local_addr,
                counters,
            }),
        }
    }

    /// The address the SFU's UDP socket is bound to.
    pub fn local_addr(&self) -> SocketAddr {
        self.inner.local_addr
    }

    /// The host candidates every peer is offered (address and port clients send media to).
    pub fn candidates(&self) -> Vec<SocketAddr> {
        self.inner.factory.candidates().to_vec()
    }

    /// Connects `user` in `room` with their SDP offer and returns the SDP answer. The offer must
    /// have one audio m-line the client sends on (microphone) followed by `AUDIO_SLOTS` recvonly
    /// audio m-lines. The peer is registered with the loop before this returns. A previous
    /// connection of the same user is closed.
    pub async fn connect(
        &self,
        room: RoomId,
        user: UserId,
        offer_sdp: String,
        publish: impl Into<Publish>,
    ) -> Result<String, SfuError> {
        self.add(room, user, offer_sdp, publish.into(), None).await
    }

    /// [`SfuHandle::connect`] for a member of a room whose origin is another node's SFU: its
    /// audio comes over `upstream`, its microphone goes there while the origin permits
    /// ([`crate::relay`]).
    pub async fn connect_edge(
        &self,
        room: RoomId,
        user: UserId,
        offer_sdp: String,
        publish: impl Into<Publish>,
        upstream: Upstream,
    ) -> Result<String, SfuError> {
        let upstream = Some(Box::new(upstream));
        self.add(room, user, offer_sdp, publish.into(), upstream)
            .await
    }

    async fn add(
        &self,
        room: RoomId,
        user: UserId,
        offer_sdp: String,
        publish: Publish,
        upstream: Option<Box<Upstream>>,
    ) -> Result<String, SfuError> {
        // Building the Rtc and the answer happens here, off the forwarding loop.
        let (new, answer) = self.inner.factory.build(Instant::now(), &offer_sdp)?;
        let (reply, registered) = oneshot::channel();
        self.inner
            .commands
            .send(Command::AddPeer {
                room,
                user,
                publish,
                new: Box::new(new),
                upstream,
                reply,
            })
            .map_err(|_| SfuError::Closed)?;
        registered.await.map_err(|_| SfuError::Closed)?;
        Ok(answer)
    }

    /// Edge: the offer for `room`'s link to its origin on node `origin_node` (the same for
    /// every member while the origin stays; send it to the origin's [`SfuHandle::accept_edge`]).
    pub async fn offer_upstream(
        &self,
        room: RoomId,
        origin_node: &str,
    ) -> Result<EdgeOffer, SfuError> {
        let (reply, offered) = oneshot::channel();
        self.inner
            .commands
            .send(Command::OfferUpstream {
                room,
                origin_node: origin_node.to_string(),
                reply,
            })
            .map_err(|_| SfuError::Closed)?;
        offered.await.map_err(|_| SfuError::Closed)
    }

    /// Edge: `room`'s origin moved to another node; its members here keep their connections
    /// and are fed over `upstream` (offered by [`SfuHandle::offer_upstream`] for the new origin
    /// and accepted there).
    pub fn relink(&self, room: RoomId, upstream: Upstream) {
        let upstream = Box::new(upstream);
        let _ = self.inner.commands.send(Command::Relink { room, upstream });
    }

    /// `room`'s origin moved to this node: its members here keep their connections.
    pub fn run_here(&self, room: RoomId) {
        let _ = self.inner.commands.send(Command::RunHere { room });
    }

    /// Origin: sets up the link an edge offered for `room` and returns this end's half.
    pub async fn accept_edge(
        &self,
        room: RoomId,
        offer: EdgeOffer,
    ) -> Result<OriginAccept, SfuError> {
        let (reply, accepted) = oneshot::channel();
        self.inner
            .commands
            .send(Command::AcceptEdge {
                room,
                offer: Box::new(offer),
                reply,
            })
            .map_err(|_| SfuError::Closed)?;
        accepted.await.map_err(|_| SfuError::Closed)
    }

    /// Allows or forbids `user` to publish in `room` (`true`/`false`, or a [`Publish`] that says
    /// why not, for the drop counters); forbidden packets are dropped at the SFU. Ignored if the
    /// user's connection is in another room (the member moved on).
    pub fn set_can_publish(&self, room: RoomId, user: UserId, publish: impl Into<Publish>) {
        let _ = self.inner.commands.send(Command::SetCanPublish {
            room,
            user,
            publish: publish.into(),
        });
    }

    /// Whether the SFU's loop still runs (its socket is bound and read).
    pub fn is_running(&self) -> bool {
        !self.inner.commands.is_closed()
    }

    /// Closes `user`'s connection in `room` (no `Disconnected` event follows). Ignored if the
    /// user's connection is in another room.
    pub fn remove_peer(&self, room: RoomId, user: UserId) {
        let _ = self.inner.commands.send(Command::RemovePeer { room, user });
    }

    /// A snapshot of the counters.
    pub fn stats(&self) -> SfuStats {
        self.inner.counters.snapshot()
    }
}

impl std::fmt::Debug for SfuHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SfuHandle")
            .field("local_addr", &self.inner.local_addr)
            .finish_non_exhaustive()
    }
}
