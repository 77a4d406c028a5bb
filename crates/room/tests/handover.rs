//! The server's own commands: host hand-over and suspension.

mod common;

use common::*;
use stoa_room::{Command, Effect, LeaveReason, RoomError, RoomRole};

fn drop_conn(room: &mut stoa_room::Room, user: stoa_room::UserId) {
    ok(
        room,
        Command::SetConnected {
            user,
            connected: false,
        },
    );
}

#[test]
fn hand_over_promotes_longest_standing_connected_speaker() {
    let mut room = room_with(&[A, B, C]);
    promote(&mut room, A);
    promote(&mut room, B);
    drop_conn(&mut room, MOD);
    drop_conn(&mut room, A);
    assert_eq!(ok(&mut room, Command::HandOver), vec![Effect::Updated(B)]);
    assert_eq!(role(&room, B), RoomRole::Moderator);
    assert_eq!(role(&room, A), RoomRole::Speaker);
    // The disconnected moderator keeps their role; the caller decides when they leave.
    assert_eq!(role(&room, MOD), RoomRole::Moderator);
    assert!(room.has_connected_moderator());
}

#[test]
fn hand_over_refused_while_a_moderator_is_connected() {
    let mut room = room_with(&[A]);
    promote(&mut room, A);
    refused(
        &mut room,
        Command::HandOver,
        RoomError::InvalidState("a moderator is still connected"),
    );
}

#[test]
fn hand_over_refused_without_connected_speaker() {
    let mut room = room_with(&[A, B]);
    promote(&mut room, A);
    drop_conn(&mut room, MOD);
    drop_conn(&mut room, A);
    refused(
        &mut room,
        Command::HandOver,
        RoomError::InvalidState("no connected speaker to hand over to"),
    );
}

#[test]
fn suspend_takes_member_out_and_settles_the_stage() {
    let mut room = room_with(&[A]);
    promote(&mut room, A);
    assert_eq!(
        ok(&mut room, Command::Suspend { target: MOD }),
        vec![
            Effect::Left {
                user: MOD,
                reason: LeaveReason::Suspended
            },
            Effect::Updated(A)
        ]
    );
    assert_eq!(role(&room, A), RoomRole::Moderator);
    assert!(!room.is_removed(MOD));
    refused(
        &mut room,
        Command::Suspend { target: B },
        RoomError::NotInRoom,
    );
}
