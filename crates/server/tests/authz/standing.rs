//! Who calls, and what a call came to.

use std::fmt;

/// A caller's standing. Room standings are relative to the row's room, club standings to the
/// row's club; everyone else is in neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Standing {
    /// No session.
    Anonymous,
    /// A member in neither the room nor the club.
    Member,
    /// In the room's audience.
    Audience,
    /// On the room's stage.
    Speaker,
    /// The room's moderator (its creator).
    Moderator,
    /// A leader of the club.
    ClubLeader,
    /// An admin of the club.
    ClubAdmin,
    /// The club's founder.
    ClubFounder,
    /// A site administrator (in neither room nor club).
    SiteAdmin,
    /// A member an admin suspended (their old token).
    Suspended,
}

/// Every standing, in the order cells run (refusals of a row run before its allowed cells).
pub const ALL: [Standing; 10] = [
    Standing::Anonymous,
    Standing::Member,
    Standing::Audience,
    Standing::Speaker,
    Standing::Moderator,
    Standing::ClubLeader,
    Standing::ClubAdmin,
    Standing::ClubFounder,
    Standing::SiteAdmin,
    Standing::Suspended,
];

impl Standing {
    /// In the row's room (has a WebSocket session there).
    pub fn in_room(self) -> bool {
        matches!(
            self,
            Standing::Audience | Standing::Speaker | Standing::Moderator
        )
    }

    /// Has a live session.
    pub fn signed_in(self) -> bool {
        !matches!(self, Standing::Anonymous | Standing::Suspended)
    }

    /// In the row's club.
    pub fn in_club(self) -> bool {
        matches!(
            self,
            Standing::ClubLeader | Standing::ClubAdmin | Standing::ClubFounder
        )
    }
}

/// What a call came to: allowed, or refused with a wire error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The call succeeded (2xx, or no `error` for a WebSocket command).
    Allowed,
    /// Refused with this code.
    Refused(String),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Allowed => f.write_str("allowed"),
            Outcome::Refused(code) => f.write_str(code),
        }
    }
}

/// Shorthand for a refusal.
pub fn refused(code: &str) -> Outcome {
    Outcome::Refused(code.to_string())
}
