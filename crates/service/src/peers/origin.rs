//! The room's side of [`room_route`](super::room_route): one listener per node on its own
//! subjects (`{prefix}.node.{node}.>`) that
//! - answers room requests from other nodes' sessions by passing them to the local room task
//!   (found in the registry), each request on its own task;
//! - hands deliveries for this node's sessions to [`Deliveries`](super::deliver::Deliveries).
//!
//! A remote session is known here by (its node, its handle's number there) and gets a session
//! id of this node, so it never mixes with a local one; its [`SessionLink`]'s outbox is drained
//! to its node by [`forward`](super::deliver::forward). It is forgotten on `SessionGone`, or
//! when its node falls silent (then the room hears `SessionGone` too: the member's reconnect
//! grace starts, as when a local socket drops).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use stoa_proto::{RoomId, UserId};
use tokio::sync::oneshot;
use tokio::time::Instant;

use super::room_route::RoomRoute;
use super::room_wire::{
    self, Deliver, MediaAnswer, RoomAnswer, RoomOp, RoomReply, RoomRequest, WireError,
};
use crate::rooms::{RoomHandle, RoomMsg, Rooms, SessionLink};
use crate::ServiceError;

/// How often the origin looks for remote sessions whose node fell silent.
const SWEEP_EVERY: Duration = Duration::from_secs(1);

/// A remote session as the origin knows it: its node, its handle's number there.
type RemoteKey = (String, u64);

/// One remote session in one of this node's rooms.
#[derive(Clone)]
struct RemoteSession {
    link: SessionLink,
    user: UserId,
    room: RoomId,
}

/// The origin's side: the rooms and the remote sessions in them.
struct Origin {
    route: Arc<RoomRoute>,
    rooms: Rooms,
    sessions: Mutex<HashMap<RemoteKey, RemoteSession>>,
}

/// Starts the listener on `subscriber` (this node's own subjects); it ends when the service
/// stops.
pub(crate) fn spawn(route: Arc<RoomRoute>, rooms: Rooms, mut subscriber: async_nats::Subscriber) {
    let background = route.background().clone();
    let origin = Arc::new(Origin {
        route,
        rooms,
        sessions: Mutex::default(),
    });
    let deliver = room_wire::deliver_subject(origin.route.prefix(), origin.route.node());
    let sweeper = origin.clone();
    background.spawn_until_stopped("cluster remote session sweeper", async move {
        loop {
            tokio::time::sleep(SWEEP_EVERY).await;
            sweeper.sweep();
        }
    });
    background
        .clone()
        .spawn_until_stopped("cluster room listener", async move {
            while let Some(message) = subscriber.next().await {
                if message.subject.as_str() == deliver {
                    match serde_json::from_slice::<Deliver>(&message.payload) {
                        Ok(deliver) => {
                            // Out of the room: its media on this node (an edge) goes too.
                            if let Some((room, user)) = origin.route.deliveries().deliver(deliver) {
                                origin.route.sfu().remove_peer(room, user);
                            }
                        }
                        Err(err) => tracing::warn!(%err, "unreadable delivery from another node"),
                    }
                    continue;
                }
                let Some(reply_to) = message.reply.clone() else {
                    continue;
                };
                let request = match serde_json::from_slice::<RoomRequest>(&message.payload) {
                    Ok(request) => request,
                    Err(err) => {
                        tracing::warn!(%err, "unreadable room request from another node");
                        continue;
                    }
                };
                let origin = origin.clone();
                background.spawn_until_stopped("cluster room request", async move {
                    let reply: RoomReply = origin
                        .handle(request)
                        .await
                        .map_err(|e| WireError::from(&e));
                    let reply = match serde_json::to_vec(&reply) {
                        Ok(reply) => reply,
                        Err(err) => {
                            tracing::warn!(%err, "cannot encode a room reply");
                            return;
                        }
                    };
                    if let Err(err) = origin.route.client().publish(reply_to, reply.into()).await {
                        tracing::debug!(%err, "room reply to another node failed");
                    }
                });
            }
        });
}

