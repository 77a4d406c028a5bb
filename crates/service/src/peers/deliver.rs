//! What a room sends a session whose WebSocket is on another node.
//!
//! On the room's node (its origin), [`forward`] drains the outbox the room task writes to for
//! one remote session and publishes it to the session's node, in order, several messages per
//! publication when they queued up. On the session's node, [`Deliveries`] maps session ids to
//! their outboxes, so what arrives goes out on the right WebSocket.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use stoa_proto::ws::ServerMessage;
use stoa_proto::{RoomId, UserId};

use super::room_wire::{Deliver, DELIVER_BYTES};
use crate::outbox::{Inbox, Outbox};

/// One session's registration: its number, its outbox, and whose session it is.
struct Registration {
    number: u64,
    outbox: Outbox,
    user: UserId,
}

/// The sessions of this node that are in a room on another node, by session id.
#[derive(Default)]
pub(crate) struct Deliveries {
    /// Each entry carries a number so that only its own registrant removes it.
    sessions: Mutex<HashMap<u64, Registration>>,
    next: AtomicU64,
}

impl Deliveries {
    /// From now on what arrives for `session` (of `user`) goes to `outbox`; returns the
    /// registration's number for [`Deliveries::remove`].
    pub(crate) fn add(&self, session: u64, outbox: Outbox, user: UserId) -> u64 {
        let number = self.next.fetch_add(1, Ordering::Relaxed);
        self.lock().insert(
            session,
            Registration {
                number,
                outbox,
                user,
            },
        );
        number
    }

    /// Ends registration `number` of `session` (a later one stays).
    pub(crate) fn remove(&self, session: u64, number: u64) {
        let mut sessions = self.lock();
        if sessions.get(&session).is_some_and(|r| r.number == number) {
            sessions.remove(&session);
        }
    }

    /// Queues what a room sent on the session's outbox (dropped if the session is gone).
    /// Returns the room and member when the room told them they are out (left, removed, the
    /// room ended): their media connection to that room on this node must go too.
    pub(crate) fn deliver(&self, deliver: Deliver) -> Option<(RoomId, UserId)> {
        let (outbox, user) = {
            let sessions = self.lock();
            let r = sessions.get(&deliver.session)?;
            (r.outbox.clone(), r.user)
        };
        let mut out = None;
        for text in deliver.texts {
            out = out.or_else(|| out_of_room(&text));
            if outbox.send_encoded(text.into()).is_err() {
                break;
            }
        }
        out.map(|room| (room, user))
    }

    /// How many sessions are registered.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Registration>> {
        self.sessions.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The room a room's message says the member is no longer in (left, removed, the room ended).
fn out_of_room(text: &str) -> Option<RoomId> {
    // Cheap filter first: almost every message is something else.
    if !(text.contains("left_room") || text.contains("room_ended")) {
        return None;
    }
    match serde_json::from_str::<ServerMessage>(text) {
        Ok(ServerMessage::LeftRoom { room_id, .. } | ServerMessage::RoomEnded { room_id }) => {
            Some(room_id)
        }
        _ => None,
    }
}

/// Publishes everything queued on `inbox` to `subject` as [`Deliver`]s for `session`, until
/// every sender of the queue is gone (the room dropped the link and the origin forgot the
/// session) or the service stops.
pub(crate) fn forward(
    background: &crate::Background,
    client: async_nats::Client,
    subject: String,
    session: u64,
    mut inbox: Inbox,
) {
    background.spawn_until_stopped("remote session forwarder", async move {
        while let Some(frame) = inbox.recv_frame().await {
            let mut texts = vec![frame.into_text().to_string()];
            let mut bytes = texts[0].len();
            while bytes < DELIVER_BYTES {
                let Some(frame) = inbox.try_recv_frame() else {
                    break;
                };
                let text = frame.into_text();
                bytes += text.len();
                texts.push(text.to_string());
            }
            let payload = match serde_json::to_vec(&Deliver { session, texts }) {
                Ok(payload) => payload,
                Err(err) => {
                    tracing::warn!(%err, "cannot encode messages for a remote session");
                    continue;
                }
            };
            if let Err(err) = client.publish(subject.clone(), payload.into()).await {
                tracing::debug!(%err, "delivery to a remote session failed");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use stoa_proto::ws::ServerMessage;

    #[tokio::test]
    async fn deliveries_reach_the_registered_session_and_only_its_registrant_removes_it() {
        let deliveries = Deliveries::default();
        let (tx, mut rx) = crate::outbox::outbox();
        let first = deliveries.add(7, tx.clone(), stoa_proto::UserId(1));
        let second = deliveries.add(7, tx, stoa_proto::UserId(1));
        deliveries.remove(7, first);
        assert_eq!(
            deliveries.len(),
            1,
            "a stale registrant removed a newer one"
        );
        let text = serde_json::to_string(&ServerMessage::Replaced).expect("json");
        deliveries.deliver(Deliver {
            session: 7,
            texts: vec![text.clone(), text],
        });
        deliveries.deliver(Deliver {
            session: 8,
            texts: vec!["{}".into()],
        });
        assert_eq!(rx.try_recv(), Some(ServerMessage::Replaced));
        assert_eq!(rx.try_recv(), Some(ServerMessage::Replaced));
        assert_eq!(rx.try_recv(), None);
        deliveries.remove(7, second);
        assert_eq!(deliveries.len(), 0);
    }
}
