//! A room bigger than one `room_state` frame: a member joining a room of 262 gets the stage,
//! themselves and the first 32 of the audience in `room_state`, and everyone else right after
//! in `participants_updated` chunks; together, exactly the room. The chunks are encoded from JSON
//! the room keeps per member: a later joiner sees a change made in between.
//!
//! The members are the bench's (`stoa_bench::seed`), written straight into the database: 263
//! real sign-ups would cost minutes of argon2.

use std::collections::HashSet;
use std::time::Duration;

use stoa_client::{ApiClient, Signaling};
use stoa_proto::ws::{ClientMessage, Participant, ServerMessage as S};
use stoa_proto::{RoomId, RoomKind, RoomRole, UserId};
use stoa_server::{Running, ServeConfig};

const MEMBERS: usize = 262;
const CHUNK: usize = 32;

/// Short timeout for signaling round trips on loopback.
const T: Duration = Duration::from_secs(5);

#[tokio::test]
async fn a_big_room_arrives_in_chunks_that_add_up_to_everyone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let members = stoa_bench::seed::seed_database(dir.path(), MEMBERS + 1, |_| {})
        .await
        .expect("seeded");
    let server = TestServer::start_in(dir).await;
    let room = server.room(&members[0].token, "big").await;
    let mut everyone = Vec::with_capacity(MEMBERS);
    for member in &members[..MEMBERS - 1] {
        everyone.push(server.joined(&member.token, &room).await);
    }
    let host = everyone[0].id;

    let mut late = server.bot(&members[MEMBERS - 1].token).await;
    let snapshot = late.ws.join_room(&room, T).await.expect("joined");
    assert_eq!(
        snapshot.participants.len(),
        2 + CHUNK,
        "stage + me + one chunk"
    );
    assert!(snapshot
        .participants
        .iter()
        .any(|p| p.user.id == host && p.role == RoomRole::Moderator));
    assert!(snapshot.participants.iter().any(|p| p.user.id == late.id));

    let mut seen: HashSet<UserId> = snapshot.participants.iter().map(|p| p.user.id).collect();
    seen.extend(
        rest_of_room(&mut late, MEMBERS - seen.len())
            .await
            .iter()
            .map(|p| p.user.id),
    );
    let expected: HashSet<UserId> = everyone
        .iter()
        .map(|b| b.id)
        .chain(std::iter::once(late.id))
        .collect();
    assert_eq!(seen, expected, "exactly the room");

    // A listener well inside the chunks raises a hand; the next joiner's chunks show it.
    let raiser = everyone[100].id;
    everyone[100]
        .ws
        .send(&ClientMessage::RaiseHand)
        .await
        .expect("raise hand");
    everyone[0]
        .ws
        .wait_for(
            |m| {
                matches!(m, S::ParticipantUpdated { participant, .. }
                if participant.user.id == raiser && participant.hand_raised)
            },
            T,
        )
        .await
        .expect("the host sees the hand");
    let mut later = server.bot(&members[MEMBERS].token).await;
    let snapshot = later.ws.join_room(&room, T).await.expect("joined");
    let mut all: Vec<Participant> = snapshot.participants;
    let missing = MEMBERS + 1 - all.len();
    all.extend(rest_of_room(&mut later, missing).await);
    assert_eq!(all.len(), MEMBERS + 1);
    let raised: Vec<UserId> = all
        .iter()
        .filter(|p| p.hand_raised)
        .map(|p| p.user.id)
        .collect();
    assert_eq!(raised, vec![raiser], "the change, and only it");
}

/// Reads `participants_updated` chunks until `count` participants arrived.
async fn rest_of_room(bot: &mut Bot, count: usize) -> Vec<Participant> {
    let mut all = Vec::with_capacity(count);
    while all.len() < count {
        let chunk = bot
            .ws
            .wait_map(
                |m| match m {
                    S::ParticipantsUpdated { participants, .. } => Some(participants.clone()),
                    _ => None,
                },
                T,
            )
            .await
            .expect("the rest of the audience follows");
        assert!(chunk.len() <= CHUNK, "chunk of {}", chunk.len());
        all.extend(chunk);
    }
    all
}

/// A real server on ephemeral loopback ports, on a seeded data directory (removed on drop).
struct TestServer {
    running: Running,
    _dir: tempfile::TempDir,
}

/// A member connected over the WebSocket.
struct Bot {
    ws: Signaling,
    id: UserId,
}

impl TestServer {
    async fn start_in(dir: tempfile::TempDir) -> TestServer {
        let config = ServeConfig::for_tests(dir.path().to_path_buf());
        let running = stoa_server::start(config).await.expect("server starts");
        TestServer { running, _dir: dir }
    }

    fn api(&self, token: &str) -> ApiClient {
        ApiClient::new(&format!("http://{}", self.running.http_addr)).with_token(token)
    }

    /// Starts an open room as `token`'s member.
    async fn room(&self, token: &str, title: &str) -> RoomId {
        let api = self.api(token);
        let room = api.create_room(title, RoomKind::default()).await;
        room.expect("create room").id
    }

    /// Connects `token`'s member over the WebSocket.
    async fn bot(&self, token: &str) -> Bot {
        let mut ws = self.api(token).signaling().await.expect("websocket");
        let id = ws.hello(T).await.expect("hello");
        Bot { ws, id }
    }

    /// Connects `token`'s member and joins `room`.
    async fn joined(&self, token: &str, room: &RoomId) -> Bot {
        let mut bot = self.bot(token).await;
        bot.ws.join_room(room, T).await.expect("join room");
        bot
    }
}
