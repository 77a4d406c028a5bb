//! The join rule by example: who may enter an open, social, closed or members-only club room.

use std::collections::HashSet;
use std::sync::Arc;

use stoa_room::{Access, ClubId, Command, JoinRule, Room, RoomError, RoomKind, UserId};

const MOD: UserId = UserId(1);
const SPEAKER: UserId = UserId(2);
const FRIEND: UserId = UserId(3);
const NAMED: UserId = UserId(4);
const STRANGER: UserId = UserId(5);
const GONE: UserId = UserId(6);

fn set(ids: &[UserId]) -> Arc<HashSet<UserId>> {
    Arc::new(ids.iter().copied().collect())
}

fn access(kind: RoomKind) -> Access {
    Access {
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

/// The rule for a viewer in no club.
fn check(room: &Access, viewer: UserId, blocks: &HashSet<UserId>) -> Result<(), RoomError> {
    room.check(viewer, blocks, &HashSet::new())
}

/// The rule with the follow fact given, for a viewer in no club.
fn check_with(
    room: &Access,
    viewer: UserId,
    blocks: &HashSet<UserId>,
    followed: bool,
) -> Result<(), RoomError> {
    room.check_with(viewer, blocks, &HashSet::new(), followed)
}

#[test]
fn open_rooms_let_any_member_in() {
    let room = access(RoomKind::Open);
    let none = HashSet::new();
    for viewer in [MOD, SPEAKER, FRIEND, NAMED, STRANGER] {
        assert_eq!(check(&room, viewer, &none), Ok(()), "{viewer}");
    }
}

#[test]
fn social_rooms_let_in_followed_admitted_and_stage() {
    let room = access(RoomKind::Social);
    let none = HashSet::new();
    for viewer in [MOD, SPEAKER, FRIEND, NAMED] {
        assert_eq!(check(&room, viewer, &none), Ok(()), "{viewer}");
    }
    assert_eq!(check(&room, STRANGER, &none), Err(RoomError::FollowersOnly));
}

#[test]
fn the_given_follow_fact_overrides_the_snapshot() {
    let room = access(RoomKind::Social);
    let none = HashSet::new();
    assert_eq!(check_with(&room, STRANGER, &none, true), Ok(()));
    assert_eq!(
        check_with(&room, FRIEND, &none, false),
        Err(RoomError::FollowersOnly)
    );
}

#[test]
fn closed_rooms_let_in_only_admitted_and_stage() {
    let room = access(RoomKind::Closed);
    let none = HashSet::new();
    for viewer in [MOD, SPEAKER, NAMED] {
        assert_eq!(check(&room, viewer, &none), Ok(()), "{viewer}");
    }
    for viewer in [FRIEND, STRANGER] {
        assert_eq!(
            check(&room, viewer, &none),
            Err(RoomError::Closed),
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
            check(&room, GONE, &HashSet::new()),
            Err(RoomError::RemovedFromRoom)
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
                check(&room, viewer, &blocks),
                Err(RoomError::Blocked),
                "{kind:?} {viewer}"
            );
        }
        // The stage is always let back in (a reconnecting speaker).
        assert_eq!(check(&room, SPEAKER, &blocks), Ok(()));
    }
}

#[test]
fn a_block_with_a_mere_speaker_does_not_refuse() {
    let blocks: HashSet<UserId> = [SPEAKER].into_iter().collect();
    let room = access(RoomKind::Open);
    assert_eq!(check(&room, STRANGER, &blocks), Ok(()));
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
    assert_eq!(room.check(STRANGER, &none, &clubs), Ok(()), "club member");
    assert_eq!(
        room.check(STRANGER, &none, &others),
        Err(RoomError::ClubMembersOnly),
        "another club's member"
    );
    assert_eq!(
        room.check(FRIEND, &none, &HashSet::new()),
        Err(RoomError::ClubMembersOnly),
        "followed by a moderator but not a member"
    );
    for viewer in [MOD, SPEAKER, NAMED] {
        assert_eq!(room.check(viewer, &none, &HashSet::new()), Ok(()));
    }
    // The kind's rule still applies to club members.
    room.kind = RoomKind::Social;
    assert_eq!(
        room.check(STRANGER, &none, &clubs),
        Err(RoomError::FollowersOnly)
    );
    assert_eq!(room.check(FRIEND, &none, &clubs), Ok(()));
    // Without members_only, a club room is open to everyone its kind lets in.
    room.kind = RoomKind::Open;
    room.members_only = false;
    assert_eq!(room.check(STRANGER, &none, &HashSet::new()), Ok(()));
}

#[test]
fn refusals_carry_their_wire_codes_and_messages() {
    use stoa_proto::ErrorCode;
    assert_eq!(RoomError::Closed.code(), ErrorCode::RoomClosed);
    assert_eq!(
        RoomError::Blocked.to_string(),
        "you cannot join a room run by someone you blocked or who blocked you"
    );
}

// ---- the snapshot a room publishes -------------------------------------------------------

#[test]
fn a_rooms_snapshot_lists_its_stage_moderators_and_admissions() {
    let mut room = Room::new(MOD);
    for user in [SPEAKER, NAMED, GONE] {
        room.handle(Command::Join { user }).expect("join");
    }
    room.handle(Command::InviteToSpeak {
        by: MOD,
        target: SPEAKER,
    })
    .expect("invite");
    room.handle(Command::AcceptSpeakInvite { user: SPEAKER })
        .expect("accept");
    room.handle(Command::Admit { user: NAMED }).expect("admit");
    room.handle(Command::Remove {
        by: MOD,
        target: GONE,
    })
    .expect("remove");
    let rule = JoinRule {
        kind: RoomKind::Closed,
        club: Some(ClubId(7)),
        members_only: true,
    };
    let access = room.access(rule, set(&[FRIEND]));
    assert_eq!(access.kind, RoomKind::Closed);
    assert_eq!((access.club, access.members_only), (Some(ClubId(7)), true));
    assert_eq!(access.stage, [MOD, SPEAKER]);
    assert_eq!(access.moderators, [MOD]);
    assert_eq!(*access.admitted, *set(&[NAMED]));
    assert_eq!(*access.removed, *set(&[GONE]));
    assert_eq!(*access.moderator_followees, *set(&[FRIEND]));
}

#[test]
fn snapshots_share_the_sets_and_keep_their_own_version() {
    let mut room = Room::new(MOD);
    room.handle(Command::Admit { user: NAMED }).expect("admit");
    let before = room.access(JoinRule::default(), set(&[]));
    let again = room.access(JoinRule::default(), set(&[]));
    assert!(Arc::ptr_eq(&before.admitted, &again.admitted), "shared");
    room.handle(Command::Admit { user: FRIEND }).expect("admit");
    assert!(
        !before.admitted.contains(&FRIEND),
        "an older snapshot is kept"
    );
    assert!(room.is_admitted(FRIEND));
}

#[test]
fn removal_takes_the_admission_back_and_a_removed_member_is_not_admitted() {
    let mut room = Room::new(MOD);
    room.handle(Command::Admit { user: NAMED }).expect("admit");
    room.handle(Command::Join { user: NAMED }).expect("join");
    room.handle(Command::Remove {
        by: MOD,
        target: NAMED,
    })
    .expect("remove");
    assert!(!room.is_admitted(NAMED));
    let before = room.clone();
    let refused = RoomError::InvalidState("they were removed from this room");
    assert_eq!(room.may_admit(NAMED), Err(refused));
    assert_eq!(room.handle(Command::Admit { user: NAMED }), Err(refused));
    assert_eq!(room, before, "a refused admission changes nothing");
}
