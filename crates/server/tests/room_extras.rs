//! In-room extras and moderation: reactions, the pinned link, the moderation log (live and
//! REST), removals surviving a restart, and the suspension hook `eject_everywhere`.

mod common;

use std::time::Duration;

use common::{bring_on_stage, code, Bot, TestServer, T};
use serde_json::{json, Value};
use stoa_proto::moderation::{ModAction, ModLogEntry, PinnedLink, Reaction};
use stoa_proto::ws::{ClientMessage as C, LeaveReason, ServerMessage as S};
use stoa_proto::{ErrorCode, RoomId, RoomRole, UserId};

async fn wait_reaction(bot: &mut Bot) -> (UserId, Reaction) {
    bot.ws
        .wait_map(
            |m| match m {
                S::Reaction {
                    user_id, reaction, ..
                } => Some((*user_id, *reaction)),
                _ => None,
            },
            T,
        )
        .await
        .expect("reaction")
}

async fn wait_pinned(bot: &mut Bot) -> Option<PinnedLink> {
    bot.ws
        .wait_map(
            |m| match m {
                S::PinnedLinkChanged { link, .. } => Some(link.clone()),
                _ => None,
            },
            T,
        )
        .await
        .expect("pinned_link_changed")
}

async fn wait_log(bot: &mut Bot) -> ModLogEntry {
    bot.ws
        .wait_map(
            |m| match m {
                S::ModLogEntry { entry } => Some(entry.clone()),
                _ => None,
            },
            T,
        )
        .await
        .expect("mod_log_entry")
}

/// The first live entry with `action` (others stay pending).
async fn wait_action(bot: &mut Bot, action: ModAction) -> ModLogEntry {
    bot.ws
        .wait_map(
            |m| match m {
                S::ModLogEntry { entry } if entry.action == action => Some(entry.clone()),
                _ => None,
            },
            T,
        )
        .await
        .expect("mod_log_entry")
}

fn log_entries_seen(bot: &Bot) -> usize {
    bot.ws
        .history()
        .iter()
        .filter(|m| matches!(m, S::ModLogEntry { .. }))
        .count()
}

async fn mod_log(server: &TestServer, token: &str, room: &RoomId, query: &str) -> (u16, Value) {
    server
        .get(&format!("/api/rooms/{}/modlog{query}", room.0), Some(token))
        .await
}