impl Origin {
    /// Passes one request to its room task; answers as a local session would be answered.
    async fn handle(&self, request: RoomRequest) -> Result<RoomAnswer, ServiceError> {
        let RoomRequest {
            room,
            from,
            session,
            handle: number,
            op,
        } = request;
        if let Some(remote) = self.rooms.registry().remote() {
            remote.spoke(&from, Instant::now());
        }
        let key = (from, number);
        let handle = self.rooms.registry().get(&room);
        if let RoomOp::SessionGone { .. } = op {
            self.forget(&key);
            return Ok(RoomAnswer::Done);
        }
        let Some(handle) = handle else {
            return Err(self.not_here(&room).await);
        };
        match op {
            RoomOp::Join { user, gate } => {
                let id = user.id;
                let link = self.link(&key, session, id, &room);
                ask(&handle, |reply| RoomMsg::Join {
                    user,
                    link,
                    gate,
                    reply,
                })
                .await?;
                let registry = self.rooms.registry();
                if let Some(previous) = registry.enter(id, &room) {
                    if let Some(other) = registry.get(&previous) {
                        other.send(RoomMsg::MovedAway { user: id });
                    }
                }
                Ok(RoomAnswer::Done)
            }
            RoomOp::Command { command } => {
                let session = self.session_id(&key)?;
                ask(&handle, |reply| RoomMsg::Command {
                    session,
                    command,
                    reply,
                })
                .await
                .map(|()| RoomAnswer::Done)
            }
            RoomOp::Extra { user, extra } => {
                let session = self.session_id(&key)?;
                ask(&handle, |reply| RoomMsg::Extra {
                    user,
                    session,
                    extra,
                    reply,
                })
                .await
                .map(|()| RoomAnswer::Done)
            }
            RoomOp::MovedAway { user } => {
                handle.send(RoomMsg::MovedAway { user });
                Ok(RoomAnswer::Done)
            }
            RoomOp::Offer { user, relay } => {
                let session = self.session_id(&key)?;
                let (reply, answer) = oneshot::channel();
                handle.send(RoomMsg::RelayOffer {
                    user,
                    session,
                    offer: relay.into(),
                    reply,
                });
                let (accept, publish) = answer.await.unwrap_or(Err(ServiceError::RoomEnded))?;
                Ok(RoomAnswer::Media(MediaAnswer {
                    link: accept.link,
                    addr: accept.addr,
                    publish,
                }))
            }
            RoomOp::Ping { by, target } => {
                let (reply, answer) = oneshot::channel();
                let ping = crate::rooms::RoomPing { by, target };
                handle.send(RoomMsg::Ping { ping, reply });
                let title = answer.await.unwrap_or(Err(ServiceError::RoomEnded))?;
                Ok(RoomAnswer::Pinged { title })
            }
            RoomOp::SessionGone { .. } => Ok(RoomAnswer::Done),
        }
    }

    /// The link of the remote session `key` (session `session` of its node, `user`, in `room`),
    /// made with its forwarder on its first join.
    fn link(&self, key: &RemoteKey, session: u64, user: UserId, room: &RoomId) -> SessionLink {
        let mut sessions = self.lock();
        if let Some(known) = sessions.get(key) {
            return known.link.clone();
        }
        let (tx, inbox) = crate::outbox::outbox();
        let link = SessionLink {
            id: crate::session::next_session_id(),
            tx,
        };
        super::deliver::forward(
            self.route.background(),
            self.route.client().clone(),
            room_wire::deliver_subject(self.route.prefix(), &key.0),
            session,
            inbox,
        );
        let known = RemoteSession {
            link: link.clone(),
            user,
            room: room.clone(),
        };
        sessions.insert(key.clone(), known);
        link
    }

    /// Forgets the remote session `key`; its room hears it is gone.
    fn forget(&self, key: &RemoteKey) {
        let Some(known) = self.lock().remove(key) else {
            return;
        };
        if let Some(handle) = self.rooms.registry().get(&known.room) {
            handle.send(RoomMsg::SessionGone {
                user: known.user,
                session: known.link.id,
            });
        }
    }

    /// Forgets the remote sessions whose node this node no longer hears from.
    fn sweep(&self) {
        let Some(remote) = self.rooms.registry().remote() else {
            return;
        };
        let silent: Vec<RemoteKey> = self
            .lock()
            .keys()
            .filter(|(node, _)| !remote.knows(node))
            .cloned()
            .collect();
        for key in silent {
            tracing::info!(node = %key.0, "node silent: its session in a room here is gone");
            self.forget(&key);
        }
    }

    /// This node's id for the remote session `key` (it joined first).
    fn session_id(&self, key: &RemoteKey) -> Result<u64, ServiceError> {
        self.lock()
            .get(key)
            .map(|known| known.link.id)
            .ok_or(ServiceError::NotInRoom)
    }

    /// Why a request for `room` finds no room task here: it ended, or it runs elsewhere now.
    async fn not_here(&self, room: &RoomId) -> ServiceError {
        match self.rooms.store().room(room).await {
            Ok(Some(record)) if record.ended_at.is_some() => ServiceError::RoomEnded,
            Ok(None) => ServiceError::NotFound("room"),
            Ok(Some(_)) => ServiceError::Remote {
                code: stoa_proto::ErrorCode::NotInRoom,
                message: "this room moved to another node: join it again".to_string(),
            },
            Err(err) => err.into(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<RemoteKey, RemoteSession>> {
        self.sessions.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Sends a request to the local room task and waits for its answer (`room_ended` if it ended).
async fn ask(
    room: &RoomHandle,
    make: impl FnOnce(oneshot::Sender<Result<(), ServiceError>>) -> RoomMsg,
) -> Result<(), ServiceError> {
    let (reply, answer) = oneshot::channel();
    room.send(make(reply));
    answer.await.unwrap_or(Err(ServiceError::RoomEnded))
}
