//! `stoa backup` and `stoa restore` as an operator runs them: the real binary beside a
//! running server that keeps writing, then the backup restored into a fresh data directory
//! and into the old one, with the data seen through the HTTP API of a server started on it.

mod common;

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{code, TestServer};
use serde_json::json;

/// Runs `stoa <args…>` and waits for it (bounded); returns (success, stdout, stderr).
async fn stoa(args: &[&str], dir: &Path) -> (bool, String, String) {
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_stoa"))
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .env_remove("STOA_DATABASE_URL")
        .env_remove("STOA_CONFIG")
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(Duration::from_secs(120), child)
        .await
        .expect("stoa exits within two minutes")
        .expect("stoa runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn bio_of(server: &TestServer, token: &str, username: &str) -> String {
    let (status, body) = server
        .get(&format!("/api/users/{username}"), Some(token))
        .await;
    assert_eq!(status, 200, "{body}");
    body["bio"].as_str().expect("bio").to_string()
}

/// Keeps writing (bob's bio counts up) until stopped; returns the last value written.
fn keep_writing(
    server: &TestServer,
    token: &str,
) -> (Arc<AtomicU64>, tokio::task::JoinHandle<u64>) {
    let stop = Arc::new(AtomicU64::new(0));
    let http = server.http.clone();
    let url = format!("{}/api/me", server.base());
    let token = token.to_string();
    let flag = stop.clone();
    let task = tokio::spawn(async move {
        let mut n = 0;
        while flag.load(Ordering::Relaxed) == 0 {
            n += 1;
            let resp = http
                .patch(&url)
                .bearer_auth(&token)
                .json(&json!({"bio": format!("write {n}")}))
                .send()
                .await
                .expect("write");
            assert_eq!(resp.status(), 200, "write {n}");
        }
        n
    });
    (stop, task)
}

#[tokio::test]
async fn a_backup_taken_while_writes_continue_restores_into_a_fresh_data_directory() {
    let server = TestServer::start().await;
    let (admin, [bob]) = server.people(["bob"]).await;
    let backups = tempfile::tempdir().expect("temp dir");
    let file = backups.path().join("stoa-backup.db");

    // A backup while bob's writes keep coming (each one answered 200 throughout).
    let (stop, writer) = keep_writing(&server, &bob);
    wait_until_bio_changes(&server, &admin).await;
    let (ok, out, err) = stoa(
        &["backup", file.to_str().expect("utf-8")],
        server.dir.path(),
    )
    .await;
    assert!(ok, "backup failed: {err}");
    assert!(out.contains("backed up 2 members"), "{out}");
    stop.store(1, Ordering::Relaxed);
    let last = writer.await.expect("writer");

    // A second backup over the first replaces it whole.
    let (ok, _, err) = stoa(
        &["backup", file.to_str().expect("utf-8")],
        server.dir.path(),
    )
    .await;
    assert!(ok, "second backup failed: {err}");
    let leftovers: Vec<_> = std::fs::read_dir(backups.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(leftovers, ["stoa-backup.db"], "no temporary files left");
    server.running.shutdown().await.expect("clean stop");

    // Restored into a fresh directory, a server starts on it with everyone there.
    let fresh = tempfile::tempdir().expect("temp dir");
    let (ok, out, err) = stoa(&["restore", file.to_str().expect("utf-8")], fresh.path()).await;
    assert!(ok, "restore failed: {err}");
    assert!(out.contains("2 members"), "{out}");
    let restored = TestServer::start_in(fresh).await;
    assert!(
        restored.running.bootstrap_invite.is_none(),
        "not an empty database"
    );
    let (status, body) = restored.login("bob").await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = restored.get("/api/me", Some(&admin)).await;
    assert_eq!(status, 200, "sessions came along");
    let bio = bio_of(&restored, &admin, "bob").await;
    let n: u64 = bio
        .strip_prefix("write ")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("bob's bio is one of his writes: {bio:?}"));
    assert!((1..=last).contains(&n), "write {n} of {last}");
    restored.running.shutdown().await.expect("clean stop");
}

/// Waits until bob's writer has written at least once.
async fn wait_until_bio_changes(server: &TestServer, token: &str) {
    for _ in 0..200 {
        if bio_of(server, token, "bob").await.starts_with("write ") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("no write landed");
}

#[tokio::test]
async fn restore_refuses_a_running_server_and_keeps_the_database_it_replaces() {
    let server = TestServer::start().await;
    let (admin, [_bob]) = server.people(["bob"]).await;
    let backups = tempfile::tempdir().expect("temp dir");
    let file = backups.path().join("b.db");
    let file_arg = file.to_str().expect("utf-8");
    let (ok, _, err) = stoa(&["backup", file_arg], server.dir.path()).await;
    assert!(ok, "{err}");

    // Carol joins after the backup.
    server.member(&admin, "carol").await;

    // Not while the server runs; nothing is touched.
    let (ok, _, err) = stoa(&["restore", file_arg], server.dir.path()).await;
    assert!(!ok);
    assert!(err.contains("stop it first"), "{err}");
    let (status, _) = server.login("carol").await;
    assert_eq!(status, 200);
    let dir = server.stop().await;

    // Stopped: the backup comes back, the old database is kept beside it.
    let (ok, out, err) = stoa(&["restore", file_arg], dir.path()).await;
    assert!(ok, "{err}");
    assert!(out.contains("kept as"), "{out}");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let kept: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("stoa.db.before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1, "{names:?}");
    assert!(
        !names
            .iter()
            .any(|n| n == "stoa.db-wal" || n == "stoa.db-shm"),
        "no stale side files: {names:?}"
    );

    let server = TestServer::start_in(dir).await;
    let (status, body) = server.login("carol").await;
    assert_eq!(
        (status, code(&body)),
        (401, "bad_credentials"),
        "carol came after the backup"
    );
    let (status, body) = server.login("bob").await;
    assert_eq!(status, 200, "{body}");
    server.running.shutdown().await.expect("clean stop");
}

#[tokio::test]
async fn restore_refuses_files_that_are_not_stoa_databases() {
    let dir = tempfile::tempdir().expect("temp dir");
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, vec![7u8; 8192]).expect("write");
    let data = dir.path().join("data");

    let (ok, _, err) = stoa(&["restore", junk.to_str().expect("utf-8")], &data).await;
    assert!(!ok);
    assert!(err.contains("is not an SQLite database"), "{err}");
    assert!(err.contains("junk.db"), "names the operator's file: {err}");

    // An SQLite database of something else.
    let other = dir.path().join("other.db");
    {
        use sqlx::Connection;
        let url = format!("sqlite://{}?mode=rwc", other.display());
        let mut conn = sqlx::SqliteConnection::connect(&url).await.expect("open");
        sqlx::query("CREATE TABLE notes (text TEXT)")
            .execute(&mut conn)
            .await
            .expect("create");
        conn.close().await.expect("close");
    }
    let (ok, _, err) = stoa(&["restore", other.to_str().expect("utf-8")], &data).await;
    assert!(!ok);
    assert!(err.contains("not a Stoa database"), "{err}");
    let (ok, _, err) = stoa(&["restore", "/no/such/backup.db"], &data).await;
    assert!(!ok);
    assert!(err.contains("no database at /no/such/backup.db"), "{err}");
    assert!(
        !data.join("stoa.db").exists(),
        "nothing restored from bad files"
    );

    // PostgreSQL has its own tools.
    let (ok, _, err) = stoa(
        &[
            "backup",
            "x.db",
            "--database-url",
            "postgres://stoa@127.0.0.1/stoa",
        ],
        &data,
    )
    .await;
    assert!(!ok);
    assert!(err.contains("pg_dump"), "{err}");
}
