//! Pieces both SQL dialects share: the `SELECT` lists (no placeholders in them, so they read the
//! same in SQLite and PostgreSQL), room kinds as stored, and recognising constraint errors.

use sqlx::error::ErrorKind;

/// The current avatar version of the member aliased `$user` (an expression for a `SELECT`
/// list; NULL without an avatar). One primary-key lookup that reads neither the image nor, in
/// SQLite, its overflow pages: `content_type` is NULL exactly when the image is.
macro_rules! avatar_of {
    ($user:literal) => {
        concat!(
            "(SELECT av.version FROM avatars av WHERE av.user_id = ",
            $user,
            ".id AND av.content_type IS NOT NULL)"
        )
    };
}
pub(crate) use avatar_of;

/// `SELECT` list for a [`UserRecord`](crate::UserRecord): the user `u` and their nominator `n`.
macro_rules! user_select {
    () => {
        concat!(
            "SELECT u.id, u.username, u.display_name, u.bio, u.password_hash, u.is_admin, \
             u.invite_quota, u.created_at, u.language, ",
            $crate::common::avatar_of!("u"),
            " AS avatar, n.id AS n_id, n.username AS n_username, n.display_name AS n_display_name, ",
            $crate::common::avatar_of!("n"),
            " AS n_avatar FROM users u LEFT JOIN users n ON n.id = u.nominated_by"
        )
    };
}
pub(crate) use user_select;

/// `SELECT` list for an [`InviteRecord`](crate::InviteRecord): the invite `i` and the member `m`
/// who used it.
macro_rules! invite_select {
    () => {
        concat!(
            "SELECT i.id, i.created_by, i.created_at, i.revoked, \
             m.id AS m_id, m.username AS m_username, m.display_name AS m_display_name, ",
            $crate::common::avatar_of!("m"),
            " AS m_avatar FROM invites i LEFT JOIN users m ON m.id = i.used_by"
        )
    };
}
pub(crate) use invite_select;

/// `SELECT` list for a [`RoomRecord`](crate::RoomRecord).
macro_rules! room_select {
    () => {
        "SELECT id, title, kind, created_by, created_at, ended_at, state_json, club_id, \
         (SELECT c.name FROM clubs c WHERE c.id = rooms.club_id) AS club_name, members_only \
         FROM rooms"
    };
}
pub(crate) use room_select;

/// The exclusive upper bound of a prefix range: the smallest string greater than every string
/// starting with `prefix`, in code point order (which is UTF-8 byte order, the order both
/// stores compare in). `"a_"` gives ``"a`"``, so the range `>= "a_" AND < "a`"` holds exactly the
/// strings starting with `a_` — no LIKE, so no metacharacters to escape. `None` when no such
/// string exists (the prefix is all `char::MAX`).
pub(crate) fn prefix_upper_bound(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = match last as u32 {
            0xD7FF => Some('\u{E000}'),
            c => char::from_u32(c + 1),
        };
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// A `COUNT(*)` as the wire wants it (saturating; counts never get near `u32::MAX`).
pub(crate) fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// An enum as stored: its wire (serde) name, such as `"host_handed_over"` or `"open"`.
pub(crate) fn stored_name<T: serde::Serialize + std::fmt::Debug>(value: T) -> String {
    match serde_json::to_value(&value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{value:?}"),
    }
}

/// A stored enum back from its name; `what` names the enum in the error.
pub(crate) fn from_stored_name<T: serde::de::DeserializeOwned>(
    name: &str,
    what: &str,
) -> Result<T, sqlx::Error> {
    serde_json::from_value(serde_json::Value::String(name.to_owned()))
        .map_err(|err| sqlx::Error::Decode(format!("unknown {what} {name:?}: {err}").into()))
}

/// Whether `err` is a UNIQUE / PRIMARY KEY constraint violation.
pub(crate) fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.kind() == ErrorKind::UniqueViolation)
}

/// Whether `err` is a FOREIGN KEY constraint violation.
pub(crate) fn is_foreign_key_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.kind() == ErrorKind::ForeignKeyViolation)
}

