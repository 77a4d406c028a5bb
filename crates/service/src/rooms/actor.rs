//! One live room as a task: it owns the `stoa_room::Room` state machine, the links to its
//! members' WebSocket sessions and the room's media permissions in the SFU.
//!
//! Its loop: take a [`RoomMsg`] (join, command, offer, session gone, grace expired, SFU event),
//! apply it to the state machine, then turn the resulting effects into wire messages, SFU
//! permission changes, a new hallway summary and access data, and a saved snapshot for restart
//! recovery. Who may enter, kind changes, pings and the stage's follows are in [`gate`]; the
//! wire views of the room (participant, snapshot, summary) in [`views`]; reactions and the pinned
//! link in [`extras`]; the moderation log in [`modlog`]; the host grace period and suspensions
//! in [`host`]; notifications the room stores and takes back in [`notices`]; the saved state and the room's end in [`persist`]; sending to the members (one
//! serialization per broadcast, batched audience updates) in [`outgoing`].
//!
//! The loop never waits for a write it does not need the result of: those go to the room's
//! ordered write queue ([`writes`]), which drains before the task ends (room ended, or server
//! stopping). The task and its timers live until the room ends or the server stops
//! ([`crate::Background`]).

mod encoded;
mod extras;
mod gate;
mod host;
mod modlog;
mod notices;
mod outgoing;
mod persist;
mod relay;
mod views;
mod writes;

pub(crate) use writes::{RoomWrite, ROOM_WRITE_OPS};

use std::collections::{HashMap, HashSet};

use stoa_proto::rest::{RoomSummary, UserSummary};
use stoa_proto::ws::{LeaveReason, ServerMessage};
use stoa_proto::{RoomId, RoomKind, UserId};
use stoa_room::{Command, Effect, Room};
use stoa_sfu::{Publish, SfuEvent};
use stoa_store::RoomRecord;
use tokio::sync::mpsc;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::access::JoinGate;
use super::batch::UpdateBatch;
use super::messages::{RoomHandle, RoomMsg, SessionLink};
use super::ownership::Owned;
use super::stage_follows::StageFollows;

use super::Rooms;
use crate::ServiceError;

pub(crate) struct RoomTask {
    /// The rooms service: store, SFU, registry, configuration, notifications.
    stoa: Rooms,
    id: RoomId,
    title: String,
    kind: RoomKind,
    /// The club the room belongs to.
    club: Option<stoa_proto::clubs::ClubRef>,
    /// Only the club's members (or admitted members) may join.
    members_only: bool,
    /// The state machine: roles, and who was admitted or removed (shared with the registry's
    /// access data).
    room: Room,
    names: HashMap<UserId, UserSummary>,
    links: HashMap<UserId, SessionLink>,
    /// Whom the people on stage follow.
    follows: StageFollows,
    disconnect_epoch: HashMap<UserId, u64>,
    slots: Vec<Option<UserId>>,
    speaking: Vec<UserId>,
    tx: mpsc::UnboundedSender<RoomMsg>,
    inbox: Option<mpsc::UnboundedReceiver<RoomMsg>>,
    /// The last snapshot queued for the store.
    last_saved: Option<String>,
    /// Writes the room does not wait for, stored in order.
    writes: writes::WriteQueue,
    /// The room's lifetime, a child of the server's stop signal: cancelled by the server's
    /// stop (which stops the room) or when the task ends (which ends the room's timers).
    lifetime: CancellationToken,
    /// This node's hold on the room (its lease in a cluster): the task stops when it is lost.
    owned: Option<Owned>,
    /// Plain audience changes waiting to be sent together.
    batch: UpdateBatch,
    /// Pinned link, reaction allowance, moderation bookkeeping, host grace.
    extras: extras::RoomExtras,
    /// Audience members' JSON for joiners' snapshots, reused while unchanged.
    encoded: encoded::EncodedAudience,
    /// Speak invitations in members' notifications, and who was told the room started.
    notices: notices::NoticeQueue,
}

