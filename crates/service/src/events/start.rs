//! Starting an event: its room opens through the normal room-creation path, the other hosts
//! are admitted, and the members who asked to be notified (and the other hosts) hear it is
//! live.

use std::collections::BTreeSet;

use chrono::Duration;
use stoa_proto::rest::{CreateRoomRequest, NotificationKind, RoomRef};
use stoa_proto::{EventId, RoomKind};

use super::notices::event_notice;
use super::{invalid_state, status_of, Events};
use crate::accounts::Member;
use crate::rooms::{RoomMsg, RoomPing};
use crate::ServiceError;

/// How early the hosts may start an event.
pub fn early_start() -> Duration {
    Duration::minutes(30)
}

impl Events {
    /// Opens the event's room (hosts, or the club's admins for a club event). Starting twice
    /// gives the same room; a cancelled or ended event, or one more than 30 minutes before its
    /// start, is refused with `invalid_state`.
    pub async fn start_event(&self, member: &Member, id: EventId) -> Result<RoomRef, ServiceError> {
        let me = member.record.id;
        // One start at a time, so two hosts starting together open one room.
        let starting = self.events_state().start_lock.lock().await;
        let record = self.managed_event(me, id).await?;
        match status_of(&record) {
            stoa_proto::events::EventStatus::Cancelled => {
                return Err(invalid_state("this event was cancelled"))
            }
            stoa_proto::events::EventStatus::Ended => {
                return Err(invalid_state("this event has ended"))
            }
            _ => {}
        }
        if let Some(room) = record.room_id {
            return Ok(RoomRef {
                id: room,
                title: record.title,
            });
        }
        if self.config().clock.now() < record.starts_at - early_start() {
            return Err(invalid_state(
                "an event can be started at most 30 minutes before its time",
            ));
        }
        let summary = self
            .rooms
            .create_room(
                member,
                CreateRoomRequest {
                    title: record.title.clone(),
                    kind: RoomKind::Open,
                    invited: Vec::new(),
                    club_id: record.club_id,
                    members_only: record.members_only,
                },
            )
            .await?;
        let record = self.store().set_event_room(id, &summary.id).await?;
        if record.room_id.as_ref() != Some(&summary.id) {
            // Another node started it first: its room is the event's (ours ends unused).
            return Ok(RoomRef {
                id: record.room_id.unwrap_or(summary.id),
                title: record.title,
            });
        }
        let room = RoomRef {
            id: summary.id.clone(),
            title: summary.title.clone(),
        };
        tracing::info!(event = %id, room = %room.id, by = %me, "event started");
        let others: Vec<_> = record
            .hosts
            .iter()
            .map(|h| h.id)
            .filter(|h| *h != me)
            .collect();
        if let Some(handle) = self.rooms.registry().get(&room.id) {
            for &host in &others {
                let (reply, answer) = tokio::sync::oneshot::channel();
                handle.send(RoomMsg::Ping {
                    ping: RoomPing {
                        by: me,
                        target: host,
                    },
                    reply,
                });
                if let Ok(Err(err)) = answer.await {
                    tracing::warn!(event = %id, %host, %err, "co-host not admitted");
                }
            }
        }
        drop(starting);
        let mut told: BTreeSet<_> = others.into_iter().collect();
        told.extend(self.store().event_notify_list(id).await?);
        told.remove(&me);
        for user in told {
            let notice = event_notice(
                NotificationKind::EventLive,
                &record,
                Some(me),
                Some(room.clone()),
            );
            self.notifications.notify(user, notice).await;
        }
        self.events_state().wake();
        Ok(room)
    }
}
