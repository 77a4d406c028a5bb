//! A full disk on SQLite: writes are refused with `507 storage_full` and nothing refused is
//! kept, reads keep working, the server recovers by itself once space is freed, and every write
//! it acknowledged is still there after a restart.
//!
//! Two ways to fill the disk:
//! - for real: the data directory on a small tmpfs that a filler file fills up (needs root to
//!   mount it; says skipped otherwise). Here a commit's write to the WAL fails, which used to
//!   leave a pooled connection inside a transaction that nothing committed;
//! - on any machine: the database is given a size quota (`--sqlite-max-pages`,
//!   `PRAGMA max_page_count` on every pooled connection) just above what a filler table of the
//!   test's own takes; deleting the filler frees the space again.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::{code, TestServer};
use serde_json::{json, Value};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use stoa_server::ServeConfig;

/// Pages the database may grow by beyond the filler before it is "full".
const HEADROOM_PAGES: i64 = 6;

/// Bounded number of writes that must hit the quota.
const MAX_FILL_WRITES: usize = 400;

/// A connection of the test's own to the server's database file (as an operator's `sqlite3`
/// shell would be), waiting up to 5 s for the write lock.
async fn side_connection(db: &Path) -> SqliteConnection {
    SqliteConnectOptions::new()
        .filename(db)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(5))
        .connect()
        .await
        .expect("side connection")
}

/// Fills the database with 1 MiB of filler rows and returns its size in pages.
async fn add_filler(db: &Path) -> i64 {
    let mut conn = side_connection(db).await;
    sqlx::query("CREATE TABLE test_filler (b BLOB NOT NULL)")
        .execute(&mut conn)
        .await
        .expect("filler table");
    for _ in 0..256 {
        sqlx::query("INSERT INTO test_filler (b) VALUES (zeroblob(4000))")
            .execute(&mut conn)
            .await
            .expect("filler row");
    }
    let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
        .fetch_one(&mut conn)
        .await
        .expect("page count");
    conn.close().await.expect("close side connection");
    pages
}

/// An event request with a 1000-character description (about a quarter of a page).
fn event(title: &str) -> Value {
    let starts_at = chrono::Utc::now() + chrono::Duration::days(2);
    json!({"title": title, "description": "d".repeat(1000), "starts_at": starts_at})
}

/// Schedules an event; returns (status, event id if created).
async fn create_event(server: &TestServer, token: &str, title: &str) -> (u16, Option<i64>) {
    let (status, body) = server.post("/api/events", Some(token), event(title)).await;
    match status {
        200 => (status, Some(body["id"].as_i64().expect("event id"))),
        507 => {
            assert_eq!(code(&body), "storage_full", "{body}");
            (status, None)
        }
        other => panic!("creating an event on a full disk: {other} {body}"),
    }
}

