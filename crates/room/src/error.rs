//! Why a command was refused.

use stoa_proto::ErrorCode;

/// A refused [`Command`](crate::Command). The room is unchanged when one is returned.
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
        assert_eq!(
            RoomError::Forbidden("moderators only").to_string(),
            "forbidden: moderators only"
        );
    }
}
