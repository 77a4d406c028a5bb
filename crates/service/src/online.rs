//! Who is online: each member's open WebSocket sessions (their outgoing queues), so
//! notifications and counts reach every device, and presence knows who is around.
//!
//! A member is online while they have at least one open session. Two watch counters wake the
//! presence feeds: [`Online::watch`] moves when someone comes online or goes offline, and each
//! member's own graph counter ([`Online::graph_changed`]) moves when their follows or blocks
//! change, so their sessions re-read them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use stoa_proto::rest::UserSummary;
use stoa_proto::ws::ServerMessage;
use stoa_proto::UserId;
use tokio::sync::watch;

/// The open sessions of one member.
struct Entry {
    /// The member as their newest session knows them.
    summary: UserSummary,
    /// Session id and outgoing queue of each open session.
    sessions: Vec<(u64, crate::outbox::Outbox)>,
    /// Moves when the member's follows or blocks change.
    graph: watch::Sender<u64>,
}

/// Every online member's sessions. Shared by the service (one per [`Stoa`](crate::Stoa)).
pub(crate) struct Online {
    members: Mutex<HashMap<UserId, Entry>>,
    changes: watch::Sender<u64>,
}

impl Default for Online {
    fn default() -> Self {
        Self {
            members: Mutex::new(HashMap::new()),
            changes: watch::Sender::new(0),
        }
    }
}

/// Keeps one session registered; dropping it unregisters the session (the member goes offline
/// with their last one).
pub(crate) struct Registration {
    online: Arc<Online>,
    user: UserId,
    session: u64,
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.online.unregister(self.user, self.session);
    }
}

impl Online {
    /// Registers an open session of `member`; returns the registration (unregisters on drop)
    /// and a receiver of the member's graph counter.
    pub fn register(
        self: &Arc<Self>,
        member: UserSummary,
        session: u64,
        tx: crate::outbox::Outbox,
    ) -> (Registration, watch::Receiver<u64>) {
        let user = member.id;
        let (came_online, graph) = {
            let mut members = self.lock();
            let came_online = !members.contains_key(&user);
            let entry = members.entry(user).or_insert_with(|| Entry {
                summary: member.clone(),
                sessions: Vec::new(),
                graph: watch::Sender::new(0),
            });
            entry.summary = member;
            entry.sessions.push((session, tx));
            (came_online, entry.graph.subscribe())
        };
        if came_online {
            self.bump();
        }
        let registration = Registration {
            online: Arc::clone(self),
            user,
            session,
        };
        (registration, graph)
    }

    /// Forgets a session; the member goes offline with their last one.
    fn unregister(&self, user: UserId, session: u64) {
        let went_offline = {
            let mut members = self.lock();
            let Some(entry) = members.get_mut(&user) else {
                return;
            };
            entry.sessions.retain(|(id, _)| *id != session);
            let empty = entry.sessions.is_empty();
            if empty {
                members.remove(&user);
            }
            empty
        };
        if went_offline {
            self.bump();
        }
    }

    /// Whether `user` has an open session.
    pub fn is_online(&self, user: UserId) -> bool {
        self.lock().contains_key(&user)
    }

    /// The online members among `users`, as their sessions know them (in the given order).
    pub fn online_among<'a>(
        &self,
        users: impl IntoIterator<Item = &'a UserId>,
    ) -> Vec<UserSummary> {
        let members = self.lock();
        users
            .into_iter()
            .filter_map(|user| members.get(user).map(|entry| entry.summary.clone()))
            .collect()
    }

    /// Sends `msg` to every open session of `user`; returns how many took it.
    pub fn send(&self, user: UserId, msg: &ServerMessage) -> usize {
        let members = self.lock();
        let Some(entry) = members.get(&user) else {
            return 0;
        };
        entry
            .sessions
            .iter()
            .filter(|(_, tx)| tx.send(msg.clone()).is_ok())
            .count()
    }

    /// Tells `user`'s sessions that their follows or blocks changed (no-op when offline).
    pub fn graph_changed(&self, user: UserId) {
        if let Some(entry) = self.lock().get(&user) {
            entry.graph.send_modify(|n| *n += 1);
        }
    }

    /// Members online and their open sessions.
    pub fn counts(&self) -> (usize, usize) {
        let members = self.lock();
        let sessions = members.values().map(|entry| entry.sessions.len()).sum();
        (members.len(), sessions)
    }

    /// A receiver that wakes up whenever someone comes online or goes offline.
    pub fn watch(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }

    fn bump(&self) {
        self.changes.send_modify(|n| *n += 1);
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<UserId, Entry>> {
        self.members
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: i64) -> UserSummary {
        UserSummary {
            id: UserId(id),
            username: format!("u{id}"),
            display_name: format!("U{id}"),
        }
    }

    #[test]
    fn online_while_any_session_is_open() {
        let online = Arc::new(Online::default());
        let mut changes = online.watch();
        let (tx1, mut rx1) = crate::outbox::outbox();
        let (tx2, mut rx2) = crate::outbox::outbox();
        let (first, _) = online.register(member(1), 10, tx1);
        assert!(changes.has_changed().expect("open"));
        changes.borrow_and_update();
        let (second, _) = online.register(member(1), 11, tx2);
        assert!(!changes.has_changed().expect("open"), "already online");
        assert!(online.is_online(UserId(1)));
        assert!(!online.is_online(UserId(2)));

        let msg = ServerMessage::UnreadCount { unread: 3 };
        assert_eq!(online.send(UserId(1), &msg), 2);
        assert_eq!(rx1.try_recv().expect("first"), msg);
        assert_eq!(rx2.try_recv().expect("second"), msg);
        assert_eq!(online.send(UserId(2), &msg), 0);

        drop(first);
        assert!(online.is_online(UserId(1)));
        assert!(!changes.has_changed().expect("open"));
        assert_eq!(online.send(UserId(1), &msg), 1);
        drop(second);
        assert!(!online.is_online(UserId(1)));
        assert!(changes.has_changed().expect("open"), "went offline");
    }

    #[test]
    fn graph_changes_reach_the_members_sessions_only() {
        let online = Arc::new(Online::default());
        let (tx1, _rx1) = crate::outbox::outbox();
        let (tx2, _rx2) = crate::outbox::outbox();
        let (_a, mut graph_a) = online.register(member(1), 1, tx1);
        let (_b, graph_b) = online.register(member(2), 2, tx2);
        online.graph_changed(UserId(1));
        online.graph_changed(UserId(3));
        assert!(graph_a.has_changed().expect("open"));
        assert!(!graph_b.has_changed().expect("open"));
        graph_a.borrow_and_update();
        assert_eq!(
            online.online_among(&[UserId(3), UserId(2), UserId(1)]),
            vec![member(2), member(1)]
        );
    }
}
