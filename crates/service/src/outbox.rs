//! A session's outgoing message queue, bounded by the bytes it holds.
//!
//! Every message is queued as JSON text: a message sent to many sessions at once (a room's
//! broadcast) is serialized once and shared ([`Outbox::send_encoded`]); with thousands in a room,
//! cloning and serializing it per member cost more than everything else the room task did. A
//! message for one session is serialized when it is queued ([`Outbox::send`]), so its size is
//! known exactly.
//!
//! Each session counts the bytes it has queued and not yet handed to its writer (a shared text
//! counts fully for every session it went to: that is what each of them holds back). A client
//! that reads too slowly, or not at all, fills it: past [`QUEUE_LIMIT`] nothing more is queued
//! (sends answer [`Closed`]) and [`OverflowWatch::wait`] resolves, so the connection is closed and
//! the client reconnects to a fresh snapshot. Memory per session stays bounded whatever it sends.
//! The channel carries one fat pointer per message, so an idle session holds no more than before
//! (`stoa-bench ws`), plus one small shared counter.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use stoa_proto::ws::ServerMessage;
use tokio::sync::{mpsc, Notify};

/// Most bytes of JSON one session may have queued for its client.
pub const QUEUE_LIMIT: usize = 4 * 1024 * 1024;

/// One queued message: its JSON text (possibly shared by every session it went to).
#[derive(Debug)]
pub struct Frame(Arc<str>);

impl Frame {
    /// The JSON text the client gets.
    pub fn into_text(self) -> Arc<str> {
        self.0
    }

    /// The message itself (parsing the text back: for tests and tools, not the hot path).
    pub fn into_message(self) -> Option<ServerMessage> {
        serde_json::from_str(&self.0).ok()
    }
}

/// Serializes `msg` once for [`Outbox::send_encoded`].
pub fn encode(msg: &ServerMessage) -> Result<Arc<str>, serde_json::Error> {
    serde_json::to_string(msg).map(Arc::from)
}

/// What a queue's both ends share: its byte count and whether it overflowed.
#[derive(Debug)]
struct Budget {
    limit: usize,
    queued: AtomicUsize,
    overflowed: AtomicBool,
    told: Notify,
}

/// The sending side; clone it freely.
#[derive(Debug, Clone)]
pub struct Outbox {
    tx: mpsc::UnboundedSender<Frame>,
    budget: Arc<Budget>,
}

/// The receiving side (the session's WebSocket writer).
#[derive(Debug)]
pub struct Inbox {
    rx: mpsc::UnboundedReceiver<Frame>,
    budget: Arc<Budget>,
}

/// Resolves once the queue overflowed (see [`Inbox::overflow_watch`]).
#[derive(Debug, Clone)]
pub struct OverflowWatch(Arc<Budget>);

/// The session is gone, or its queue overflowed: nobody will read the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the session is closed")]
pub struct Closed;

/// A new queue holding at most [`QUEUE_LIMIT`] bytes.
pub fn outbox() -> (Outbox, Inbox) {
    outbox_with_limit(QUEUE_LIMIT)
}

/// A new queue holding at most `limit` bytes.
pub fn outbox_with_limit(limit: usize) -> (Outbox, Inbox) {
    let (tx, rx) = mpsc::unbounded_channel();
    let budget = Arc::new(Budget {
        limit,
        queued: AtomicUsize::new(0),
        overflowed: AtomicBool::new(false),
        told: Notify::new(),
    });
    (
        Outbox {
            tx,
            budget: budget.clone(),
        },
        Inbox { rx, budget },
    )
}

impl Outbox {
    /// Queues `msg` for the client (serialized now).
    pub fn send(&self, msg: ServerMessage) -> Result<(), Closed> {
        let text = encode(&msg).map_err(|_| Closed)?;
        self.send_encoded(text)
    }

    /// Queues a message serialized by [`encode`] (shared with other sessions).
    pub fn send_encoded(&self, text: Arc<str>) -> Result<(), Closed> {
        let budget = &self.budget;
        if budget.overflowed.load(Ordering::Relaxed) {
            return Err(Closed);
        }
        let len = text.len();
        let before = budget.queued.fetch_add(len, Ordering::Relaxed);
        if before + len > budget.limit {
            budget.queued.fetch_sub(len, Ordering::Relaxed);
            if !budget.overflowed.swap(true, Ordering::Relaxed) {
                budget.told.notify_one();
            }
            return Err(Closed);
        }
        self.tx.send(Frame(text)).map_err(|_| {
            budget.queued.fetch_sub(len, Ordering::Relaxed);
            Closed
        })
    }

