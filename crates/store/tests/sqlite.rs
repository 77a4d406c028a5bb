//! The store suite against [`SqliteStore`] on a fresh temp-file database per test, plus checks
//! specific to SQLite (reopening a file, in-memory URLs).

mod suite;

use stoa_store::traits::*;
use stoa_store::SqliteStore;
use tempfile::TempDir;

/// A fresh database file in its own temp dir (removed when the dir is dropped).
async fn fresh() -> (TempDir, SqliteStore) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open_path(&dir.path().join("stoa.db"))
        .await
        .expect("open store");
    (dir, store)
}

/// One `#[tokio::test]` per suite check, each on its own database file.
macro_rules! sqlite_suite {
    ($($name:ident),* $(,)?) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let (_dir, store) = fresh().await;
            suite::$name(&store).await;
            store.close().await;
        }
    )*};
}

suite::for_each_suite_test!(sqlite_suite);

#[tokio::test]
async fn data_survives_reopening_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nested-name.db");
    let admin = {
        let store = SqliteStore::open_path(&path).await.expect("open");
        let admin = suite::bootstrap_admin(&store).await;
        store.close().await;
        admin
    };
    let url = format!("sqlite://{}", path.display());
    let store = SqliteStore::open(&url).await.expect("reopen by url");
    assert_eq!(store.user_count().await.expect("count"), 1);
    let again = store.user_by_id(admin.id).await.expect("lookup");
    assert_eq!(again, Some(admin));
    store.close().await;
}

#[tokio::test]
async fn wal_and_foreign_keys_are_on() {
    let (_dir, store) = fresh().await;
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(store.pool())
        .await
        .expect("journal_mode");
    assert_eq!(mode.to_lowercase(), "wal");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(store.pool())
        .await
        .expect("foreign_keys");
    assert_eq!(fk, 1);
    store.close().await;
}

#[tokio::test]
async fn in_memory_store_keeps_its_data() {
    let store = SqliteStore::open("sqlite::memory:")
        .await
        .expect("open memory");
    let admin = suite::bootstrap_admin(&store).await;
    // Several calls, each on "a" pool connection: they must all see the same database.
    for _ in 0..3 {
        assert_eq!(store.user_count().await.expect("count"), 1);
    }
    assert_eq!(
        store.user_by_username("admin").await.expect("lookup"),
        Some(admin)
    );
}

/// The search and follow-list queries are index range scans, not table scans (the query texts
/// are those of `src/sqlite/social.rs`).
#[tokio::test]
async fn search_and_follow_lists_use_indexes() {
    let (_dir, store) = fresh().await;
    let plans = [
        (
            "SELECT id, username, display_name FROM users \
             WHERE lower(username) >= 'a' AND lower(username) < 'b' \
             ORDER BY lower(username) LIMIT 10",
            "users_username_lower",
        ),
        (
            "SELECT id, username, display_name FROM users \
             WHERE lower(display_name) >= 'a' AND lower(display_name) < 'b' \
             AND NOT (lower(username) >= 'a' AND lower(username) < 'b') \
             ORDER BY lower(display_name), id LIMIT 10",
            "users_display_name_lower",
        ),
        (
            "SELECT u.id FROM follows f JOIN users u ON u.id = f.follower_id \
             WHERE f.followee_id = 1 AND (f.created_at, f.follower_id) < (5, 5) \
             ORDER BY f.created_at DESC, f.follower_id DESC LIMIT 10",
            "follows_followee",
        ),
    ];
    for (sql, index) in plans {
        let rows: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
                .fetch_all(store.pool())
                .await
                .expect("explain");
        let plan: Vec<&str> = rows.iter().map(|r| r.3.as_str()).collect();
        assert!(
            plan.iter()
                .any(|step| step.starts_with("SEARCH") && step.contains(index)),
            "{index} not used: {plan:?}"
        );
        assert!(
            !plan.iter().any(|step| step.contains("TEMP B-TREE")),
            "sorts instead of reading the index in order: {plan:?}"
        );
    }
    store.close().await;
}

