//! Records of the room moderation log (see `Store::insert_mod_log`).

use chrono::{DateTime, Utc};
use stoa_proto::moderation::ModAction;
use stoa_proto::{RoomId, UserId};

/// One moderation log entry to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewModLog {
    /// The room.
    pub room_id: RoomId,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it; `None` when the server did (host hand-over).
    pub actor: Option<UserId>,
    /// What.
    pub action: ModAction,
    /// To whom.
    pub target: Option<UserId>,
    /// Extra detail (the pinned URL, the new room kind).
    pub detail: Option<String>,
}

#[cfg(test)]
mod tests {
    use crate::common::{from_stored_name, stored_name};
    use stoa_proto::moderation::ModAction;

    #[test]
    fn action_names_round_trip() {
        assert_eq!(stored_name(ModAction::HostHandedOver), "host_handed_over");
        for action in [
            ModAction::Muted,
            ModAction::KindChanged,
            ModAction::Suspended,
        ] {
            assert_eq!(
                from_stored_name(&stored_name(action), "action").ok(),
                Some(action)
            );
        }
    }
}
