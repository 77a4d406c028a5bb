//! One signaling WebSocket session: turns [`ClientMessage`]s into room task requests and
//! collects everything the member should be told into one outgoing queue.

use std::sync::atomic::{AtomicU64, Ordering};

use stoa_proto::ws::{ClientMessage, CommandId, LeaveReason, ServerMessage};
use stoa_proto::RoomId;
use stoa_room::Command;
use tokio::sync::oneshot;

use crate::accounts::Member;
use crate::rooms::{JoinGate, RoomExtra, RoomHandle, RoomMsg, Rooms, SessionLink};
use crate::ServiceError;

static NEXT_SESSION: AtomicU64 = AtomicU64::new(1);

/// A new session id, unique on this node (also for the sessions of other nodes in this node's
/// rooms: see `peers::origin`).
pub(crate) fn next_session_id() -> u64 {
    NEXT_SESSION.fetch_add(1, Ordering::Relaxed)
}

/// A member's signaling session. Dropping it without [`Session::close`] leaves the room
/// task to notice the closed queue on its next send; call `close` to start the reconnect grace
/// period at once.
pub struct Session {
    rooms: Rooms,
    member: Member,
    link: SessionLink,
    room: Option<(RoomId, RoomHandle)>,
    /// The member's follows, blocks and clubs, shared with the session's feed.
    graph: std::sync::Arc<crate::graph_cache::GraphCache>,
    /// Keeps the member online while the session lives (unregisters on drop).
    _online: crate::online::Registration,
}

impl Rooms {
    /// Opens a session for `member`. The receiver yields every message for the client, starting
    /// with `hello` and the hallway (sent again whenever it changes).
    pub fn open_session(&self, member: Member) -> (Session, crate::outbox::Inbox) {
        let (tx, rx) = crate::outbox::outbox();
        let _ = tx.send(ServerMessage::Hello {
            user: member.summary(),
        });
        let link = SessionLink {
            id: next_session_id(),
            tx,
        };
        let (online, graph) =
            crate::presence::start_session_feeds(self.presence(), &member, link.id, &link.tx);
        (
            Session {
                rooms: self.clone(),
                member,
                link,
                room: None,
                graph,
                _online: online,
            },
            rx,
        )
    }
}

impl Session {
    /// The member behind this session.
    pub fn member(&self) -> &Member {
        &self.member
    }

    /// Handles one client message; failures are sent to the client as `error` messages.
    pub async fn handle(&mut self, msg: ClientMessage) {
        self.handle_with_id(msg, None).await;
    }

    /// Handles one client message that carried `id`; a failure is sent to the client as an
    /// `error` message carrying the same `id`.
    pub async fn handle_with_id(&mut self, msg: ClientMessage, id: Option<CommandId>) {
        if let Err(err) = self.dispatch(msg).await {
            self.reject(err.code(), err.public_message(), id);
        }
    }

    /// Tells the client a message (the one that carried `id`, if any) was refused.
    pub fn reject(
        &self,
        code: stoa_proto::ErrorCode,
        message: impl Into<String>,
        id: Option<CommandId>,
    ) {
        crate::telemetry::count_error(code, "ws");
        let _ = self.link.tx.send(ServerMessage::Error {
            code,
            message: message.into(),
            id,
        });
    }

    /// The room this session is in, if any.
    pub fn room_id(&self) -> Option<&RoomId> {
        self.room.as_ref().map(|(id, _)| id)
    }

    /// Ends the session: the member keeps their place in the room for the grace period.
    pub fn close(self) {
        self.rooms.join_timer().forget(self.member.record.id);
        if let Some((_, room)) = &self.room {
            room.send(RoomMsg::SessionGone {
                user: self.member.record.id,
                session: self.link.id,
            });
        }
    }

