//! The members of the matrix, their WebSocket sessions, and the fresh scene each row acts on.

use std::collections::HashMap;

use serde_json::{json, Value};
use stoa_proto::ws::{ClientMessage, ServerMessage};
use stoa_proto::RoomId;

use super::standing::{Outcome, Standing, ALL};
use crate::common::{bring_on_stage, code, Bot, TestServer, T};

/// Members acted on (never a caller).
pub const TARGETS: [&str; 4] = ["t_stage", "t_aud", "celeb", "blockee"];

/// The member the suspension rows suspend and unsuspend (no session needed).
pub const VICTIM: &str = "victim";

/// The server, every caller's token and session, and the targets.
pub struct World {
    pub server: TestServer,
    pub tokens: HashMap<Standing, String>,
    pub names: HashMap<Standing, String>,
    pub bots: HashMap<Standing, Bot>,
    pub targets: HashMap<&'static str, Bot>,
    pub admin: String,
    /// The current row's room.
    pub room: Option<RoomId>,
    /// The current row's club id.
    pub club: Option<i64>,
    /// The current row's event id (hosted by the room's moderator, in the club).
    pub event: Option<i64>,
    /// Serial for unique names.
    pub serial: u32,
}

/// The username of each signed-in standing.
fn username(s: Standing) -> &'static str {
    match s {
        Standing::Anonymous => "",
        Standing::Member => "member",
        Standing::Audience => "audience",
        Standing::Speaker => "speaker",
        Standing::Moderator => "moderator",
        Standing::ClubLeader => "leader",
        Standing::ClubAdmin => "cadmin",
        Standing::ClubFounder => "founder",
        Standing::SiteAdmin => "admin",
        Standing::Suspended => "suspended",
    }
}

impl World {
    /// Signs everyone up, connects every live session, and suspends the suspended member.
    pub async fn build() -> World {
        let server = TestServer::start().await;
        let admin = server.admin().await;
        let mut tokens = HashMap::new();
        let mut names = HashMap::new();
        tokens.insert(Standing::SiteAdmin, admin.clone());
        for s in ALL {
            if matches!(s, Standing::Anonymous | Standing::SiteAdmin) {
                continue;
            }
            tokens.insert(s, server.member(&admin, username(s)).await);
        }
        for s in ALL {
            if s != Standing::Anonymous {
                names.insert(s, username(s).to_string());
            }
        }
        let mut targets = HashMap::new();
        for t in TARGETS {
            let token = server.member(&admin, t).await;
            targets.insert(t, server.bot(&token).await);
        }
        server.member(&admin, VICTIM).await;
        let mut bots = HashMap::new();
        for s in ALL {
            if s.signed_in() {
                bots.insert(s, server.bot(&tokens[&s]).await);
            }
        }
        let world = World {
            server,
            tokens,
            names,
            bots,
            targets,
            admin,
            room: None,
            club: None,
            event: None,
            serial: 0,
        };
        world.suspend_the_suspended().await;
        world
    }

    async fn suspend_the_suspended(&self) {
        let (status, body) = self
            .server
            .post(
                "/api/admin/users/suspended/suspend",
                Some(&self.admin),
                json!({}),
            )
            .await;
        assert!(status < 300, "suspend: {status} {body}");
    }

    /// The caller's token (`None` when anonymous; the dead token when suspended).
    pub fn token(&self, s: Standing) -> Option<&str> {
        self.tokens.get(&s).map(String::as_str)
    }

    /// A fresh unique suffix.
    pub fn next(&mut self) -> u32 {
        self.serial += 1;
        self.serial
    }

