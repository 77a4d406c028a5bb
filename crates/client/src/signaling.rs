//! [`Signaling`]: the WebSocket `/api/ws`.
//!
//! A background task reads the socket (so pings are answered even while a test only waits on
//! media) and forwards decoded [`ServerMessage`]s over a channel. Every message received is kept in
//! [`Signaling::history`]; messages not yet consumed by [`Signaling::next`] or
//! [`Signaling::wait_for`] wait in [`Signaling::pending`], so a test can also assert that nothing
//! (or nothing of a kind) arrived.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use stoa_proto::ws::{ClientMessage, IceServer, RoomSnapshot, ServerMessage};
use stoa_proto::{RoomId, UserId};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::{HeaderMap, HeaderValue};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::error::ClientError;
use stoa_proto::ErrorCode;

/// First wait before an offer refused with `server_busy` is sent again.
pub const OFFER_BACKOFF_FIRST: Duration = Duration::from_millis(500);
/// Longest wait between offers refused with `server_busy`.
pub const OFFER_BACKOFF_MAX: Duration = Duration::from_secs(8);

/// `base` plus up to half of it, so refused clients do not come back in step.
fn jittered(base: Duration) -> Duration {
    base + base.mul_f64(rand::random::<f64>() / 2.0)
}

type WsStream = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// What the reader task forwards.
enum Incoming {
    Message(Box<ServerMessage>),
    Closed,
}

/// A signaling WebSocket connection.
pub struct Signaling {
    sink: SplitSink<WsStream, Message>,
    rx: mpsc::UnboundedReceiver<Incoming>,
    pending: VecDeque<ServerMessage>,
    history: Vec<ServerMessage>,
    closed: bool,
    reader: JoinHandle<()>,
    quiet: Arc<AtomicBool>,
    ignored: Arc<Mutex<&'static [&'static str]>>,
    /// The ICE servers of the last `room_state` [`Signaling::join_room`] returned.
    ice_servers: Vec<IceServer>,
    /// The headers of the server's handshake answer (`101 Switching Protocols`).
    handshake: HeaderMap,
}

impl std::fmt::Debug for Signaling {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signaling")
            .field("pending", &self.pending.len())
            .field("history", &self.history.len())
            .field("closed", &self.closed)
            .finish()
    }
}

/// Whether `text`'s `type` is in `ignored` (reads the tag only).
fn is_ignored(ignored: &Mutex<&'static [&'static str]>, text: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct Tag<'a> {
        #[serde(rename = "type", borrow)]
        kind: std::borrow::Cow<'a, str>,
    }
    let kinds = ignored.lock().map(|k| *k).unwrap_or(&[]);
    if kinds.is_empty() {
        return false;
    }
    serde_json::from_str::<Tag<'_>>(text).is_ok_and(|tag| kinds.contains(&tag.kind.as_ref()))
}

/// `http://host:port` → `ws://host:port/api/ws` (and `https` → `wss`).
pub fn ws_url(base: &str) -> Result<String, ClientError> {
    let base = base.trim_end_matches('/');
    let rest = if let Some(r) = base.strip_prefix("http://") {
        format!("ws://{r}")
    } else if let Some(r) = base.strip_prefix("https://") {
        format!("wss://{r}")
    } else if base.starts_with("ws://") || base.starts_with("wss://") {
        base.to_owned()
    } else {
        return Err(ClientError::InvalidUrl(base.to_owned()));
    };
    Ok(format!("{rest}/api/ws"))
}

impl Signaling {
    /// Connects to `/api/ws` of the server at `base` (`http://127.0.0.1:PORT`) with a bearer
    /// token. The server's `hello` and `hallway` arrive as the first messages.
    pub async fn connect(base: &str, token: &str) -> Result<Self, ClientError> {
        Self::connect_with_headers(base, token, &HeaderMap::new()).await
    }

