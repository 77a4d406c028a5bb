//! Who is online: each member's open WebSocket sessions (their outgoing queues), so
//! notifications and counts reach every device, and presence knows who is around.
//!
//! A member is online while they have at least one open session. Two watch counters wake the
//! presence feeds: [`Online::watch`] moves when someone comes online or goes offline, and each
//! member's own graph counter ([`Online::graph_changed`]) moves when their follows or blocks
//! change, so their sessions re-read them.
//!
//! In a cluster ([`crate::peers`]) the same calls span the nodes: [`Online::send`] and
//! [`Online::graph_changed`] also reach the member's sessions on other nodes, and
//! [`Online::is_online`] and [`Online::online_among`] also see the members other nodes announced
//! (their changes move [`Online::watch`] too). The sessions themselves, and
//! [`Online::counts`], stay per node.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use stoa_proto::rest::UserSummary;
use stoa_proto::ws::ServerMessage;
use stoa_proto::UserId;
use tokio::sync::watch;

use crate::peers::Peers;

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
    /// The other nodes (none on a single node).
    peers: Peers,
}

impl Default for Online {
    fn default() -> Self {
        Self::new(Peers::local())
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
    /// Sessions on this node, linked to the members on `peers`.
    pub(crate) fn new(peers: Peers) -> Self {
        Self {
            members: Mutex::new(HashMap::new()),
            changes: watch::Sender::new(0),
            peers,
        }
    }

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
            if came_online {
                // Under the lock: announcements leave in the order the changes happened.
                self.peers.came_online(&member);
            }
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
                self.peers.went_offline(user);
            }
            empty
        };
        if went_offline {
            self.bump();
        }
    }

    /// Whether `user` has an open session (on any node).
    pub fn is_online(&self, user: UserId) -> bool {
        self.lock().contains_key(&user) || self.peers.online_elsewhere(user)
    }

    /// The online members among `users` (on any node), as their sessions know them (in the
    /// given order).
    pub fn online_among<'a>(
        &self,
        users: impl IntoIterator<Item = &'a UserId>,
    ) -> Vec<UserSummary> {
        let members = self.lock();
        users
            .into_iter()
            .filter_map(|user| match members.get(user) {
                Some(entry) => Some(entry.summary.clone()),
                None => self.peers.summary_elsewhere(*user),
            })
            .collect()
    }

    /// Sends `msg` to every open session of `user` (on every node); returns how many on this
    /// node took it.
    pub fn send(&self, user: UserId, msg: &ServerMessage) -> usize {
        self.peers.message(user, msg);
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

    /// Delivers a message another node sent for `user` (as its JSON text) to their sessions
    /// here.
    pub(crate) fn deliver_here(&self, user: UserId, text: Arc<str>) {
        if let Some(entry) = self.lock().get(&user) {
            for (_, tx) in &entry.sessions {
                let _ = tx.send_encoded(text.clone());
            }
        }
    }

    /// Tells `user`'s sessions (on every node) that their follows or blocks changed (no-op
    /// where they are offline).
    pub fn graph_changed(&self, user: UserId) {
        self.peers.graph_changed(user);
        self.graph_changed_here(user);
    }

    /// Tells `user`'s sessions on this node that their follows or blocks changed.
    pub(crate) fn graph_changed_here(&self, user: UserId) {
        if let Some(entry) = self.lock().get(&user) {
            entry.graph.send_modify(|n| *n += 1);
        }
    }

    /// Someone came online or went offline on another node: wakes the presence feeds.
    pub(crate) fn presence_changed_elsewhere(&self) {
        self.bump();
    }

    /// Announces every member connected here to the other nodes (the heartbeat's snapshot).
    pub(crate) fn announce_snapshot(&self) {
        let members = self.lock();
        self.peers
            .snapshot(members.values().map(|entry| &entry.summary));
    }

    /// Members online on this node and their open sessions here.
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
            avatar: None,
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
