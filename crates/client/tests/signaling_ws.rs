//! [`Signaling`] against a scripted in-test WebSocket server on 127.0.0.1.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use stoa_client::{ClientError, Signaling};
use stoa_proto::rest::{Hallway, UserSummary};
use stoa_proto::ws::{ClientMessage, Participant, RoomSnapshot, ServerMessage};
use stoa_proto::{ErrorCode, RoomId, RoomKind, RoomRole, UserId};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

const T: Duration = Duration::from_secs(2);

fn user(id: i64) -> UserSummary {
    UserSummary {
        id: UserId(id),
        username: format!("u{id}"),
        display_name: format!("U {id}"),
        avatar: None,
    }
}

fn snapshot(room: &RoomId) -> RoomSnapshot {
    RoomSnapshot {
        id: room.clone(),
        title: "t".into(),
        kind: RoomKind::Open,
        participants: vec![],
        slots: vec![None; stoa_proto::AUDIO_SLOTS],
        speaking: vec![],
        pinned_link: None,
        club: None,
        members_only: false,
    }
}

async fn send<S>(ws: &mut WebSocketStream<S>, msg: &ServerMessage)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    ws.send(Message::text(serde_json::to_string(msg).unwrap()))
        .await
        .unwrap();
}

async fn recv<S>(ws: &mut WebSocketStream<S>) -> ClientMessage
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    loop {
        match ws.next().await.unwrap().unwrap() {
            Message::Text(t) => return serde_json::from_str(t.as_str()).unwrap(),
            Message::Close(_) => panic!("client closed"),
            _ => {}
        }
    }
}

// The handshake callback's error type is tungstenite's (large) HTTP response.
#[allow(clippy::result_large_err)]
#[tokio::test]
async fn scripted_conversation() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let room = RoomId("r1".into());
    let server_room = room.clone();
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let mut auth = None;
        let mut path = String::new();
        let mut ws = tokio_tungstenite::accept_hdr_async(tcp, |req: &Request, resp: Response| {
            auth = req
                .headers()
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_owned());
            path = req.uri().path().to_owned();
            Ok(resp)
        })
        .await
        .unwrap();
        send(&mut ws, &ServerMessage::Hello { user: user(7) }).await;
        send(
            &mut ws,
            &ServerMessage::Hallway {
                hallway: Hallway { rooms: vec![] },
            },
        )
        .await;
        assert_eq!(
            recv(&mut ws).await,
            ClientMessage::JoinRoom {
                room_id: server_room.clone()
            }
        );
        let participant = Participant {
            user: user(8),
            role: RoomRole::Audience,
            muted: true,
            hand_raised: false,
            speak_invited: false,
            connected: true,
            followed_by_speakers: false,
        };
        send(
            &mut ws,
            &ServerMessage::ParticipantUpdated {
                room_id: server_room.clone(),
                participant,
            },
        )
        .await;
        send(
            &mut ws,
            &ServerMessage::RoomState {
                room: snapshot(&server_room),
                ice_servers: Vec::new(),
            },
        )
        .await;
        assert_eq!(
            recv(&mut ws).await,
            ClientMessage::Offer { sdp: "v=0".into() }
        );
        send(
            &mut ws,
            &ServerMessage::Error {
                code: ErrorCode::BadOffer,
                message: "no".into(),
                id: None,
            },
        )
        .await;
        assert_eq!(recv(&mut ws).await, ClientMessage::LeaveRoom);
        ws.close(None).await.unwrap();
        (auth, path)
    });

    let mut sig = Signaling::connect(&base, "tok-1").await.unwrap();
    let snap = sig.join_room(&room, T).await.unwrap();
    assert_eq!(snap.id, room);
    // Skipped messages stay pending, in order.
    assert_eq!(sig.pending().len(), 3);
    assert!(matches!(sig.pending()[0], ServerMessage::Hello { .. }));
    assert!(matches!(sig.pending()[1], ServerMessage::Hallway { .. }));
    assert!(matches!(
        sig.pending()[2],
        ServerMessage::ParticipantUpdated { .. }
    ));
    assert_eq!(sig.hello(T).await.unwrap(), UserId(7));
    assert_eq!(sig.pending().len(), 2);

    let err = sig.exchange_offer("v=0".into(), T).await.unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::BadOffer));

    // Nothing else arrives until we ask to leave.
    assert_eq!(sig.settle(Duration::from_millis(200)).await.unwrap(), 0);
    sig.send(&ClientMessage::LeaveRoom).await.unwrap();
    assert!(matches!(
        sig.next(T).await,
        Ok(ServerMessage::Hallway { .. })
    ));
    assert!(matches!(
        sig.next(T).await,
        Ok(ServerMessage::ParticipantUpdated { .. })
    ));
    assert!(matches!(sig.next(T).await, Err(ClientError::WsClosed)));
    assert!(sig.is_closed());
    assert_eq!(sig.history().len(), 5);

    let (auth, path) = server.await.unwrap();
    assert_eq!(auth.as_deref(), Some("Bearer tok-1"));
    assert_eq!(path, "/api/ws");
}

#[tokio::test]
async fn wait_for_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let mut ws = tokio_tungstenite::accept_async(tcp).await.unwrap();
        send(&mut ws, &ServerMessage::Replaced).await;
        // Keep the socket open until the client goes away.
        while let Some(Ok(_)) = ws.next().await {}
    });
    let mut sig = Signaling::connect(&base, "t").await.unwrap();
    let res = sig
        .wait_for(
            |m| matches!(m, ServerMessage::Answer { .. }),
            Duration::from_millis(300),
        )
        .await;
    assert!(matches!(res, Err(ClientError::Timeout(_))), "{res:?}");
    assert_eq!(
        sig.pending().iter().collect::<Vec<_>>(),
        [&ServerMessage::Replaced]
    );
    sig.close().await.unwrap();
    tokio::time::timeout(T, server).await.unwrap().unwrap();
}
