//! `stoa admin …` as an operator runs it: the real binary, against a server running on the
//! data directory (through its admin socket) and against a stopped one (on the database), with
//! each command's effect seen through the HTTP API and the WebSocket.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{code, Bot, TestServer, T};
use serde_json::{json, Value};
use stoa_proto::ws::LeaveReason;
use stoa_proto::ErrorCode;

/// What one run of the binary printed, and whether it succeeded.
struct Ran {
    ok: bool,
    stdout: String,
    stderr: String,
}

/// Runs `stoa <args…> --data-dir <dir>` and waits for it (bounded).
async fn stoa(dir: &Path, args: &[&str]) -> Ran {
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_stoa"))
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .env_remove("STOA_DATABASE_URL")
        .env_remove("STOA_CONFIG")
        .env("STOA_PUBLIC_URL", "https://stoa.example")
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(Duration::from_secs(60), child)
        .await
        .expect("stoa exits within a minute")
        .expect("stoa runs");
    Ran {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs an admin command that must succeed; returns its stdout.
async fn admin_ok(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["admin"];
    all.extend_from_slice(args);
    let ran = stoa(dir, &all).await;
    assert!(ran.ok, "stoa admin {args:?} failed: {}", ran.stderr);
    ran.stdout
}

/// Runs an admin command that must fail; returns its stderr.
async fn admin_err(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["admin"];
    all.extend_from_slice(args);
    let ran = stoa(dir, &all).await;
    assert!(!ran.ok, "stoa admin {args:?} should fail: {}", ran.stdout);
    ran.stderr
}

/// Waits until the server closes `bot`'s WebSocket.
async fn wait_closed(bot: &mut Bot) {
    let deadline = Instant::now() + T;
    while !bot.ws.is_closed() {
        assert!(Instant::now() < deadline, "socket still open");
        let _ = bot.ws.settle(Duration::from_millis(100)).await;
    }
}

async fn remaining_invites(server: &TestServer, token: &str) -> Value {
    let (status, body) = server.get("/api/invites", Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body["remaining"].clone()
}

/// The invite code at the end of a printed link.
fn code_of(link: &str) -> String {
    link.trim().rsplit('/').next().expect("code").to_string()
}

#[tokio::test]
async fn suspend_through_the_running_server_closes_the_members_sockets_at_once() {
    let server = TestServer::start().await;
    let dir = server.dir.path().to_path_buf();
    assert!(dir.join("admin.sock").exists(), "the server listens");
    let (_admin, [bob, carol]) = server.people(["bob", "carol"]).await;

    // Carol in bob's live room, and connected on a second device.
    let room = server.room(&bob, "Bob's room").await;
    let mut bob_ws = server.joined(&bob, &room).await;
    let mut carol_in_room = server.joined(&carol, &room).await;
    let mut carol_phone = server.bot(&carol).await;
    let carol_id = carol_in_room.id;

    let out = admin_ok(&dir, &["suspend", "Carol", "--reason", "spam"]).await;
    assert!(out.contains("carol is suspended"), "{out}");

    // At once: bob sees her leave, both her sockets are told `suspended` and closed.
    assert_eq!(
        bob_ws.wait_participant_left(carol_id, T).await,
        LeaveReason::Suspended
    );
    for bot in [&mut carol_in_room, &mut carol_phone] {
        assert_eq!(bot.wait_error().await, ErrorCode::Suspended);
        wait_closed(bot).await;
    }
    // Her token is dead and she cannot sign in.
    let (status, body) = server.get("/api/me", Some(&carol)).await;
    assert_eq!((status, code(&body)), (401, "unauthorized"));
    let (status, body) = server.login("carol").await;
    assert_eq!((status, code(&body)), (403, "suspended"));

    // Again: nothing new, still fine.
    let out = admin_ok(&dir, &["suspend", "carol"]).await;
    assert!(out.contains("already suspended"), "{out}");

    // Lifted: she signs in again.
    let out = admin_ok(&dir, &["unsuspend", "carol"]).await;
    assert!(out.contains("may sign in again"), "{out}");
    let (status, body) = server.login("carol").await;
    assert_eq!(status, 200, "{body}");
    server.running.shutdown().await.expect("clean stop");
}

#[tokio::test]
async fn invites_and_admins_through_the_running_server() {
    let server = TestServer::start().await;
    let dir = server.dir.path().to_path_buf();
    let (admin, [bob]) = server.people(["bob"]).await;

    // More invites for bob.
    assert_eq!(remaining_invites(&server, &bob).await, json!(2));
    let out = admin_ok(&dir, &["grant-invites", "bob", "3"]).await;
    assert!(out.contains("5 more invites"), "{out}");
    assert_eq!(remaining_invites(&server, &bob).await, json!(5));

    // Bob becomes a site admin (the reports queue opens to him), then a member again.
    let (status, _) = server.get("/api/admin/reports", Some(&bob)).await;
    assert_eq!(status, 403);
    admin_ok(&dir, &["make-admin", "bob"]).await;
    let (status, body) = server.get("/api/admin/reports", Some(&bob)).await;
    assert_eq!(status, 200, "{body}");
    let (_, me) = server.get("/api/me", Some(&bob)).await;
    assert_eq!(me["is_admin"], true);
    let out = admin_ok(&dir, &["make-admin", "bob"]).await;
    assert!(out.contains("already"), "{out}");
    admin_ok(&dir, &["unmake-admin", "bob"]).await;
    let (status, _) = server.get("/api/admin/reports", Some(&bob)).await;
    assert_eq!(status, 403);

    // A new admin invite: its link uses the server's own URL, and whoever signs up with it is
    // a site admin. Only the newest such link works.
    let first = admin_ok(&dir, &["invite"]).await;
    let link = admin_ok(&dir, &["invite"]).await;
    assert!(link.starts_with(&server.base()), "{link}");
    let (status, body) = server
        .post(
            "/api/auth/signup",
            None,
            json!({"invite_code": code_of(&first), "username": "early",
                   "display_name": "Early", "password": "password123"}),
        )
        .await;
    assert_eq!((status, code(&body)), (409, "invite_invalid"));
    let dana = server.signup(&code_of(&link), "dana").await;
    let (_, me) = server.get("/api/me", Some(&dana)).await;
    assert_eq!(me["is_admin"], true);

    // Clear refusals: unknown member, a site admin, a bad count; nothing changes.
    let err = admin_err(&dir, &["suspend", "nobody"]).await;
    assert!(err.contains("no member named \"nobody\""), "{err}");
    let err = admin_err(&dir, &["suspend", "admin"]).await;
    assert!(err.contains("is a site admin"), "{err}");
    let (status, _) = server.get("/api/me", Some(&admin)).await;
    assert_eq!(status, 200, "the admin is still signed in");
    let err = admin_err(&dir, &["grant-invites", "bob", "0"]).await;
    assert!(err.contains("between 1 and"), "{err}");
    let err = admin_err(&dir, &["make-admin", "ghost"]).await;
    assert!(err.contains("no member named \"ghost\""), "{err}");
    server.running.shutdown().await.expect("clean stop");
}

#[tokio::test]
async fn with_no_server_running_commands_work_on_the_database() {
    let server = TestServer::start().await;
    let (_admin, [bob, _carol]) = server.people(["bob", "carol"]).await;
    let dir = server.stop().await;
    let path = dir.path().to_path_buf();
    assert!(
        !path.join("admin.sock").exists(),
        "the socket goes with the server"
    );

    admin_ok(&path, &["suspend", "carol", "--reason", "spam"]).await;
    admin_ok(&path, &["grant-invites", "bob", "1"]).await;
    admin_ok(&path, &["make-admin", "bob"]).await;
    let link = admin_ok(&path, &["invite"]).await;
    assert!(
        link.starts_with("https://stoa.example/invite/"),
        "offline links use --public-url: {link}"
    );
    let err = admin_err(&path, &["unsuspend", "nobody"]).await;
    assert!(err.contains("no member named"), "{err}");
    let err = admin_err(&path, &["make-admin", "carol"]).await;
    assert!(err.contains("carol is suspended"), "{err}");

    // The restarted server sees it all.
    let server = TestServer::start_in(dir).await;
    let (status, body) = server.login("carol").await;
    assert_eq!((status, code(&body)), (403, "suspended"));
    let (status, body) = server.login("bob").await;
    assert_eq!(status, 200, "{body}");
    let (_, me) = server.get("/api/me", Some(&bob)).await;
    assert_eq!(me["is_admin"], true);
    let erin = server.signup(&code_of(&link), "erin").await;
    let (_, me) = server.get("/api/me", Some(&erin)).await;
    assert_eq!(me["is_admin"], true);
    server.running.shutdown().await.expect("clean stop");

    // A mistyped data directory creates nothing.
    let nowhere = path.join("typo");
    let err = admin_err(&nowhere, &["invite"]).await;
    assert!(err.contains("no database at"), "{err}");
    assert!(!nowhere.exists());
}

#[tokio::test]
async fn another_user_is_refused_even_where_file_modes_would_let_them_in() {
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0");
    let has_setpriv = std::process::Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok();
    if !is_root || !has_setpriv {
        eprintln!("operator_cli: skipped: needs root and setpriv to act as another user");
        return;
    }
    let server = TestServer::start().await;
    let (_admin, [_bob]) = server.people(["bob"]).await;
    let dir = server.dir.path().to_path_buf();
    // A careless operator opened the directory and the socket to everyone.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::set_permissions(
        dir.join("admin.sock"),
        std::fs::Permissions::from_mode(0o777),
    )
    .expect("chmod");

    let run = tokio::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_stoa"))
        .args(["admin", "make-admin", "bob", "--data-dir"])
        .arg(&dir)
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(Duration::from_secs(60), run)
        .await
        .expect("exits")
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("only the server's own user or root"),
        "{stderr}"
    );
    let (_, bob) = server.login("bob").await;
    assert_eq!(bob["user"]["is_admin"], false, "{bob}");
    server.running.shutdown().await.expect("clean stop");
}

#[tokio::test]
async fn a_data_directory_serves_one_server_at_a_time() {
    let server = TestServer::start().await;
    let config = stoa_server::ServeConfig::for_tests(server.dir.path().to_path_buf());
    let refused = match stoa_server::start(config).await {
        Ok(_) => panic!("a second server started on the same data directory"),
        Err(err) => err.to_string(),
    };
    assert!(
        refused.contains(&format!("(pid {})", std::process::id())),
        "{refused}"
    );
    server.running.shutdown().await.expect("clean stop");
}
