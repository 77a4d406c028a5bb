//! Who may enter a live room: the room's kind and the people lists the rule needs, as one cheap
//! snapshot ([`RoomAccess`]) the room task publishes next to its summary.
//!
//! The same pure rule ([`RoomAccess::check`]) decides a WebSocket join and which rooms the
//! hallway shows a viewer, so a room is never listed to someone it would refuse.

use std::collections::HashSet;
use std::sync::Arc;

use stoa_proto::{ClubId, RoomKind, UserId};
use stoa_room::RoomError;
use stoa_store::Store;

use super::ranking::ViewerGraph;
use super::{RoomMsg, Rooms};
use crate::ServiceError;

/// A live room's access data: its kind, who runs it, who is on stage, who was admitted (named at
/// creation or pinged), who was removed, and everyone its moderators follow.
///
/// Cloning is cheap: the sets are shared (`Arc`), and a room task replaces a set rather than
/// changing it in place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoomAccess {
    /// Who may join.
    pub kind: RoomKind,
    /// The current moderators.
    pub moderators: Vec<UserId>,
    /// Everyone on stage now (moderators and speakers).
    pub stage: Vec<UserId>,
    /// Members admitted to the room: named by the moderators, pinged, or once on its stage.
    pub admitted: Arc<HashSet<UserId>>,
    /// Members removed from the room; they may not come back.
    pub removed: Arc<HashSet<UserId>>,
    /// The union of the moderators' followees (what a social room lets in).
    pub moderator_followees: Arc<HashSet<UserId>>,
    /// The club the room belongs to.
    pub club: Option<ClubId>,
    /// Only the club's members (and members admitted by name or ping) may join.
    pub members_only: bool,
}

impl RoomAccess {
    /// Whether `viewer` may join, with the moderators' follows as this snapshot knows them.
    ///
    /// `blocks_of_viewer` holds everyone the viewer blocked or was blocked by (either way);
    /// `clubs_of_viewer` the clubs the viewer is a member of.
    /// Refusals, in order: removed (`removed_from_room`); anyone on stage is let in; a block
    /// between the viewer and a moderator (`blocked`); a members-only club room the viewer is
    /// neither a club member of nor admitted to (named or pinged: `club_members_only`); a social
    /// room the viewer is not followed
    /// into by a moderator nor admitted to (`room_followers_only`); a closed room the viewer was
    /// not admitted to (`room_closed`).
    pub fn check(
        &self,
        viewer: UserId,
        blocks_of_viewer: &HashSet<UserId>,
        clubs_of_viewer: &HashSet<ClubId>,
    ) -> Result<(), ServiceError> {
        let followed = self.moderator_followees.contains(&viewer);
        self.check_with(viewer, blocks_of_viewer, clubs_of_viewer, followed)
    }

    /// [`RoomAccess::check`] with the follow fact given by the caller (the join path reads it
    /// fresh from the store: does any current moderator follow the viewer?).
    pub fn check_with(
        &self,
        viewer: UserId,
        blocks_of_viewer: &HashSet<UserId>,
        clubs_of_viewer: &HashSet<ClubId>,
        followed_by_moderator: bool,
    ) -> Result<(), ServiceError> {
        if self.removed.contains(&viewer) {
            return Err(ServiceError::Room(RoomError::RemovedFromRoom));
        }
        if self.stage.contains(&viewer) || self.moderators.contains(&viewer) {
            return Ok(());
        }
        if self
            .moderators
            .iter()
            .any(|moderator| blocks_of_viewer.contains(moderator))
        {
            return Err(ServiceError::Blocked(
                "you cannot join a room run by someone you blocked or who blocked you".to_string(),
            ));
        }
        let admitted = self.admitted.contains(&viewer);
        if self.members_only
            && !admitted
            && !self
                .club
                .is_some_and(|club| clubs_of_viewer.contains(&club))
        {
            return Err(ServiceError::ClubMembersOnly);
        }
        match self.kind {
            RoomKind::Open => Ok(()),
            RoomKind::Social if admitted || followed_by_moderator => Ok(()),
            RoomKind::Social => Err(ServiceError::RoomFollowersOnly),
            RoomKind::Closed if admitted => Ok(()),
            RoomKind::Closed => Err(ServiceError::RoomClosed),
        }
    }
}

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
/// join reaches the room task (which then decides with its own current state).
#[derive(Debug, Clone, Default)]
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
    pub(crate) fn check(&self, access: &RoomAccess, viewer: UserId) -> Result<(), ServiceError> {
        access.check_with(
            viewer,
            &self.blocks,
            &self.clubs,
            self.followed_by_moderator,
        )
    }
}

#[cfg(test)]
mod tests {
    use stoa_proto::ErrorCode;

    use super::*;

    const MOD: UserId = UserId(1);
    const SPEAKER: UserId = UserId(2);
    const FRIEND: UserId = UserId(3);
    const NAMED: UserId = UserId(4);
    const STRANGER: UserId = UserId(5);
    const GONE: UserId = UserId(6);

    fn set(ids: &[UserId]) -> Arc<HashSet<UserId>> {
        Arc::new(ids.iter().copied().collect())
    }

    fn access(kind: RoomKind) -> RoomAccess {
        RoomAccess {
            kind,
            moderators: vec![MOD],
            stage: vec![MOD, SPEAKER],
            admitted: set(&[NAMED]),
            removed: set(&[GONE]),
            moderator_followees: set(&[FRIEND]),
            club: None,
            members_only: false,
        }
    }

