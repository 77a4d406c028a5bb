//! Rules about membership: creating, joining, reconnecting, leaving, removal, the end.

mod common;

use common::*;
use stoa_room::{Command, Effect, LeaveReason, Room, RoomError, RoomRole, UserId};

#[test]
fn creator_is_unmuted_moderator_on_stage() {
    let room = Room::new(MOD);
    let m = room.member(MOD).expect("creator");
    assert_eq!(m.role, RoomRole::Moderator);
    assert!(!m.muted && m.connected && !m.hand_raised);
    assert_eq!(m.stage_seq, Some(0));
    assert!(room.may_publish(MOD));
    assert_eq!((room.stage_count(), room.audience_count()), (1, 0));
    assert!(!room.is_ended());
}

#[test]
fn join_enters_muted_audience_in_order() {
    let mut room = Room::new(MOD);
    assert_eq!(
        ok(&mut room, Command::Join { user: B }),
        vec![Effect::Updated(B)]
    );
    ok(&mut room, Command::Join { user: A });
    let m = room.member(B).expect("joined");
    assert_eq!(m.role, RoomRole::Audience);
    assert!(m.muted && m.connected && !m.hand_raised && !m.speak_invited);
    assert_eq!(m.stage_seq, None);
    assert!(!room.may_publish(B));
    let order: Vec<UserId> = room.members().map(|(u, _)| u).collect();
    assert_eq!(order, vec![MOD, B, A]);
    assert_eq!(room.audience_count(), 2);
}

#[test]
fn rejoin_keeps_role_and_reconnects() {
    let mut room = room_with(&[A, B]);
    promote(&mut room, A);
    unmute(&mut room, A);
    ok(
        &mut room,
        Command::SetConnected {
            user: A,
            connected: false,
        },
    );
    assert!(!room.member(A).expect("a").connected);
    assert_eq!(
        ok(&mut room, Command::Join { user: A }),
        vec![Effect::Updated(A)]
    );
    let m = room.member(A).expect("a");
    assert_eq!(m.role, RoomRole::Speaker);
    assert!(m.connected && !m.muted);
    let order: Vec<UserId> = room.members().map(|(u, _)| u).collect();
    assert_eq!(
        order,
        vec![MOD, A, B],
        "a reconnect keeps the join position"
    );
}

#[test]
fn set_connected_reports_only_changes() {
    let mut room = room_with(&[A]);
    assert_eq!(
        ok(
            &mut room,
            Command::SetConnected {
                user: A,
                connected: false
            }
        ),
        vec![Effect::Updated(A)]
    );
    assert!(ok(
        &mut room,
        Command::SetConnected {
            user: A,
            connected: false
        }
    )
    .is_empty());
    refused(
        &mut room,
        Command::SetConnected {
            user: STRANGER,
            connected: true,
        },
        RoomError::NotInRoom,
    );
}

#[test]
fn audience_leave_is_reported() {
    let mut room = room_with(&[A]);
    assert_eq!(
        ok(
            &mut room,
            Command::Leave {
                user: A,
                reason: LeaveReason::Disconnected
            }
        ),
        vec![Effect::Left {
            user: A,
            reason: LeaveReason::Disconnected
        }]
    );
    assert!(room.member(A).is_none());
    assert!(!room.is_removed(A));
    ok(&mut room, Command::Join { user: A });
}

#[test]
fn leave_refuses_strangers_and_other_reasons() {
    let mut room = room_with(&[A]);
    refused(
        &mut room,
        Command::Leave {
            user: STRANGER,
            reason: LeaveReason::Left,
        },
        RoomError::NotInRoom,
    );
    for reason in [LeaveReason::Removed, LeaveReason::RoomEnded] {
        refused(
            &mut room,
            Command::Leave { user: A, reason },
            RoomError::InvalidState("leave reason must be left or disconnected"),
        );
    }
}

#[test]
fn last_moderator_leaving_promotes_longest_standing_speaker() {
    let mut room = room_with(&[A, B, C]);
    promote(&mut room, B);
    promote(&mut room, A);
    let effects = ok(
        &mut room,
        Command::Leave {
            user: MOD,
            reason: LeaveReason::Left,
        },
    );
    assert_eq!(
        effects,
        vec![
            Effect::Left {
                user: MOD,
                reason: LeaveReason::Left
            },
            Effect::Updated(B)
        ]
    );
    assert_eq!(role(&room, B), RoomRole::Moderator);
    assert_eq!(role(&room, A), RoomRole::Speaker);
    assert!(!room.is_ended());
}

