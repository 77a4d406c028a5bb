//! Identifiers and the small enums every layer shares.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// A member's numeric id.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, ToSchema,
)]
#[ts(export, type = "number")]
pub struct UserId(pub i64);

/// A room's id: a short random string (URL-safe).
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, ToSchema,
)]
#[ts(export)]
pub struct RoomId(pub String);

impl std::fmt::Display for RoomId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Display for UserId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Who may join a room.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS, ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RoomKind {
    /// Any member may join.
    #[default]
    Open,
    /// Only people a moderator follows may join.
    Social,
    /// Only members the moderators named or pinged may join.
    Closed,
}

/// A participant's standing in a live room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RoomRole {
    /// On stage, runs the room.
    Moderator,
    /// On stage.
    Speaker,
    /// Listening; muted by construction.
    Audience,
}

impl RoomRole {
    /// Moderators and speakers are on stage.
    pub fn on_stage(self) -> bool {
        matches!(self, RoomRole::Moderator | RoomRole::Speaker)
    }
}

/// A club's numeric id.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, ToSchema,
)]
#[ts(export, type = "number")]
pub struct ClubId(pub i64);

/// A scheduled event's numeric id.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, ToSchema,
)]
#[ts(export, type = "number")]
pub struct EventId(pub i64);

/// A report's numeric id.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, ToSchema,
)]
#[ts(export, type = "number")]
pub struct ReportId(pub i64);

impl std::fmt::Display for ClubId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::fmt::Display for EventId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}
