//! One task per WebSocket session keeps what the member sees outside a room up to date: their
//! hallway (ranked for them) and their friends online.
//!
//! The task reads the viewer's follows and blocks ([`ViewerGraph`]) through the session's
//! [`GraphCache`], which re-reads them when they change (see [`Presence::social_graph_changed`]) and
//! at least every [`GRAPH_TTL`]. It wakes when someone
//! comes online or goes offline, when a live room changes (members entering and leaving rooms
//! included) or when the graph changes; it recomputes at most every [`MIN_INTERVAL`], the
//! hallway at most every [`HALLWAY_INTERVAL`] ([`HALLWAY_INTERVAL_IN_ROOM`] while the member sits
//! in a room, where the hallway is off screen; at once when they leave it), and sends each only
//! when it changed.

use std::sync::Arc;
use std::time::Duration;

use stoa_proto::rest::{FriendsOnline, Hallway};
use stoa_proto::ws::ServerMessage;
use stoa_proto::UserId;
use tokio::sync::watch;
use tokio::time::Instant;

use crate::graph_cache::{GraphCache, GRAPH_TTL};
use crate::presence::Presence;
use crate::rooms::ranking::ViewerGraph;

/// Least time between two wake-ups of one session's feed.
pub const MIN_INTERVAL: Duration = Duration::from_millis(250);
/// Least time between two hallway recomputations for a session outside a room.
pub const HALLWAY_INTERVAL: Duration = Duration::from_secs(1);
/// Least time between two hallway recomputations for a session sitting in a room.
pub const HALLWAY_INTERVAL_IN_ROOM: Duration = Duration::from_secs(10);

/// What one session's feed last sent and when it may recompute the hallway again.
struct FeedState {
    graph: Option<Arc<ViewerGraph>>,
    friends: Option<FriendsOnline>,
    hallway: Option<Hallway>,
    /// The hallway needs recomputing (rooms or the graph changed since the last one).
    hallway_dirty: bool,
    next_hallway: Instant,
    /// The member sat in a room when the hallway was last computed.
    was_in_room: bool,
}

/// Starts the feed of one session; it ends when the session's queue closes or the server stops.
/// `graph_changes` is the viewer's graph counter from their online registration.
pub(crate) fn spawn_session_feed(
    presence: &Presence,
    viewer: UserId,
    tx: crate::outbox::Outbox,
    mut graph_changes: watch::Receiver<u64>,
    cache: Arc<GraphCache>,
) {
    let presence = presence.clone();
    let mut online = presence.online().watch();
    let mut rooms = presence.registry().watch_changes();
    let background = presence.background().clone();
    background.spawn_until_stopped("session feed", async move {
        let mut state = FeedState {
            graph: None,
            friends: None,
            hallway: None,
            hallway_dirty: true,
            next_hallway: Instant::now(),
            was_in_room: false,
        };
        let mut graph_seen = *graph_changes.borrow_and_update();
        loop {
            online.borrow_and_update();
            // Whichever branch woke us, a room change since the last look dirties the hallway.
            if rooms.has_changed().unwrap_or(false) {
                state.hallway_dirty = true;
            }
            rooms.borrow_and_update();
            // `changed()` below marks versions seen; compare values to know if it moved.
            let graph_now = *graph_changes.borrow_and_update();
            let graph_dirty = graph_now != graph_seen;
            graph_seen = graph_now;
            match cache.get(&presence).await {
                Ok(g) => {
                    if state.graph.as_ref().is_none_or(|old| !Arc::ptr_eq(old, &g)) {
                        state.graph = Some(g);
                        state.hallway_dirty = true;
                        if graph_dirty {
                            // The member's own follow or block: show it at once.
                            state.next_hallway = Instant::now();
                        }
                    }
                }
                Err(err) => tracing::warn!(%viewer, %err, "feed: cannot read follows"),
            }
            if !state.send_changes(&presence, viewer, &tx) {
                return;
            }
            tokio::select! {
                _ = tokio::time::sleep(MIN_INTERVAL) => {}
                _ = tx.closed() => return,
            }
            let hallway_due = state.hallway_dirty.then_some(state.next_hallway);
            tokio::select! {
                changed = online.changed() => if changed.is_err() { return },
                changed = rooms.changed() => {
                    if changed.is_err() { return }
                    state.hallway_dirty = true;
                }
                changed = graph_changes.changed() => if changed.is_err() { return },
                _ = tokio::time::sleep_until(hallway_due.unwrap_or_else(Instant::now)),
                    if hallway_due.is_some() => {}
                _ = tokio::time::sleep(GRAPH_TTL) => {}
                _ = tx.closed() => return,
            }
        }
    });
}

impl FeedState {
    /// Recomputes friends online (always) and the hallway (when dirty and due); sends what
    /// changed. Returns false once the session's queue is closed.
    fn send_changes(
        &mut self,
        presence: &Presence,
        viewer: UserId,
        tx: &crate::outbox::Outbox,
    ) -> bool {
        let Some(graph) = &self.graph else {
            return true;
        };
        let friends = presence.friends_online_for(graph);
        if self.friends.as_ref() != Some(&friends) {
            let msg = ServerMessage::FriendsOnline {
                friends: friends.clone(),
            };
            if tx.send(msg).is_err() {
                return false;
            }
            self.friends = Some(friends);
        }
        let now = Instant::now();
        let in_room = presence.registry().room_of(viewer).is_some();
        if self.was_in_room && !in_room {
            // Back in the hallway: show it fresh at once.
            self.next_hallway = now;
        }
        if self.hallway_dirty && now >= self.next_hallway {
            let hallway = presence.rank_hallway(graph);
            self.hallway_dirty = false;
            self.was_in_room = in_room;
            let pause = if in_room {
                HALLWAY_INTERVAL_IN_ROOM
            } else {
                HALLWAY_INTERVAL
            };
            self.next_hallway = now + pause;
            if self.hallway.as_ref() != Some(&hallway) {
                let msg = ServerMessage::Hallway {
                    hallway: hallway.clone(),
                };
                if tx.send(msg).is_err() {
                    return false;
                }
                self.hallway = Some(hallway);
            }
        }
        true
    }
}
