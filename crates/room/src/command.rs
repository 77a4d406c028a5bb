//! What the service asks of a room, and what the room answers.

use stoa_proto::ws::LeaveReason;
use stoa_proto::UserId;

/// A request to change the room. `user`/`by` is the acting member, `target` the one acted on.
/// Serializable: in a cluster a member's node forwards it to the room's node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Command {
    /// Enter the room into the audience, or come back (reconnect) keeping one's role.
    Join {
        /// Who joins.
        user: UserId,
    },
    /// Leave the room. `reason` is [`LeaveReason::Left`] or [`LeaveReason::Disconnected`]
    /// (the reconnect grace period ran out); the other reasons are refused with
    /// [`RoomError::InvalidState`](crate::RoomError::InvalidState) — use [`Command::Remove`].
    Leave {
        /// Who leaves.
        user: UserId,
        /// Why.
        reason: LeaveReason,
    },
    /// The member's connection dropped (`false`) or came back (`true`).
    SetConnected {
        /// Whose connection.
        user: UserId,
        /// Up or down.
        connected: bool,
    },
    /// Audience: raise the hand.
    RaiseHand {
        /// Who.
        user: UserId,
    },
    /// Audience: lower the hand.
    LowerHand {
        /// Who.
        user: UserId,
    },
    /// Moderator: invite an audience member on stage.
    InviteToSpeak {
        /// The moderator.
        by: UserId,
        /// The audience member.
        target: UserId,
    },
    /// Invited audience member: go on stage as a speaker, still muted (they unmute themselves
    /// with [`Command::SetMuted`] when ready to speak).
    AcceptSpeakInvite {
        /// Who accepts.
        user: UserId,
    },
    /// Invited audience member: stay in the audience.
    DeclineSpeakInvite {
        /// Who declines.
        user: UserId,
    },
    /// Moderator (or the target themself): move someone on stage back to the audience.
    MoveToAudience {
        /// Who asks.
        by: UserId,
        /// Who moves.
        target: UserId,
    },
    /// Moderator: mute someone on stage (they may unmute again).
    Mute {
        /// The moderator.
        by: UserId,
        /// Who is muted.
        target: UserId,
    },
    /// On stage: mute or unmute oneself.
    SetMuted {
        /// Who.
        user: UserId,
        /// The new state.
        muted: bool,
    },
    /// Moderator: remove someone from the room for good.
    Remove {
        /// The moderator.
        by: UserId,
        /// Who is removed.
        target: UserId,
    },
    /// Moderator: make a speaker a moderator.
    MakeModerator {
        /// The moderator.
        by: UserId,
        /// The speaker.
        target: UserId,
    },
    /// The server: a site admin suspended `target`; they leave the room at once with
    /// [`LeaveReason::Suspended`] (the usual promotion / end rules apply). Not a removal: the
    /// suspension itself keeps them out.
    Suspend {
        /// The suspended member.
        target: UserId,
    },
    /// The server: `user` was named when the room was created, or pinged into it; they may join
    /// whatever its kind (see [`Access`](crate::Access)). Nothing to announce. Refused with
    /// [`RoomError::InvalidState`](crate::RoomError::InvalidState) for a removed user.
    Admit {
        /// Who is admitted.
        user: UserId,
    },
    /// The server: no moderator's connection came back within the host grace period. The
    /// longest-standing CONNECTED speaker becomes a moderator. Refused with
    /// [`RoomError::InvalidState`](crate::RoomError::InvalidState) while a connected moderator
    /// remains or when no connected speaker is on stage.
    HandOver,
}

/// What the service must announce after a successful command, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// This participant joined or their state changed: broadcast their current state.
    Updated(UserId),
    /// This participant left the room.
    Left {
        /// Who left.
        user: UserId,
        /// Why.
        reason: LeaveReason,
    },
    /// Tell `target` (only) that `by` invited them to speak.
    SpeakInvite {
        /// The invited audience member.
        target: UserId,
        /// The moderator who invited.
        by: UserId,
    },
    /// The stage became empty: the room is over. Members still listed by
    /// [`Room::members`](crate::Room::members) are the audience to tell.
    Ended,
}
