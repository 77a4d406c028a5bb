//! The hallway as one viewer sees it: the live rooms they may join, ranked by the people they
//! follow and explained (see [`crate::rooms::ranking`]), for `GET /api/rooms` and the
//! WebSocket `hallway` feed ([`crate::feeds`]).

use std::collections::HashSet;

use stoa_proto::rest::Hallway;
use stoa_proto::UserId;

use crate::presence::Presence;
use crate::rooms::ranking::{rank, ViewerGraph};
use crate::ServiceError;

/// Most rooms one hallway lists (the best ones for the viewer).
pub const HALLWAY_ROOMS: usize = 100;

impl Presence {
    /// The viewer's follows, blocks (both ways) and clubs, read from the store in one query.
    pub async fn viewer_graph(&self, viewer: UserId) -> Result<ViewerGraph, ServiceError> {
        let graph = self.store().social_graph_of(viewer).await?;
        Ok(ViewerGraph {
            id: viewer,
            followees: graph.followees.into_iter().collect(),
            blocked: graph.blocked.into_iter().collect(),
            blocked_by: graph.blocked_by.into_iter().collect(),
            clubs: graph.clubs.into_iter().collect(),
        })
    }

    /// The hallway for `viewer`, read fresh.
    pub async fn hallway_for(&self, viewer: UserId) -> Result<Hallway, ServiceError> {
        let graph = self.viewer_graph(viewer).await?;
        Ok(self.rank_hallway(&graph))
    }

    /// Ranks the live rooms (in a cluster, every node's) for a viewer whose graph is known and
    /// keeps the best [`HALLWAY_ROOMS`]: rooms they may not join are left out, and so are rooms
    /// whose stage holds only people they blocked.
    pub fn rank_hallway(&self, graph: &ViewerGraph) -> Hallway {
        let blocked_either_way: HashSet<UserId> = graph.blocked_either_way();
        let rooms = self.registry().hallway_rooms();
        let visible = rooms
            .iter()
            .filter(|(_, access)| {
                access
                    .check(graph.id, &blocked_either_way, &graph.clubs)
                    .is_ok()
            })
            .map(|(summary, _)| summary.as_ref());
        let present = self.registry().followed_present(&graph.followees);
        Hallway {
            rooms: rank(graph, visible, &present, HALLWAY_ROOMS),
        }
    }
}