    /// A fresh open room: the moderator created it, the speaker is on stage, the audience
    /// listens; target `t_stage` is on stage and `t_aud` in the audience.
    pub async fn fresh_room(&mut self) -> RoomId {
        let n = self.next();
        let room = self
            .server
            .room(&self.tokens[&Standing::Moderator], &format!("row {n}"))
            .await;
        for s in [Standing::Moderator, Standing::Speaker, Standing::Audience] {
            let bot = self.bots.get_mut(&s).expect("bot");
            bot.ws.join_room(&room, T).await.expect("join");
        }
        for t in ["t_stage", "t_aud"] {
            let bot = self.targets.get_mut(t).expect("target");
            bot.ws.join_room(&room, T).await.expect("target joins");
        }
        let mut moderator = self.bots.remove(&Standing::Moderator).expect("moderator");
        let mut speaker = self.bots.remove(&Standing::Speaker).expect("speaker");
        bring_on_stage(&mut moderator, &mut speaker).await;
        let mut t_stage = self.targets.remove("t_stage").expect("t_stage");
        bring_on_stage(&mut moderator, &mut t_stage).await;
        self.bots.insert(Standing::Moderator, moderator);
        self.bots.insert(Standing::Speaker, speaker);
        self.targets.insert("t_stage", t_stage);
        self.room = Some(room.clone());
        room
    }

    /// A fresh club that joins by approval: the founder made it, `cadmin` is an admin and
    /// `leader` a leader.
    pub async fn fresh_club(&mut self) -> i64 {
        let n = self.next();
        let founder = self.tokens[&Standing::ClubFounder].clone();
        let (status, body) = self
            .server
            .post(
                "/api/clubs",
                Some(&founder),
                json!({"name": format!("Row club {n}"), "join_policy": "approval"}),
            )
            .await;
        assert!(status < 300, "create club: {status} {body}");
        let club = body["id"].as_i64().expect("club id");
        self.club = Some(club);
        for (s, role) in [
            (Standing::ClubAdmin, "admin"),
            (Standing::ClubLeader, "leader"),
        ] {
            let token = self.tokens[&s].clone();
            let name = self.names[&s].clone();
            let (status, body) = self
                .server
                .send(
                    reqwest::Method::POST,
                    &format!("/api/clubs/{club}/join"),
                    Some(&token),
                    None,
                )
                .await;
            assert!(status < 300, "{name} asks to join: {status} {body}");
            self.club_call(
                &founder,
                reqwest::Method::POST,
                &format!("/api/clubs/{club}/requests/{name}/approve"),
                None,
            )
            .await
            .expect("approve");
            self.club_call(
                &founder,
                reqwest::Method::PUT,
                &format!("/api/clubs/{club}/members/{name}/role"),
                Some(json!({ "role": role })),
            )
            .await
            .expect("set role");
        }
        club
    }

