//! Why a command was refused.

use stoa_proto::ErrorCode;

/// A refused [`Command`](crate::Command) (the room is unchanged when one is returned), or a
/// join the rule refuses ([`Access::check`](crate::Access::check)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RoomError {
    /// The acting user, or the command's target, is not a member of the room.
    #[error("not in this room")]
    NotInRoom,
    /// The acting user's role does not allow the command.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// The command does not apply to the current state (e.g. inviting a speaker to speak).
    #[error("invalid state: {0}")]
    InvalidState(&'static str),
    /// The user was removed from this room and may not rejoin.
    #[error("removed from this room")]
    RemovedFromRoom,
    /// The room has ended.
    #[error("the room has ended")]
    RoomEnded,
    /// The join rule: a block between the joiner and one of the room's moderators.
    #[error("you cannot join a room run by someone you blocked or who blocked you")]
    Blocked,
    /// The join rule: a members-only club room, and the joiner is not in the club.
    #[error("only members of this club can join this room")]
    ClubMembersOnly,
    /// The join rule: a social room, and no moderator follows the joiner (nor admitted them).
    #[error("only people the moderators follow can join this room")]
    FollowersOnly,
    /// The join rule: a closed room, and the moderators neither named nor pinged the joiner.
    #[error("this room is closed: only members the moderators named or pinged can join")]
    Closed,
}

impl RoomError {
    /// The stable wire code for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            RoomError::NotInRoom => ErrorCode::NotInRoom,
            RoomError::Forbidden(_) => ErrorCode::Forbidden,
            RoomError::InvalidState(_) => ErrorCode::InvalidState,
            RoomError::RemovedFromRoom => ErrorCode::RemovedFromRoom,
            RoomError::RoomEnded => ErrorCode::RoomEnded,
            RoomError::Blocked => ErrorCode::Blocked,
            RoomError::ClubMembersOnly => ErrorCode::ClubMembersOnly,
            RoomError::FollowersOnly => ErrorCode::RoomFollowersOnly,
            RoomError::Closed => ErrorCode::RoomClosed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_one_to_one() {
        assert_eq!(RoomError::NotInRoom.code(), ErrorCode::NotInRoom);
        assert_eq!(RoomError::Forbidden("x").code(), ErrorCode::Forbidden);
        assert_eq!(RoomError::InvalidState("x").code(), ErrorCode::InvalidState);
        assert_eq!(
            RoomError::RemovedFromRoom.code(),
            ErrorCode::RemovedFromRoom
        );
        assert_eq!(RoomError::RoomEnded.code(), ErrorCode::RoomEnded);
        assert_eq!(RoomError::Blocked.code(), ErrorCode::Blocked);
        assert_eq!(
            RoomError::ClubMembersOnly.code(),
            ErrorCode::ClubMembersOnly
        );
        assert_eq!(
            RoomError::FollowersOnly.code(),
            ErrorCode::RoomFollowersOnly
        );
        assert_eq!(RoomError::Closed.code(), ErrorCode::RoomClosed);
        assert_eq!(
            RoomError::Forbidden("moderators only").to_string(),
            "forbidden: moderators only"
        );
    }
}
