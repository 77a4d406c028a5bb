//! Notifications: stored, counted unread, and delivered live to the member's open sessions.
//!
//! Other services call [`Notifications::notify`] and [`Notifications::notify_followers`]; both
//! are best-effort for the caller (a failure is logged, never fails the action that caused it).
//! A notification's one-line text is made when it is shown, from the actor's current names, in
//! the recipient's language ([`crate::notify_texts`]).

use stoa_proto::rest::{
    MarkReadRequest, Notification, NotificationKind, NotificationList, RoomRef, UnreadCount,
};
use stoa_proto::ws::ServerMessage;
use stoa_proto::{Language, RoomId, UserId};
use stoa_store::{
    FollowerScope, MarkRead, NewNotificationRecord, NotificationExtra, NotificationRecord,
};

use crate::accounts::Member;
use std::sync::Arc;

use stoa_store::Store;

use crate::notify_texts::notification_text;
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

/// The wire form of a stored notification, its text in `lang` (the recipient's language).
pub fn notification_wire(record: NotificationRecord, lang: Language) -> Notification {
    let text = notification_text(
        lang,
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
        let lang = member.record.language.unwrap_or_default();
        Ok(NotificationList {
            notifications: records
                .into_iter()
                .map(|record| notification_wire(record, lang))
                .collect(),
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

    /// The language `user`'s notifications are written in (English until they choose).
    async fn language_of(&self, user: UserId) -> Result<Language, ServiceError> {
        let chosen = self.store().member_languages(&[user]).await?;
        Ok(chosen
            .first()
            .map_or(Language::default(), |(_, lang)| *lang))
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
            let lang = self.language_of(to).await?;
            let msg = ServerMessage::Notification {
                notification: notification_wire(record, lang),
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
        // The same content in each language; every recipient gets theirs.
        let templates = Language::ALL.map(|lang| (lang, notification_wire(template.clone(), lang)));
        for chunk in online.chunks(COUNT_CHUNK) {
            let users: Vec<UserId> = chunk.iter().map(|(user, _)| *user).collect();
            let counts = store.unread_notification_counts(&users).await?;
            let languages = store.member_languages(&users).await?;
            for (user, id) in chunk {
                let unread = counts
                    .binary_search_by_key(user, |(u, _)| *u)
                    .map_or(1, |i| counts[i].1);
                let lang = languages
                    .binary_search_by_key(user, |(u, _)| *u)
                    .map_or(Language::default(), |i| languages[i].1);
                let Some((_, template)) = templates.iter().find(|(l, _)| *l == lang) else {
                    continue;
                };
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
