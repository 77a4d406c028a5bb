//! A session's outgoing message queue. Unbounded (the writer drains it as fast as the socket
//! takes it), and carrying boxed messages: tokio allocates a channel's slots 32 at a time, so with
//! `ServerMessage` inline (~270 bytes) every idle session would hold ~8.5 KiB of empty slots;
//! boxed it holds 256 bytes (`stoa bench ws`).

use stoa_proto::ws::ServerMessage;
use tokio::sync::mpsc;

/// The sending side; clone it freely.
#[derive(Debug, Clone)]
pub struct Outbox(mpsc::UnboundedSender<Box<ServerMessage>>);

/// The receiving side (the session's WebSocket writer).
#[derive(Debug)]
pub struct Inbox(mpsc::UnboundedReceiver<Box<ServerMessage>>);

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
        self.0.send(Box::new(msg)).map_err(|_| Closed)
    }

    /// Resolves once the receiving side is gone.
    pub async fn closed(&self) {
        self.0.closed().await
    }
}

impl Inbox {
    /// The next message; `None` once every sender is gone.
    pub async fn recv(&mut self) -> Option<ServerMessage> {
        self.0.recv().await.map(|msg| *msg)
    }

    /// The next message if one is queued.
    pub fn try_recv(&mut self) -> Option<ServerMessage> {
        self.0.try_recv().ok().map(|msg| *msg)
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
        drop(rx);
        assert_eq!(tx.send(ServerMessage::Replaced), Err(Closed));
    }
}
