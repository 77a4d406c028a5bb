//! Room kinds from the API's side: the members named when a closed room starts, and a
//! moderator changing a live room's kind.

use std::collections::HashSet;

use stoa_proto::rest::{NotificationKind, RoomRef};
use stoa_proto::{RoomId, RoomKind, UserId};
use stoa_store::RoomRecord;

use super::RoomMsg;
use super::Rooms;
use crate::accounts::Member;
use crate::notify::NewNotification;
use crate::ServiceError;

/// Most members a closed room may name when it starts.
pub const MAX_NAMED: usize = stoa_proto::limits::ROOM_NAMED_MAX;

impl Rooms {
    /// The members a new room admits from the start: its creator, and for a closed room the
    /// `invited` usernames (at most [`MAX_NAMED`]; an unknown one fails the whole request with
    /// `validation`). Open and social rooms ignore `invited`.
    pub(crate) async fn room_named_members(
        &self,
        creator: UserId,
        kind: RoomKind,
        invited: &[String],
    ) -> Result<Vec<UserId>, ServiceError> {
        let mut named = vec![creator];
        if kind != RoomKind::Closed {
            return Ok(named);
        }
        if invited.len() > MAX_NAMED {
            return Err(ServiceError::Validation(format!(
                "a room can name at most {MAX_NAMED} members"
            )));
        }
        let mut seen = HashSet::from([creator]);
        for username in invited {
            let user = self
                .store()
                .user_by_username(username.trim())
                .await?
                .ok_or_else(|| ServiceError::Validation(format!("no member named {username:?}")))?;
            if seen.insert(user.id) {
                named.push(user.id);
            }
        }
        Ok(named)
    }

    /// A moderator of live room `id` changes who may join it (e.g. opens a closed room). The
    /// change is saved and sent to everyone in the room as `room_kind_changed`. Anyone else is
    /// refused with `forbidden`.
    pub async fn set_room_kind(
        &self,
        member: &Member,
        id: &RoomId,
        kind: RoomKind,
    ) -> Result<(), ServiceError> {
        let Some(handle) = self.registry().get(id) else {
            return Err(self.gone_room_error(id).await?);
        };
        let (reply, answer) = tokio::sync::oneshot::channel();
        handle.send(RoomMsg::SetKind {
            by: member.record.id,
            kind,
            reply,
        });
        answer.await.unwrap_or(Err(ServiceError::RoomEnded))
    }

    /// Tells `creator`'s followers who may join `room` that they started it (in the background):
    /// all of them for an open room, those the creator follows back for a social room.
    pub(crate) fn announce_room_started(&self, creator: UserId, room: &RoomRecord) {
        let notifications = self.notifications().clone();
        let note = NewNotification {
            kind: NotificationKind::RoomStarted,
            actor: Some(creator),
            room: Some(RoomRef {
                id: room.id.clone(),
                title: room.title.clone(),
            }),
            waitlist_username: None,
            extra: Default::default(),
        };
        let social = room.kind == RoomKind::Social;
        self.background().spawn("notification", async move {
            if social {
                notifications
                    .notify_followers_followed_back(creator, note)
                    .await;
            } else {
                notifications.notify_followers(creator, note).await;
            }
        });
    }
}
