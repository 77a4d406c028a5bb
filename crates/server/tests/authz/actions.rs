//! Every row of the matrix: one mutating REST endpoint or WebSocket command, the scene it needs,
//! and how a caller performs it.

use reqwest::Method;
use serde_json::{json, Value};
use stoa_proto::moderation::Reaction;
use stoa_proto::ws::ClientMessage;

use super::standing::{Outcome, Standing};
use super::world::World;

/// One row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    // ---- profile, social graph, invites, notifications ----------------------------------
    UpdateProfile,
    Follow,
    Unfollow,
    Block,
    Unblock,
    UploadAvatar,
    RemoveAvatar,
    MarkNotificationsRead,
    CreateInvite,
    RevokeMembersInvite,
    GrantInvites,
    WaveIn,
    Logout,
    // ---- rooms over REST -----------------------------------------------------------------
    CreateRoom,
    ChangeRoomKind,
    Ping,
    // ---- room commands over the WebSocket ------------------------------------------------
    JoinRoom,
    RaiseHand,
    LowerHand,
    InviteToSpeak,
    AcceptSpeakInvite,
    DeclineSpeakInvite,
    MoveToAudience,
    Mute,
    SetMuted,
    Remove,
    MakeModerator,
    React,
    PinLink,
    UnpinLink,
    Offer,
    LeaveRoom,
    // ---- clubs ---------------------------------------------------------------------------
    CreateClub,
    UpdateClub,
    UploadClubIcon,
    JoinClub,
    LeaveClub,
    ApproveJoinRequest,
    DeclineJoinRequest,
    SetClubRole,
    RemoveClubMember,
    StartClubRoom,
    // ---- events --------------------------------------------------------------------------
    ScheduleEvent,
    ScheduleClubEvent,
    EditEvent,
    CancelEvent,
    NotifyMe,
    StopNotifyingMe,
    StartEvent,
    ResetCalendarFeed,
    // ---- reports and suspension ----------------------------------------------------------
    Report,
    ResolveReport,
    Suspend,
    Unsuspend,
}

/// Every row, in the order they run.
pub const ROWS: &[Action] = &[
    Action::UpdateProfile,
    Action::Follow,
    Action::Unfollow,
    Action::Block,
    Action::Unblock,
    Action::UploadAvatar,
    Action::RemoveAvatar,
    Action::MarkNotificationsRead,
    Action::CreateInvite,
    Action::RevokeMembersInvite,
    Action::GrantInvites,
    Action::WaveIn,
    Action::Logout,
    Action::CreateRoom,
    Action::ChangeRoomKind,
    Action::Ping,
    Action::JoinRoom,
    Action::RaiseHand,
    Action::LowerHand,
    Action::InviteToSpeak,
    Action::AcceptSpeakInvite,
    Action::DeclineSpeakInvite,
    Action::MoveToAudience,
    Action::Mute,
    Action::SetMuted,
    Action::Remove,
    Action::MakeModerator,
    Action::React,
    Action::PinLink,
    Action::UnpinLink,
    Action::Offer,
    Action::LeaveRoom,
    Action::CreateClub,
    Action::UpdateClub,
    Action::UploadClubIcon,
    Action::JoinClub,
    Action::LeaveClub,
    Action::ApproveJoinRequest,
    Action::DeclineJoinRequest,
    Action::SetClubRole,
    Action::RemoveClubMember,
    Action::StartClubRoom,
    Action::ScheduleEvent,
    Action::ScheduleClubEvent,
    Action::EditEvent,
    Action::CancelEvent,
    Action::NotifyMe,
    Action::StopNotifyingMe,
    Action::StartEvent,
    Action::ResetCalendarFeed,
    Action::Report,
    Action::ResolveReport,
    Action::Suspend,
    Action::Unsuspend,
];

