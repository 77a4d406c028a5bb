//! A session's way into a room that runs on another node (the holder of the room's lease, its
//! origin): a [`RoomHandle`] like a local room's, whose messages a small task turns into NATS
//! requests to the origin ([`super::origin`] answers them).
//!
//! - `Join`, `Command`, `Extra`, `SessionGone` and `MovedAway` travel, one at a time and in
//!   order, and each waits for the origin's answer (at most [`REQUEST_TIMEOUT`]; no answer is
//!   [`ServiceError::ClusterUnavailable`]). A refusal comes back with its code and message.
//! - On `Join` the session's outbox is registered in [`Deliveries`], so what the room sends it
//!   arrives; the registration ends with the handle (the session closed, or left the room),
//!   and the origin is told the session is gone.
//! - `Offer` connects the member's media here, on an edge of the room ([`stoa_sfu::relay`]):
//!   this node's SFU offers the room's link, the origin accepts it (and says whether the member
//!   may publish), and the member's connection joins the edge room fed by that link.
//! - A room that moves (a takeover) is followed: when its new origin announces it
//!   ([`RoomRoute::room_at`]), each handle joins it again there as the same session and, if the
//!   member's media is on this node, links the edge to the new origin (or, when the room now
//!   runs here, lets this node's SFU forward it): members stay connected, in the room and
//!   hearing, without doing anything. Until then requests fail (the old origin does not answer).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use stoa_proto::rest::UserSummary;
use stoa_proto::RoomId;
use tokio::sync::{mpsc, watch};

use super::deliver::Deliveries;
use stoa_proto::UserId;
use stoa_sfu::relay::{OriginAccept, Upstream};

use super::room_wire::{self, RoomAnswer, RoomOp, RoomReply, RoomRequest};
use crate::rooms::{JoinGate, RoomHandle, RoomMsg};
use crate::ServiceError;

/// How long a request to a room's node may take.
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(3);

/// What the member's node needs to reach rooms on other nodes. Shared by its sessions.
pub(crate) struct RoomRoute {
    client: async_nats::Client,
    prefix: Arc<str>,
    node: Arc<str>,
    deliveries: Deliveries,
    background: crate::Background,
    /// This node's SFU (edges of rooms that run elsewhere).
    sfu: stoa_sfu::SfuHandle,
    /// Numbers the handles.
    handles: AtomicU64,
    /// Where each room with a handle here runs, as last announced; handles follow it.
    origins: Mutex<HashMap<RoomId, watch::Sender<Arc<str>>>>,
}

impl RoomRoute {
    pub(crate) fn new(
        client: async_nats::Client,
        prefix: &str,
        node: &str,
        background: crate::Background,
        sfu: stoa_sfu::SfuHandle,
    ) -> Self {
        Self {
            client,
            prefix: prefix.into(),
            node: node.into(),
            deliveries: Deliveries::default(),
            background,
            sfu,
            handles: AtomicU64::new(1),
            origins: Mutex::default(),
        }
    }

    /// `room` runs on `node` (its origin announced it, or this node took it over): the handles
    /// to it here follow if it moved.
    pub(crate) fn room_at(&self, room: &RoomId, node: &str) {
        if let Some(origin) = self.lock_origins().get(room) {
            origin.send_if_modified(|current| {
                let moved = &**current != node;
                if moved {
                    *current = node.into();
                }
                moved
            });
        }
    }

    fn lock_origins(&self) -> MutexGuard<'_, HashMap<RoomId, watch::Sender<Arc<str>>>> {
        self.origins.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Where `room` runs, followed from `origin` on.
    fn follow(&self, room: &RoomId, origin: &str) -> watch::Receiver<Arc<str>> {
        self.lock_origins()
            .entry(room.clone())
            .or_insert_with(|| watch::channel(origin.into()).0)
            .subscribe()
    }

    /// Stops following `room` once no handle to it is left.
    fn unfollow(&self, room: &RoomId) {
        let mut origins = self.lock_origins();
        if origins.get(room).is_some_and(|o| o.receiver_count() == 0) {
            origins.remove(room);
        }
    }

    /// This node's SFU.
    pub(crate) fn sfu(&self) -> &stoa_sfu::SfuHandle {
        &self.sfu
    }

    /// This node's id.
    pub(crate) fn node(&self) -> &str {
        &self.node
    }

    /// The subject prefix.
    pub(crate) fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The NATS connection.
    pub(crate) fn client(&self) -> &async_nats::Client {
        &self.client
    }