/// The notification page and the unread count are index searches (the query texts are those of
/// `src/sqlite/notifications.rs`): no table scan, no sort.
#[tokio::test]
async fn notification_queries_use_indexes() {
    let (_dir, store) = fresh().await;
    let plans = [
        (
            "SELECT n.id FROM notifications n LEFT JOIN users a ON a.id = n.actor_id \
             WHERE n.user_id = 1 AND n.id < 100 ORDER BY n.id DESC LIMIT 10",
            "notifications_user",
        ),
        (
            "SELECT COUNT(*) FROM notifications WHERE user_id = 1 AND read_at IS NULL",
            "notifications_unread",
        ),
    ];
    for (sql, index) in plans {
        let rows: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
                .fetch_all(store.pool())
                .await
                .expect("explain");
        let plan: Vec<&str> = rows.iter().map(|r| r.3.as_str()).collect();
        assert!(
            plan.iter().any(
                |step| step.starts_with("SEARCH n") || step.starts_with("SEARCH notifications")
            ) && plan.iter().any(|step| step.contains(index)),
            "{index} not used: {plan:?}"
        );
        assert!(
            !plan.iter().any(|step| step.contains("TEMP B-TREE")),
            "sorts instead of reading the index in order: {plan:?}"
        );
    }
    store.close().await;
}

/// Waitlist entries made before entries had public ids get a random one when the migration
/// runs, distinct per entry, and can be waved in by it.
#[tokio::test]
async fn waitlist_entries_from_before_public_ids_get_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stoa.db");
    let all = sqlx::migrate!("./migrations/sqlite");
    let before = sqlx::migrate::Migrator {
        migrations: all
            .migrations
            .iter()
            .filter(|m| m.version < 12)
            .cloned()
            .collect::<Vec<_>>()
            .into(),
        ..sqlx::migrate!("./migrations/sqlite")
    };
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options)
        .await
        .expect("connect");
    before.run(&pool).await.expect("migrations up to 0011");
    let now = chrono::Utc::now();
    let in_a_day = now + chrono::Duration::days(1);
    for (hash, name) in [("h-one", "one"), ("h-two", "two")] {
        sqlx::query(
            "INSERT INTO waitlist (token_hash, username, display_name, created_at, expires_at) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(hash)
        .bind(name)
        .bind(name)
        .bind(now.timestamp_millis())
        .bind(in_a_day.timestamp_millis())
        .execute(&pool)
        .await
        .expect("old-style entry");
    }
    pool.close().await;

    let store = SqliteStore::open_path(&path).await.expect("migrates");
    let mut ids = Vec::new();
    for hash in ["h-one", "h-two"] {
        let entry = store
            .reservation_by_token(hash, now)
            .await
            .expect("lookup")
            .expect("live");
        assert_eq!(entry.public_id.len(), 32, "{}", entry.public_id);
        assert!(entry.public_id.bytes().all(|b| b.is_ascii_hexdigit()));
        let outcome = store
            .wave_in(&entry.public_id, stoa_proto::UserId(1), now)
            .await
            .expect("found by its public id");
        assert_eq!(outcome, stoa_store::WaveOutcome::NotNamed);
        ids.push(entry.public_id);
    }
    assert_ne!(ids[0], ids[1]);
}

/// A pooled connection handed back inside a transaction (as a failed commit on a full disk
/// leaves one) is never reused: the next writes are committed, and another process sees them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_left_in_a_transaction_is_not_reused() {
    use sqlx::{ConnectOptions, Connection};

    let (dir, store) = fresh().await;
    // Leave every connection the pool may hold inside an open transaction.
    let mut held = Vec::new();
    for _ in 0..8 {
        let mut conn = store.pool().acquire().await.expect("connection");
        sqlx::query("BEGIN")
            .execute(&mut *conn)
            .await
            .expect("begin");
        held.push(conn);
    }
    drop(held);

    for i in 0..20 {
        store
            .create_bootstrap_invite(&format!("{i:064x}"))
            .await
            .expect("write");
    }
    let mut other = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(dir.path().join("stoa.db"))
        .connect()
        .await
        .expect("another connection");
    let invites: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invites")
        .fetch_one(&mut other)
        .await
        .expect("count");
    assert_eq!(invites, 20, "every acknowledged write is committed");
    other.close().await.expect("close");
    store.close().await;
}