/// A small valid PNG.
pub fn png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(32, 32, image::Rgb([200, 30, 30]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

/// Per-row state prepared before the row's cells run.
#[derive(Debug, Default, Clone)]
pub struct RowState {
    /// An invite the plain member created.
    pub invite_id: Option<i64>,
    /// An open report about `celeb`.
    pub report_id: Option<i64>,
    /// A waitlist entry that named the plain member.
    pub waitlist_entry: Option<String>,
}

/// Builds what a row acts on: every row gets a fresh room and club (cheap, and no row sees
/// another row's leftovers).
pub async fn prepare(world: &mut World, action: Action) -> RowState {
    world.fresh_room().await;
    world.fresh_club().await;
    let mut state = RowState::default();
    match action {
        Action::RevokeMembersInvite => {
            let (status, body) = world
                .server
                .post("/api/invites", world.token(Standing::Member), json!({}))
                .await;
            assert_eq!(status, 201, "member's invite: {body}");
            state.invite_id = body["invite"]["id"].as_i64();
        }
        Action::ResolveReport => {
            let token = world.targets["celeb"].token.clone();
            let (status, body) = world
                .server
                .post(
                    "/api/reports",
                    Some(&token),
                    json!({"username": "blockee", "reason": "spam", "details": "row"}),
                )
                .await;
            assert!(status < 300, "report: {status} {body}");
            state.report_id = body["id"].as_i64();
        }
        Action::WaveIn => {
            let n = world.next();
            let (status, body) = world
                .server
                .post(
                    "/api/waitlist",
                    None,
                    json!({"username": format!("hopeful{n}"), "display_name": "Hopeful",
                           "named": ["member"]}),
                )
                .await;
            assert_eq!(status, 201, "waitlist: {body}");
            let (status, body) = world
                .server
                .get("/api/waitlist/waiting", world.token(Standing::Member))
                .await;
            assert_eq!(status, 200, "waiting: {body}");
            state.waitlist_entry = body["entries"][0]["id"].as_str().map(str::to_string);
            assert!(state.waitlist_entry.is_some(), "no entry in {body}");
        }
        Action::Unsuspend => {
            let (status, body) = world
                .server
                .post(
                    "/api/admin/users/victim/suspend",
                    Some(&world.admin),
                    json!({}),
                )
                .await;
            assert!(status < 300, "suspend victim: {status} {body}");
        }
        _ => {}
    }
    state
}

/// Performs `action` as `s`.
pub async fn perform(world: &mut World, state: &RowState, action: Action, s: Standing) -> Outcome {
    let room = world.room.clone().map(|r| r.0).unwrap_or_default();
    let club = world.club.unwrap_or_default();
    let n = world.next();
    let rest = |m: Method, p: String, b: Option<Value>| (m, p, b);
    let call = match action {
        Action::UpdateProfile => rest(
            Method::PATCH,
            "/api/me".into(),
            Some(json!({"bio": format!("bio {n}")})),
        ),
        Action::Follow => rest(Method::PUT, "/api/users/celeb/follow".into(), None),
        Action::Unfollow => rest(Method::DELETE, "/api/users/celeb/follow".into(), None),
        Action::Block => rest(Method::PUT, "/api/users/blockee/block".into(), None),
        Action::Unblock => rest(Method::DELETE, "/api/users/blockee/block".into(), None),
        Action::UploadAvatar => return world.upload(s, "/api/me/avatar", png()).await,
        Action::RemoveAvatar => rest(Method::DELETE, "/api/me/avatar".into(), None),
        Action::MarkNotificationsRead => rest(
            Method::POST,
            "/api/notifications/read".into(),
            Some(json!({"all": true})),
        ),
        Action::CreateInvite => rest(Method::POST, "/api/invites".into(), Some(json!({}))),
        Action::RevokeMembersInvite => rest(
            Method::DELETE,
            format!("/api/invites/{}", state.invite_id.expect("invite")),
            None,
        ),
        Action::WaveIn => rest(
            Method::POST,
            format!(
                "/api/waitlist/{}/wave",
                state.waitlist_entry.as_deref().expect("entry")
            ),
            None,
        ),
        Action::Logout => {
            // Signed-in callers log out a second session of theirs, so their main one lives on.
            let token = if s.signed_in() {
                Some(world.fresh_session(s).await)
            } else {
                world.token(s).map(str::to_string)
            };
            let (status, body) = world
                .server
                .send(Method::POST, "/api/auth/logout", token.as_deref(), None)
                .await;
            return super::world::outcome(status, &body);
        }
        Action::GrantInvites => rest(
            Method::POST,
            "/api/admin/users/celeb/invites".into(),
            Some(json!({"count": 1})),
        ),
        Action::CreateRoom => rest(
            Method::POST,
            "/api/rooms".into(),
            Some(json!({"title": format!("made by a caller {n}")})),
        ),
        Action::ChangeRoomKind => rest(
            Method::PATCH,
            format!("/api/rooms/{room}"),
            Some(json!({"kind": "social"})),
        ),
        Action::Ping => rest(
            Method::POST,
            format!("/api/rooms/{room}/pings"),
            Some(json!({"username": "celeb"})),
        ),
        Action::CreateClub => rest(
            Method::POST,
            "/api/clubs".into(),
            Some(json!({"name": format!("Caller club {n}")})),
        ),
        Action::UpdateClub => rest(
            Method::PATCH,
            format!("/api/clubs/{club}"),
            Some(json!({"description": format!("edited {n}")})),
        ),
        Action::UploadClubIcon => {
            return world
                .upload(s, &format!("/api/clubs/{club}/icon"), png())
                .await
        }
        Action::JoinClub => rest(Method::POST, format!("/api/clubs/{club}/join"), None),
        Action::LeaveClub => rest(
            Method::DELETE,
            format!("/api/clubs/{club}/membership"),
            None,
        ),
        Action::ApproveJoinRequest | Action::DeclineJoinRequest => {
            world.club_request("t_stage").await;
            let verb = if action == Action::ApproveJoinRequest {
                "approve"
            } else {
                "decline"
            };
            rest(
                Method::POST,
                format!("/api/clubs/{club}/requests/t_stage/{verb}"),
                None,
            )
        }
        Action::SetClubRole => {
            world.club_member("t_aud").await;
            rest(
                Method::PUT,
                format!("/api/clubs/{club}/members/t_aud/role"),
                Some(json!({"role": "leader"})),
            )
        }
        Action::RemoveClubMember => {
            world.club_member("t_aud").await;
            rest(
                Method::DELETE,
                format!("/api/clubs/{club}/members/t_aud"),
                None,
            )
        }
        Action::StartClubRoom => rest(
            Method::POST,
            "/api/rooms".into(),
            Some(json!({"title": format!("club room {n}"), "club_id": club})),
        ),
        Action::ScheduleEvent => rest(
            Method::POST,
            "/api/events".into(),
            Some(json!({"title": format!("event {n}"), "starts_at": world.in_minutes(90)})),
        ),
        Action::ScheduleClubEvent => rest(
            Method::POST,
            "/api/events".into(),
            Some(
                json!({"title": format!("club event {n}"), "starts_at": world.in_minutes(90),
                        "club_id": club}),
            ),
        ),
        Action::EditEvent
        | Action::CancelEvent
        | Action::StartEvent
        | Action::NotifyMe
        | Action::StopNotifyingMe => {
            // A fresh club event hosted by the founder for every cell.
            let event = world.fresh_event().await;
            match action {
                Action::EditEvent => rest(
                    Method::PATCH,
                    format!("/api/events/{event}"),
                    Some(json!({"title": format!("renamed {n}")})),
                ),
                Action::CancelEvent => rest(Method::DELETE, format!("/api/events/{event}"), None),
                Action::StartEvent => {
                    rest(Method::POST, format!("/api/events/{event}/start"), None)
                }
                Action::StopNotifyingMe => {
                    rest(Method::DELETE, format!("/api/events/{event}/notify"), None)
                }
                _ => rest(Method::PUT, format!("/api/events/{event}/notify"), None),
            }
        }
        Action::ResetCalendarFeed => rest(Method::POST, "/api/me/calendar/reset".into(), None),
        Action::Report => rest(
            Method::POST,
            "/api/reports".into(),
            Some(json!({"username": "celeb", "reason": "other", "details": format!("cell {n}")})),
        ),
        Action::ResolveReport => rest(
            Method::POST,
            format!(
                "/api/admin/reports/{}/resolve",
                state.report_id.expect("report")
            ),
            Some(json!({"action": "dismiss", "note": "matrix"})),
        ),
        Action::Suspend => rest(Method::POST, "/api/admin/users/victim/suspend".into(), None),
        Action::Unsuspend => rest(
            Method::POST,
            "/api/admin/users/victim/unsuspend".into(),
            None,
        ),
        // ---- WebSocket commands --------------------------------------------------------
        ws_action => {
            let t_stage = world.targets["t_stage"].id;
            let t_aud = world.targets["t_aud"].id;
            let msg = match ws_action {
                Action::JoinRoom => ClientMessage::JoinRoom {
                    room_id: world.room().clone(),
                },
                Action::RaiseHand => ClientMessage::RaiseHand,
                Action::LowerHand => ClientMessage::LowerHand,
                Action::InviteToSpeak => ClientMessage::InviteToSpeak { user_id: t_aud },
                Action::AcceptSpeakInvite => ClientMessage::AcceptSpeakInvite,
                Action::DeclineSpeakInvite => ClientMessage::DeclineSpeakInvite,
                Action::MoveToAudience => ClientMessage::MoveToAudience { user_id: t_stage },
                Action::Mute => ClientMessage::Mute { user_id: t_stage },
                Action::SetMuted => ClientMessage::SetMuted { muted: true },
                Action::Remove => ClientMessage::Remove { user_id: t_aud },
                Action::MakeModerator => ClientMessage::MakeModerator { user_id: t_stage },
                Action::React => ClientMessage::React {
                    reaction: Reaction::Clap,
                },
                Action::PinLink => ClientMessage::PinLink {
                    url: "https://example.org/agenda".to_string(),
                    title: "Agenda".to_string(),
                },
                Action::UnpinLink => ClientMessage::UnpinLink,
                Action::Offer => ClientMessage::Offer {
                    sdp: "v=0 this is not an offer".to_string(),
                },
                Action::LeaveRoom => ClientMessage::LeaveRoom,
                other => unreachable!("{other:?} is a REST row"),
            };
            let outcome = world.ws(s, msg).await;
            if action == Action::JoinRoom && outcome == Outcome::Allowed && !s.in_room() {
                // Callers outside the room go back out, so later cells see them outside.
                let _ = world.ws(s, ClientMessage::LeaveRoom).await;
            }
            return outcome;
        }
    };
    let (method, path, body) = call;
    world.rest(s, method, &path, body).await
}
