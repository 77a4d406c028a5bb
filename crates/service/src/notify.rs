//! Notifications: stored, counted unread, and delivered live to the member's open sessions.
//!
//! Other services call [`Notifications::notify`] and [`Notifications::notify_followers`]; both
//! are best-effort for the caller (a failure is logged, never fails the action that caused it).
//! A notification's one-line text is made when it is shown, from the actor's current names.

use stoa_proto::rest::{
    MarkReadRequest, Notification, NotificationKind, NotificationList, RoomRef, UnreadCount,
    UserSummary,
};
use stoa_proto::ws::ServerMessage;
use stoa_proto::{RoomId, UserId};
use stoa_store::{
    FollowerScope, MarkRead, NewNotificationRecord, NotificationExtra, NotificationRecord,
};

use crate::accounts::Member;
use std::sync::Arc;

use stoa_store::Store;

use crate::online::Online;
use crate::{validate, ServiceError};

/// Page size of the notification list when the client gives none.
pub const DEFAULT_PAGE: u32 = 30;
/// Largest page a client may ask for.
pub const MAX_PAGE: u32 = 100;
/// Most ids one mark-read request may name.
pub const MAX_MARK_IDS: usize = stoa_proto::limits::MARK_READ_IDS_MAX;
/// Unread counts are read for at most this many fan-out recipients per query.
const COUNT_CHUNK: usize = 500;

/// Prefix of every notification cursor (a version, like the follow-list cursors).
const CURSOR_VERSION: &str = "n1";

/// A notification about to be stored and delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification {
    /// What it is about.
    pub kind: NotificationKind,
    /// Who did it.
    pub actor: Option<UserId>,
    /// The room it is about.
    pub room: Option<RoomRef>,
    /// The username reserved on the waitlist (`WaitlistNamed`).
    pub waitlist_username: Option<String>,
    /// Event, club and note.
    pub extra: NotificationExtra,
}

impl NewNotification {
    fn record(&self) -> NewNotificationRecord {
        NewNotificationRecord {
            kind: self.kind,
            actor: self.actor,
            room: self.room.clone(),
            waitlist_username: self.waitlist_username.clone(),
            waitlist_display_name: None,
            extra: self.extra.clone(),
        }
    }
}

/// The line shown for a notification, e.g. "Ada pinged you into “Rust talk”".
pub fn notification_text(
    kind: NotificationKind,
    actor: Option<&UserSummary>,
    room: Option<&RoomRef>,
    waitlist_username: Option<&str>,
    waitlist_display_name: Option<&str>,
    extra: &NotificationExtra,
) -> String {
    let who = actor.map_or("Someone", |a| a.display_name.as_str());
    let title = room.map_or("a room", |r| r.title.as_str());
    match kind {
        NotificationKind::RoomStarted => format!("{who} started “{title}”"),
        NotificationKind::WentOnStage => format!("{who} is on stage in “{title}”"),
        NotificationKind::Pinged => format!("{who} pinged you into “{title}”"),
        NotificationKind::SpeakInvite => format!("{who} invited you to speak in “{title}”"),
        NotificationKind::NewFollower => format!("{who} followed you"),
        NotificationKind::InviteUsed => format!("{who} signed up with your invite"),
        NotificationKind::EventStarting => {
            format!("“{}” is due: start the room", event_title(extra))
        }
        NotificationKind::EventLive => format!("“{}” is live now", event_title(extra)),
        NotificationKind::EventChanged => format!("“{}” changed", event_title(extra)),
        NotificationKind::EventCancelled => format!("“{}” was cancelled", event_title(extra)),
        NotificationKind::ClubJoinRequested => format!("{who} asked to join {}", club_name(extra)),
        NotificationKind::ClubJoinApproved => {
            format!("You are now a member of {}", club_name(extra))
        }
        NotificationKind::Warned => match extra.note.as_deref() {
            Some(note) if !note.is_empty() => format!("A moderator of Stoa warned you: {note}"),
            _ => "A moderator of Stoa warned you about your conduct".to_string(),
        },
        NotificationKind::ReportFiled => match room {
            Some(r) => format!("{who} filed a report about “{}”", r.title),
            None => format!("{who} filed a report"),
        },
        NotificationKind::WaitlistNamed => {
            let name = waitlist_username.unwrap_or("someone");
            match waitlist_display_name {
                Some(display) => format!("{name} ({display}) on the waitlist named you"),
                None => format!("{name} on the waitlist named you"),
            }
        }
    }
}

