//! The signaling WebSocket `/api/ws`: JSON text frames in both directions (see
//! `docs/protocol.md`). One [`stoa_service::Session`] per connection; a writer task drains the
//! session's outgoing queue while this task reads frames. The server pings every
//! [`PING_EVERY`] and drops connections silent for [`IDLE_LIMIT`].

use std::time::Duration;

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{Message, WebSocket};
use axum::extract::{State, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use futures_util::{SinkExt, StreamExt};
use stoa_proto::ws::ClientMessage;
use stoa_proto::ErrorCode;
use stoa_service::accounts::Member;
use stoa_service::Stoa;

use crate::extract::{has_bearer, session_token, ApiQuery};
use crate::{ApiError, AppState};

/// How often the server pings an open connection.
pub const PING_EVERY: Duration = Duration::from_secs(15);
/// A connection that sends nothing (not even a pong) for this long is closed.
pub const IDLE_LIMIT: Duration = Duration::from_secs(45);
/// How long a suspended member's connection may take to receive its last messages.
const CLOSE_FLUSH: Duration = Duration::from_secs(2);
/// Largest accepted text frame.
const MAX_FRAME: usize = 64 * 1024;
/// Bytes read from a client's socket at a time.
const READ_BUFFER: usize = 4 * 1024;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/ws", get(upgrade))
}

#[derive(serde::Deserialize)]
struct WsQuery {
    token: Option<String>,
}

async fn upgrade(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<WsQuery>,
    headers: HeaderMap,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response, ApiError> {
    let ws = ws.map_err(|rejection| ApiError::new(ErrorCode::BadRequest, rejection.body_text()))?;
    // A cookie authenticates: the upgrade must come from this site's pages (cross-site
    // WebSocket hijacking).
    if !has_bearer(&headers) && session_token(&headers).is_some() {
        state.origin.check(&headers)?;
    }
    let token = session_token(&headers)
        .or(query.token)
        .ok_or_else(|| ApiError::new(ErrorCode::Unauthorized, "sign in first"))?;
    // Before authenticating, so a suspension racing the connection is seen (see
    // `Stoa::watch_suspensions`).
    let suspensions = state.stoa.watch_suspensions();
    let member = state.stoa.authenticate(&token).await?;
    let stoa = state.stoa.clone();
    Ok(ws
        .max_message_size(MAX_FRAME)
        // Clients send small commands: a 4 KiB read buffer instead of tungstenite's 128 KiB keeps
        // an idle connection cheap (`stoa bench ws`); larger frames still arrive, in more reads.
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(0)
        .on_upgrade(move |socket| run(socket, stoa, member, suspensions)))
}

async fn run(
    socket: WebSocket,
    stoa: Stoa,
    member: Member,
    suspensions: tokio::sync::broadcast::Receiver<stoa_proto::UserId>,
) {
    let user = member.record.id;
    let mut suspended = std::pin::pin!(stoa.suspension_signal(user, suspensions));
    let (mut session, mut outgoing) = stoa.open_session(member);
    let (mut sink, mut frames) = socket.split();
    // Tells the writer to stop once everything queued so far is written.
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    let writer = tokio::spawn(async move {
        let mut ping = tokio::time::interval(PING_EVERY);
        loop {
            let frame = tokio::select! {
                biased;
                frame = outgoing.recv_frame() => match frame {
                    Some(frame) => match frame.into_text() {
                        Ok(text) => Message::Text(text.as_ref().into()),
                        Err(_) => continue,
                    },
                    None => break,
                },
                _ = &mut stopped => break,
                _ = ping.tick() => Message::Ping(Vec::new().into()),
            };
            if sink.send(frame).await.is_err() {
                break;
            }
        }
        let _ = sink.close().await;
    });
    let mut was_suspended = false;
    loop {
        let next = tokio::select! {
            next = tokio::time::timeout(IDLE_LIMIT, frames.next()) => next,
            () = &mut suspended => {
                was_suspended = true;
                break;
            }
        };
        let frame = match next {
            Ok(Some(Ok(frame))) => frame,
            _ => break,
        };
        match frame {
            Message::Text(text) => match serde_json::from_str::<ClientMessage>(&text) {
                Ok(msg) => session.handle(msg).await,
                Err(err) => session.reject(ErrorCode::BadRequest, format!("bad message: {err}")),
            },
            Message::Binary(_) => session.reject(ErrorCode::BadRequest, "send JSON text frames"),
            Message::Close(_) => break,
            Message::Ping(_) | Message::Pong(_) => {}
        }
    }
    tracing::debug!(%user, was_suspended, "websocket closed");
    if was_suspended {
        session.reject(ErrorCode::Suspended, "your account is suspended");
    }
    session.close();
    if was_suspended {
        // Let the writer send the error and a close frame; don't wait on a stuck peer forever.
        let _ = stop.send(());
        let abort = writer.abort_handle();
        if tokio::time::timeout(CLOSE_FLUSH, writer).await.is_err() {
            abort.abort();
        }
    } else {
        writer.abort();
    }
}
