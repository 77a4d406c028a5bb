//! One signaling connection: this task reads and handles the client's frames, a writer task
//! sends what the session queued. When the loop ends for a reason the client should hear
//! ([`End`]), the writer sends the close frame while this task keeps reading and discarding
//! what the client still sends (so a client busy writing is not stuck, and the closing handshake
//! completes), both for at most [`CLOSE_DRAIN`] ([`CLOSE_DRAIN_STOPPING`] when the server stops).

use std::future::Future;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use stoa_proto::ErrorCode;
use stoa_service::accounts::Member;
use stoa_service::closer::CloseCause;
use stoa_service::outbox::Inbox;
use stoa_service::Stoa;
use tokio::sync::{oneshot, watch};

use super::close::End;
use super::{frame, IDLE_LIMIT, PING_EVERY};

/// How long a closing connection may take to send its close frame and hear the client's.
const CLOSE_DRAIN: Duration = Duration::from_secs(10);
/// The same when the server is stopping (it exits within 10 s).
const CLOSE_DRAIN_STOPPING: Duration = Duration::from_secs(3);

/// What the writer does last.
struct Finish {
    /// Send what is still queued first.
    flush: bool,
    close: Option<CloseFrame>,
}

/// Runs a connection until it ends. `close_signal` resolves when the member is suspended or
/// signs out of this session; `closing` turns true when the server stops.
pub(super) async fn run(
    socket: WebSocket,
    stoa: Stoa,
    member: Member,
    close_signal: impl Future<Output = CloseCause> + Send + 'static,
    mut closing: watch::Receiver<bool>,
) {
    let user = member.record.id;
    let mut close_signal = std::pin::pin!(close_signal);
    let (mut session, outgoing) = stoa.rooms().open_session(member);
    let overflow = outgoing.overflow_watch();
    let (sink, mut frames) = socket.split();
    let (finish, finished) = oneshot::channel();
    // Not a background task: the connection owns it and joins (or aborts) it before `run`
    // returns, and the server's shutdown waits for every connection.
    let writer = tokio::spawn(write(sink, outgoing, finished));
    let mut room = None;
    let end = loop {
        let next = tokio::select! {
            biased;
            cause = &mut close_signal => break match cause {
                CloseCause::Suspended => End::Suspended,
                CloseCause::SignedOut => End::SignedOut,
            },
            () = overflow.wait() => break End::TooSlow,
            () = stopping(&mut closing) => break End::Restarting,
            next = tokio::time::timeout(IDLE_LIMIT, frames.next()) => next,
        };
        let message = match next {
            Ok(Some(Ok(message))) => message,
            Ok(Some(Err(err))) => break if too_big(err) { End::TooBig } else { End::Gone },
            Ok(None) => break End::Gone,
            Err(_) => break End::Idle,
        };
        match message {
            Message::Text(text) => match frame::parse(text.as_str()) {
                Ok(command) => {
                    session.handle_with_id(command.message, command.id).await;
                    record_room(&session, &mut room);
                }
                Err(refusal) => session.reject(ErrorCode::BadRequest, refusal.message, refusal.id),
            },
            Message::Binary(_) => {
                session.reject(ErrorCode::BadRequest, "send JSON text frames", None);
            }
            Message::Close(_) => break End::Gone,
            Message::Ping(_) | Message::Pong(_) => {}
        }
    };
    tracing::debug!(%user, ?end, "websocket closed");
    if end == End::Suspended {
        session.reject(ErrorCode::Suspended, "your account is suspended", None);
    }
    session.close();
    let Some(close) = end.close_frame() else {
        writer.abort();
        return;
    };
    let _ = finish.send(Finish {
        flush: end.flushes(),
        close: Some(close),
    });
    let abort = writer.abort_handle();
    let both = futures_util::future::join(writer, drain(&mut frames));
    let within = if end == End::Restarting {
        CLOSE_DRAIN_STOPPING
    } else {
        CLOSE_DRAIN
    };
    if tokio::time::timeout(within, both).await.is_err() {
        abort.abort();
    }
}

/// Names the session's room in the connection's span when it changed.
fn record_room(session: &stoa_service::Session, shown: &mut Option<stoa_proto::RoomId>) {
    if session.room_id() != shown.as_ref() {
        *shown = session.room_id().cloned();
        let room = shown.as_ref().map_or_else(String::new, ToString::to_string);
        tracing::Span::current().record("room", room.as_str());
    }
}

/// Resolves once the server is stopping (never, if nobody can tell it any more).
async fn stopping(closing: &mut watch::Receiver<bool>) {
    if closing.wait_for(|stopping| *stopping).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Whether a read failed because a frame or message was over the size limit.
fn too_big(err: axum::Error) -> bool {
    err.into_inner()
        .downcast::<tungstenite::Error>()
        .is_ok_and(|e| matches!(*e, tungstenite::Error::Capacity(_)))
}

/// Reads and drops the client's frames until its close frame, or the connection ends.
async fn drain(frames: &mut SplitStream<WebSocket>) {
    while let Some(Ok(frame)) = frames.next().await {
        if matches!(frame, Message::Close(_)) {
            return;
        }
    }
}

/// Writes queued messages and pings until told to finish (or the session is gone).
async fn write(
    mut sink: SplitSink<WebSocket, Message>,
    mut outgoing: Inbox,
    mut finished: oneshot::Receiver<Finish>,
) {
    let mut ping = tokio::time::interval(PING_EVERY);
    let finish = loop {
        let message = tokio::select! {
            biased;
            finish = &mut finished => break finish.ok(),
            frame = outgoing.recv_frame() => match frame {
                Some(frame) => text(frame),
                None => break None,
            },
            _ = ping.tick() => Message::Ping(Vec::new().into()),
        };
        if sink.send(message).await.is_err() {
            return;
        }
    };
    if let Some(finish) = finish {
        while let Some(frame) = finish.flush.then(|| outgoing.try_recv_frame()).flatten() {
            if sink.send(text(frame)).await.is_err() {
                return;
            }
        }
        let _ = sink.send(Message::Close(finish.close)).await;
    }
    let _ = sink.close().await;
}

fn text(frame: stoa_service::outbox::Frame) -> Message {
    Message::Text(frame.into_text().as_ref().into())
}