fn actions(log: &Value) -> Vec<String> {
    log["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["action"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn reactions_reach_everyone_and_are_rate_limited_per_member() {
    let server = TestServer::start().await;
    let (admin_token, [bob_token, carol_token]) = server.people(["bob", "carol"]).await;
    let room = server.room(&admin_token, "Reactions").await;
    let mut admin = server.joined(&admin_token, &room).await;
    let mut bob = server.joined(&bob_token, &room).await;

    bob.send(C::React {
        reaction: Reaction::Clap,
    })
    .await;
    assert_eq!(wait_reaction(&mut admin).await, (bob.id, Reaction::Clap));
    assert_eq!(wait_reaction(&mut bob).await, (bob.id, Reaction::Clap));

    // A burst of five (the clap was one), then the sender is refused and nothing more is
    // broadcast. (One more may fit if a second passed since the clap on a slow machine.)
    for _ in 0..6 {
        bob.send(C::React {
            reaction: Reaction::Fire,
        })
        .await;
    }
    assert_eq!(bob.wait_error().await, ErrorCode::RateLimited);
    admin.ws.settle(Duration::from_millis(300)).await.unwrap();
    bob.ws.settle(Duration::from_millis(50)).await.unwrap();
    let fires = admin
        .ws
        .history()
        .iter()
        .filter(|m| {
            matches!(
                m,
                S::Reaction {
                    reaction: Reaction::Fire,
                    ..
                }
            )
        })
        .count();
    let refused = bob
        .ws
        .history()
        .iter()
        .filter(|m| {
            matches!(
                m,
                S::Error {
                    code: ErrorCode::RateLimited,
                    ..
                }
            )
        })
        .count();
    assert!((4..=5).contains(&fires), "{fires} fires broadcast");
    assert_eq!(fires + refused, 6, "each reaction is broadcast or refused");

    // The allowance is per member: the host still reacts.
    admin
        .send(C::React {
            reaction: Reaction::Heart,
        })
        .await;
    let heart = bob
        .ws
        .wait_map(
            |m| match m {
                S::Reaction {
                    user_id,
                    reaction: Reaction::Heart,
                    ..
                } => Some(*user_id),
                _ => None,
            },
            T,
        )
        .await
        .unwrap();
    assert_eq!(heart, admin.id);

    // Not in a room.
    let mut carol = server.bot(&carol_token).await;
    carol
        .send(C::React {
            reaction: Reaction::Laugh,
        })
        .await;
    assert_eq!(carol.wait_error().await, ErrorCode::NotInRoom);
}

#[tokio::test]
async fn moderators_pin_links_everyone_sees_them_and_bad_links_are_refused() {
    let server = TestServer::start().await;
    let (admin_token, [bob_token, carol_token]) = server.people(["bob", "carol"]).await;
    let room = server.room(&admin_token, "Links").await;
    let mut admin = server.joined(&admin_token, &room).await;
    let mut bob = server.joined(&bob_token, &room).await;

    admin
        .send(C::PinLink {
            url: "https://example.com/agenda".into(),
            title: "Agenda".into(),
        })
        .await;
    let link = wait_pinned(&mut bob).await.expect("a link");
    assert_eq!(link.url, "https://example.com/agenda");
    assert_eq!(link.title, "Agenda");
    assert_eq!(link.by.id, admin.id);

    // The audience may not pin or unpin.
    bob.send(C::PinLink {
        url: "https://example.com/mine".into(),
        title: String::new(),
    })
    .await;
    assert_eq!(bob.wait_error().await, ErrorCode::Forbidden);
    bob.send(C::UnpinLink).await;
    assert_eq!(bob.wait_error().await, ErrorCode::Forbidden);

    // Bad links.
    for url in [
        "javascript:alert(1)".to_string(),
        format!("https://example.com/{}", "a".repeat(600)),
    ] {
        admin
            .send(C::PinLink {
                url,
                title: String::new(),
            })
            .await;
        assert_eq!(admin.wait_error().await, ErrorCode::Validation);
    }

    // A late joiner gets the link in the snapshot.
    let mut carol = server.bot(&carol_token).await;
    let snapshot = carol.ws.join_room(&room, T).await.unwrap();
    assert_eq!(
        snapshot.pinned_link.map(|l| l.url).as_deref(),
        Some("https://example.com/agenda")
    );

    admin.send(C::UnpinLink).await;
    assert_eq!(wait_pinned(&mut carol).await, None);
    assert_eq!(wait_pinned(&mut bob).await, None);
}

#[tokio::test]
async fn the_mod_log_goes_live_to_moderators_only_and_stays_after_the_room() {
    let server = TestServer::start().await;
    let (admin_token, [bob_token, carol_token, dave_token]) =
        server.people(["bob", "carol", "dave"]).await;
    let room = server.room(&admin_token, "Moderated").await;
    let mut admin = server.joined(&admin_token, &room).await;
    let mut bob = server.joined(&bob_token, &room).await;
    let mut carol = server.joined(&carol_token, &room).await;

    bring_on_stage(&mut admin, &mut bob).await;
    let invited = wait_log(&mut admin).await;
    assert_eq!(invited.action, ModAction::InvitedToSpeak);
    assert_eq!(invited.actor.as_ref().map(|u| u.id), Some(admin.id));
    assert_eq!(invited.target.as_ref().map(|u| u.id), Some(bob.id));
    let promoted = wait_log(&mut admin).await;
    assert_eq!(promoted.action, ModAction::PromotedToSpeaker);
    assert_eq!(promoted.target.as_ref().map(|u| u.id), Some(bob.id));

    admin.send(C::Mute { user_id: bob.id }).await;
    assert_eq!(wait_log(&mut admin).await.action, ModAction::Muted);
    admin.send(C::MakeModerator { user_id: bob.id }).await;
    assert_eq!(wait_log(&mut admin).await.action, ModAction::MadeModerator);
    bob.wait_participant(bob.id, |p| p.role == RoomRole::Moderator)
        .await;

    // Bob moderates now: he gets the entries from his own promotion on.
    assert_eq!(wait_log(&mut bob).await.action, ModAction::MadeModerator);
    admin
        .send(C::PinLink {
            url: "https://example.com".into(),
            title: String::new(),
        })
        .await;
    let pinned = wait_log(&mut bob).await;
    assert_eq!(pinned.action, ModAction::PinnedLink);
    assert_eq!(pinned.detail.as_deref(), Some("https://example.com"));
    let (status, body) = server
        .send(
            reqwest::Method::PATCH,
            &format!("/api/rooms/{}", room.0),
            Some(&admin_token),
            Some(json!({"kind": "social"})),
        )
        .await;
    assert!(status < 300, "{status} {body}");
    let kind = wait_log(&mut bob).await;
    assert_eq!(kind.action, ModAction::KindChanged);
    assert_eq!(kind.detail.as_deref(), Some("social"));

    // The audience member never saw an entry, then is removed.
    carol.ws.settle(Duration::from_millis(200)).await.unwrap();
    assert_eq!(log_entries_seen(&carol), 0, "the audience gets no log");
    bob.send(C::Remove { user_id: carol.id }).await;
    let removed = wait_action(&mut admin, ModAction::Removed).await;
    assert_eq!(removed.action, ModAction::Removed);
    assert_eq!(removed.actor.as_ref().map(|u| u.id), Some(bob.id));
    assert_eq!(log_entries_seen(&carol), 0);

    // REST: moderators (now or ever) and site admins; others refused.
    let (status, body) = mod_log(&server, &dave_token, &room, "").await;
    assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
    let (status, body) = mod_log(&server, &carol_token, &room, "").await;
    assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
    let (status, body) = mod_log(&server, &bob_token, &RoomId("nope".into()), "").await;
    assert_eq!((status, code(&body)), (404, "not_found"), "{body}");

    // The room ends; the log stays, newest first, paged.
    bob.send(C::LeaveRoom).await;
    admin.send(C::LeaveRoom).await;
    admin
        .ws
        .wait_for(|m| matches!(m, S::LeftRoom { .. } | S::RoomEnded { .. }), T)
        .await
        .unwrap();
    let mut ended = false;
    for _ in 0..40 {
        let summary = server
            .get(&format!("/api/rooms/{}", room.0), Some(&bob_token))
            .await
            .1;
        if summary["ended"] == true {
            ended = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(ended, "the room ended");
    let (status, log) = mod_log(&server, &bob_token, &room, "").await;
    assert_eq!(status, 200, "{log}");
    assert_eq!(
        actions(&log),
        [
            "removed",
            "kind_changed",
            "pinned_link",
            "made_moderator",
            "muted",
            "promoted_to_speaker",
            "invited_to_speak"
        ]
    );
    assert_eq!(log["next_cursor"], Value::Null);
    let (_, page) = mod_log(&server, &admin_token, &room, "?limit=4").await;
    assert_eq!(actions(&page).len(), 4);
    let cursor = page["next_cursor"]
        .as_str()
        .expect("a next page")
        .to_string();
    let (_, rest) = mod_log(
        &server,
        &admin_token,
        &room,
        &format!("?limit=4&cursor={cursor}"),
    )
    .await;
    assert_eq!(
        actions(&rest),
        ["muted", "promoted_to_speaker", "invited_to_speak"]
    );

    // A site admin reads any room's log, even one they never were in.
    let other = server.room(&dave_token, "Dave's").await;
    let _dave = server.joined(&dave_token, &other).await;
    let (status, body) = mod_log(&server, &admin_token, &other, "").await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = mod_log(&server, &bob_token, &other, "").await;
    assert_eq!((status, code(&body)), (403, "forbidden"), "{body}");
}

#[tokio::test]
async fn removed_members_stay_out_and_the_pinned_link_stays_after_a_restart() {
    let server = TestServer::start().await;
    let (admin_token, [bob_token]) = server.people(["bob"]).await;
    let room = server.room(&admin_token, "Stays").await;
    let mut admin = server.joined(&admin_token, &room).await;
    let mut bob = server.joined(&bob_token, &room).await;
    admin.send(C::Remove { user_id: bob.id }).await;
    assert_eq!(bob.wait_left().await, LeaveReason::Removed);
    admin
        .send(C::PinLink {
            url: "https://example.com/keep".into(),
            title: "Keep".into(),
        })
        .await;
    wait_pinned(&mut admin).await;

    let dir = server.stop().await;
    let server = TestServer::start_in(dir).await;
    let mut admin = server.bot(&admin_token).await;
    let snapshot = admin.ws.join_room(&room, T).await.unwrap();
    assert_eq!(
        snapshot.pinned_link.map(|l| l.title).as_deref(),
        Some("Keep")
    );
    let mut bob = server.bot(&bob_token).await;
    let err = bob.ws.join_room(&room, T).await.unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::RemovedFromRoom));
}

#[tokio::test]
async fn eject_everywhere_takes_a_suspended_member_out_at_once() {
    let server = TestServer::start().await;
    let (admin_token, [bob_token, carol_token]) = server.people(["bob", "carol"]).await;
    let room = server.room(&admin_token, "Suspension").await;
    let mut admin = server.joined(&admin_token, &room).await;
    let mut bob = server.joined(&bob_token, &room).await;
    let mut carol = server.joined(&carol_token, &room).await;
    bring_on_stage(&mut admin, &mut bob).await;

    server
        .running
        .stoa
        .rooms()
        .eject_everywhere(bob.id, Some(admin.id))
        .await
        .unwrap();
    assert_eq!(bob.wait_left().await, LeaveReason::Suspended);
    let bob_id = bob.id;
    let left = carol.wait_participant_left(bob_id, T).await;
    assert_eq!(left, LeaveReason::Suspended);
    let entry = wait_action(&mut admin, ModAction::Suspended).await;
    assert_eq!(entry.actor.map(|u| u.id), Some(admin.id));
    assert_eq!(entry.target.map(|u| u.id), Some(bob.id));

    // Bob is out: his room commands are refused.
    bob.send(C::React {
        reaction: Reaction::Clap,
    })
    .await;
    assert_eq!(bob.wait_error().await, ErrorCode::NotInRoom);
    // Nothing happens for a member in no room.
    server
        .running
        .stoa
        .rooms()
        .eject_everywhere(bob.id, Some(admin.id))
        .await
        .unwrap();
}