    impl RoomAccess {
        fn check_any(&self, viewer: UserId, blocks: &HashSet<UserId>) -> Result<(), ServiceError> {
            self.check(viewer, blocks, &HashSet::new())
        }

        fn check_with_any(
            &self,
            viewer: UserId,
            blocks: &HashSet<UserId>,
            followed: bool,
        ) -> Result<(), ServiceError> {
            self.check_with(viewer, blocks, &HashSet::new(), followed)
        }
    }

    fn code(result: Result<(), ServiceError>) -> Option<ErrorCode> {
        result.err().map(|err| err.code())
    }

    #[test]
    fn open_rooms_let_any_member_in() {
        let room = access(RoomKind::Open);
        let none = HashSet::new();
        for viewer in [MOD, SPEAKER, FRIEND, NAMED, STRANGER] {
            assert_eq!(code(room.check_any(viewer, &none)), None, "{viewer}");
        }
    }

    #[test]
    fn social_rooms_let_in_followed_admitted_and_stage() {
        let room = access(RoomKind::Social);
        let none = HashSet::new();
        for viewer in [MOD, SPEAKER, FRIEND, NAMED] {
            assert_eq!(code(room.check_any(viewer, &none)), None, "{viewer}");
        }
        assert_eq!(
            code(room.check_any(STRANGER, &none)),
            Some(ErrorCode::RoomFollowersOnly)
        );
    }

    #[test]
    fn the_given_follow_fact_overrides_the_snapshot() {
        let room = access(RoomKind::Social);
        let none = HashSet::new();
        assert_eq!(code(room.check_with_any(STRANGER, &none, true)), None);
        assert_eq!(
            code(room.check_with_any(FRIEND, &none, false)),
            Some(ErrorCode::RoomFollowersOnly)
        );
    }

    #[test]
    fn closed_rooms_let_in_only_admitted_and_stage() {
        let room = access(RoomKind::Closed);
        let none = HashSet::new();
        for viewer in [MOD, SPEAKER, NAMED] {
            assert_eq!(code(room.check_any(viewer, &none)), None, "{viewer}");
        }
        for viewer in [FRIEND, STRANGER] {
            assert_eq!(
                code(room.check_any(viewer, &none)),
                Some(ErrorCode::RoomClosed),
                "{viewer}"
            );
        }
    }

    #[test]
    fn removed_members_never_come_back() {
        for kind in [RoomKind::Open, RoomKind::Social, RoomKind::Closed] {
            let mut room = access(kind);
            room.admitted = set(&[NAMED, GONE]);
            room.moderator_followees = set(&[FRIEND, GONE]);
            assert_eq!(
                code(room.check_any(GONE, &HashSet::new())),
                Some(ErrorCode::RemovedFromRoom)
            );
        }
    }

    #[test]
    fn a_block_with_a_moderator_refuses_even_open_and_admitted() {
        let blocks: HashSet<UserId> = [MOD].into_iter().collect();
        for kind in [RoomKind::Open, RoomKind::Social, RoomKind::Closed] {
            let room = access(kind);
            for viewer in [FRIEND, NAMED, STRANGER] {
                assert_eq!(
                    code(room.check_any(viewer, &blocks)),
                    Some(ErrorCode::Blocked),
                    "{kind:?} {viewer}"
                );
            }
            // The stage is always let back in (a reconnecting speaker).
            assert_eq!(code(room.check_any(SPEAKER, &blocks)), None);
        }
    }

    #[test]
    fn a_block_with_a_mere_speaker_does_not_refuse() {
        let blocks: HashSet<UserId> = [SPEAKER].into_iter().collect();
        let room = access(RoomKind::Open);
        assert_eq!(code(room.check_any(STRANGER, &blocks)), None);
    }

    #[test]
    fn members_only_club_rooms_let_in_members_admitted_and_stage() {
        const CLUB: ClubId = ClubId(3);
        let clubs: HashSet<ClubId> = [CLUB].into_iter().collect();
        let others: HashSet<ClubId> = [ClubId(4)].into_iter().collect();
        let none = HashSet::new();
        let mut room = access(RoomKind::Open);
        room.club = Some(CLUB);
        room.members_only = true;
        assert_eq!(
            code(room.check(STRANGER, &none, &clubs)),
            None,
            "club member"
        );
        assert_eq!(
            code(room.check(STRANGER, &none, &others)),
            Some(ErrorCode::ClubMembersOnly),
            "another club's member"
        );
        assert_eq!(
            code(room.check(FRIEND, &none, &HashSet::new())),
            Some(ErrorCode::ClubMembersOnly),
            "followed by a moderator but not a member"
        );
        for viewer in [MOD, SPEAKER, NAMED] {
            assert_eq!(code(room.check(viewer, &none, &HashSet::new())), None);
        }
        // The kind's rule still applies to club members.
        room.kind = RoomKind::Social;
        assert_eq!(
            code(room.check(STRANGER, &none, &clubs)),
            Some(ErrorCode::RoomFollowersOnly)
        );
        assert_eq!(code(room.check(FRIEND, &none, &clubs)), None);
        // Without members_only, a club room is open to everyone its kind lets in.
        room.kind = RoomKind::Open;
        room.members_only = false;
        assert_eq!(code(room.check(STRANGER, &none, &HashSet::new())), None);
    }
}
