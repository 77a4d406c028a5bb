//! The registry's local view of the live nodes, kept from the bucket's change feed.
//!
//! JetStream (2.9) removes an entry whose `max_age` passed without telling watchers, so the view
//! ages entries itself: a node not heard from for [`ENTRY_TTL`] (by this process's monotonic
//! clock, counted from when its renewal arrived) is dropped, as the server drops it. Ageing
//! stops while the feed is not flowing: while the client is disconnected, or our own renewals,
//! which arrive through the same feed every second, are missing (NATS away, a silent partition,
//! a broken watcher). The view is then kept as it was; when the feed resumes every node gets a
//! grace period to show up again.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use crate::cluster::{ENTRY_TTL, RENEW_EVERY};
use crate::node::{NodeId, NodeInfo};

/// The live nodes by id.
pub type Members = BTreeMap<NodeId, NodeInfo>;

/// Our own renewal older than this means the feed is not flowing. Shorter than the TTL minus
/// the renewal period, so a silent feed freezes the view before it would drop a node that
/// renewed just before the feed stopped.
const FEED_STALE_AFTER: Duration = Duration::from_millis(1800);
/// When the feed resumes, how long every node has to be heard from again.
const RESUME_GRACE: Duration = Duration::from_millis(1500);

/// When each member was last heard from.
#[derive(Debug)]
pub(crate) struct Liveness {
    own: NodeId,
    last_seen: HashMap<NodeId, Instant>,
    /// Whether ageing is suspended because the feed stopped.
    frozen: bool,
}

impl Liveness {
    /// Liveness for a view kept by node `own`.
    pub(crate) fn new(own: NodeId) -> Self {
        Self {
            own,
            last_seen: HashMap::new(),
            frozen: false,
        }
    }

    /// A node's entry arrived at `now`. Returns whether membership changed.
    pub(crate) fn put(&mut self, members: &mut Members, info: NodeInfo, now: Instant) -> bool {
        self.last_seen.insert(info.id.clone(), now);
        members.insert(info.id.clone(), info).is_none()
    }

    /// A node left cleanly. Returns whether membership changed.
    pub(crate) fn delete(&mut self, members: &mut Members, id: &NodeId) -> bool {
        self.last_seen.remove(id);
        members.remove(id).is_some()
    }

    /// Drops nodes not heard from for the TTL, unless the feed itself stopped (`connected`:
    /// whether the client is connected to NATS). Returns whether membership changed.
    pub(crate) fn sweep(&mut self, members: &mut Members, now: Instant, connected: bool) -> bool {
        let feed_flowing = connected
            && self
                .last_seen
                .get(&self.own)
                .is_some_and(|&seen| now.saturating_duration_since(seen) < FEED_STALE_AFTER);
        if !feed_flowing {
            self.frozen = true;
            return false;
        }
        if self.frozen {
            self.frozen = false;
            let floor = now.checked_sub(ENTRY_TTL - RESUME_GRACE).unwrap_or(now);
            for seen in self.last_seen.values_mut() {
                *seen = (*seen).max(floor);
            }
        }
        let before = members.len();
        let last_seen = &mut self.last_seen;
        members.retain(|id, _| {
            let alive = last_seen
                .get(id)
                .is_some_and(|&seen| now.saturating_duration_since(seen) < ENTRY_TTL);
            if !alive {
                last_seen.remove(id);
            }
            alive
        });
        members.len() != before
    }

    /// Whether ageing is suspended (the feed stopped).
    #[cfg(test)]
    pub(crate) fn is_frozen(&self) -> bool {
        self.frozen
    }
}

/// The node new rooms should go to: fewest peers, then fewest rooms, then smallest id.
pub(crate) fn least_loaded(members: &Members) -> Option<&NodeInfo> {
    members
        .values()
        .min_by(|a, b| crate::node::placement_key(a).cmp(&crate::node::placement_key(b)))
}

/// How often the view is swept; also bounds how late a dead node is dropped.
pub(crate) const SWEEP_EVERY: Duration = Duration::from_millis(200);

