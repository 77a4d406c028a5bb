//! Who may enter a live room, on the service's side: the room crate's rule and snapshot
//! ([`RoomAccess`], published by each room task next to its summary), the facts about a joining
//! member the rule needs ([`JoinGate`], read from the store), and telling rooms that follows
//! changed.
//!
//! The same pure rule ([`RoomAccess::check`]) decides a WebSocket join and which rooms the
//! hallway shows a viewer, so a room is never listed to someone it would refuse.

use std::collections::HashSet;

use stoa_proto::{ClubId, RoomKind, UserId};
use stoa_room::RoomError;
use stoa_store::Store;

use super::ranking::ViewerGraph;
use super::{RoomMsg, Rooms};
use crate::ServiceError;

/// A live room's access data as its task publishes it: the room crate's snapshot
/// ([`stoa_room::Access`]), cheap to clone.
pub use stoa_room::Access as RoomAccess;

impl Rooms {
    /// Tells the live rooms where `user` is on stage that whom they follow changed (a follow,
    /// an unfollow, or a block removing follows), and waits until those rooms reloaded it: their
    /// moderators' followees (who a social room lets in, and shows in its hallway) and the
    /// "followed by the speakers" flags are current when this returns.
    pub async fn follows_changed(&self, user: UserId) {
        for handle in self.registry().rooms_with_on_stage(user) {
            let (reply, done) = tokio::sync::oneshot::channel();
            handle.send(RoomMsg::FollowsChanged { user, reply });
            let _ = done.await;
        }
    }
}

/// What the access rule needs about one joining member, read fresh from the store before the
/// join reaches the room task (which then decides with its own current state). Serializable:
/// in a cluster the member's node reads it and the room's node decides.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct JoinGate {
    /// Everyone the member blocked or was blocked by.
    pub blocks: HashSet<UserId>,
    /// One of the room's moderators follows the member.
    pub followed_by_moderator: bool,
    /// The clubs the member is in (read only for members-only club rooms).
    pub clubs: HashSet<ClubId>,
}

impl JoinGate {
    /// Takes the member's blocks (both ways) and clubs from their `graph` and reads, unless the
    /// room is open, whether one of its moderators follows them.
    pub(crate) async fn load(
        store: &dyn Store,
        access: &RoomAccess,
        graph: &ViewerGraph,
    ) -> Result<JoinGate, ServiceError> {
        let followed_by_moderator = access.kind != RoomKind::Open
            && store.follows_any(&access.moderators, graph.id).await?;
        let clubs = if access.members_only {
            graph.clubs.clone()
        } else {
            HashSet::new()
        };
        Ok(JoinGate {
            blocks: graph.blocked_either_way(),
            followed_by_moderator,
            clubs,
        })
    }

    /// Whether the member may join a room with `access`.
    pub(crate) fn check(&self, access: &RoomAccess, viewer: UserId) -> Result<(), RoomError> {
        access.check_with(
            viewer,
            &self.blocks,
            &self.clubs,
            self.followed_by_moderator,
        )
    }
}
