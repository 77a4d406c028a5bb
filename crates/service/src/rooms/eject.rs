//! The suspension hook: taking a member out of every live room at once.

use stoa_proto::UserId;
use tokio::sync::oneshot;

use super::RoomMsg;
use super::Rooms;
use crate::ServiceError;

impl Rooms {
    /// Takes `user` out of every live room they are in, at once: the room hears
    /// `participant_left {reason: suspended}`, they get `left_room {reason: suspended}`, and each
    /// room's mod log records `suspended` with `by` (the admin) as actor. Returns after every
    /// room task applied it. Rooms they are not in are unchanged.
    pub async fn eject_everywhere(
        &self,
        user: UserId,
        by: Option<UserId>,
    ) -> Result<(), ServiceError> {
        let mut answers = Vec::new();
        for handle in self.registry().handles() {
            let (reply, answer) = oneshot::channel();
            handle.send(RoomMsg::Eject { user, by, reply });
            answers.push(answer);
        }
        for answer in answers {
            // A room that ended meanwhile drops the request: nothing left to take them out of.
            let _ = answer.await;
        }
        Ok(())
    }
}