/// Silence on the feed for this long means the watcher is broken: re-create it.
pub(crate) const FEED_SILENT_AFTER: Duration = RENEW_EVERY.saturating_mul(3);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::NodeLoad;

    fn node(id: &str, peers: u32, rooms: u32) -> NodeInfo {
        NodeInfo {
            id: NodeId::new(id).unwrap(),
            http_addr: String::new(),
            media_addr: String::new(),
            load: NodeLoad { rooms, peers },
            started_at_ms: 0,
        }
    }

    fn id(s: &str) -> NodeId {
        NodeId::new(s).unwrap()
    }

    #[test]
    fn silent_nodes_age_out_while_the_feed_flows() {
        let t0 = Instant::now();
        let mut live = Liveness::new(id("a"));
        let mut members = Members::new();
        assert!(live.put(&mut members, node("a", 0, 0), t0));
        assert!(live.put(&mut members, node("b", 0, 0), t0));
        assert!(
            !live.put(&mut members, node("b", 1, 0), t0),
            "a renewal is no change"
        );
        // `a` keeps renewing, `b` stops.
        for s in 1..=3 {
            let t = t0 + Duration::from_secs(s);
            live.put(&mut members, node("a", 0, 0), t);
            let changed = live.sweep(&mut members, t + Duration::from_millis(1), true);
            assert_eq!(changed, s == 3, "at {s}s");
        }
        assert_eq!(members.keys().collect::<Vec<_>>(), [&id("a")]);
    }

    #[test]
    fn a_stopped_feed_keeps_the_view_and_resumes_with_grace() {
        let t0 = Instant::now();
        let mut live = Liveness::new(id("a"));
        let mut members = Members::new();
        live.put(&mut members, node("a", 0, 0), t0);
        live.put(&mut members, node("b", 0, 0), t0);
        // Nothing arrives for 10 s (NATS away): nobody is dropped.
        for s in 1..=10 {
            assert!(!live.sweep(&mut members, t0 + Duration::from_secs(s), true));
        }
        assert!(live.is_frozen());
        assert_eq!(members.len(), 2);
        // The feed resumes with our own renewal; `b` gets the grace period, then goes.
        let t1 = t0 + Duration::from_secs(11);
        live.put(&mut members, node("a", 0, 0), t1);
        assert!(!live.sweep(&mut members, t1, true));
        assert!(!live.is_frozen());
        assert!(!live.sweep(
            &mut members,
            t1 + RESUME_GRACE - Duration::from_millis(100),
            true
        ));
        live.put(&mut members, node("a", 0, 0), t1 + RESUME_GRACE);
        assert!(live.sweep(
            &mut members,
            t1 + RESUME_GRACE + Duration::from_millis(1),
            true
        ));
        assert_eq!(members.len(), 1);
    }

    #[test]
    fn a_disconnected_client_freezes_the_view_at_once() {
        let t0 = Instant::now();
        let mut live = Liveness::new(id("a"));
        let mut members = Members::new();
        live.put(&mut members, node("b", 0, 0), t0);
        live.put(&mut members, node("a", 0, 0), t0 + Duration::from_secs(2));
        // Our own renewal is fresh, but the client knows it is disconnected: `b` stays.
        let t = t0 + Duration::from_secs(3);
        assert!(!live.sweep(&mut members, t, false));
        assert!(live.is_frozen());
        assert_eq!(members.len(), 2);
    }

    #[test]
    fn a_clean_leave_is_immediate() {
        let t0 = Instant::now();
        let mut live = Liveness::new(id("a"));
        let mut members = Members::new();
        live.put(&mut members, node("b", 0, 0), t0);
        assert!(live.delete(&mut members, &id("b")));
        assert!(!live.delete(&mut members, &id("b")));
        assert!(members.is_empty());
    }

    #[test]
    fn least_loaded_orders_by_peers_then_rooms_then_id() {
        let mut members = Members::new();
        for n in [
            node("c", 5, 1),
            node("b", 5, 1),
            node("a", 5, 2),
            node("d", 6, 0),
        ] {
            members.insert(n.id.clone(), n);
        }
        assert_eq!(least_loaded(&members).unwrap().id, id("b"));
        assert!(least_loaded(&Members::new()).is_none());
    }
}
