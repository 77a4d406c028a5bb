//! Pieces both dialects' `notifications` modules share: the `SELECT` list and notification kinds
//! as stored.

use stoa_proto::rest::NotificationKind;

/// `SELECT` list for a [`NotificationRecord`](crate::NotificationRecord): the notification `n`
/// and its actor `a` (current names).
macro_rules! notification_select {
    () => {
        "SELECT n.id, n.user_id, n.kind, n.room_id, n.room_title, n.waitlist_username, \
         n.waitlist_display_name, n.created_at, n.read_at, n.extra, \
         a.id AS a_id, a.username AS a_username, a.display_name AS a_display_name \
         FROM notifications n LEFT JOIN users a ON a.id = n.actor_id"
    };
}
pub(crate) use notification_select;

/// A notification kind as stored (the wire name).
pub(crate) fn kind_to_str(kind: NotificationKind) -> &'static str {
    match kind {
        NotificationKind::RoomStarted => "room_started",
        NotificationKind::WentOnStage => "went_on_stage",
        NotificationKind::Pinged => "pinged",
        NotificationKind::SpeakInvite => "speak_invite",
        NotificationKind::NewFollower => "new_follower",
        NotificationKind::InviteUsed => "invite_used",
        NotificationKind::WaitlistNamed => "waitlist_named",
        NotificationKind::EventStarting => "event_starting",
        NotificationKind::EventLive => "event_live",
        NotificationKind::EventChanged => "event_changed",
        NotificationKind::EventCancelled => "event_cancelled",
        NotificationKind::ClubJoinRequested => "club_join_requested",
        NotificationKind::ClubJoinApproved => "club_join_approved",
        NotificationKind::Warned => "warned",
    }
}

/// A stored notification kind back into the enum.
pub(crate) fn kind_from_str(s: &str) -> Result<NotificationKind, sqlx::Error> {
    const ALL: [NotificationKind; 14] = [
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
    ];
    ALL.into_iter()
        .find(|kind| kind_to_str(*kind) == s)
        .ok_or_else(|| sqlx::Error::Decode(format!("unknown notification kind {s:?}").into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_with_their_wire_names() {
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
        ] {
            let stored = kind_to_str(kind);
            assert_eq!(kind_from_str(stored).expect("known"), kind);
        }
        assert!(kind_from_str("poked").is_err());
    }
}