/// A write's error, a missing referenced row (FOREIGN KEY violation) read as
/// [`StoreError::NotFound`](crate::StoreError::NotFound).
pub(crate) fn fk_not_found(err: sqlx::Error) -> crate::StoreError {
    if is_foreign_key_violation(&err) {
        crate::StoreError::NotFound
    } else {
        err.into()
    }
}

/// One viewer's [`SocialGraph`](crate::SocialGraph) as `(kind, id)` rows: `f` followee, `b`
/// blocked, `B` blocker, `c` club. `$1` is the viewer in every branch (SQLite gives a repeated
/// `$1` one parameter, as PostgreSQL does).
pub(crate) const SOCIAL_GRAPH_SQL: &str = "\
    SELECT 'f', followee_id FROM follows WHERE follower_id = $1 \
    UNION ALL SELECT 'b', blocked_id FROM blocks WHERE blocker_id = $1 \
    UNION ALL SELECT 'B', blocker_id FROM blocks WHERE blocked_id = $1 \
    UNION ALL SELECT 'c', club_id FROM club_members WHERE user_id = $1 \
    ORDER BY 1, 2";

/// Folds [`SOCIAL_GRAPH_SQL`] rows into a [`SocialGraph`](crate::SocialGraph).
pub(crate) fn social_graph(rows: Vec<(String, i64)>) -> crate::SocialGraph {
    let mut graph = crate::SocialGraph::default();
    for (kind, id) in rows {
        match kind.as_str() {
            "f" => graph.followees.push(stoa_proto::UserId(id)),
            "b" => graph.blocked.push(stoa_proto::UserId(id)),
            "B" => graph.blocked_by.push(stoa_proto::UserId(id)),
            _ => graph.clubs.push(stoa_proto::ClubId(id)),
        }
    }
    graph
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_bounds_cover_exactly_the_prefix() {
        assert_eq!(prefix_upper_bound("a_").as_deref(), Some("a`"));
        assert_eq!(prefix_upper_bound("az").as_deref(), Some("a{"));
        assert_eq!(prefix_upper_bound("\u{D7FF}").as_deref(), Some("\u{E000}"));
        assert_eq!(prefix_upper_bound("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(prefix_upper_bound("\u{10FFFF}"), None);
        assert_eq!(prefix_upper_bound(""), None);
        let upper = prefix_upper_bound("a_").expect("bound");
        assert!("a_" <= "a_z" && "a_z" < upper.as_str());
        assert!("ab" > upper.as_str());
    }

    #[test]
    fn room_kinds_round_trip() {
        use stoa_proto::RoomKind;
        for kind in [RoomKind::Open, RoomKind::Social, RoomKind::Closed] {
            let back: RoomKind = from_stored_name(&stored_name(kind), "room kind").expect("known");
            assert_eq!(back, kind);
        }
        assert_eq!(stored_name(RoomKind::Social), "social");
        assert!(from_stored_name::<RoomKind>("secret", "room kind").is_err());
    }

    #[test]
    fn kinds_round_trip_with_their_wire_names() {
        use stoa_proto::rest::NotificationKind;
        for kind in [
            NotificationKind::RoomStarted,
            NotificationKind::WentOnStage,
            NotificationKind::Pinged,
            NotificationKind::SpeakInvite,
            NotificationKind::NewFollower,
            NotificationKind::InviteUsed,
            NotificationKind::WaitlistNamed,
            NotificationKind::EventStarting,
            NotificationKind::EventLive,
            NotificationKind::EventChanged,
            NotificationKind::EventCancelled,
            NotificationKind::ClubJoinRequested,
            NotificationKind::ClubJoinApproved,
            NotificationKind::Warned,
            NotificationKind::ReportFiled,
        ] {
            let stored = stored_name(kind);
            let back: NotificationKind = from_stored_name(&stored, "kind").expect("known");
            assert_eq!(back, kind);
        }
        assert_eq!(stored_name(NotificationKind::RoomStarted), "room_started");
        assert!(from_stored_name::<NotificationKind>("poked", "kind").is_err());
    }
}
