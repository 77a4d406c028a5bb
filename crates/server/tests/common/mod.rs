//! Shared test harness: a real server on ephemeral loopback ports in a temp directory, and
//! helpers to create members through the real API.

#![allow(dead_code)]

use serde_json::{json, Value};
use stoa_server::{Running, ServeConfig};

/// A running server and its temp directory (removed on drop).
pub struct TestServer {
    pub running: Running,
    pub dir: tempfile::TempDir,
    pub http: reqwest::Client,
}

impl TestServer {
    /// Starts a fresh server with an empty database.
    pub async fn start() -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        Self::start_in(dir).await
    }

    /// Starts a server on an existing data directory.
    pub async fn start_in(dir: tempfile::TempDir) -> TestServer {
        let config = ServeConfig::for_tests(dir.path().to_path_buf());
        Self::start_with(dir, config).await
    }

    /// Starts a server with a given configuration.
    pub async fn start_with(dir: tempfile::TempDir, config: ServeConfig) -> TestServer {
        let running = stoa_server::start(config).await.expect("server starts");
        TestServer {
            running,
            dir,
            http: reqwest::Client::new(),
        }
    }

    /// Stops the server, keeping the data directory for a restart.
    pub async fn stop(self) -> tempfile::TempDir {
        self.running.shutdown().await.expect("clean shutdown");
        self.dir
    }

    /// Base URL, e.g. `http://127.0.0.1:PORT`.
    pub fn base(&self) -> String {
        format!("http://{}", self.running.http_addr)
    }

    /// The bootstrap invite code printed on first start.
    pub fn bootstrap_code(&self) -> String {
        let link = self
            .running
            .bootstrap_invite
            .as_deref()
            .expect("empty database has one");
        link.rsplit('/')
            .next()
            .expect("code at the end")
            .to_string()
    }

    /// Sends `method path` with an optional bearer token and JSON body; returns (status, body),
    /// the body `null` when it is not JSON.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut req = self.http.request(method, format!("{}{path}", self.base()));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req.send().await.expect("request");
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    /// POSTs JSON and returns (status, body).
    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, token, Some(body))
            .await
    }

    /// GETs and returns (status, body).
    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        self.send(reqwest::Method::GET, path, token, None).await
    }

    /// Signs up with `code`, returning the bearer token; panics on failure.
    pub async fn signup(&self, code: &str, username: &str) -> String {
        let (status, body) = self
            .post(
                "/api/auth/signup",
                None,
                json!({"invite_code": code, "username": username,
                       "display_name": username.to_uppercase(), "password": "password123"}),
            )
            .await;
        assert_eq!(status, 201, "signup {username}: {body}");
        body["token"].as_str().expect("token").to_string()
    }

    /// Signs in a member made by [`TestServer::signup`] (password `password123`); the status
    /// and the body, for tests that expect a refusal.
    pub async fn login(&self, username: &str) -> (u16, Value) {
        self.post(
            "/api/auth/login",
            None,
            json!({"username": username, "password": "password123"}),
        )
        .await
    }

    /// The first admin (signed up with the bootstrap invite).
    pub async fn admin(&self) -> String {
        self.signup(&self.bootstrap_code(), "admin").await
    }

    /// Creates an invite as `token` and returns its code.
    pub async fn invite(&self, token: &str) -> String {
        let (status, body) = self.post("/api/invites", Some(token), json!({})).await;
        assert_eq!(status, 201, "create invite: {body}");
        body["code"].as_str().expect("code").to_string()
    }

    /// A new member invited by `inviter`.
    pub async fn member(&self, inviter: &str, username: &str) -> String {
        let code = self.invite(inviter).await;
        self.signup(&code, username).await
    }

    /// The admin and members `names` (invited by the admin), all signed in: (admin token,
    /// member tokens).
    pub async fn people<const N: usize>(&self, names: [&str; N]) -> (String, [String; N]) {
        let admin = self.admin().await;
        let mut members = Vec::with_capacity(N);
        for name in names {
            members.push(self.member(&admin, name).await);
        }
        (admin, members.try_into().expect("one token per name"))
    }
}

/// The `error.code` of an error body.
pub fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("<no error code>")
}

/// A member connected over the WebSocket, with their API client.
pub struct Bot {
    pub api: stoa_client::ApiClient,
    pub ws: stoa_client::Signaling,
    pub id: stoa_proto::UserId,
    pub token: String,
    /// Participant updates from consumed batches not yet asked for.
    pub batched: Vec<stoa_proto::ws::Participant>,
}

/// Short timeout for signaling round trips on loopback.
pub const T: std::time::Duration = std::time::Duration::from_secs(5);

