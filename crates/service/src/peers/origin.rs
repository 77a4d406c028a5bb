//! The room's side of [`room_route`](super::room_route): one listener per node on its own
//! subjects (`{prefix}.node.{node}.>`) that
//! - answers room requests from other nodes' sessions by passing them to the local room task
//!   (found in the registry), each request on its own task;
//! - hands deliveries for this node's sessions to [`Deliveries`](super::deliver::Deliveries).
//!
//! A remote session is known here by (its node, its id there, the room) and gets a session id
//! of this node, so it never mixes with a local one; its [`SessionLink`]'s outbox is drained to
//! its node by [`forward`](super::deliver::forward). It is forgotten on `SessionGone`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use futures_util::StreamExt;
use stoa_proto::RoomId;
use tokio::sync::oneshot;

use super::room_route::RoomRoute;
use super::room_wire::{self, Deliver, RoomOp, RoomReply, RoomRequest, WireError};
use crate::rooms::{RoomHandle, RoomMsg, Rooms, SessionLink};
use crate::ServiceError;

/// A remote session as the origin knows it: its node, its id there, the room.
type RemoteKey = (String, u64, RoomId);

/// The origin's side: the rooms and the remote sessions in them.
struct Origin {
    route: Arc<RoomRoute>,
    rooms: Rooms,
    sessions: Mutex<HashMap<RemoteKey, SessionLink>>,
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
    background
        .clone()
        .spawn_until_stopped("cluster room listener", async move {
            while let Some(message) = subscriber.next().await {
                if message.subject.as_str() == deliver {
                    match serde_json::from_slice::<Deliver>(&message.payload) {
                        Ok(deliver) => origin.route.deliveries().deliver(deliver),
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
    async fn handle(&self, request: RoomRequest) -> Result<(), ServiceError> {
        let RoomRequest {
            room,
            from,
            session,
            op,
        } = request;
        let key = (from, session, room);
        let handle = self.rooms.registry().get(&key.2);
        if let RoomOp::SessionGone { user } = op {
            if let (Some(link), Some(handle)) = (self.lock().remove(&key), handle) {
                handle.send(RoomMsg::SessionGone {
                    user,
                    session: link.id,
                });
            }
            return Ok(());
        }
        let Some(handle) = handle else {
            return Err(self.not_here(&key.2).await);
        };
        match op {
            RoomOp::Join { user, gate } => {
                let link = self.link(&key);
                let id = user.id;
                ask(&handle, |reply| RoomMsg::Join {
                    user,
                    link,
                    gate,
                    reply,
                })
                .await?;
                let registry = self.rooms.registry();
                if let Some(previous) = registry.enter(id, &key.2) {
                    if let Some(other) = registry.get(&previous) {
                        other.send(RoomMsg::MovedAway { user: id });
                    }
                }
                Ok(())
            }
            RoomOp::Command { command } => {
                let session = self.session_id(&key)?;
                ask(&handle, |reply| RoomMsg::Command {
                    session,
                    command,
                    reply,
                })
                .await
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
            }
            RoomOp::MovedAway { user } => {
                handle.send(RoomMsg::MovedAway { user });
                Ok(())
            }
            RoomOp::SessionGone { .. } => Ok(()),
        }
    }

    /// The link of the remote session `key`, made (with its forwarder) on its first join.
    fn link(&self, key: &RemoteKey) -> SessionLink {
        let mut sessions = self.lock();
        if let Some(link) = sessions.get(key) {
            return link.clone();
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
            key.1,
            inbox,
        );
        sessions.insert(key.clone(), link.clone());
        link
    }

    /// This node's id for the remote session `key` (it joined first).
    fn session_id(&self, key: &RemoteKey) -> Result<u64, ServiceError> {
        self.lock()
            .get(key)
            .map(|link| link.id)
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

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<RemoteKey, SessionLink>> {
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
