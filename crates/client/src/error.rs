//! The one error type of the client library.

use stoa_proto::ErrorCode;

/// Everything that can go wrong while talking to a Stoa server.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The server answered with an error body (`{"error":{"code","message"}}`).
    #[error("API error {status} ({code:?}): {message}")]
    Api {
        /// HTTP status.
        status: u16,
        /// Stable error code.
        code: ErrorCode,
        /// Human-readable message.
        message: String,
    },
    /// The server answered with a failing status and a body that is not an error body.
    #[error("unexpected HTTP status {status}: {body}")]
    UnexpectedStatus {
        /// HTTP status.
        status: u16,
        /// The raw body (possibly truncated).
        body: String,
    },
    /// The HTTP request failed (connection, TLS, body decoding).
    #[error("HTTP: {0}")]
    Http(#[from] reqwest::Error),
    /// The WebSocket failed.
    #[error("WebSocket: {0}")]
    Ws(Box<tokio_tungstenite::tungstenite::Error>),
    /// The WebSocket was closed by the server (or the connection dropped).
    #[error("WebSocket closed")]
    WsClosed,
    /// The server sent an `error` message on the WebSocket in answer to a command.
    #[error("server error ({code:?}): {message}")]
    Server {
        /// Stable error code.
        code: ErrorCode,
        /// Human-readable message.
        message: String,
    },
    /// A message could not be encoded or decoded as JSON.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// WebRTC (str0m) negotiation or transport failed.
    #[error("media: {0}")]
    Media(String),
    /// No TURN relay could be allocated where one was required.
    #[error("relay: {0}")]
    Relay(#[from] crate::media::RelayError),
    /// libopus failed.
    #[error("opus: {0}")]
    Opus(#[from] opus::Error),
    /// A socket operation failed.
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
    /// Something did not happen in time; the text says what was awaited.
    #[error("timed out waiting for {0}")]
    Timeout(&'static str),
    /// The call needs a session token and the client has none.
    #[error("not signed in (no token)")]
    NoToken,
    /// A URL or header could not be built from the given base URL or token.
    #[error("invalid URL or header: {0}")]
    InvalidUrl(String),
}

impl From<tokio_tungstenite::tungstenite::Error> for ClientError {
    fn from(e: tokio_tungstenite::tungstenite::Error) -> Self {
        ClientError::Ws(Box::new(e))
    }
}

impl From<str0m::RtcError> for ClientError {
    fn from(e: str0m::RtcError) -> Self {
        ClientError::Media(e.to_string())
    }
}

impl ClientError {
    /// The stable error code if this is an API or server error.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ClientError::Api { code, .. } | ClientError::Server { code, .. } => Some(*code),
            _ => None,
        }
    }
}
