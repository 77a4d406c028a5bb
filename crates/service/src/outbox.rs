//! A session's outgoing message queue. Unbounded (the writer drains it as fast as the socket
//! takes it), and carrying boxed messages: tokio allocates a channel's slots 32 at a time, so with
//! `ServerMessage` inline (~270 bytes) every idle session would hold ~8.5 KiB of empty slots;
//! boxed it holds 256 bytes (`stoa bench ws`).
//!
//! A message sent to many sessions at once (a room's broadcast) is serialized once and queued as
//! shared JSON text ([`Outbox::send_encoded`]): with thousands in a room, cloning and serializing
//! it per member cost more than everything else the room task did.

use std::sync::Arc;

use stoa_proto::ws::ServerMessage;
use tokio::sync::mpsc;

/// One queued message: as is, or already JSON (shared by every session it went to).
#[derive(Debug)]
pub enum Frame {
    /// A message for this session only.
    Message(Box<ServerMessage>),
    /// A message serialized once for many sessions.
    Encoded(Arc<str>),
}

impl Frame {
    /// The JSON text the client gets.
    pub fn into_text(self) -> Result<Arc<str>, serde_json::Error> {
        match self {
            Frame::Message(msg) => serde_json::to_string(&msg).map(Arc::from),
            Frame::Encoded(text) => Ok(text),
        }
    }

    /// The message itself (parsing shared text back: for tests and tools, not the hot path).
    pub fn into_message(self) -> Option<ServerMessage> {
        match self {
            Frame::Message(msg) => Some(*msg),
            Frame::Encoded(text) => serde_json::from_str(&text).ok(),
        }
    }
}

/// Serializes `msg` once for [`Outbox::send_encoded`].
pub fn encode(msg: &ServerMessage) -> Result<Arc<str>, serde_json::Error> {
    serde_json::to_string(msg).map(Arc::from)
}

/// The sending side; clone it freely.
#[derive(Debug, Clone)]
pub struct Outbox(mpsc::UnboundedSender<Frame>);

/// The receiving side (the session's WebSocket writer).
#[derive(Debug)]
pub struct Inbox(mpsc::UnboundedReceiver<Frame>);

/// The session is gone: nobody will read the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the session is closed")]
pub struct Closed;

/// A new queue.
pub fn outbox() -> (Outbox, Inbox) {
    let (tx, rx) = mpsc::unbounded_channel();
    (Outbox(tx), Inbox(rx))
}

impl Outbox {
    /// Queues `msg` for the client.
    pub fn send(&self, msg: ServerMessage) -> Result<(), Closed> {
        self.0
            .send(Frame::Message(Box::new(msg)))
            .map_err(|_| Closed)
    }

    /// Queues a message serialized by [`encode`] (shared with other sessions).
    pub fn send_encoded(&self, text: Arc<str>) -> Result<(), Closed> {
        self.0.send(Frame::Encoded(text)).map_err(|_| Closed)
    }

    /// Resolves once the receiving side is gone.
    pub async fn closed(&self) {
        self.0.closed().await
    }
}

impl Inbox {
    /// The next frame to write; `None` once every sender is gone.
    pub async fn recv_frame(&mut self) -> Option<Frame> {
        self.0.recv().await
    }

    /// The next message; `None` once every sender is gone.
    pub async fn recv(&mut self) -> Option<ServerMessage> {
        loop {
            if let Some(msg) = self.0.recv().await?.into_message() {
                return Some(msg);
            }
        }
    }

    /// The next message if one is queued.
    pub fn try_recv(&mut self) -> Option<ServerMessage> {
        loop {
            if let Some(msg) = self.0.try_recv().ok()?.into_message() {
                return Some(msg);
            }
        }
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
        assert!(
            Arc::ptr_eq(&frame.into_text().expect("text"), &shared),
            "not copied"
        );
        tx.send_encoded(shared).expect("open");
        assert_eq!(
            rx.recv().await,
            Some(ServerMessage::UnreadCount { unread: 3 })
        );
        drop(rx);
        assert_eq!(tx.send(ServerMessage::Replaced), Err(Closed));
    }
}
