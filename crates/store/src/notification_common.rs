//! The `SELECT` list of notifications (kinds are stored by their wire names, see
//! [`stored_name`](crate::common::stored_name)).

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

#[cfg(test)]
mod tests {
    use crate::common::{from_stored_name, stored_name};
    use stoa_proto::rest::NotificationKind;

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
            let stored = stored_name(kind);
            let back: NotificationKind = from_stored_name(&stored, "kind").expect("known");
            assert_eq!(back, kind);
        }
        assert_eq!(stored_name(NotificationKind::RoomStarted), "room_started");
        assert!(from_stored_name::<NotificationKind>("poked", "kind").is_err());
    }
}