/// Spawns the task of a newly created room whose creator has not connected yet; `admitted` are
/// the members named when it was created.
pub(crate) fn spawn_new(
    stoa: &Rooms,
    record: &RoomRecord,
    creator: UserSummary,
    admitted: HashSet<UserId>,
    owned: Owned,
) -> RoomSummary {
    let mut room = Room::new(creator.id);
    for user in admitted {
        // Nobody is removed from a new room yet: every admission holds.
        let _ = room.handle(Command::Admit { user });
    }
    let people = vec![creator.clone()];
    let mut task = RoomTask::new(stoa, record, room, people, owned);
    task.mark_disconnected(creator.id);
    task.start()
}

impl RoomTask {
    pub(crate) fn new(
        stoa: &Rooms,
        record: &RoomRecord,
        room: Room,
        people: Vec<UserSummary>,
        owned: Owned,
    ) -> RoomTask {
        let (tx, rx) = mpsc::unbounded_channel();
        let writes = writes::WriteQueue::start(stoa, record.id.clone(), owned.epoch(), tx.clone());
        RoomTask {
            stoa: stoa.clone(),
            id: record.id.clone(),
            title: record.title.clone(),
            kind: record.kind,
            club: record.club.clone(),
            members_only: record.members_only,
            room,
            names: people.into_iter().map(|u| (u.id, u)).collect(),
            links: HashMap::new(),
            follows: StageFollows::default(),
            disconnect_epoch: HashMap::new(),
            slots: vec![None; stoa_sfu::slots::VIRTUAL_SLOTS],
            speaking: Vec::new(),
            tx,
            inbox: Some(rx),
            last_saved: None,
            writes,
            lifetime: stoa.background().token().child_token(),
            owned: Some(owned),
            batch: UpdateBatch::default(),
            extras: extras::RoomExtras::default(),
            encoded: encoded::EncodedAudience::default(),
            notices: notices::NoticeQueue::start(stoa, record),
        }
    }

    /// Registers the room and runs its loop in a task. Returns its first summary.
    pub(crate) fn start(mut self) -> RoomSummary {
        let Some(rx) = self.inbox.take() else {
            return self.summary();
        };
        let summary = self.summary();
        let handle = RoomHandle {
            tx: self.tx.clone(),
        };
        self.stoa
            .registry()
            .insert(handle, summary.clone(), self.access());
        let background = self.stoa.background().clone();
        background.spawn("room", self.run(rx));
        summary
    }