fn event_title(extra: &NotificationExtra) -> &str {
    extra
        .event
        .as_ref()
        .map_or("An event", |e| e.title.as_str())
}

fn club_name(extra: &NotificationExtra) -> &str {
    extra.club.as_ref().map_or("a club", |c| c.name.as_str())
}

/// The wire form of a stored notification.
pub fn notification_wire(record: NotificationRecord) -> Notification {
    let text = notification_text(
        record.kind,
        record.actor.as_ref(),
        record.room.as_ref(),
        record.waitlist_username.as_deref(),
        record.waitlist_display_name.as_deref(),
        &record.extra,
    );
    Notification {
        id: record.id,
        kind: record.kind,
        actor: record.actor,
        room: record.room,
        waitlist_username: record.waitlist_username,
        event: record.extra.event,
        club: record.extra.club,
        text,
        created_at: record.created_at,
        read: record.read_at.is_some(),
    }
}

/// A list position as the opaque string clients pass back: hex of `n1:<last id>`.
pub fn encode_cursor(last_id: i64) -> String {
    hex::encode(format!("{CURSOR_VERSION}:{last_id}"))
}

/// Reads back a cursor made by [`encode_cursor`]; anything else is `bad_request`.
pub fn decode_cursor(raw: &str) -> Result<i64, ServiceError> {
    let bad = || ServiceError::BadRequest("invalid cursor".to_string());
    let text = String::from_utf8(hex::decode(raw).map_err(|_| bad())?).map_err(|_| bad())?;
    match text.split_once(':') {
        Some((CURSOR_VERSION, id)) => id.parse().map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// Notifications: stored, counted unread, and pushed to the member's open sessions. Other
/// services hold a clone to tell members what happened. Clone it freely.
#[derive(Clone)]
pub struct Notifications {
    store: Arc<dyn Store>,
    online: Arc<Online>,
}

impl Notifications {
    pub(crate) fn new(store: Arc<dyn Store>, online: Arc<Online>) -> Self {
        Self { store, online }
    }

    fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    fn online(&self) -> &Online {
        &self.online
    }

    /// Stores a notification for `to` and pushes it to their open sessions.
    pub async fn notify(&self, to: UserId, notification: NewNotification) {
        if let Err(err) = self.try_notify(to, &notification).await {
            tracing::warn!(%to, kind = ?notification.kind, %err, "notification not delivered");
        }
    }

    /// Notifies every follower of `actor` (e.g. "someone you follow started a room").
    pub async fn notify_followers(&self, actor: UserId, notification: NewNotification) {
        self.notify_followers_in(actor, notification, FollowerScope::All)
            .await;
    }

    /// Notifies the followers of `actor` whom `actor` follows back (e.g. a social room, which
    /// only they may join).
    pub async fn notify_followers_followed_back(
        &self,
        actor: UserId,
        notification: NewNotification,
    ) {
        self.notify_followers_in(actor, notification, FollowerScope::FollowedBack)
            .await;
    }

    /// Notifies the followers of `actor` in `scope` (e.g. those not told yet when a social room
    /// opens up to everyone).
    pub async fn notify_followers_in(
        &self,
        actor: UserId,
        notification: NewNotification,
        scope: FollowerScope,
    ) {
        if let Err(err) = self.try_notify_followers(actor, &notification, scope).await {
            tracing::warn!(%actor, kind = ?notification.kind, %err, "follower notifications failed");
        }
    }

    /// Deletes `to`'s notifications of `kind` about `room`, which no longer apply (a speak
    /// invitation once answered, or its room over); their open sessions drop them and get the
    /// new unread count (`notifications_removed`). Best-effort, like [`Self::notify`].
    pub async fn withdraw(&self, to: UserId, kind: NotificationKind, room: &RoomId) {
        if let Err(err) = self.try_withdraw(to, kind, room).await {
            tracing::warn!(%to, ?kind, %room, %err, "notifications not withdrawn");
        }
    }

    async fn try_withdraw(
        &self,
        to: UserId,
        kind: NotificationKind,
        room: &RoomId,
    ) -> Result<(), ServiceError> {
        let ids = self
            .store()
            .delete_room_notifications(to, kind, room)
            .await?;
        if ids.is_empty() || !self.online().is_online(to) {
            return Ok(());
        }
        let unread = self.store().unread_notifications(to).await?;
        self.online()
            .send(to, &ServerMessage::NotificationsRemoved { ids, unread });
        Ok(())
    }

    /// One page of the member's notifications, newest first, with the unread count.
    pub async fn notifications_page(
        &self,
        member: &Member,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<NotificationList, ServiceError> {
        let limit = validate::page_limit(limit, DEFAULT_PAGE, MAX_PAGE)?;
        let before = cursor.map(decode_cursor).transpose()?;
        let me = member.record.id;
        // One extra entry says whether there is a next page.
        let mut records = self.store().notifications(me, before, limit + 1).await?;
        let more = records.len() > limit as usize;
        records.truncate(limit as usize);
        let next_cursor = match records.last() {
            Some(last) if more => Some(encode_cursor(last.id)),
            _ => None,
        };
        let unread = self.store().unread_notifications(me).await?;
        Ok(NotificationList {
            notifications: records.into_iter().map(notification_wire).collect(),
            unread,
            next_cursor,
        })
    }

    /// Marks the given (or all) of the member's notifications read; ids that are not theirs are
    /// ignored. Every open session of the member gets the new count.
    pub async fn mark_notifications_read(
        &self,
        member: &Member,
        req: MarkReadRequest,
    ) -> Result<UnreadCount, ServiceError> {
        let which = if req.all {
            MarkRead::All
        } else if req.ids.len() > MAX_MARK_IDS {
            return Err(ServiceError::Validation(format!(
                "mark at most {MAX_MARK_IDS} notifications at once, or all"
            )));
        } else {
            MarkRead::Ids(req.ids)
        };
        let me = member.record.id;
        let unread = self.store().mark_notifications_read(me, which).await?;
        self.online()
            .send(me, &ServerMessage::UnreadCount { unread });
        Ok(UnreadCount { unread })
    }

    async fn try_notify(
        &self,
        to: UserId,
        notification: &NewNotification,
    ) -> Result<(), ServiceError> {
        if let Some(actor) = notification.actor {
            if actor == to || self.store().block_between(actor, to).await? {
                return Ok(());
            }
        }
        let record = self
            .store()
            .insert_notification(to, &notification.record())
            .await?;
        if self.online().is_online(to) {
            let unread = self.store().unread_notifications(to).await?;
            let msg = ServerMessage::Notification {
                notification: notification_wire(record),
                unread,
            };
            self.online().send(to, &msg);
        }
        Ok(())
    }

    async fn try_notify_followers(
        &self,
        actor: UserId,
        notification: &NewNotification,
        scope: FollowerScope,
    ) -> Result<(), ServiceError> {
        let store = self.store();
        let sent = store
            .insert_follower_notifications(actor, &notification.record(), scope)
            .await?;
        let online: Vec<(UserId, i64)> = sent
            .into_iter()
            .filter(|(user, _)| self.online().is_online(*user))
            .collect();
        let Some((first_user, first_id)) = online.first().copied() else {
            return Ok(());
        };
        // Every copy holds the same content: read one back and re-address it.
        let Some(template) = store
            .notifications(first_user, Some(first_id + 1), 1)
            .await?
            .into_iter()
            .find(|n| n.id == first_id)
        else {
            return Ok(());
        };
        let template = notification_wire(template);
        for chunk in online.chunks(COUNT_CHUNK) {
            let users: Vec<UserId> = chunk.iter().map(|(user, _)| *user).collect();
            let counts = store.unread_notification_counts(&users).await?;
            for (user, id) in chunk {
                let unread = counts
                    .binary_search_by_key(user, |(u, _)| *u)
                    .map_or(1, |i| counts[i].1);
                let msg = ServerMessage::Notification {
                    notification: Notification {
                        id: *id,
                        ..template.clone()
                    },
                    unread,
                };
                self.online().send(*user, &msg);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stoa_proto::RoomId;

    #[test]
    fn texts_name_the_actor_and_room() {
        let ada = UserSummary {
            id: UserId(1),
            username: "ada".to_string(),
            display_name: "Ada".to_string(),
            avatar: None,
        };
        let room = RoomRef {
            id: RoomId("r".to_string()),
            title: "Rust talk".to_string(),
        };
        let none = NotificationExtra::default();
        let text = |kind| notification_text(kind, Some(&ada), Some(&room), None, None, &none);
        assert_eq!(
            text(NotificationKind::Pinged),
            "Ada pinged you into “Rust talk”"
        );
        assert_eq!(text(NotificationKind::NewFollower), "Ada followed you");
        assert_eq!(
            text(NotificationKind::RoomStarted),
            "Ada started “Rust talk”"
        );
        assert_eq!(
            text(NotificationKind::WentOnStage),
            "Ada is on stage in “Rust talk”"
        );
        assert_eq!(
            text(NotificationKind::SpeakInvite),
            "Ada invited you to speak in “Rust talk”"
        );
        assert_eq!(
            text(NotificationKind::InviteUsed),
            "Ada signed up with your invite"
        );
        assert_eq!(
            text(NotificationKind::ReportFiled),
            "Ada filed a report about “Rust talk”"
        );
        assert_eq!(
            notification_text(
                NotificationKind::ReportFiled,
                Some(&ada),
                None,
                None,
                None,
                &none
            ),
            "Ada filed a report"
        );
        assert_eq!(
            notification_text(
                NotificationKind::WaitlistNamed,
                None,
                None,
                Some("bob"),
                Some("Bob B"),
                &none,
            ),
            "bob (Bob B) on the waitlist named you"
        );
        assert_eq!(
            notification_text(
                NotificationKind::WaitlistNamed,
                None,
                None,
                Some("bob"),
                None,
                &none,
            ),
            "bob on the waitlist named you"
        );
        let event = NotificationExtra {
            event: Some(stoa_proto::events::EventRef {
                id: stoa_proto::EventId(3),
                title: "Rust AMA".to_string(),
                starts_at: chrono::Utc::now(),
            }),
            club: Some(stoa_proto::clubs::ClubRef {
                id: stoa_proto::ClubId(1),
                name: "Rustaceans".to_string(),
            }),
            note: Some("be kind".to_string()),
        };
        let with = |kind| notification_text(kind, Some(&ada), None, None, None, &event);
        assert_eq!(with(NotificationKind::EventLive), "“Rust AMA” is live now");
        assert_eq!(
            with(NotificationKind::ClubJoinRequested),
            "Ada asked to join Rustaceans"
        );
        assert_eq!(
            with(NotificationKind::Warned),
            "A moderator of Stoa warned you: be kind"
        );
    }

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        assert_eq!(decode_cursor(&encode_cursor(42)).expect("decodes"), 42);
        for bad in [
            "",
            "zz",
            &hex::encode("f1:1"),
            &hex::encode("n1:x"),
            &hex::encode("n1"),
        ] {
            let err = decode_cursor(bad).expect_err(bad);
            assert_eq!(err.code(), stoa_proto::ErrorCode::BadRequest, "{bad}");
        }
    }
}
