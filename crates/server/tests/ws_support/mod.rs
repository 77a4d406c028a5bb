//! A bare WebSocket client for tests that look at frames and close codes, which the Rust
//! client's `Signaling` hides.

#![allow(dead_code)]

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

/// A bare connection.
pub type RawWs = WebSocketStream<TcpStream>;

/// Opens `/api/ws` on `addr` as `token`'s session. With `receive_buffer`, the client's kernel
/// receive buffer is that small (set before connecting, so the window stays small): the server
/// soon cannot write to a client that does not read.
pub async fn connect(
    addr: std::net::SocketAddr,
    token: &str,
    receive_buffer: Option<u32>,
) -> RawWs {
    let socket = TcpSocket::new_v4().expect("socket");
    if let Some(size) = receive_buffer {
        socket.set_recv_buffer_size(size).expect("SO_RCVBUF");
    }
    let stream = socket.connect(addr).await.expect("connect");
    let mut req = format!("ws://{addr}/api/ws")
        .into_client_request()
        .expect("request");
    req.headers_mut().insert(
        "authorization",
        HeaderValue::from_str(&format!("Bearer {token}")).expect("header"),
    );
    let (ws, _) = tokio_tungstenite::client_async(req, stream)
        .await
        .expect("websocket handshake");
    ws
}

/// What a connection saw until the server closed it.
#[derive(Debug, Default)]
pub struct Ending {
    /// Text frames received.
    pub texts: Vec<String>,
    /// Bytes of text received.
    pub text_bytes: usize,
    /// The close frame's code and reason (`None`: no close frame, the connection just ended).
    pub close: Option<(u16, String)>,
}

/// Reads until the server's close frame (or the end of the connection), for at most `within`;
/// keeps the text frames when `keep` (else counts them only).
pub async fn read_to_close(ws: &mut RawWs, within: Duration, keep: bool) -> Ending {
    let mut ending = Ending::default();
    let read = async {
        while let Some(frame) = ws.next().await {
            match frame {
                Ok(Message::Text(text)) => {
                    ending.text_bytes += text.len();
                    if keep {
                        ending.texts.push(text.to_string());
                    }
                }
                Ok(Message::Close(frame)) => {
                    ending.close = frame.map(|f| (u16::from(f.code), f.reason.to_string()));
                    return;
                }
                Ok(_) => {}
                Err(_) => return,
            }
        }
    };
    tokio::time::timeout(within, read)
        .await
        .expect("the connection ends in time");
    // Sends the reply to the server's close frame (queued while reading it), as browsers do.
    let _ = tokio::time::timeout(within, ws.flush()).await;
    ending
}

/// Reads until a text frame for which `pred` holds and returns it (panics if the connection
/// ends first or `within` passes).
pub async fn read_until(ws: &mut RawWs, pred: impl Fn(&str) -> bool, within: Duration) -> String {
    let read = async {
        while let Some(frame) = ws.next().await {
            if let Ok(Message::Text(text)) = frame {
                if pred(text.as_str()) {
                    return text.to_string();
                }
            }
        }
        panic!("the connection ended first");
    };
    tokio::time::timeout(within, read)
        .await
        .expect("the frame arrives in time")
}
