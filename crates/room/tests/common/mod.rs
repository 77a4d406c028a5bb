//! Helpers shared by the rule tests.
#![allow(dead_code)]

use stoa_room::{Command, Effect, Room, RoomError, RoomRole, UserId};

pub const MOD: UserId = UserId(1);
pub const A: UserId = UserId(2);
pub const B: UserId = UserId(3);
pub const C: UserId = UserId(4);
pub const STRANGER: UserId = UserId(99);

pub fn ok(room: &mut Room, cmd: Command) -> Vec<Effect> {
    match room.handle(cmd) {
        Ok(e) => e,
        Err(e) => panic!("{cmd:?} failed: {e}"),
    }
}

/// Asserts the command fails with `err` and leaves the room unchanged.
pub fn refused(room: &mut Room, cmd: Command, err: RoomError) {
    let before = room.clone();
    assert_eq!(room.handle(cmd), Err(err), "{cmd:?}");
    assert_eq!(*room, before, "{cmd:?} changed the room although it failed");
}

pub fn role(room: &Room, u: UserId) -> RoomRole {
    room.member(u).map(|m| m.role).expect("member")
}

/// A room with MOD on stage and `audience` joined in order.
pub fn room_with(audience: &[UserId]) -> Room {
    let mut room = Room::new(MOD);
    for &u in audience {
        ok(&mut room, Command::Join { user: u });
    }
    room
}

/// Brings `u` (already in the audience) on stage as a speaker (muted, as every new speaker).
pub fn promote(room: &mut Room, u: UserId) {
    ok(room, Command::InviteToSpeak { by: MOD, target: u });
    ok(room, Command::AcceptSpeakInvite { user: u });
}

/// `u` (on stage) unmutes themselves.
pub fn unmute(room: &mut Room, u: UserId) {
    ok(
        room,
        Command::SetMuted {
            user: u,
            muted: false,
        },
    );
}
