//! The room's ordered write queue: what the room task stores without holding up its loop.
//!
//! One writer task per room takes the room's writes in the order the room made them (FIFO) and
//! stores them one after another, so a slow database no longer stalls the whole room, and the
//! writes still land in order. Per write:
//! - the snapshot a restart restores ([`RoomWrite::State`]), moderators recorded
//!   ([`RoomWrite::Moderator`]), moderation log entries ([`RoomWrite::ModLog`]) and the room's
//!   end ([`RoomWrite::Ended`]) are queued: nobody's answer depends on them. A log entry goes
//!   live to the moderators once it is stored (the writer hands its id back to the room,
//!   `RoomMsg::ModLogged`); a snapshot or moderator record that failed is handed back
//!   (`RoomMsg::WriteFailed`) so the room writes it again at its next change.
//! - a kind change and a ping's admission ([`RoomWrite::Kind`], [`RoomWrite::Admit`]): their
//!   failure is the caller's answer, so the room waits for them ([`WriteQueue::write`]), still
//!   in queue order.
//! - reads that decide something (whom the stage follows, a member's summary) are not here:
//!   the room awaits them.
//!
//! Failures are logged and counted ([`ROOM_WRITE_FAILURES`]). When the room ends or the server
//! stops, the room closes its queue and waits for it to drain ([`WriteQueue::drain`]), so a
//! restart restores every write the room made.

use chrono::{DateTime, Utc};
use stoa_proto::{RoomId, RoomKind, UserId};
use stoa_store::{AdmissionReason, NewModLog, StoreError};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::rooms::messages::RoomMsg;
use crate::rooms::Rooms;
use crate::telemetry::ROOM_WRITE_FAILURES;
use crate::ServiceError;

/// One write a room makes.
#[derive(Debug, Clone)]
pub(crate) enum RoomWrite {
    /// The snapshot a restarted server rebuilds the room from (JSON).
    State(String),
    /// A member is a moderator of the room (so they may read its log later).
    Moderator(UserId),
    /// A moderation log entry.
    ModLog(NewModLog),
    /// Who may join changed.
    Kind(RoomKind),
    /// A member admitted beyond what the kind allows.
    Admit {
        user: UserId,
        by: UserId,
        reason: AdmissionReason,
    },
    /// The room ended.
    Ended(DateTime<Utc>),
}

impl RoomWrite {
    /// What it is, for logs and the failure counter's `op` label.
    pub(crate) fn op(&self) -> &'static str {
        match self {
            RoomWrite::State(_) => "room_state",
            RoomWrite::Moderator(_) => "room_moderator",
            RoomWrite::ModLog(_) => "mod_log",
            RoomWrite::Kind(_) => "room_kind",
            RoomWrite::Admit { .. } => "admission",
            RoomWrite::Ended(_) => "end_room",
        }
    }
}

/// Every [`RoomWrite::op`] label, to start the failure counter at zero.
pub(crate) const ROOM_WRITE_OPS: [&str; 6] = [
    "room_state",
    "room_moderator",
    "mod_log",
    "room_kind",
    "admission",
    "end_room",
];

/// A write and, when the room waits for it, where its result goes.
struct Queued {
    write: RoomWrite,
    reply: Option<oneshot::Sender<Result<(), StoreError>>>,
}

/// The room's side of its write queue.
pub(super) struct WriteQueue {
    tx: Option<mpsc::UnboundedSender<Queued>>,
    writer: Option<JoinHandle<()>>,
}

impl WriteQueue {
    /// Starts the writer of room `room`; it reports back to the room through `inbox`.
    pub(super) fn start(stoa: &Rooms, room: RoomId, inbox: mpsc::UnboundedSender<RoomMsg>) -> Self {
        let (tx, queue) = mpsc::unbounded_channel();
        let writer = stoa
            .background()
            .spawn("room writes", run(stoa.clone(), room, queue, inbox));
        WriteQueue {
            tx: Some(tx),
            writer: Some(writer),
        }
    }

    /// Queues a write the room does not wait for.
    pub(super) fn push(&self, write: RoomWrite) {
        self.send(Queued { write, reply: None });
    }

    /// Queues a write and waits for it (after every write queued before it).
    pub(super) async fn write(&self, write: RoomWrite) -> Result<(), ServiceError> {
        let (reply, result) = oneshot::channel();
        self.send(Queued {
            write,
            reply: Some(reply),
        });
        match result.await {
            Ok(result) => Ok(result?),
            Err(_) => Err(ServiceError::RoomEnded),
        }
    }

    /// Closes the queue and waits until every write in it is stored (or failed).
    pub(super) async fn drain(&mut self) {
        self.tx = None;
        if let Some(writer) = self.writer.take() {
            let _ = writer.await;
        }
    }

    fn send(&self, queued: Queued) {
        let Some(tx) = &self.tx else {
            tracing::warn!(op = queued.write.op(), "room write after the queue closed");
            return;
        };
        let _ = tx.send(queued);
    }
}

/// The writer: stores each queued write in turn until the queue closes and is empty.
async fn run(
    stoa: Rooms,
    room: RoomId,
    mut queue: mpsc::UnboundedReceiver<Queued>,
    inbox: mpsc::UnboundedSender<RoomMsg>,
) {
    while let Some(Queued { write, reply }) = queue.recv().await {
        let result = store(&stoa, &room, &write).await;
        if let Err(err) = &result {
            tracing::warn!(%room, op = write.op(), %err, "room write failed");
            metrics::counter!(ROOM_WRITE_FAILURES, "op" => write.op()).increment(1);
        }
        match (reply, result) {
            (Some(reply), result) => {
                let _ = reply.send(result.map(|_| ()));
            }
            (None, Ok(Some(id))) => {
                if let RoomWrite::ModLog(entry) = write {
                    let _ = inbox.send(RoomMsg::ModLogged { entry, id });
                }
            }
            (None, Ok(None)) => {}
            (None, Err(_)) => {
                let _ = inbox.send(RoomMsg::WriteFailed(write));
            }
        }
    }
}

/// Stores one write; a log entry answers its id.
async fn store(stoa: &Rooms, room: &RoomId, write: &RoomWrite) -> Result<Option<i64>, StoreError> {
    let store = stoa.store();
    match write {
        RoomWrite::State(json) => store.save_room_state(room, json).await.map(|()| None),
        RoomWrite::Moderator(user) => store.add_room_moderator(room, *user).await.map(|()| None),
        RoomWrite::ModLog(entry) => store.insert_mod_log(entry).await.map(Some),
        RoomWrite::Kind(kind) => store.set_room_kind(room, *kind).await.map(|()| None),
        RoomWrite::Admit { user, by, reason } => store
            .admit_to_room(room, *user, *by, *reason)
            .await
            .map(|_| None),
        RoomWrite::Ended(at) => store.end_room(room, *at).await.map(|()| None),
    }
}
