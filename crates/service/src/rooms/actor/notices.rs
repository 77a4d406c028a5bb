//! What a room tells members in their notifications (the bell), and taking back what no longer
//! applies: a speak invitation once answered (or its room over), and "Ada started …" for the
//! followers a kind change lets in.
//!
//! The room's notices are stored by one background task per room, in the order the room made
//! them ([`NoticeQueue`]), so withdrawing a speak invitation can never run before the invitation
//! itself was stored. The loop never waits for them.

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;

use stoa_proto::rest::NotificationKind;
use stoa_proto::ws::ServerMessage;
use stoa_proto::{RoomKind, UserId};
use stoa_store::{FollowerScope, RoomRecord};
use tokio::sync::mpsc;

use super::RoomTask;
use crate::notify::NewNotification;
use crate::rooms::Rooms;

type Job = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Which of the creator's followers were told the room started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Announced {
    /// Nobody (a closed or members-only room).
    Nobody,
    /// Those the creator follows back (a social room).
    FollowedBack,
    /// Every follower (an open room).
    Everyone,
}

impl Announced {
    /// Who learns of a room of `kind` when it starts (members-only club rooms: nobody).
    fn of(kind: RoomKind, members_only: bool) -> Self {
        match kind {
            _ if members_only => Announced::Nobody,
            RoomKind::Open => Announced::Everyone,
            RoomKind::Social => Announced::FollowedBack,
            RoomKind::Closed => Announced::Nobody,
        }
    }
}

/// The room's notices: their ordered queue, who holds a speak invitation in their
/// notifications, and who was told the room started.
pub(crate) struct NoticeQueue {
    tx: mpsc::UnboundedSender<Job>,
    /// Members with a stored `speak_invite` about this room.
    invited: HashSet<UserId>,
    /// The room's creator, the actor of "… started".
    creator: UserId,
    announced: Announced,
}

impl NoticeQueue {
    /// Starts the queue's task for the room of `record` (it ends once the room's task is gone
    /// and every queued notice is stored).
    pub(super) fn start(stoa: &Rooms, record: &RoomRecord) -> Self {
        let (tx, mut rx) = mpsc::unbounded_channel::<Job>();
        stoa.background().spawn("room notices", async move {
            while let Some(job) = rx.recv().await {
                job.await;
            }
        });
        NoticeQueue {
            tx,
            invited: HashSet::new(),
            creator: record.created_by,
            announced: Announced::of(record.kind, record.members_only),
        }
    }

    fn push(&self, job: impl Future<Output = ()> + Send + 'static) {
        let _ = self.tx.send(Box::pin(job));
    }
}

impl RoomTask {
    /// Notifies `target` that `by` invited them to speak.
    pub(super) fn notify_speak_invite(&mut self, target: UserId, by: UserId) {
        let (stoa, room) = (self.stoa.clone(), self.room_ref());
        self.notices.invited.insert(target);
        self.notices.push(async move {
            let note = NewNotification {
                kind: NotificationKind::SpeakInvite,
                actor: Some(by),
                room: Some(room),
                waitlist_username: None,
                extra: Default::default(),
            };
            stoa.notifications().notify(target, note).await;
        });
    }

    /// After every change: takes back the speak invitations that no longer apply (accepted,
    /// declined, the member gone, or the room over).
    pub(super) fn withdraw_answered_invites(&mut self) {
        let ended = self.room.is_ended();
        let answered: Vec<UserId> = self
            .notices
            .invited
            .iter()
            .copied()
            .filter(|u| ended || !self.room.member(*u).is_some_and(|m| m.speak_invited))
            .collect();
        for user in answered {
            self.notices.invited.remove(&user);
            let (stoa, room) = (self.stoa.clone(), self.id.clone());
            self.notices.push(async move {
                let kind = NotificationKind::SpeakInvite;
                stoa.notifications().withdraw(user, kind, &room).await;
            });
        }
    }

    /// After a kind change: tells the creator's followers the new kind lets in, and who were not
    /// told yet, that the room started (a social room opened up: the followers the creator
    /// does not follow back).
    pub(super) fn announce_to_newly_admitted(&mut self) {
        let now = Announced::of(self.kind, self.members_only);
        let scope = match (self.notices.announced, now) {
            (Announced::Nobody, Announced::FollowedBack) => FollowerScope::FollowedBack,
            (Announced::Nobody, Announced::Everyone) => FollowerScope::All,
            (Announced::FollowedBack, Announced::Everyone) => FollowerScope::NotFollowedBack,
            _ => return,
        };
        self.notices.announced = now;
        let (stoa, room, creator) = (self.stoa.clone(), self.room_ref(), self.notices.creator);
        self.notices.push(async move {
            let note = NewNotification {
                kind: NotificationKind::RoomStarted,
                actor: Some(creator),
                room: Some(room),
                waitlist_username: None,
                extra: Default::default(),
            };
            stoa.notifications()
                .notify_followers_in(creator, note, scope)
                .await;
        });
    }

    /// The host grace ran out and `to` moderates the room now: everyone in it is told.
    pub(super) fn announce_hand_over(&mut self, to: UserId) {
        if let Some(to) = self.names.get(&to).cloned() {
            let room_id = self.id.clone();
            self.broadcast(&ServerMessage::HostHandedOver { room_id, to });
        }
    }
}