#[test]
fn moderator_leaving_with_another_moderator_promotes_nobody() {
    let mut room = room_with(&[A, B]);
    promote(&mut room, A);
    promote(&mut room, B);
    ok(&mut room, Command::MakeModerator { by: MOD, target: B });
    let effects = ok(
        &mut room,
        Command::Leave {
            user: MOD,
            reason: LeaveReason::Left,
        },
    );
    assert_eq!(
        effects,
        vec![Effect::Left {
            user: MOD,
            reason: LeaveReason::Left
        }]
    );
    assert_eq!(role(&room, A), RoomRole::Speaker);
}

#[test]
fn empty_stage_ends_room_and_everything_then_fails() {
    let mut room = room_with(&[A]);
    let effects = ok(
        &mut room,
        Command::Leave {
            user: MOD,
            reason: LeaveReason::Left,
        },
    );
    assert_eq!(
        effects,
        vec![
            Effect::Left {
                user: MOD,
                reason: LeaveReason::Left
            },
            Effect::Ended
        ]
    );
    assert!(room.is_ended());
    assert_eq!(room.stage_count(), 0);
    let audience: Vec<UserId> = room.members().map(|(u, _)| u).collect();
    assert_eq!(audience, vec![A], "the audience to notify is still listed");
    refused(&mut room, Command::Join { user: B }, RoomError::RoomEnded);
    refused(
        &mut room,
        Command::Leave {
            user: A,
            reason: LeaveReason::Left,
        },
        RoomError::RoomEnded,
    );
    refused(
        &mut room,
        Command::RaiseHand { user: A },
        RoomError::RoomEnded,
    );
}

#[test]
fn remove_is_forever() {
    let mut room = room_with(&[A, B]);
    promote(&mut room, A);
    assert_eq!(
        ok(&mut room, Command::Remove { by: MOD, target: A }),
        vec![Effect::Left {
            user: A,
            reason: LeaveReason::Removed
        }]
    );
    assert!(room.member(A).is_none());
    assert!(room.is_removed(A));
    assert!(!room.may_publish(A));
    assert_eq!(room.stage_count(), 1);
    refused(
        &mut room,
        Command::Join { user: A },
        RoomError::RemovedFromRoom,
    );
    refused(
        &mut room,
        Command::RaiseHand { user: A },
        RoomError::NotInRoom,
    );
}

#[test]
fn removing_the_other_moderator_keeps_the_room() {
    let mut room = room_with(&[A]);
    promote(&mut room, A);
    ok(&mut room, Command::MakeModerator { by: MOD, target: A });
    ok(&mut room, Command::Remove { by: A, target: MOD });
    assert!(room.is_removed(MOD));
    assert_eq!(role(&room, A), RoomRole::Moderator);
    assert!(!room.is_ended());
}

#[test]
fn remove_refusals() {
    let mut room = room_with(&[A, B]);
    refused(
        &mut room,
        Command::Remove { by: A, target: B },
        RoomError::Forbidden("only moderators remove members"),
    );
    refused(
        &mut room,
        Command::Remove {
            by: MOD,
            target: STRANGER,
        },
        RoomError::NotInRoom,
    );
    refused(
        &mut room,
        Command::Remove {
            by: STRANGER,
            target: A,
        },
        RoomError::NotInRoom,
    );
    refused(
        &mut room,
        Command::Remove {
            by: MOD,
            target: MOD,
        },
        RoomError::InvalidState("cannot remove yourself; leave instead"),
    );
}

#[test]
fn strangers_cannot_act() {
    let mut room = room_with(&[A]);
    for cmd in [
        Command::LowerHand { user: STRANGER },
        Command::AcceptSpeakInvite { user: STRANGER },
        Command::DeclineSpeakInvite { user: STRANGER },
        Command::MoveToAudience {
            by: STRANGER,
            target: MOD,
        },
        Command::Mute {
            by: STRANGER,
            target: MOD,
        },
        Command::MakeModerator {
            by: STRANGER,
            target: MOD,
        },
    ] {
        refused(&mut room, cmd, RoomError::NotInRoom);
    }
}