    /// Founder-side club call; `Err(code)` on refusal.
    async fn club_call(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<(), String> {
        let (status, body) = self.server.send(method, path, Some(token), body).await;
        match outcome(status, &body) {
            Outcome::Allowed => Ok(()),
            Outcome::Refused(code) => Err(code),
        }
    }

    /// Best-effort call on the row's club (`/api/clubs/{club}{suffix}`): a refusal only means
    /// the state was already there.
    async fn club_try(
        &self,
        token: &str,
        method: reqwest::Method,
        suffix: &str,
        body: Option<Value>,
    ) {
        let club = self.club.expect("club");
        let path = format!("/api/clubs/{club}{suffix}");
        let _ = self.club_call(token, method, &path, body).await;
    }

    /// Makes sure target `t` has a pending request to join the row's club.
    pub async fn club_request(&self, t: &str) {
        let token = &self.targets[t].token;
        self.club_try(token, reqwest::Method::DELETE, "/membership", None)
            .await;
        self.club_try(token, reqwest::Method::POST, "/join", None)
            .await;
    }

    /// Makes sure target `t` is a plain member of the row's club.
    pub async fn club_member(&self, t: &str) {
        let token = &self.targets[t].token;
        let founder = &self.tokens[&Standing::ClubFounder];
        self.club_try(token, reqwest::Method::POST, "/join", None)
            .await;
        let approve = format!("/requests/{t}/approve");
        self.club_try(founder, reqwest::Method::POST, &approve, None)
            .await;
        let role = format!("/members/{t}/role");
        let member = Some(json!({"role": "member"}));
        self.club_try(founder, reqwest::Method::PUT, &role, member)
            .await;
    }

    /// A fresh event of the row's club, hosted by the founder, starting in 10 minutes.
    pub async fn fresh_event(&mut self) -> i64 {
        let n = self.next();
        let club = self.club.expect("club");
        let founder = self.tokens[&Standing::ClubFounder].clone();
        let (status, body) = self
            .server
            .post(
                "/api/events",
                Some(&founder),
                json!({"title": format!("Row event {n}"), "starts_at": self.in_minutes(10),
                       "club_id": club}),
            )
            .await;
        assert!(status < 300, "create event: {status} {body}");
        let id = body["id"].as_i64().expect("event id");
        self.event = Some(id);
        id
    }

    /// A second session of `s`'s member (signing in again).
    pub async fn fresh_session(&self, s: Standing) -> String {
        let (status, body) = self
            .server
            .post(
                "/api/auth/login",
                None,
                json!({"username": self.names[&s], "password": "password123"}),
            )
            .await;
        assert_eq!(status, 200, "login {s:?}: {body}");
        body["token"].as_str().expect("token").to_string()
    }

    /// An RFC 3339 time `minutes` from now.
    pub fn in_minutes(&self, minutes: i64) -> String {
        (chrono::Utc::now() + chrono::Duration::minutes(minutes)).to_rfc3339()
    }

    /// The current row's room.
    pub fn room(&self) -> &RoomId {
        self.room.as_ref().expect("row has a room")
    }

    /// Sends a REST call as `s`; 2xx → allowed, else the error code.
    pub async fn rest(
        &self,
        s: Standing,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Outcome {
        let (status, body) = self.server.send(method, path, self.token(s), body).await;
        outcome(status, &body)
    }

    /// Sends a raw-bytes REST call (uploads) as `s`.
    pub async fn upload(&self, s: Standing, path: &str, bytes: Vec<u8>) -> Outcome {
        let mut req = self
            .server
            .http
            .put(format!("{}{path}", self.server.base()))
            .header("content-type", "image/png")
            .body(bytes);
        if let Some(token) = self.token(s) {
            req = req.bearer_auth(token);
        }
        let resp = req.send().await.expect("upload");
        let status = resp.status().as_u16();
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        outcome(status, &body)
    }

    /// Sends a WebSocket command as `s`. Anonymous and suspended callers cannot even connect
    /// (`unauthorized`). Otherwise the command is followed by a join of an unknown room, which
    /// always answers `not_found` and changes nothing: the first `error` that arrives is the
    /// command's own refusal, or the sentinel's when the command was allowed.
    pub async fn ws(&mut self, s: Standing, msg: ClientMessage) -> Outcome {
        if !s.signed_in() {
            return self.ws_connect(s).await;
        }
        let bot = self.bots.get_mut(&s).expect("bot");
        bot.ws.take_pending();
        bot.send(msg).await;
        bot.send(ClientMessage::JoinRoom {
            room_id: RoomId("no-such-room".to_string()),
        })
        .await;
        let code = bot
            .ws
            .wait_map(
                |m| match m {
                    ServerMessage::Error { code, .. } => Some(*code),
                    _ => None,
                },
                T,
            )
            .await
            .expect("an error (the command's or the sentinel's)");
        if code == stoa_proto::ErrorCode::NotFound {
            Outcome::Allowed
        } else {
            let wire = serde_json::to_value(code).expect("code");
            let code_text = wire.as_str().expect("string").to_string();
            // Drain the sentinel's answer so the next cell starts clean.
            let _ = bot
                .ws
                .wait_for(
                    |m| {
                        matches!(
                            m,
                            ServerMessage::Error {
                                code: stoa_proto::ErrorCode::NotFound,
                                ..
                            }
                        )
                    },
                    T,
                )
                .await;
            Outcome::Refused(code_text)
        }
    }

    /// Tries to open a WebSocket as a caller without a live session.
    async fn ws_connect(&self, s: Standing) -> Outcome {
        let token = self.token(s).unwrap_or("no-token");
        match stoa_client::Signaling::connect(&self.server.base(), token).await {
            Ok(_) => Outcome::Allowed,
            Err(err) => {
                let text = err.to_string();
                assert!(text.contains("401"), "ws refused with {text}");
                Outcome::Refused("unauthorized".to_string())
            }
        }
    }
}

/// 2xx → allowed; otherwise the body's error code.
pub fn outcome(status: u16, body: &Value) -> Outcome {
    if (200..300).contains(&status) {
        Outcome::Allowed
    } else {
        Outcome::Refused(code(body).to_string())
    }
}
