//! The room task's side of access: its [`RoomAccess`] snapshot, kind changes, pings, the stage's
//! follows ("followed by the speakers") and "went on stage" for followers.

use std::collections::HashSet;
use std::sync::Arc;

use stoa_proto::rest::{NotificationKind, RoomRef};
use stoa_proto::ws::ServerMessage;
use stoa_proto::{RoomKind, UserId};
use stoa_room::{Command, JoinRule};
use stoa_store::AdmissionReason;

use super::writes::RoomWrite;
use super::RoomTask;
use crate::notify::NewNotification;
use crate::rooms::access::RoomAccess;
use crate::rooms::messages::RoomPing;
use crate::rooms::ping::may_ping;
use crate::ServiceError;

impl RoomTask {
    /// Who may enter, as of now.
    pub(super) fn access(&self) -> RoomAccess {
        let rule = JoinRule {
            kind: self.kind,
            club: self.club.as_ref().map(|club| club.id),
            members_only: self.members_only,
        };
        self.room.access(rule, self.follows.moderator_followees())
    }

    /// Publishes the room's summary and access data to the registry.
    pub(super) fn publish(&self) {
        self.stoa.registry().update(self.summary(), self.access());
    }

    /// The stage, and the moderators among it, in joining order.
    fn stage_and_moderators(&self) -> (Vec<UserId>, Vec<UserId>) {
        let mut stage = Vec::new();
        let mut moderators = Vec::new();
        for (id, member) in self.room.stage() {
            stage.push(id);
            if member.is_moderator() {
                moderators.push(id);
            }
        }
        (stage, moderators)
    }

    /// Follows the stage: loads the followees of members new on it, drops those of members who
    /// left it, and re-sends the participants whose "followed by the speakers" changed.
    pub(super) async fn refresh_stage(&mut self) {
        let (stage, moderators) = self.stage_and_moderators();
        if self.follows.is_current(&stage, &moderators) {
            return;
        }
        let mut loaded = Vec::new();
        for user in self.follows.missing(&stage) {
            let followees = match self.stoa.store().followees_of(user).await {
                Ok(ids) => ids.into_iter().collect(),
                Err(err) => {
                    tracing::warn!(room = %self.id, %user, %err, "could not load followees");
                    HashSet::new()
                }
            };
            loaded.push((user, Arc::new(followees)));
        }
        let changed = self.follows.apply(&stage, &moderators, loaded);
        self.resend_flags(changed);
    }

    /// Reloads whom `user` follows if they are on stage, then re-sends the participants whose
    /// "followed by the speakers" changed and publishes the new access data.
    pub(super) async fn reload_follows(&mut self, user: UserId) {
        if !self.follows.tracks(user) {
            return;
        }
        let followees = match self.stoa.store().followees_of(user).await {
            Ok(ids) => ids.into_iter().collect(),
            Err(err) => {
                tracing::warn!(room = %self.id, %user, %err, "could not reload followees");
                return;
            }
        };
        if let Some(changed) = self.follows.replace(user, Arc::new(followees)) {
            self.resend_flags(changed);
            self.publish();
        }
    }

    /// Re-sends the participants among `changed` (plain listeners through the batch).
    fn resend_flags(&mut self, changed: Vec<UserId>) {
        for user in changed {
            if self.room.member(user).is_none() {
                continue;
            }
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
    }

    /// A moderator changes who may join: saved, told to everyone in the room, published.
    pub(super) async fn set_kind(
        &mut self,
        by: UserId,
        kind: RoomKind,
    ) -> Result<(), ServiceError> {
        if !self.room.member(by).is_some_and(|m| m.is_moderator()) {
            return Err(ServiceError::Forbidden(
                "only the room's moderators can change who may join".to_string(),
            ));
        }
        if kind == self.kind {
            return Ok(());
        }
        // Awaited (in queue order): a failure is the moderator's answer.
        self.writes.write(RoomWrite::Kind(kind)).await?;
        self.kind = kind;
        tracing::info!(room = %self.id, %by, ?kind, "room kind changed");
        let room_id = self.id.clone();
        self.broadcast(&ServerMessage::RoomKindChanged { room_id, kind });
        self.publish();
        self.announce_to_newly_admitted();
        let detail = serde_json::to_value(kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string));
        self.log(
            Some(by),
            stoa_proto::moderation::ModAction::KindChanged,
            None,
            detail,
        );
        Ok(())
    }

    /// Admits a pinged member (checked outside for existence and blocks; checked here, on the
    /// room's own state, for the sender's place in the room, then the sender's allowance).
    /// Answers the room's title for the notification.
    pub(super) async fn ping(&mut self, ping: RoomPing) -> Result<String, ServiceError> {
        if self.room.member(ping.by).is_none() {
            return Err(ServiceError::NotInRoom);
        }
        may_ping(&self.access(), ping.by)?;
        self.room.may_admit(ping.target)?;
        self.stoa.ping_limiter().check(ping.by)?;
        if !self.room.is_admitted(ping.target) {
            // Awaited (in queue order): a failure is the sender's answer.
            self.writes
                .write(RoomWrite::Admit {
                    user: ping.target,
                    by: ping.by,
                    reason: AdmissionReason::Pinged,
                })
                .await?;
            self.room.handle(Command::Admit { user: ping.target })?;
            self.publish();
        }
        Ok(self.title.clone())
    }

    pub(super) fn room_ref(&self) -> RoomRef {
        RoomRef {
            id: self.id.clone(),
            title: self.title.clone(),
        }
    }

    /// Tells `user`'s followers they went on stage (in the background). Only for open rooms:
    /// any follower may join those.
    pub(super) fn announce_on_stage(&self, user: UserId) {
        if self.kind != RoomKind::Open {
            return;
        }
        let (stoa, room) = (self.stoa.clone(), self.room_ref());
        self.stoa.background().spawn("notification", async move {
            let note = NewNotification {
                kind: NotificationKind::WentOnStage,
                actor: Some(user),
                room: Some(room),
                waitlist_username: None,
                extra: Default::default(),
            };
            stoa.notifications().notify_followers(user, note).await;
        });
    }
}