/// Changes the member's bio (a single-statement write, outside any transaction).
async fn set_bio(server: &TestServer, token: &str, bio: &str) -> u16 {
    let (status, body) = server
        .send(
            reqwest::Method::PATCH,
            "/api/me",
            Some(token),
            Some(json!({"bio": bio})),
        )
        .await;
    assert!(
        status == 200 || (status == 507 && code(&body) == "storage_full"),
        "bio on a full disk: {status} {body}"
    );
    status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_refuses_writes_keeps_reads_and_loses_nothing_acknowledged() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let dir = server.stop().await;
    let db = dir.path().join("stoa.db");
    let pages = add_filler(&db).await;

    let mut config = ServeConfig::for_tests(dir.path().to_path_buf());
    config.sqlite_max_pages = Some(u32::try_from(pages + HEADROOM_PAGES).expect("pages"));
    let server = TestServer::start_with(dir, config).await;

    // Fill: schedule events until the quota refuses one.
    let mut acknowledged: Vec<(i64, String)> = Vec::new();
    let mut full = false;
    for i in 0..MAX_FILL_WRITES {
        let title = format!("before full {i}");
        match create_event(&server, &admin, &title).await {
            (200, Some(id)) => acknowledged.push((id, title)),
            _ => {
                full = true;
                break;
            }
        }
    }
    assert!(
        full,
        "{MAX_FILL_WRITES} events fitted in {HEADROOM_PAGES} pages"
    );
    assert!(!acknowledged.is_empty(), "the headroom held some events");

    // While full: every write is refused (or, if it happens to fit, kept: checked below);
    // transactions and single statements alike, on every pooled connection.
    let mut last_bio = None;
    for i in 0..40 {
        let title = format!("while full {i}");
        if let (200, Some(id)) = create_event(&server, &admin, &title).await {
            acknowledged.push((id, title));
        }
        let bio = format!("bio {i} {}", "b".repeat(150));
        if set_bio(&server, &admin, &bio).await == 200 {
            last_bio = Some(bio);
        }
    }
    let (status, body) = server.post("/api/events", Some(&admin), event("x")).await;
    assert_eq!((status, code(&body)), (507, "storage_full"), "{body}");

    // Reads keep working.
    let (status, me) = server.get("/api/me", Some(&admin)).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(me["bio"].as_str(), last_bio.as_deref().or(Some("")), "{me}");
    let (first_id, first_title) = &acknowledged[0];
    let (status, body) = server
        .get(&format!("/api/events/{first_id}"), Some(&admin))
        .await;
    assert_eq!(
        (status, body["title"].as_str()),
        (200, Some(first_title.as_str()))
    );

    // Free space as an operator would: another process deletes data. No connection of the
    // server may still hold the write lock, or this waits out its busy timeout and fails.
    let mut side = side_connection(&server.dir.path().join("stoa.db")).await;
    sqlx::query("DROP TABLE test_filler")
        .execute(&mut side)
        .await
        .expect("free space: no server connection holds the write lock");
    side.close().await.expect("close side connection");

    // The server recovers by itself: writes succeed again, on every pooled connection.
    let last_bio = writes_resume(&server, &admin, &mut acknowledged).await;
    // After a restart every acknowledged write is there.
    let server = restart_and_check(server, &admin, &acknowledged, &last_bio).await;
    server.stop().await;
}

/// After space was freed: writes succeed again, on every pooled connection. Records them as
/// acknowledged and answers the bio now set.
async fn writes_resume(
    server: &TestServer,
    admin: &str,
    acknowledged: &mut Vec<(i64, String)>,
) -> String {
    for i in 0..20 {
        let title = format!("after free {i}");
        let (status, id) = create_event(server, admin, &title).await;
        assert_eq!(status, 200, "write {i} after space was freed");
        acknowledged.push((id.expect("id"), title));
    }
    let bio = "after free".to_string();
    assert_eq!(set_bio(server, admin, &bio).await, 200);
    bio
}

/// Restarts the server on its data directory and checks that every acknowledged write is there.
async fn restart_and_check(
    server: TestServer,
    admin: &str,
    acknowledged: &[(i64, String)],
    last_bio: &str,
) -> TestServer {
    let dir = server.stop().await;
    let server = TestServer::start_in(dir).await;
    for (id, title) in acknowledged {
        let (status, body) = server.get(&format!("/api/events/{id}"), Some(admin)).await;
        assert_eq!(
            status, 200,
            "acknowledged event {id} ({title}) lost: {body}"
        );
        assert_eq!(body["title"].as_str(), Some(title.as_str()), "{body}");
    }
    let (_, me) = server.get("/api/me", Some(admin)).await;
    assert_eq!(me["bio"].as_str(), Some(last_bio), "{me}");
    server
}

/// Size of the tmpfs the data directory lives on.
const TMPFS_SIZE: &str = "4m";

/// Bytes left free on the tmpfs once the filler file took the rest.
const TMPFS_HEADROOM: u64 = 96 * 1024;

/// A tmpfs mounted on a fresh temp directory, unmounted on drop.
struct Tmpfs {
    dir: Option<tempfile::TempDir>,
}

impl Tmpfs {
    /// Mounts one, or `None` (after saying so) without the permission to.
    fn mount() -> Option<Tmpfs> {
        let dir = tempfile::tempdir().expect("mount point");
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={TMPFS_SIZE}"), "tmpfs"])
            .arg(dir.path())
            .output()
            .is_ok_and(|out| out.status.success());
        if !mounted {
            let _ = writeln!(
                std::io::stderr(),
                "storage_full::a_really_full_disk: skipped: cannot mount a tmpfs (run as root)"
            );
            return None;
        }
        Some(Tmpfs { dir: Some(dir) })
    }