impl TestServer {
    /// Connects `token`'s member over the WebSocket.
    pub async fn bot(&self, token: &str) -> Bot {
        let api = stoa_client::ApiClient::new(&self.base()).with_token(token.to_string());
        let mut ws = api.signaling().await.expect("websocket");
        let id = ws.hello(T).await.expect("hello");
        Bot {
            api,
            ws,
            id,
            token: token.to_string(),
            batched: Vec::new(),
        }
    }

    /// Starts a room as `token`'s member and returns its id.
    pub async fn room(&self, token: &str, title: &str) -> stoa_proto::RoomId {
        let (status, body) = self
            .post("/api/rooms", Some(token), json!({"title": title}))
            .await;
        assert_eq!(status, 201, "create room: {body}");
        stoa_proto::RoomId(body["id"].as_str().expect("id").to_string())
    }
}

impl Bot {
    /// Sends a command.
    pub async fn send(&mut self, msg: stoa_proto::ws::ClientMessage) {
        self.ws.send(&msg).await.expect("send");
    }

    /// Waits for the participant update of `user` that satisfies `pred`, whether it came alone
    /// (`participant_updated`) or in a batch (`participants_updated`). Each update is returned
    /// once: the other participants of a consumed batch are kept for later calls.
    pub async fn wait_participant(
        &mut self,
        user: stoa_proto::UserId,
        pred: impl Fn(&stoa_proto::ws::Participant) -> bool,
    ) -> stoa_proto::ws::Participant {
        use stoa_proto::ws::ServerMessage;
        let wanted = |p: &stoa_proto::ws::Participant| p.user.id == user && pred(p);
        if let Some(i) = self.batched.iter().position(&wanted) {
            return self.batched.remove(i);
        }
        let batch = self
            .ws
            .wait_map(
                |m| match m {
                    ServerMessage::ParticipantUpdated { participant, .. }
                        if wanted(participant) =>
                    {
                        Some(vec![participant.clone()])
                    }
                    ServerMessage::ParticipantsUpdated { participants, .. }
                        if participants.iter().any(&wanted) =>
                    {
                        Some(participants.clone())
                    }
                    _ => None,
                },
                T,
            )
            .await
            .expect("participant update");
        let mut found = None;
        for p in batch {
            if found.is_none() && wanted(&p) {
                found = Some(p);
            } else {
                self.batched.push(p);
            }
        }
        found.expect("the batch holds the wanted update")
    }

    /// Waits for the next `error` message and returns its code.
    pub async fn wait_error(&mut self) -> stoa_proto::ErrorCode {
        use stoa_proto::ws::ServerMessage;
        self.ws
            .wait_map(
                |m| match m {
                    ServerMessage::Error { code, .. } => Some(*code),
                    _ => None,
                },
                T,
            )
            .await
            .expect("error message")
    }

    /// Waits until this member is taken out of their room and returns why.
    pub async fn wait_left(&mut self) -> stoa_proto::ws::LeaveReason {
        use stoa_proto::ws::ServerMessage;
        self.ws
            .wait_map(
                |m| match m {
                    ServerMessage::LeftRoom { reason, .. } => Some(*reason),
                    _ => None,
                },
                T,
            )
            .await
            .expect("left room")
    }

    /// Waits (up to `within`) until `user` leaves this member's room and returns why.
    pub async fn wait_participant_left(
        &mut self,
        user: stoa_proto::UserId,
        within: std::time::Duration,
    ) -> stoa_proto::ws::LeaveReason {
        use stoa_proto::ws::ServerMessage;
        self.ws
            .wait_map(
                |m| match m {
                    ServerMessage::ParticipantLeft {
                        user_id, reason, ..
                    } if *user_id == user => Some(*reason),
                    _ => None,
                },
                within,
            )
            .await
            .expect("participant left")
    }
}

impl TestServer {
    /// Connects `token`'s member and joins `room`.
    pub async fn joined(&self, token: &str, room: &stoa_proto::RoomId) -> Bot {
        let mut bot = self.bot(token).await;
        bot.ws.join_room(room, T).await.expect("join room");
        bot
    }
}

/// The moderator invites `guest` to speak, the guest accepts (coming on stage muted) and
/// unmutes, and the moderator sees them on stage unmuted.
pub async fn bring_on_stage(moderator: &mut Bot, guest: &mut Bot) {
    use stoa_proto::ws::{ClientMessage, ServerMessage};
    moderator
        .send(ClientMessage::InviteToSpeak { user_id: guest.id })
        .await;
    guest
        .ws
        .wait_for(|m| matches!(m, ServerMessage::SpeakInvite { .. }), T)
        .await
        .expect("speak invite");
    guest.send(ClientMessage::AcceptSpeakInvite).await;
    let id = guest.id;
    moderator
        .wait_participant(id, |p| p.role == stoa_proto::RoomRole::Speaker)
        .await;
    guest.send(ClientMessage::SetMuted { muted: false }).await;
    moderator
        .wait_participant(id, |p| p.role == stoa_proto::RoomRole::Speaker && !p.muted)
        .await;
}