    /// Resolves once the receiving side is gone.
    pub async fn closed(&self) {
        self.tx.closed().await;
    }
}

impl Inbox {
    /// The next frame to write; `None` once every sender is gone.
    pub async fn recv_frame(&mut self) -> Option<Frame> {
        let frame = self.rx.recv().await?;
        Some(self.taken(frame))
    }

    /// The next frame if one is queued.
    pub fn try_recv_frame(&mut self) -> Option<Frame> {
        let frame = self.rx.try_recv().ok()?;
        Some(self.taken(frame))
    }

    fn taken(&self, frame: Frame) -> Frame {
        self.budget
            .queued
            .fetch_sub(frame.0.len(), Ordering::Relaxed);
        frame
    }

    /// The next message; `None` once every sender is gone.
    pub async fn recv(&mut self) -> Option<ServerMessage> {
        loop {
            if let Some(msg) = self.recv_frame().await?.into_message() {
                return Some(msg);
            }
        }
    }

    /// The next message if one is queued.
    pub fn try_recv(&mut self) -> Option<ServerMessage> {
        loop {
            if let Some(msg) = self.try_recv_frame()?.into_message() {
                return Some(msg);
            }
        }
    }

    /// Bytes queued and not yet taken.
    pub fn queued_bytes(&self) -> usize {
        self.budget.queued.load(Ordering::Relaxed)
    }

    /// A handle that resolves once this queue overflows.
    pub fn overflow_watch(&self) -> OverflowWatch {
        OverflowWatch(self.budget.clone())
    }
}

impl OverflowWatch {
    /// Resolves once the queue overflowed (at once if it already did). One waiter at a time.
    pub async fn wait(&self) {
        if self.0.overflowed.load(Ordering::Relaxed) {
            return;
        }
        self.0.told.notified().await;
    }

    /// Whether the queue overflowed.
    pub fn overflowed(&self) -> bool {
        self.0.overflowed.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn messages_arrive_in_order_and_a_dropped_inbox_closes_the_outbox() {
        let (tx, mut rx) = outbox();
        tx.send(ServerMessage::Replaced).expect("open");
        tx.clone()
            .send(ServerMessage::UnreadCount { unread: 2 })
            .expect("open");
        assert_eq!(rx.recv().await, Some(ServerMessage::Replaced));
        assert_eq!(
            rx.try_recv(),
            Some(ServerMessage::UnreadCount { unread: 2 })
        );
        assert_eq!(rx.try_recv(), None);
        let shared = encode(&ServerMessage::UnreadCount { unread: 3 }).expect("json");
        tx.send_encoded(shared.clone()).expect("open");
        let frame = rx.recv_frame().await.expect("frame");
        assert!(Arc::ptr_eq(&frame.into_text(), &shared), "not copied");
        tx.send_encoded(shared).expect("open");
        assert_eq!(
            rx.recv().await,
            Some(ServerMessage::UnreadCount { unread: 3 })
        );
        drop(rx);
        assert_eq!(tx.send(ServerMessage::Replaced), Err(Closed));
    }

    #[tokio::test]
    async fn a_queue_past_its_limit_refuses_more_and_says_so() {
        let shared = encode(&ServerMessage::UnreadCount { unread: 3 }).expect("json");
        let len = shared.len();
        let (tx, mut rx) = outbox_with_limit(3 * len);
        let watch = rx.overflow_watch();
        for _ in 0..3 {
            tx.send_encoded(shared.clone()).expect("within the limit");
        }
        assert_eq!(rx.queued_bytes(), 3 * len);
        assert!(!watch.overflowed());
        assert_eq!(tx.send_encoded(shared.clone()), Err(Closed));
        assert!(watch.overflowed());
        tokio::time::timeout(std::time::Duration::from_secs(5), watch.wait())
            .await
            .expect("told");
        // Nothing more is queued once it overflowed, even after the writer caught up.
        assert!(rx.try_recv().is_some());
        assert_eq!(rx.queued_bytes(), 2 * len);
        assert_eq!(tx.send_encoded(shared), Err(Closed));
        assert_eq!(rx.queued_bytes(), 2 * len);
    }
}
