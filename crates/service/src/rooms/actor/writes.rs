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
//!
//! Every write carries the epoch of this node's hold on the room (its lease's, in a cluster; 0
//! on one node), and the store refuses it ([`StoreError::Fenced`]) once a newer owner has
//! written: a stale owner that drains its queue late (paused, partitioned) cannot overwrite
//! what the room's new node stored. On the first refusal the writer logs once, tells the room
//! (`RoomMsg::Fenced`: its task stops if still running) and stores nothing more for it: every
//! write still queued is refused without asking the store, and counted as failed.

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

/// The writer's side: what it writes for, and whether a newer owner fenced it off.
struct Writer {
    stoa: Rooms,
    room: RoomId,
    /// The fencing token every write carries.
    epoch: u64,
    /// The newer owner's epoch, once a write was refused: nothing more is stored.
    fenced: Option<u64>,
}

impl WriteQueue {
    /// Starts the writer of room `room`, whose writes carry `epoch` (this node's hold on it);
    /// it reports back to the room through `inbox`.
    pub(super) fn start(
        stoa: &Rooms,
        room: RoomId,
        epoch: u64,
        inbox: mpsc::UnboundedSender<RoomMsg>,
    ) -> Self {
        let (tx, queue) = mpsc::unbounded_channel();
        let writer = Writer {
            stoa: stoa.clone(),
            room,
            epoch,
            fenced: None,
        };
        let writer = stoa
            .background()
            .spawn("room writes", writer.run(queue, inbox));
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
            // The room runs elsewhere now: the caller may retry there.
            Ok(Err(err @ StoreError::Fenced { .. })) => {
                Err(ServiceError::ClusterUnavailable(err.to_string()))
            }
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

impl Writer {
    /// Stores each queued write in turn until the queue closes and is empty.
    async fn run(
        mut self,
        mut queue: mpsc::UnboundedReceiver<Queued>,
        inbox: mpsc::UnboundedSender<RoomMsg>,
    ) {
        while let Some(Queued { write, reply }) = queue.recv().await {
            let result = self.store(&write).await;
            if let Err(err) = &result {
                self.failed(&write, err, &inbox);
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
                // Fenced off: writing it again would be refused too.
                (None, Err(StoreError::Fenced { .. })) => {}
                (None, Err(_)) => {
                    let _ = inbox.send(RoomMsg::WriteFailed(write));
                }
            }
        }
    }

    /// Logs and counts a failed write; the first refusal by a newer owner also stops the room.
    fn failed(
        &mut self,
        write: &RoomWrite,
        err: &StoreError,
        inbox: &mpsc::UnboundedSender<RoomMsg>,
    ) {
        metrics::counter!(ROOM_WRITE_FAILURES, "op" => write.op()).increment(1);
        let room = &self.room;
        match err {
            StoreError::Fenced { epoch, .. } if self.fenced.is_none() => {
                tracing::warn!(
                    %room, op = write.op(), epoch = self.epoch, newer = *epoch,
                    "room write refused: a newer owner of the room has written; \
                     this node stores nothing more for it"
                );
                self.fenced = Some(*epoch);
                let _ = inbox.send(RoomMsg::Fenced);
            }
            // Refused after the first (already logged).
            StoreError::Fenced { .. } => {}
            err => tracing::warn!(%room, op = write.op(), %err, "room write failed"),
        }
    }

    /// Stores one write (or refuses it once fenced off); a log entry answers its id.
    async fn store(&self, write: &RoomWrite) -> Result<Option<i64>, StoreError> {
        if let Some(newer) = self.fenced {
            return Err(StoreError::Fenced {
                room: self.room.clone(),
                epoch: newer,
            });
        }
        let (store, room, epoch) = (self.stoa.store(), &self.room, self.epoch);
        match write {
            RoomWrite::State(json) => store
                .save_room_state(room, json, epoch)
                .await
                .map(|()| None),
            RoomWrite::Moderator(user) => store
                .add_room_moderator(room, *user, epoch)
                .await
                .map(|()| None),
            RoomWrite::ModLog(entry) => store.insert_mod_log(entry, epoch).await.map(Some),
            RoomWrite::Kind(kind) => store.set_room_kind(room, *kind, epoch).await.map(|()| None),
            RoomWrite::Admit { user, by, reason } => store
                .admit_to_room(room, *user, *by, *reason, epoch)
                .await
                .map(|_| None),
            RoomWrite::Ended(at) => store.end_room(room, *at, epoch).await.map(|()| None),
        }
    }
}
