//! The signaling WebSocket's limits and endings: a client that never reads is closed (4000)
//! once its queue passes the bound, whatever it sends; a frame over 64 KiB is answered with
//! 1009; signing out closes that session's sockets (4001); a refused command carries its `id`
//! back.

mod common;
mod ws_support;

use std::time::Duration;

use common::{Bot, TestServer, T};
use futures_util::SinkExt;
use serde_json::json;
use stoa_proto::ws::{CommandId, ServerMessage};
use stoa_proto::ErrorCode;
use tokio_tungstenite::tungstenite::Message;

/// Bytes the server answers a frame whose `type` is unknown with, at the least (the refusal
/// lists the known types).
const SMALLEST_REFUSAL: usize = 200;

#[tokio::test]
async fn a_client_that_never_reads_is_closed_when_its_queue_is_full() {
    let server = TestServer::start().await;
    let token = server.admin().await;
    let addr = server.running.http_addr;
    let mut ws = ws_support::connect(addr, &token, Some(8 * 1024)).await;
    // Enough refusals to fill the queue several times over, however large the kernel's buffers.
    let limit = stoa_service::outbox::QUEUE_LIMIT;
    let frames = 3 * (limit + 4 * 1024 * 1024) / SMALLEST_REFUSAL;
    let bad = Message::text(format!(r#"{{"type":"{}"}}"#, "x".repeat(40)));
    // Sending never blocks for good: the server keeps reading (and dropping) while it closes.
    tokio::time::timeout(Duration::from_secs(60), async {
        for _ in 0..frames {
            ws.feed(bad.clone()).await.expect("the server reads on");
        }
        ws.flush().await.expect("the server reads on");
    })
    .await
    .expect("all frames sent");

    let ending = ws_support::read_to_close(&mut ws, Duration::from_secs(30), false).await;
    assert_eq!(ending.close, Some((4000, "too far behind".to_string())));
    // The replies it did get are a fraction of what it asked for: the rest was never queued.
    assert!(
        ending.text_bytes < frames * SMALLEST_REFUSAL / 2,
        "{} bytes of replies to {frames} bad frames",
        ending.text_bytes
    );

    // It may come back, to a fresh start.
    let mut again = server.bot(&token).await;
    again
        .ws
        .send_text(r#"{"type":"raise_hand","id":1}"#)
        .await
        .expect("send");
    assert_eq!(again.wait_error().await, ErrorCode::NotInRoom);
}

#[tokio::test]
async fn a_frame_over_64_kib_is_answered_with_close_1009() {
    let server = TestServer::start().await;
    let token = server.admin().await;
    let mut ws = ws_support::connect(server.running.http_addr, &token, None).await;
    // A text frame whose header announces 70 KiB, followed by only 1 KiB of its payload: the
    // server must refuse it at the header, before the payload arrives. (Sending the whole
    // payload instead would race: the server closes with bytes of it unread, and the kernel's
    // reset can overtake the close frame on the client's side.)
    let announced: u64 = 70 * 1024;
    let mut frame = vec![0x81, 0x80 | 127];
    frame.extend_from_slice(&announced.to_be_bytes());
    frame.extend_from_slice(&[0x11, 0x22, 0x33, 0x44]);
    frame.extend_from_slice(&[b'a'; 1024]);
    {
        use tokio::io::AsyncWriteExt;
        let tcp = ws.get_mut();
        tcp.write_all(&frame).await.expect("sent");
        tcp.flush().await.expect("sent");
    }
    let ending = ws_support::read_to_close(&mut ws, T, true).await;
    assert_eq!(ending.close, Some((1009, "message too big".to_string())));

    // At the limit it is still a command (refused for what it says, not for its size).
    let mut ws = ws_support::connect(server.running.http_addr, &token, None).await;
    let pad = 64 * 1024 - r#"{"type":"offer","sdp":""}"#.len();
    let fits = format!(r#"{{"type":"offer","sdp":"{}"}}"#, "a".repeat(pad));
    ws.send(Message::text(fits)).await.expect("sent");
    let refusal = ws_support::read_until(&mut ws, |t| t.contains(r#""type":"error""#), T).await;
    assert!(refusal.contains("not_in_room"), "{refusal}");
}

#[tokio::test]
async fn signing_out_closes_that_sessions_websockets_only() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    let (status, second) = server
        .post(
            "/api/auth/login",
            None,
            json!({"username": "bob", "password": "password123"}),
        )
        .await;
    assert_eq!(status, 200, "{second}");
    let other_session = second["token"].as_str().expect("token").to_string();
    let mut signed_out = ws_support::connect(server.running.http_addr, &bob, None).await;
    let mut stays = server.bot(&other_session).await;

    let (status, _) = server.post("/api/auth/logout", Some(&bob), json!({})).await;
    assert_eq!(status, 204);
    let ending = ws_support::read_to_close(&mut signed_out, T, false).await;
    assert_eq!(ending.close, Some((4001, "signed out".to_string())));

    // The other session's socket still answers.
    stays
        .ws
        .send_text(r#"{"type":"lower_hand","id":"still-here"}"#)
        .await
        .expect("send");
    assert_eq!(stays.wait_error().await, ErrorCode::NotInRoom);
}

/// The next `error`'s code and `id`.
async fn refusal(bot: &mut Bot) -> (ErrorCode, Option<CommandId>) {
    bot.ws
        .wait_map(
            |m| match m {
                ServerMessage::Error { code, id, .. } => Some((*code, id.clone())),
                _ => None,
            },
            T,
        )
        .await
        .expect("error")
}

#[tokio::test]
async fn a_refused_command_gets_its_id_back() {
    let server = TestServer::start().await;
    let token = server.admin().await;
    let mut bot = server.bot(&token).await;
    for (frame, code, id) in [
        (
            r#"{"type":"raise_hand","id":"hand-1"}"#,
            ErrorCode::NotInRoom,
            Some(CommandId::Text("hand-1".into())),
        ),
        (
            r#"{"id":42,"type":"become_admin"}"#,
            ErrorCode::BadRequest,
            Some(CommandId::Number(42)),
        ),
        (
            r#"{"type":"join_room","room_id":"nope","id":-7}"#,
            ErrorCode::NotFound,
            Some(CommandId::Number(-7)),
        ),
        (r#"{"type":"lower_hand"}"#, ErrorCode::NotInRoom, None),
    ] {
        bot.ws.send_text(frame).await.expect("send");
        assert_eq!(refusal(&mut bot).await, (code, id), "{frame}");
    }
}