    /// The service's background tasks.
    pub(crate) fn background(&self) -> &crate::Background {
        &self.background
    }

    /// This node's sessions in rooms elsewhere.
    pub(crate) fn deliveries(&self) -> &Deliveries {
        &self.deliveries
    }

    /// A handle to `room`, which runs on node `origin`. Its task ends with the last clone.
    pub(crate) fn handle(self: &Arc<Self>, origin: String, room: RoomId) -> RoomHandle {
        let (tx, rx) = mpsc::unbounded_channel();
        let route = self.clone();
        let moves = self.follow(&room, &origin);
        self.background.spawn_until_stopped(
            "remote room handle",
            Proxy {
                number: self.handles.fetch_add(1, Ordering::Relaxed),
                route,
                origin,
                room,
                session: None,
            }
            .run(rx, moves),
        );
        RoomHandle { tx }
    }

    /// Sends one request to `origin` and waits for its answer.
    async fn request(
        &self,
        origin: &str,
        request: &RoomRequest,
    ) -> Result<RoomAnswer, ServiceError> {
        let unavailable = |why: String| ServiceError::ClusterUnavailable(why);
        let payload = serde_json::to_vec(request)
            .map_err(|err| ServiceError::Internal(format!("encode a room request: {err}")))?;
        let subject = room_wire::room_subject(&self.prefix, origin);
        let answer = tokio::time::timeout(
            REQUEST_TIMEOUT,
            self.client.request(subject, payload.into()),
        )
        .await
        .map_err(|_| unavailable(format!("the room's node {origin} did not answer in time")))?
        .map_err(|err| match err.kind() {
            async_nats::RequestErrorKind::NoResponders => {
                unavailable(format!("the room's node {origin} is not running"))
            }
            _ => unavailable(format!("the room's node {origin} did not answer: {err}")),
        })?;
        let reply: RoomReply = serde_json::from_slice(&answer.payload)
            .map_err(|err| unavailable(format!("unreadable answer from node {origin}: {err}")))?;
        reply.map_err(ServiceError::from)
    }
}

/// The task behind one remote handle.
struct Proxy {
    /// This handle's number on this node.
    number: u64,
    route: Arc<RoomRoute>,
    origin: String,
    room: RoomId,
    /// The session that joined through it.
    session: Option<Joined>,
}

/// The session a remote handle serves.
struct Joined {
    /// Its id on this node.
    id: u64,
    user: stoa_proto::UserId,
    /// How it joined (to join again where the room moves).
    summary: UserSummary,
    gate: JoinGate,
    /// Its registration in [`Deliveries`].
    registration: u64,
    /// The origin was already told it is gone.
    gone: bool,
    /// Its media connected on this node (an edge of the room).
    media: bool,
}

impl Proxy {
    async fn run(
        mut self,
        mut rx: mpsc::UnboundedReceiver<RoomMsg>,
        mut moves: watch::Receiver<Arc<str>>,
    ) {
        loop {
            tokio::select! {
                msg = rx.recv() => match msg {
                    Some(msg) => self.on_message(msg).await,
                    None => break,
                },
                Ok(()) = moves.changed() => {
                    let origin = moves.borrow_and_update().to_string();
                    self.moved(origin).await;
                }
            }
        }
        drop(moves);
        self.route.unfollow(&self.room);
        // The session closed or left the room: stop delivering, tell the origin.
        if let Some(joined) = self.session.take() {
            self.route.deliveries.remove(joined.id, joined.registration);
            if !joined.gone {
                let user = joined.user;
                let _ = self.ask(joined.id, RoomOp::SessionGone { user }).await;
            }
        }
    }

