//! Notifications: stored, counted unread, and delivered live to the member's open sessions.
//!
//! Other modules call [`Stoa::notify`] and [`Stoa::notify_followers`]; both are best-effort for
//! the caller (a failure is logged, never fails the action that caused it).

use stoa_proto::rest::{NotificationKind, RoomRef};
use stoa_proto::UserId;

use crate::Stoa;

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
}

impl Stoa {
    /// Stores a notification for `to` and pushes it to their open sessions.
    pub async fn notify(&self, to: UserId, notification: NewNotification) {
        // CONTRACT STUB: the notifications helper replaces this body.
        let _ = (to, notification);
    }

    /// Notifies every follower of `actor` (e.g. "someone you follow started a room").
    pub async fn notify_followers(&self, actor: UserId, notification: NewNotification) {
        // CONTRACT STUB: the notifications helper replaces this body.
        let _ = (actor, notification);
    }
}
