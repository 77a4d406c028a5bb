//! The members connected to other nodes, as those nodes announced them: per node, its members
//! and when it was last heard from. A node silent for longer than the configured time is
//! forgotten with its members (it died, or lost NATS: either way nobody can reach them there).

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use stoa_proto::rest::UserSummary;
use stoa_proto::UserId;
use tokio::time::Instant;

/// What one other node announced.
struct NodeMembers {
    members: HashMap<UserId, UserSummary>,
    /// The snapshot being received: its round and the parts so far.
    incoming: Option<(u64, HashMap<UserId, UserSummary>)>,
    heard: Instant,
}

impl NodeMembers {
    fn new(now: Instant) -> Self {
        Self {
            members: HashMap::new(),
            incoming: None,
            heard: now,
        }
    }
}

/// Members online on other nodes. Every change method returns whether the set of members
/// online elsewhere (or how they are known) changed, so the caller wakes the presence feeds.
#[derive(Default)]
pub(crate) struct RemoteMembers {
    nodes: Mutex<HashMap<String, NodeMembers>>,
}

impl RemoteMembers {
    /// `member` came online on `node`.
    pub(crate) fn online(&self, node: &str, member: UserSummary, now: Instant) -> bool {
        let mut nodes = self.lock();
        let known = Self::heard(&mut nodes, node, now);
        known.members.insert(member.id, member.clone()) != Some(member)
    }

    /// `user` went offline on `node`.
    pub(crate) fn offline(&self, node: &str, user: UserId, now: Instant) -> bool {
        let mut nodes = self.lock();
        Self::heard(&mut nodes, node, now)
            .members
            .remove(&user)
            .is_some()
    }

    /// One part of `node`'s snapshot; the last part replaces what was known of it.
    pub(crate) fn snapshot_part(
        &self,
        node: &str,
        round: u64,
        members: Vec<UserSummary>,
        last: bool,
        now: Instant,
    ) -> bool {
        let mut nodes = self.lock();
        let known = Self::heard(&mut nodes, node, now);
        let mut incoming = match known.incoming.take() {
            Some((r, parts)) if r == round => parts,
            // A new round (a lost part of an older one is abandoned).
            _ => HashMap::new(),
        };
        incoming.extend(members.into_iter().map(|member| (member.id, member)));
        if !last {
            known.incoming = Some((round, incoming));
            return false;
        }
        let changed = known.members != incoming;
        known.members = incoming;
        changed
    }

    /// Forgets the nodes not heard from for `silence`; returns whether any member went with them.
    pub(crate) fn forget_silent(&self, now: Instant, silence: Duration) -> bool {
        let mut nodes = self.lock();
        let mut lost_members = false;
        nodes.retain(|node, known| {
            let alive = now.saturating_duration_since(known.heard) <= silence;
            if !alive {
                tracing::info!(%node, members = known.members.len(), "node silent: forgotten");
                lost_members |= !known.members.is_empty();
            }
            alive
        });
        lost_members
    }

    /// Whether `user` is online on another node.
    pub(crate) fn is_online(&self, user: UserId) -> bool {
        self.lock()
            .values()
            .any(|known| known.members.contains_key(&user))
    }

    /// `user` as another node knows them, if they are online there.
    pub(crate) fn summary(&self, user: UserId) -> Option<UserSummary> {
        self.lock()
            .values()
            .find_map(|known| known.members.get(&user).cloned())
    }

    fn heard<'a>(
        nodes: &'a mut HashMap<String, NodeMembers>,
        node: &str,
        now: Instant,
    ) -> &'a mut NodeMembers {
        let known = nodes
            .entry(node.to_string())
            .or_insert_with(|| NodeMembers::new(now));
        known.heard = now;
        known
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, NodeMembers>> {
        self.nodes
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
    fn deltas_and_snapshots_track_each_nodes_members() {
        let remote = RemoteMembers::default();
        let t0 = Instant::now();
        assert!(remote.online("a", member(1), t0));
        assert!(!remote.online("a", member(1), t0), "already known");
        assert!(remote.online("b", member(2), t0));
        assert!(remote.is_online(UserId(1)) && remote.is_online(UserId(2)));
        assert!(remote.offline("a", UserId(1), t0));
        assert!(!remote.is_online(UserId(1)));

        // A snapshot in two parts replaces b's members only once complete.
        assert!(!remote.snapshot_part("b", 1, vec![member(3)], false, t0));
        assert!(remote.is_online(UserId(2)));
        assert!(remote.snapshot_part("b", 1, vec![member(4)], true, t0));
        assert!(!remote.is_online(UserId(2)));
        assert_eq!(remote.summary(UserId(3)), Some(member(3)));
        assert!(!remote.snapshot_part("b", 2, vec![member(3), member(4)], true, t0));

        // b falls silent; a keeps talking.
        let later = t0 + Duration::from_secs(4);
        assert!(!remote.snapshot_part("a", 5, Vec::new(), true, later));
        assert!(remote.forget_silent(later, Duration::from_secs(3)));
        assert!(!remote.is_online(UserId(3)) && !remote.is_online(UserId(4)));
        assert!(!remote.forget_silent(later, Duration::from_secs(3)));
    }
}
