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

/// The stored name of an action: its wire name (`"host_handed_over"`).
pub(crate) fn action_name(action: ModAction) -> String {
    match serde_json::to_value(action) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{action:?}"),
    }
}

/// An action back from its stored name.
pub(crate) fn action_from_name(name: &str) -> Result<ModAction, sqlx::Error> {
    serde_json::from_value(serde_json::Value::String(name.to_string()))
        .map_err(|err| sqlx::Error::Decode(format!("unknown mod action {name:?}: {err}").into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_names_round_trip() {
        assert_eq!(action_name(ModAction::HostHandedOver), "host_handed_over");
        for action in [
            ModAction::Muted,
            ModAction::KindChanged,
            ModAction::Suspended,
        ] {
            assert_eq!(action_from_name(&action_name(action)).ok(), Some(action));
        }
    }
}