    /// [`Signaling::connect`], sending `headers` too with the handshake request.
    pub async fn connect_with_headers(
        base: &str,
        token: &str,
        headers: &HeaderMap,
    ) -> Result<Self, ClientError> {
        let mut req = ws_url(base)?.into_client_request()?;
        for (name, value) in headers {
            req.headers_mut().insert(name, value.clone());
        }
        let auth = HeaderValue::from_str(&format!("Bearer {token}"))
            .map_err(|e| ClientError::InvalidUrl(e.to_string()))?;
        req.headers_mut().insert("authorization", auth);
        let (ws, resp) = tokio_tungstenite::connect_async(req).await?;
        let handshake = resp.headers().clone();
        let (sink, mut stream) = ws.split();
        let (tx, rx) = mpsc::unbounded_channel();
        let quiet = Arc::new(AtomicBool::new(false));
        let reader_quiet = Arc::clone(&quiet);
        let ignored: Arc<Mutex<&'static [&'static str]>> = Arc::new(Mutex::new(&[]));
        let reader_ignored = Arc::clone(&ignored);
        let reader = tokio::spawn(async move {
            while let Some(frame) = stream.next().await {
                match frame {
                    Ok(Message::Text(_)) if reader_quiet.load(Ordering::Relaxed) => {}
                    Ok(Message::Text(text)) if is_ignored(&reader_ignored, text.as_str()) => {}
                    Ok(Message::Text(text)) => match serde_json::from_str(text.as_str()) {
                        Ok(msg) => {
                            if tx.send(Incoming::Message(Box::new(msg))).is_err() {
                                return;
                            }
                        }
                        Err(e) => tracing::warn!(%e, %text, "undecodable server message"),
                    },
                    // Including a close frame: reading on sends the reply to it, and the stream
                    // then ends when the server drops the connection.
                    Ok(_) => {}
                    Err(e) => {
                        tracing::debug!(%e, "signaling socket failed");
                        break;
                    }
                }
            }
            let _ = tx.send(Incoming::Closed);
        });
        Ok(Self {
            sink,
            rx,
            pending: VecDeque::new(),
            history: Vec::new(),
            closed: false,
            reader,
            quiet,
            ignored,
            ice_servers: Vec::new(),
            handshake,
        })
    }

    /// The headers of the server's answer to the handshake (e.g. one a load balancer added to
    /// say which node took the connection).
    pub fn handshake_headers(&self) -> &HeaderMap {
        &self.handshake
    }

    /// From now on, server messages whose `type` is one of `kinds` are dropped before they are
    /// parsed (only their tag is read). For load generators whose thousands of joining bots need
    /// not decode a big room's audience list (`participants_updated` chunks).
    pub fn set_ignored_kinds(&mut self, kinds: &'static [&'static str]) {
        if let Ok(mut ignored) = self.ignored.lock() {
            *ignored = kinds;
        }
    }

    /// From now on, server messages are read (so the connection stays healthy) but dropped
    /// without being parsed or kept; pending messages and history are cleared. For load
    /// generators holding thousands of connections that must not spend CPU or memory on the
    /// room's chatter. Waiting for a message afterwards times out.
    pub fn set_quiet(&mut self) {
        self.quiet.store(true, Ordering::Relaxed);
        self.pending.clear();
        self.history = Vec::new();
        while self.rx.try_recv().is_ok() {}
    }

    /// Sends one message.
    pub async fn send(&mut self, msg: &ClientMessage) -> Result<(), ClientError> {
        let text = serde_json::to_string(msg)?;
        self.sink.send(Message::text(text)).await?;
        Ok(())
    }

    /// Sends one text frame as is (e.g. a command with an `id`, or a malformed one).
    pub async fn send_text(&mut self, text: &str) -> Result<(), ClientError> {
        self.sink.send(Message::text(text)).await?;
        Ok(())
    }

    /// The next message not yet consumed (pending first), waiting at most `timeout`.
    pub async fn next(&mut self, timeout: Duration) -> Result<ServerMessage, ClientError> {
        self.wait_for(|_| true, timeout).await
    }

    /// The first message (pending first, then new ones) for which `pred` holds, waiting at most
    /// `timeout`. Messages skipped on the way stay pending, in order.
    pub async fn wait_for<F>(
        &mut self,
        pred: F,
        timeout: Duration,
    ) -> Result<ServerMessage, ClientError>
    where
        F: FnMut(&ServerMessage) -> bool,
    {
        let mut pred = pred;
        self.wait_map(|m| pred(m).then(|| m.clone()), timeout).await
    }

    /// Like [`Signaling::wait_for`], but `f` extracts a value from the first matching message.
    pub async fn wait_map<T, F>(&mut self, mut f: F, timeout: Duration) -> Result<T, ClientError>
    where
        F: FnMut(&ServerMessage) -> Option<T>,
    {
        if let Some(found) = self.take_pending_match(&mut f) {
            return Ok(found);
        }
        let deadline = Instant::now() + timeout;
        loop {
            let msg = self
                .recv_until(deadline)
                .await?
                .ok_or(ClientError::Timeout("a signaling message"))?;
            if let Some(v) = f(&msg) {
                return Ok(v);
            }
            self.pending.push_back(msg);
        }
    }

    /// Moves every message that arrives within `window` into the pending buffer and returns how
    /// many arrived. Use with [`Signaling::pending`] to assert what did (not) arrive.
    pub async fn settle(&mut self, window: Duration) -> Result<usize, ClientError> {
        let deadline = Instant::now() + window;
        let mut n = 0;
        while let Some(msg) = self.recv_until(deadline).await? {
            self.pending.push_back(msg);
            n += 1;
        }
        Ok(n)
    }

    /// Messages received but not yet consumed, oldest first.
    pub fn pending(&self) -> &VecDeque<ServerMessage> {
        &self.pending
    }

    /// Removes and returns all pending messages.
    pub fn take_pending(&mut self) -> Vec<ServerMessage> {
        self.pending.drain(..).collect()
    }

    /// Every message received on this connection, oldest first.
    pub fn history(&self) -> &[ServerMessage] {
        &self.history
    }

    /// True once the server closed the connection (seen while receiving).
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// Waits for `hello` and returns the signed-in member's id.
    pub async fn hello(&mut self, timeout: Duration) -> Result<UserId, ClientError> {
        self.wait_map(
            |m| match m {
                ServerMessage::Hello { user } => Some(user.id),
                _ => None,
            },
            timeout,
        )
        .await
    }

    /// Sends `join_room` and waits for `room_state` (or the `error` that refuses it).
    pub async fn join_room(
        &mut self,
        room_id: &RoomId,
        timeout: Duration,
    ) -> Result<RoomSnapshot, ClientError> {
        self.send(&ClientMessage::JoinRoom {
            room_id: room_id.clone(),
        })
        .await?;
        let wanted = room_id.clone();
        let result = self
            .wait_map(
                |m| match m {
                    ServerMessage::RoomState { room, ice_servers } if room.id == wanted => {
                        Some(Ok((room.clone(), ice_servers.clone())))
                    }
                    ServerMessage::Error { code, message, .. } => Some(Err(ClientError::Server {
                        code: *code,
                        message: message.clone(),
                    })),
                    _ => None,
                },
                timeout,
            )
            .await?;
        let (room, ice_servers) = result?;
        if !ice_servers.is_empty() {
            let urls: Vec<&str> = ice_servers
                .iter()
                .flat_map(|s| s.urls.iter().map(String::as_str))
                .collect();
            // This client connects directly (host candidates only): it does not allocate a
            // TURN relay yet (see `docs/deploy.md`, "TURN").
            tracing::info!(
                ?urls,
                "server offers ICE servers; this client uses host candidates only"
            );
        }
        self.ice_servers = ice_servers;
        Ok(room)
    }

    /// The ICE servers (TURN URLs and short-lived credentials) the server gave with the last
    /// room joined through [`Signaling::join_room`]; empty when it has none configured.
    pub fn ice_servers(&self) -> &[IceServer] {
        &self.ice_servers
    }

    /// Sends an SDP offer and waits for the SDP answer (or the `error` that refuses it), all
    /// within `timeout`. A server setting up as many connections as it can (`server_busy`) is
    /// asked again with the same offer after a backoff ([`OFFER_BACKOFF_FIRST`], doubling to
    /// [`OFFER_BACKOFF_MAX`], with jitter), as docs/protocol.md asks of clients.
    pub async fn exchange_offer(
        &mut self,
        offer_sdp: String,
        timeout: Duration,
    ) -> Result<String, ClientError> {
        let deadline = Instant::now() + timeout;
        let mut backoff = OFFER_BACKOFF_FIRST;
        loop {
            self.send(&ClientMessage::Offer {
                sdp: offer_sdp.clone(),
            })
            .await?;
            let left = deadline.saturating_duration_since(Instant::now());
            let result = self
                .wait_map(
                    |m| match m {
                        ServerMessage::Answer { sdp } => Some(Ok(sdp.clone())),
                        ServerMessage::Error { code, message, .. } => {
                            Some(Err(ClientError::Server {
                                code: *code,
                                message: message.clone(),
                            }))
                        }
                        _ => None,
                    },
                    left,
                )
                .await?;
            match result {
                Err(ClientError::Server {
                    code: ErrorCode::ServerBusy,
                    ..
                }) if Instant::now() + backoff < deadline => {
                    tokio::time::sleep(jittered(backoff)).await;
                    backoff = (backoff * 2).min(OFFER_BACKOFF_MAX);
                }
                other => return other,
            }
        }
    }

    /// Sends a close frame and stops the reader.
    pub async fn close(mut self) -> Result<(), ClientError> {
        let res = self.sink.close().await;
        self.reader.abort();
        match res {
            Ok(()) | Err(tokio_tungstenite::tungstenite::Error::ConnectionClosed) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Removes and maps the first pending message `f` accepts.
    fn take_pending_match<T, F>(&mut self, f: &mut F) -> Option<T>
    where
        F: FnMut(&ServerMessage) -> Option<T>,
    {
        let (idx, value) = self
            .pending
            .iter()
            .enumerate()
            .find_map(|(i, m)| f(m).map(|v| (i, v)))?;
        self.pending.remove(idx);
        Some(value)
    }

    /// The next message from the socket before `deadline`: `Ok(None)` on timeout,
    /// `Err(WsClosed)` once the connection is gone.
    async fn recv_until(
        &mut self,
        deadline: Instant,
    ) -> Result<Option<ServerMessage>, ClientError> {
        if self.closed {
            return Err(ClientError::WsClosed);
        }
        match tokio::time::timeout_at(deadline, self.rx.recv()).await {
            Err(_) => Ok(None),
            Ok(Some(Incoming::Message(msg))) => {
                let msg = *msg;
                self.history.push(msg.clone());
                Ok(Some(msg))
            }
            Ok(Some(Incoming::Closed)) | Ok(None) => {
                self.closed = true;
                Err(ClientError::WsClosed)
            }
        }
    }
}

impl Drop for Signaling {
    fn drop(&mut self) {
        self.reader.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ws_url_maps_schemes() {
        assert_eq!(
            ws_url("http://127.0.0.1:8080/").unwrap(),
            "ws://127.0.0.1:8080/api/ws"
        );
        assert_eq!(ws_url("https://x.test").unwrap(), "wss://x.test/api/ws");
        assert!(ws_url("ftp://x").is_err());
    }

    #[test]
    fn ignored_kinds_are_recognised_by_their_tag_alone() {
        let none = Mutex::new(&[][..]);
        let chunks = Mutex::new(&["participants_updated"][..]);
        let update = r#"{"type":"participants_updated","room_id":"r","participants":[]}"#;
        let tag_last =
            r#"{"room_id":"r","participants":[{"x":"\"type\""}],"type":"participants_updated"}"#;
        let answer = r#"{"type":"answer","sdp":"v=0"}"#;
        assert!(!is_ignored(&none, update), "nothing ignored by default");
        assert!(is_ignored(&chunks, update));
        assert!(is_ignored(&chunks, tag_last), "wherever the tag is");
        assert!(!is_ignored(&chunks, answer));
        assert!(
            !is_ignored(&chunks, "not json"),
            "left to the full parse to report"
        );
    }
}