    async fn dispatch(&mut self, msg: ClientMessage) -> Result<(), ServiceError> {
        let me = self.member.record.id;
        let command = match msg {
            ClientMessage::JoinRoom { room_id } => return self.join(room_id).await,
            ClientMessage::Offer { sdp } => {
                let (room, session) = (self.current_room()?, self.link.id);
                // Built here (CPU work, or `server_busy` at once), registered by the room,
                // awaited here: the room's task never waits for the SFU.
                let peer = self.rooms.sfu().prepare(&sdp)?;
                let registration = ask(room, |reply| RoomMsg::Offer {
                    user: me,
                    session,
                    peer,
                    reply,
                })
                .await?;
                let answer = registration.answer().await?;
                let _ = self.link.tx.send(ServerMessage::Answer { sdp: answer });
                return Ok(());
            }
            ClientMessage::LeaveRoom => {
                let left = self
                    .send_command(Command::Leave {
                        user: me,
                        reason: LeaveReason::Left,
                    })
                    .await;
                // Leaving a room that ended meanwhile is not an error: the member is out.
                left.or_else(|e| match e {
                    ServiceError::RoomEnded => Ok(()),
                    other => Err(other),
                })?;
                self.room = None;
                return Ok(());
            }
            ClientMessage::RaiseHand => Command::RaiseHand { user: me },
            ClientMessage::LowerHand => Command::LowerHand { user: me },
            ClientMessage::InviteToSpeak { user_id } => Command::InviteToSpeak {
                by: me,
                target: user_id,
            },
            ClientMessage::AcceptSpeakInvite => Command::AcceptSpeakInvite { user: me },
            ClientMessage::DeclineSpeakInvite => Command::DeclineSpeakInvite { user: me },
            ClientMessage::MoveToAudience { user_id } => Command::MoveToAudience {
                by: me,
                target: user_id,
            },
            ClientMessage::Mute { user_id } => Command::Mute {
                by: me,
                target: user_id,
            },
            ClientMessage::SetMuted { muted } => Command::SetMuted { user: me, muted },
            ClientMessage::Remove { user_id } => Command::Remove {
                by: me,
                target: user_id,
            },
            ClientMessage::MakeModerator { user_id } => Command::MakeModerator {
                by: me,
                target: user_id,
            },
            ClientMessage::React { reaction } => {
                return self.send_extra(RoomExtra::React(reaction)).await
            }
            ClientMessage::PinLink { url, title } => {
                let (url, title) = crate::rooms::validate_pinned_link(&url, &title)?;
                return self.send_extra(RoomExtra::Pin { url, title }).await;
            }
            ClientMessage::UnpinLink => return self.send_extra(RoomExtra::Unpin).await,
        };
        self.send_command(command).await
    }

    /// Enters `room_id`. The room's access rule is checked before leaving the current room, so
    /// a refused join changes nothing; the room task checks it again with its own state.
    async fn join(&mut self, room_id: RoomId) -> Result<(), ServiceError> {
        let me = self.member.record.id;
        let (handle, access, remote) = match (
            self.rooms.registry().get(&room_id),
            self.rooms.registry().access(&room_id),
        ) {
            (Some(handle), Some(access)) => (handle, access, false),
            _ => match self.rooms.remote_room(&room_id).await? {
                Some((handle, access)) => (handle, access, true),
                None => return Err(self.rooms.gone_room_error(&room_id).await?),
            },
        };
        let graph = self.graph.get(self.rooms.presence()).await?;
        let gate = JoinGate::load(self.rooms.store(), &access, &graph).await?;
        let inside = if remote {
            let anywhere = self.rooms.registry().room_anywhere(me);
            anywhere.is_some_and(|(summary, _)| summary.id == room_id)
        } else {
            self.rooms.registry().room_of(me).as_ref() == Some(&room_id)
        };
        if !inside {
            gate.check(&access, me)?;
        }
        if let Some((current, _)) = &self.room {
            if *current != room_id {
                let me = self.member.record.id;
                // The current room may have ended while this session sat in it: nothing to leave.
                match self
                    .send_command(Command::Leave {
                        user: me,
                        reason: LeaveReason::Left,
                    })
                    .await
                {
                    Ok(()) | Err(ServiceError::RoomEnded) => self.room = None,
                    Err(err) => return Err(err),
                }
            }
        }
        let (user, link) = (self.member.summary(), self.link.clone());
        ask(&handle, |reply| RoomMsg::Join {
            user,
            link,
            gate,
            reply,
        })
        .await?;
        let registry = self.rooms.registry();
        // A room on another node: that node records where the member is (and tells the others).
        let previous = if remote {
            registry.room_of(me).filter(|previous| *previous != room_id)
        } else {
            registry.enter(me, &room_id)
        };
        if let Some(previous) = previous {
            if let Some(other) = registry.get(&previous) {
                other.send(RoomMsg::MovedAway { user: me });
            }
        }
        self.room = Some((room_id, handle));
        self.rooms.join_timer().joined(self.member.record.id);
        Ok(())
    }

    async fn send_command(&mut self, command: Command) -> Result<(), ServiceError> {
        let session = self.link.id;
        let room = self.current_room()?;
        ask(room, |reply| RoomMsg::Command {
            session,
            command,
            reply,
        })
        .await
    }

    async fn send_extra(&mut self, extra: RoomExtra) -> Result<(), ServiceError> {
        let (user, session) = (self.member.record.id, self.link.id);
        let room = self.current_room()?;
        ask(room, |reply| RoomMsg::Extra {
            user,
            session,
            extra,
            reply,
        })
        .await
    }

    fn current_room(&self) -> Result<&RoomHandle, ServiceError> {
        self.room
            .as_ref()
            .map(|(_, handle)| handle)
            .ok_or(ServiceError::NotInRoom)
    }
}

/// Sends a request to a room task and waits for its answer. A room that ended meanwhile
/// answers `room_ended`.
async fn ask<T>(
    room: &RoomHandle,
    make: impl FnOnce(oneshot::Sender<Result<T, ServiceError>>) -> RoomMsg,
) -> Result<T, ServiceError> {
    let (reply, answer) = oneshot::channel();
    room.send(make(reply));
    answer.await.unwrap_or(Err(ServiceError::RoomEnded))
}