    async fn on_message(&mut self, msg: RoomMsg) {
        match msg {
            RoomMsg::Join {
                user,
                link,
                gate,
                reply,
            } => {
                let registration = self.route.deliveries.add(link.id, link.tx, user.id);
                if let Some(old) = self.session.take() {
                    self.route.deliveries.remove(old.id, old.registration);
                }
                self.session = Some(Joined {
                    id: link.id,
                    user: user.id,
                    summary: user.clone(),
                    gate: gate.clone(),
                    registration,
                    gone: false,
                    media: false,
                });
                let _ = reply.send(self.ask(link.id, RoomOp::Join { user, gate }).await);
            }
            RoomMsg::Command {
                session,
                command,
                reply,
            } => {
                let _ = reply.send(self.ask(session, RoomOp::Command { command }).await);
            }
            RoomMsg::Extra {
                user,
                session,
                extra,
                reply,
            } => {
                let _ = reply.send(self.ask(session, RoomOp::Extra { user, extra }).await);
            }
            RoomMsg::SessionGone { user, session } => {
                if let Some(joined) = self.session.as_mut().filter(|j| j.id == session) {
                    joined.gone = true;
                }
                let _ = self.ask(session, RoomOp::SessionGone { user }).await;
            }
            RoomMsg::MovedAway { user } => {
                if let Some(session) = self.session.as_ref().map(|j| j.id) {
                    let _ = self.ask(session, RoomOp::MovedAway { user }).await;
                }
            }
            RoomMsg::Offer {
                user,
                session,
                peer,
                reply,
            } => {
                let answer = self.media(user, session, peer).await;
                if let Some(joined) = self.session.as_mut().filter(|_| answer.is_ok()) {
                    joined.media = true;
                }
                let _ = reply.send(answer);
            }
            RoomMsg::Ping { ping, reply } => {
                let op = RoomOp::Ping {
                    by: ping.by,
                    target: ping.target,
                };
                let _ = reply.send(match self.ask_for(0, op).await {
                    Ok(RoomAnswer::Pinged { title }) => Ok(title),
                    Ok(_) => Err(ServiceError::Internal(
                        "the origin sent no ping answer".into(),
                    )),
                    Err(err) => Err(err),
                });
            }
            // Only the origin's own parts send the rest, to its local handle; dropping a
            // reply reads as "the room ended" to a waiting caller.
            _ => {}
        }
    }

    async fn ask(&self, session: u64, op: RoomOp) -> Result<(), ServiceError> {
        self.ask_for(session, op).await.map(|_| ())
    }

    async fn ask_for(&self, session: u64, op: RoomOp) -> Result<RoomAnswer, ServiceError> {
        let request = RoomRequest {
            room: self.room.clone(),
            from: self.route.node.to_string(),
            session,
            handle: self.number,
            op,
        };
        self.route.request(&self.origin, &request).await
    }

    /// The room now runs on `origin`: join it there again as the same session, then move the
    /// member's media over (an edge linked to the new origin, or this node's own room).
    async fn moved(&mut self, origin: String) {
        tracing::info!(room = %self.room, %origin, "room moved: following it");
        self.origin = origin;
        let Some(joined) = &self.session else {
            return;
        };
        let (session, user, media) = (joined.id, joined.user, joined.media);
        let op = RoomOp::Join {
            user: joined.summary.clone(),
            gate: joined.gate.clone(),
        };
        let sfu = &self.route.sfu;
        if media && self.origin == *self.route.node {
            sfu.run_here(self.room.clone());
        }
        if let Err(err) = self.ask(session, op).await {
            tracing::info!(room = %self.room, %err, "joining the moved room failed");
            return;
        }
        if !media || self.origin == *self.route.node {
            return;
        }
        match self.upstream(user, session).await {
            Ok((upstream, _)) => sfu.relink(self.room.clone(), upstream),
            Err(err) => tracing::info!(room = %self.room, %err, "linking to the moved room failed"),
        }
    }

    /// The room's link from this node to its origin for `user`'s media, and whether they may
    /// publish now.
    async fn upstream(&self, user: UserId, session: u64) -> Result<(Upstream, bool), ServiceError> {
        let offer = self
            .route
            .sfu
            .offer_upstream(self.room.clone(), &self.origin)
            .await?;
        let relay = offer.clone().into();
        let RoomAnswer::Media(answer) =
            self.ask_for(session, RoomOp::Offer { user, relay }).await?
        else {
            return Err(ServiceError::Internal(
                "the origin sent no media answer".into(),
            ));
        };
        let upstream = Upstream {
            origin_node: self.origin.clone(),
            offer,
            accept: OriginAccept {
                link: answer.link,
                addr: answer.addr,
            },
        };
        Ok((upstream, answer.publish))
    }

    /// Connects `user`'s media on this node, an edge of the room: the link's offer, the
    /// origin's accept, then the member's connection's registration.
    async fn media(
        &self,
        user: UserId,
        session: u64,
        peer: stoa_sfu::PreparedPeer,
    ) -> Result<stoa_sfu::Registration, ServiceError> {
        let (upstream, publish) = self.upstream(user, session).await?;
        Ok(self.route.sfu.register(
            self.room.clone(),
            user,
            publish,
            peer,
            Some(Box::new(upstream)),
        )?)
    }
}
