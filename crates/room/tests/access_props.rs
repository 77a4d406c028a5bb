//! Property tests of the join rule: random access data and random viewers (their blocks, clubs,
//! whether a moderator follows them), with what must hold whatever else does.

use std::collections::HashSet;
use std::sync::Arc;

use proptest::prelude::*;
use stoa_room::{Access, ClubId, RoomError, RoomKind, UserId};

const POOL: i64 = 6;
const CLUBS: i64 = 3;

fn user() -> impl Strategy<Value = UserId> {
    (1..=POOL).prop_map(UserId)
}

fn users() -> impl Strategy<Value = HashSet<UserId>> {
    prop::collection::hash_set(user(), 0..=POOL as usize)
}

fn club() -> impl Strategy<Value = ClubId> {
    (1..=CLUBS).prop_map(ClubId)
}

fn kind() -> impl Strategy<Value = RoomKind> {
    prop_oneof![
        Just(RoomKind::Open),
        Just(RoomKind::Social),
        Just(RoomKind::Closed),
    ]
}

fn sorted(set: &HashSet<UserId>) -> Vec<UserId> {
    let mut v: Vec<UserId> = set.iter().copied().collect();
    v.sort();
    v
}

/// Any access data: moderators are on stage, the other sets are arbitrary (even overlapping).
fn access() -> impl Strategy<Value = Access> {
    (
        kind(),
        users(),
        users(),
        users(),
        users(),
        users(),
        prop::option::of(club()),
        any::<bool>(),
    )
        .prop_map(
            |(kind, moderators, speakers, admitted, removed, followees, club, members_only)| {
                let stage: HashSet<UserId> = moderators.union(&speakers).copied().collect();
                Access {
                    kind,
                    moderators: sorted(&moderators),
                    stage: sorted(&stage),
                    admitted: Arc::new(admitted),
                    removed: Arc::new(removed),
                    moderator_followees: Arc::new(followees),
                    club,
                    members_only,
                }
            },
        )
}

/// Someone who wants in: who they are, whom they blocked or were blocked by, their clubs, and
/// whether a moderator follows them (as the join path reads it from the store).
#[derive(Debug, Clone)]
struct Viewer {
    id: UserId,
    blocks: HashSet<UserId>,
    clubs: HashSet<ClubId>,
    followed: bool,
}

fn viewer() -> impl Strategy<Value = Viewer> {
    (
        user(),
        prop::collection::hash_set(user(), 0..3),
        prop::collection::hash_set(club(), 0..=CLUBS as usize),
        any::<bool>(),
    )
        .prop_map(|(id, blocks, clubs, followed)| Viewer {
            id,
            blocks,
            clubs,
            followed,
        })
}

fn decide(access: &Access, v: &Viewer) -> Result<(), RoomError> {
    access.check_with(v.id, &v.blocks, &v.clubs, v.followed)
}

fn on_stage(access: &Access, user: UserId) -> bool {
    access.stage.contains(&user) || access.moderators.contains(&user)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    /// A removed member is never let in, whatever else holds (admitted, followed, on stage,
    /// in the club, an open room).
    #[test]
    fn a_removed_member_is_never_let_in(mut access in access(), v in viewer()) {
        Arc::make_mut(&mut access.removed).insert(v.id);
        prop_assert_eq!(decide(&access, &v), Err(RoomError::RemovedFromRoom));
        prop_assert_eq!(
            access.check(v.id, &v.blocks, &v.clubs),
            Err(RoomError::RemovedFromRoom)
        );
    }

    /// Anyone on stage always passes unless removed: blocks, clubs and the kind do not matter.
    #[test]
    fn the_stage_always_passes_unless_removed(access in access(), v in viewer()) {
        if on_stage(&access, v.id) && !access.removed.contains(&v.id) {
            prop_assert_eq!(decide(&access, &v), Ok(()));
        }
    }

    /// The hallway (the snapshot's follow fact) and a join that read the same fact decide
    /// alike.
    #[test]
    fn hallway_visibility_is_the_join_decision(access in access(), v in viewer()) {
        let followed = access.moderator_followees.contains(&v.id);
        let join = Viewer { followed, ..v.clone() };
        prop_assert_eq!(access.check(v.id, &v.blocks, &v.clubs), decide(&access, &join));
    }

    /// More standing never hurts: whoever is let in still is once also admitted, followed, in
    /// the room's club and without blocks.
    #[test]
    fn more_standing_never_refuses(access in access(), v in viewer()) {
        if decide(&access, &v).is_ok() {
            let mut richer = access.clone();
            Arc::make_mut(&mut richer.admitted).insert(v.id);
            let mut better = Viewer { followed: true, blocks: HashSet::new(), ..v.clone() };
            better.clubs.extend(access.club);
            prop_assert_eq!(decide(&richer, &better), Ok(()));
        }
    }

    /// Off stage, a block with any moderator refuses, whatever the kind and admissions.
    #[test]
    fn a_block_with_a_moderator_refuses_everyone_off_stage(access in access(), v in viewer()) {
        let blocked = access.moderators.iter().any(|m| v.blocks.contains(m));
        if blocked && !on_stage(&access, v.id) && !access.removed.contains(&v.id) {
            prop_assert_eq!(decide(&access, &v), Err(RoomError::Blocked));
        }
    }

    /// An admitted member (named or pinged) gets in whatever the kind and the club, unless
    /// removed or blocked with a moderator.
    #[test]
    fn an_admission_overrides_kind_and_club(access in access(), v in viewer()) {
        let blocked = access.moderators.iter().any(|m| v.blocks.contains(m));
        if access.admitted.contains(&v.id) && !access.removed.contains(&v.id) && !blocked {
            prop_assert_eq!(decide(&access, &v), Ok(()));
        }
    }

    /// An open room that is not members-only refuses only removal and blocks.
    #[test]
    fn an_open_room_refuses_only_removal_and_blocks(mut access in access(), v in viewer()) {
        access.kind = RoomKind::Open;
        access.members_only = false;
        let result = decide(&access, &v);
        prop_assert!(
            matches!(result, Ok(()) | Err(RoomError::RemovedFromRoom | RoomError::Blocked)),
            "{:?}", result
        );
    }
}
