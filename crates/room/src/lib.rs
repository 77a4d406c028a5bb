//! The live room as a pure state machine: roles, hands, mutes, and who may do what.
//!
//! # The loop
//!
//! The service owns one [`Room`] per live room, inside that room's task. For every request
//! (a WebSocket command, a connection drop, a reconnect grace period running out) it builds a
//! [`Command`] and calls [`Room::handle`]:
//!
//! * `Ok(effects)`: the state changed (or the command was a no-op and `effects` is empty). The
//!   service broadcasts each [`Effect`] in order: [`Effect::Updated`] means "send this
//!   participant's current state" (read it with [`Room::member`]), [`Effect::Left`] a departure,
//!   [`Effect::SpeakInvite`] a private invitation, and [`Effect::Ended`] that the stage emptied
//!   and the room is over.
//! * `Err(e)`: nothing changed; [`RoomError::code`] gives the wire error code for the caller.
//!
//! After each step the service tells the SFU who may send audio with [`Room::may_publish`]:
//! exactly the members on stage who are not muted, and publishes who may enter as an
//! [`Access`] snapshot ([`Room::access`]): the join rule ([`Access::check`]) decides both a join
//! and whether the hallway lists the room to a member.
//!
//! There is no I/O, no clock and no async here: time-based rules (the reconnect grace period)
//! belong to the caller, which sends [`Command::SetConnected`] and later
//! [`Command::Leave`] with [`LeaveReason::Disconnected`].
//!
//! # Invariants (checked by the property tests in `tests/`)
//!
//! 1. A room that has not ended has at least one member on stage and at least one moderator.
//! 2. Audience members are always muted; only audience members have a raised hand or a pending
//!    speak invitation.
//! 3. Removed users are never members, and their [`Command::Join`] fails.
//! 4. A command that fails leaves the room unchanged.
//! 5. Once ended, every command fails with [`RoomError::RoomEnded`].
//! 6. [`Room::may_publish`] holds exactly for members on stage and not muted.
//! 7. Removed users are never admitted; the join rule refuses them whatever else holds, and lets
//!    in anyone else on stage.
//! 8. Nobody goes on air unasked: apart from the creator (on stage, unmuted, from the start), a
//!    member is unmuted only by their own [`Command::SetMuted`]; going on stage keeps them
//!    muted.

mod access;
mod command;
mod error;
mod handover;
mod member;
mod room;
mod rules;

pub use access::{Access, JoinRule};
pub use command::{Command, Effect};
pub use error::RoomError;
pub use member::Member;
pub use room::Room;

pub use stoa_proto::ws::LeaveReason;
pub use stoa_proto::{ClubId, RoomKind, RoomRole, UserId};
