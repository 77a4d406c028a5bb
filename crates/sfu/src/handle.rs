//! The cheap, cloneable handle the service uses to talk to the SFU loop.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use stoa_proto::{RoomId, UserId};
use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::oneshot;

use crate::driver::Command;
use crate::peer::{NewPeer, PeerFactory};
use crate::relay::{EdgeOffer, OriginAccept, Upstream};
use crate::stats::{Counters, SfuStats};
use crate::{Publish, SfuError};

struct Inner {
    commands: UnboundedSender<Command>,
    factory: PeerFactory,
    local_addr: SocketAddr,
    counters: Arc<Counters>,
    max_connecting: u64,
}

/// A media connection built from a client's offer ([`SfuHandle::prepare`]), not registered yet.
pub struct PreparedPeer {
    new: Box<NewPeer>,
    answer: String,
}

impl std::fmt::Debug for PreparedPeer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedPeer").finish_non_exhaustive()
    }
}

/// A connection handed to the loop ([`SfuHandle::register`]); its answer may leave once the
/// loop has it ([`Registration::answer`]).
#[derive(Debug)]
pub struct Registration {
    registered: oneshot::Receiver<()>,
    answer: String,
}

impl Registration {
    /// Waits until the loop added the peer, then gives the SDP answer to send the client.
    pub async fn answer(self) -> Result<String, SfuError> {
        self.registered.await.map_err(|_| SfuError::Closed)?;
        Ok(self.answer)
    }
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
                max_connecting: crate::DEFAULT_MAX_CONNECTING,
            }),
        }
    }

    /// Sets how many connections may be in set-up at once ([`crate::SfuConfig::max_connecting`]).
    pub(crate) fn with_max_connecting(mut self, max: u64) -> Self {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.max_connecting = max;
        }
        self
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
        let peer = self.prepare(&offer_sdp)?;
        self.register(room, user, publish, peer, upstream)?
            .answer()
            .await
    }

    /// Builds the connection for a client's SDP offer and its answer: CPU work (parsing, ICE
    /// credentials, the `Rtc`), done by the caller's task, off the forwarding loop and off
    /// whatever task must stay responsive (a room's). Refused at once with [`SfuError::Busy`]
    /// while [`crate::SfuConfig::max_connecting`] connections are still being set up.
    pub fn prepare(&self, offer_sdp: &str) -> Result<PreparedPeer, SfuError> {
        let connecting = self.inner.counters.connecting();
        if connecting >= self.inner.max_connecting {
            self.inner.counters.inc_refused_busy();
            return Err(SfuError::Busy { connecting });
        }
        let (new, answer) = self.inner.factory.build(Instant::now(), offer_sdp)?;
        Ok(PreparedPeer {
            new: Box::new(new),
            answer,
        })
    }

    /// Hands a prepared connection to the loop for `user` in `room` (on an edge, fed over
    /// `upstream`) without waiting: commands keep their order, so a later
    /// [`SfuHandle::set_can_publish`] applies after it. Await [`Registration::answer`] elsewhere.
    pub fn register(
        &self,
        room: RoomId,
        user: UserId,
        publish: impl Into<Publish>,
        peer: PreparedPeer,
        upstream: Option<Box<Upstream>>,
    ) -> Result<Registration, SfuError> {
        let (reply, registered) = oneshot::channel();
        self.inner.counters.inc_admitting();
        let sent = self.inner.commands.send(Command::AddPeer {
            room,
            user,
            publish: publish.into(),
            new: peer.new,
            upstream,
            reply,
        });
        if sent.is_err() {
            self.inner.counters.dec_admitting();
            return Err(SfuError::Closed);
        }
        Ok(Registration {
            registered,
            answer: peer.answer,
        })
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