    fn path(&self) -> &Path {
        self.dir.as_ref().expect("mounted").path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            let _ = Command::new("umount").arg("-l").arg(dir.path()).status();
            drop(dir);
        }
    }
}

/// Fills the filesystem holding `path` with a file there, then gives back `TMPFS_HEADROOM`.
fn fill_disk(path: &Path) {
    let mut file = std::fs::File::create(path).expect("filler file");
    let chunk = vec![0x5a_u8; 16 * 1024];
    let mut written: u64 = 0;
    // Bounded: the tmpfs is 4 MiB.
    for _ in 0..4096 {
        match file.write(&chunk) {
            Ok(n) if n > 0 => written += n as u64,
            _ => break,
        }
    }
    let _ = file.flush();
    file.set_len(written.saturating_sub(TMPFS_HEADROOM))
        .expect("leave headroom");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_really_full_disk_refuses_writes_and_loses_nothing_acknowledged() {
    let Some(tmpfs) = Tmpfs::mount() else { return };
    let data = tempfile::tempdir_in(tmpfs.path()).expect("data dir on the tmpfs");
    let server = TestServer::start_in(data).await;
    let admin = server.admin().await;
    let filler: PathBuf = tmpfs.path().join("filler");
    fill_disk(&filler);

    // Fill the rest: schedule events until one is refused.
    let mut acknowledged: Vec<(i64, String)> = Vec::new();
    let mut full = false;
    for i in 0..MAX_FILL_WRITES {
        let title = format!("before full {i}");
        match create_event(&server, &admin, &title).await {
            (200, Some(id)) => acknowledged.push((id, title)),
            _ => {
                full = true;
                break;
            }
        }
    }
    assert!(full, "{MAX_FILL_WRITES} events fitted in the headroom");

    // While full: transactions and single statements, on every pooled connection; each is
    // refused, or kept if it fits.
    let mut last_bio = None;
    for i in 0..40 {
        let title = format!("while full {i}");
        if let (200, Some(id)) = create_event(&server, &admin, &title).await {
            acknowledged.push((id, title));
        }
        let bio = format!("bio {i} {}", "b".repeat(150));
        if set_bio(&server, &admin, &bio).await == 200 {
            last_bio = Some(bio);
        }
    }
    let (status, me) = server.get("/api/me", Some(&admin)).await;
    assert_eq!(status, 200, "reads work on a full disk: {me}");
    assert_eq!(me["bio"].as_str(), last_bio.as_deref().or(Some("")), "{me}");

    // Space freed: the server recovers by itself.
    std::fs::remove_file(&filler).expect("free space");
    let last_bio = writes_resume(&server, &admin, &mut acknowledged).await;
    let server = restart_and_check(server, &admin, &acknowledged, &last_bio).await;
    drop(server.stop().await);
    drop(tmpfs);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_locked_past_the_busy_timeout_is_503_with_retry_after() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    // Another process holds the write lock (as a stuck `sqlite3` shell would).
    let mut side = side_connection(&server.dir.path().join("stoa.db")).await;
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut side)
        .await
        .expect("take the write lock");

    let resp = server
        .http
        .patch(format!("{}/api/me", server.base()))
        .bearer_auth(&admin)
        .json(&json!({"bio": "locked out"}))
        .send()
        .await
        .expect("the server answers");
    let status = resp.status().as_u16();
    let retry_after = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    assert_eq!(
        (status, code(&body)),
        (503, "storage_unavailable"),
        "{body}"
    );
    assert!(matches!(retry_after, Some(1..=30)), "{retry_after:?}");
    let (status, me) = server.get("/api/me", Some(&admin)).await;
    assert_eq!((status, me["bio"].as_str()), (200, Some("")), "{me}");

    sqlx::query("ROLLBACK")
        .execute(&mut side)
        .await
        .expect("release the lock");
    side.close().await.expect("close side connection");
    assert_eq!(set_bio(&server, &admin, "unlocked").await, 200);
    server.stop().await;
}