    async fn run(mut self, mut rx: mpsc::UnboundedReceiver<RoomMsg>) {
        self.refresh_stage().await;
        self.record_moderators();
        self.publish();
        let lifetime = self.lifetime.clone();
        let mut lost = match &self.owned {
            Some(owned) => owned.lost(),
            None => Box::pin(std::future::pending()),
        };
        let stopped = loop {
            let due = self.batch.due();
            let msg = tokio::select! {
                msg = rx.recv() => msg,
                // The server stops: like `Stop`, with nobody waiting for the answer.
                () = lifetime.cancelled() => None,
                // Another node may run the room now: stop acting at once, leaving its last
                // snapshot (and its lease) to whoever holds it.
                reason = &mut lost => {
                    tracing::warn!(room = %self.id, ?reason, "room lease lost: its task stops here");
                    self.owned = None;
                    self.hand_off();
                    None
                }
                _ = tokio::time::sleep_until(due.unwrap_or_else(Instant::now)), if due.is_some() => {
                    self.flush_batch();
                    continue;
                }
            };
            let Some(msg) = msg else { break None };
            if let RoomMsg::Stop { reply } = msg {
                break Some(reply);
            }
            if let RoomMsg::Fenced = msg {
                // Like a lost lease (which usually comes first): another node runs the room.
                tracing::warn!(room = %self.id, "a newer owner wrote to the room: its task stops here");
                self.owned = None;
                self.hand_off();
                break None;
            }
            self.on_message(msg).await;
            if self.room.is_ended() {
                self.finish();
                break None;
            }
        };
        // Everything the room wrote is stored before the task ends: a restart restores it all.
        self.writes.drain().await;
        self.lifetime.cancel();
        // Ended, or this node stops: the room is free for another node at once.
        if let Some(owned) = self.owned.take() {
            owned.release().await;
        }
        if let Some(reply) = stopped {
            let _ = reply.send(());
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
                let result = self.join(user, link, gate).await;
                let _ = reply.send(result);
            }
            RoomMsg::SetKind { by, kind, reply } => {
                let result = self.set_kind(by, kind).await;
                let _ = reply.send(result);
            }
            RoomMsg::FollowsChanged { user, reply } => {
                self.reload_follows(user).await;
                let _ = reply.send(());
            }
            RoomMsg::Ping { ping, reply } => {
                let result = self.ping(ping).await;
                let _ = reply.send(result);
            }
            RoomMsg::Command {
                session,
                command,
                reply,
            } => {
                let result = self.command(session, command).await;
                let _ = reply.send(result);
            }
            RoomMsg::Offer {
                user,
                session,
                peer,
                reply,
            } => {
                let _ = reply.send(self.offer(user, session, peer));
            }
            RoomMsg::RelayOffer {
                user,
                session,
                offer,
                reply,
            } => {
                let _ = reply.send(self.relay_offer(user, session, offer).await);
            }
            RoomMsg::SessionGone { user, session } => {
                if self.is_current(user, session) {
                    self.links.remove(&user);
                    self.mark_disconnected(user);
                    self.after(vec![Effect::Updated(user)]).await;
                    self.maybe_start_host_grace();
                }
            }
            RoomMsg::GraceExpired { user, epoch } => self.grace_expired(user, epoch).await,
            RoomMsg::MovedAway { user } => {
                if let Ok(effects) = self.room.handle(Command::Leave {
                    user,
                    reason: LeaveReason::Left,
                }) {
                    self.after(effects).await;
                }
            }
            RoomMsg::Sfu(SfuEvent::Slots { slots, .. }) => {
                // The SFU's slots are the room's virtual slots; each member sees their own view,
                // in which they never occupy one of their receive slots.
                self.slots = slots;
                self.flush_batch();
                self.send_slot_views();
            }
            RoomMsg::Sfu(SfuEvent::Speaking { users, .. }) => {
                self.speaking = users.clone();
                let msg = ServerMessage::Speaking {
                    room_id: self.id.clone(),
                    user_ids: users,
                };
                self.broadcast(&msg);
            }
            RoomMsg::Sfu(_) => {}
            RoomMsg::Extra {
                user,
                session,
                extra,
                reply,
            } => {
                let result = self.extra(user, session, extra).await;
                let _ = reply.send(result);
            }
            RoomMsg::Eject { user, by, reply } => {
                self.eject(user, by).await;
                let _ = reply.send(());
            }
            RoomMsg::HostGraceExpired { epoch } => self.host_grace_expired(epoch).await,
            RoomMsg::ModLogged { entry, id } => self.push_log_entry(entry, id).await,
            RoomMsg::WriteFailed(write) => self.write_failed(write),
            // The loop stops on it before it gets here.
            RoomMsg::Fenced => {}
            RoomMsg::Stop { reply } => {
                let _ = reply.send(());
            }
        }
    }

    async fn join(
        &mut self,
        user: UserSummary,
        link: SessionLink,
        gate: JoinGate,
    ) -> Result<(), ServiceError> {
        // Anyone already in the room (a reconnect) comes back; others pass the access rule.
        if self.room.member(user.id).is_none() {
            gate.check(&self.access(), user.id)?;
        }
        let effects = self.room.handle(Command::Join { user: user.id })?;
        self.disconnect_epoch.remove(&user.id);
        self.reconnected(user.id);
        self.names.insert(user.id, user.clone());
        if let Some(old) = self.links.insert(user.id, link) {
            let _ = old.tx.send(ServerMessage::Replaced);
        }
        let mut effects = effects;
        effects.push(Effect::Updated(user.id));
        self.after(effects).await;
        self.send_snapshot(user.id);
        Ok(())
    }

    async fn command(&mut self, session: u64, command: Command) -> Result<(), ServiceError> {
        if !actor_of(&command).is_some_and(|actor| self.is_current(actor, session)) {
            return Err(ServiceError::NotInRoom);
        }
        let effects = self.room.handle(command)?;
        if let Command::AcceptSpeakInvite { user } = command {
            self.announce_on_stage(user);
        }
        let changed = !effects.is_empty();
        self.after(effects).await;
        if changed {
            self.log_command(command);
        }
        Ok(())
    }

    /// Registers `user`'s media connection with their right to publish now; the SFU takes it
    /// in order with later changes to that right. The room does not wait for the SFU.
    fn offer(
        &mut self,
        user: UserId,
        session: u64,
        peer: stoa_sfu::PreparedPeer,
    ) -> Result<stoa_sfu::Registration, ServiceError> {
        if !self.is_current(user, session) {
            return Err(ServiceError::NotInRoom);
        }
        let publish = self.publish_of(user);
        Ok(self
            .stoa
            .sfu()
            .register(self.id.clone(), user, publish, peer, None)?)
    }

    /// Queues the snapshot, then turns effects into messages, SFU permissions and the hallway
    /// summary.
    async fn after(&mut self, effects: Vec<Effect>) {
        // Queue the snapshot first, then announce: it lands before any later write, and the
        // queue drains before the room stops, so whoever saw a change can count on it surviving
        // a restart (a clean one: a crash loses what was still queued).
        self.save();
        // The registry next (REST reads such as a ping's check use it), so nobody who saw the
        // change announced can find an older room there.
        self.publish();
        for effect in effects {
            match effect {
                Effect::Updated(user) => {
                    self.stoa
                        .sfu()
                        .set_can_publish(self.id.clone(), user, self.publish_of(user));
                    if self.is_plain_listener(user) {
                        self.defer_update(user);
                    } else if let Some(participant) = self.participant(user) {
                        let room_id = self.id.clone();
                        self.broadcast(&ServerMessage::ParticipantUpdated {
                            room_id,
                            participant,
                        });
                    }
                }
                Effect::Left { user, reason } => {
                    self.stoa.sfu().remove_peer(self.id.clone(), user);
                    self.stoa.registry().leave(user, &self.id);
                    self.flush_batch();
                    let room_id = self.id.clone();
                    if let Some(link) = self.links.remove(&user) {
                        let _ = link.tx.send(ServerMessage::LeftRoom {
                            room_id: room_id.clone(),
                            reason,
                        });
                    }
                    self.broadcast(&ServerMessage::ParticipantLeft {
                        room_id,
                        user_id: user,
                        reason,
                    });
                }
                Effect::SpeakInvite { target, by } => {
                    self.notify_speak_invite(target, by);
                    self.flush_batch();
                    if let (Some(link), Some(by)) = (self.links.get(&target), self.names.get(&by)) {
                        let room_id = self.id.clone();
                        let _ = link.tx.send(ServerMessage::SpeakInvite {
                            room_id,
                            by: by.clone(),
                        });
                    }
                }
                Effect::Ended => {}
            }
        }
        self.refresh_stage().await;
        self.record_moderators();
        self.publish();
        self.withdraw_answered_invites();
    }

    /// What the SFU does with `user`'s microphone, and why not (for its drop counters).
    pub(crate) fn publish_of(&self, user: UserId) -> Publish {
        match self.room.member(user) {
            Some(m) if m.may_publish() => Publish::Allowed,
            Some(m) if m.on_stage() => Publish::Muted,
            _ => Publish::Audience,
        }
    }

    /// Whether `session` is the member's current connection to this room.
    pub(crate) fn is_current(&self, user: UserId, session: u64) -> bool {
        self.links.get(&user).is_some_and(|l| l.id == session)
    }
}

/// The member whose session must be in the room for `command` (`None`: the server's own
/// commands, which no session may send).
fn actor_of(command: &Command) -> Option<UserId> {
    let actor = match command {
        Command::Join { user }
        | Command::Leave { user, .. }
        | Command::SetConnected { user, .. }
        | Command::RaiseHand { user }
        | Command::LowerHand { user }
        | Command::AcceptSpeakInvite { user }
        | Command::DeclineSpeakInvite { user }
        | Command::SetMuted { user, .. } => *user,
        Command::InviteToSpeak { by, .. }
        | Command::MoveToAudience { by, .. }
        | Command::Mute { by, .. }
        | Command::Remove { by, .. }
        | Command::MakeModerator { by, .. } => *by,
        Command::Suspend { .. } | Command::HandOver | Command::Admit { .. } => return None,
    };
    Some(actor)
}
