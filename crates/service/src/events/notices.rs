//! Who hears about an event: the members who asked to be notified (changes, cancellation,
//! live) and the hosts (live).

use stoa_proto::events::EventRef;
use stoa_proto::rest::{NotificationKind, RoomRef};
use stoa_proto::UserId;
use stoa_store::{EventRecord, NotificationExtra};

use super::Events;
use crate::notify::NewNotification;

/// The event as a notification names it.
pub(crate) fn event_ref(record: &EventRecord) -> EventRef {
    EventRef {
        id: record.id,
        title: record.title.clone(),
        starts_at: record.starts_at,
    }
}

/// A notification of `kind` about `record`.
pub(crate) fn event_notice(
    kind: NotificationKind,
    record: &EventRecord,
    actor: Option<UserId>,
    room: Option<RoomRef>,
) -> NewNotification {
    NewNotification {
        kind,
        actor,
        room,
        waitlist_username: None,
        extra: NotificationExtra {
            event: Some(event_ref(record)),
            ..Default::default()
        },
    }
}

impl Events {
    /// Tells every member who asked to be notified of `record` (except `actor`) about it.
    pub(crate) async fn tell_interested(
        &self,
        record: &EventRecord,
        actor: UserId,
        kind: NotificationKind,
    ) {
        let members = match self.store().event_notify_list(record.id).await {
            Ok(members) => members,
            Err(err) => {
                tracing::warn!(event = %record.id, %err, "event notifications failed");
                return;
            }
        };
        for member in members.into_iter().filter(|m| *m != actor) {
            self.notifications
                .notify(member, event_notice(kind, record, Some(actor), None))
                .await;
        }
    }
}
