//! The signaling WebSocket `/api/ws`: JSON text frames in both directions (see
//! `docs/protocol.md`). One [`stoa_service::Session`] per connection; a writer task drains the
//! session's outgoing queue while the connection's task reads frames ([`conn`]). Frames are
//! turned into commands by [`frame::parse`]. The server pings every [`PING_EVERY`] and drops
//! connections silent for [`IDLE_LIMIT`].
//!
//! How a connection ends, and the close code the client sees, is in [`close`].

mod close;
mod conn;
mod frame;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::{State, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use stoa_proto::ErrorCode;
use tokio::sync::watch;
use tracing::Instrument;

use crate::extract::{has_bearer, session_token, ApiQuery};
use crate::{ApiError, AppState};

/// How often the server pings an open connection.
pub const PING_EVERY: Duration = Duration::from_secs(15);
/// A connection that sends nothing (not even a pong) for this long is closed.
pub const IDLE_LIMIT: Duration = Duration::from_secs(45);
/// Largest accepted message (and frame); a larger one closes the connection with 1009.
pub const MAX_FRAME: usize = 64 * 1024;
/// Bytes read from a client's socket at a time.
const READ_BUFFER: usize = 4 * 1024;

/// Tells every open WebSocket that the server is stopping, and lets the server wait until they
/// have closed. Each connection holds a receiver while it runs.
#[derive(Clone, Debug)]
pub struct Closing(Arc<watch::Sender<bool>>);

impl Default for Closing {
    fn default() -> Self {
        Self(Arc::new(watch::Sender::new(false)))
    }
}

impl Closing {
    /// Every open WebSocket (and any upgraded from now on) closes with 1012 "restarting".
    pub fn close_all(&self) {
        self.0.send_replace(true);
    }

    /// Resolves once no WebSocket is open.
    pub async fn all_closed(&self) {
        self.0.closed().await;
    }

    fn watch(&self) -> watch::Receiver<bool> {
        self.0.subscribe()
    }
}

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
    // Before authenticating, so a suspension or sign-out racing the connection is seen (see
    // `stoa_service::closer`).
    let closes = state.stoa.accounts().watch_closes();
    let member = state.stoa.accounts().authenticate(&token).await?;
    let close_signal = state
        .stoa
        .accounts()
        .close_signal(member.record.id, &token, closes);
    let (stoa, closing) = (state.stoa.clone(), state.closing.watch());
    // Inside the upgrade request's span (its request id); `room` is filled in on joining.
    let span = tracing::info_span!("ws", user = %member.record.id, room = tracing::field::Empty);
    Ok(ws
        .max_message_size(MAX_FRAME)
        // Refused at the frame's header, before its payload is buffered.
        .max_frame_size(MAX_FRAME)
        // Clients send small commands: a 4 KiB read buffer instead of tungstenite's 128 KiB keeps
        // an idle connection cheap (`stoa-bench ws`); larger frames still arrive, in more reads.
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(0)
        .on_upgrade(move |socket| {
            conn::run(socket, stoa, member, close_signal, closing).instrument(span)
        }))
}
