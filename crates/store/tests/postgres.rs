//! The store suite against [`PgStore`], each test in a fresh schema of its own that is dropped
//! at the end, plus checks specific to PostgreSQL (schemas, reopening).
//!
//! Runs only when `STOA_TEST_POSTGRES_URL` names a database, e.g.
//! `STOA_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test cargo test -p stoa-store`;
//! without it every test here says it was skipped and passes, so machines without PostgreSQL can
//! run the suite.

mod suite;

use std::future::Future;
use std::io::Write;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::{Connection, PgConnection};
use stoa_store::traits::*;
use stoa_store::{PgStore, StoreError};

/// The variable naming the test database.
const URL_VAR: &str = "STOA_TEST_POSTGRES_URL";

/// The test database's URL, or `None` (after saying so) when the variable is unset.
fn database_url(test: &str) -> Option<String> {
    match std::env::var(URL_VAR) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            // Straight to stderr, past the test harness's capture, so the skip is visible.
            let _ = writeln!(
                std::io::stderr(),
                "postgres::{test}: skipped: set {URL_VAR} \
                 (e.g. postgres://postgres@127.0.0.1:5432/test) to run it"
            );
            None
        }
    }
}

/// A schema name no other test (in this run or a concurrent one) uses.
fn fresh_schema_name() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("stoa_test_{}_{nanos}_{n}", std::process::id())
}

/// Drops `schema` and everything in it.
async fn drop_schema(url: &str, schema: &str) {
    let mut conn = PgConnection::connect(url).await.expect("connect to drop");
    sqlx::query(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"))
        .execute(&mut conn)
        .await
        .expect("drop schema");
    conn.close().await.expect("close");
}

/// Runs `check` on a store in a fresh schema, then drops the schema even if `check` panicked
/// (it runs in its own task, so its panic arrives here as an error), then re-raises the panic.
async fn with_fresh_schema<F, Fut>(test: &str, check: F)
where
    F: FnOnce(PgStore) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(url) = database_url(test) else {
        return;
    };
    let schema = fresh_schema_name();
    let store = PgStore::open_in_schema(&url, &schema)
        .await
        .expect("open store in a fresh schema");
    let outcome = tokio::spawn(check(store.clone())).await;
    store.close().await;
    drop_schema(&url, &schema).await;
    if let Err(err) = outcome {
        std::panic::resume_unwind(err.into_panic());
    }
}

/// One `#[tokio::test]` per suite check, each in its own schema.
macro_rules! postgres_suite {
    ($($name:ident),* $(,)?) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            with_fresh_schema(stringify!($name), |store| async move {
                suite::$name(&store).await;
            })
            .await;
        }
    )*};
}

suite::for_each_suite_test!(postgres_suite);

/// The tables live in the named schema, and two schemas hold independent stores.
#[tokio::test]
async fn schemas_are_isolated() {
    let Some(url) = database_url("schemas_are_isolated") else {
        return;
    };
    with_fresh_schema("schemas_are_isolated", move |first| async move {
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() ORDER BY table_name",
        )
        .fetch_all(first.pool())
        .await
        .expect("list tables");
        assert_eq!(
            tables,
            [
                "_sqlx_migrations",
                "avatars",
                "blocks",
                "calendar_tokens",
                "club_join_requests",
                "club_members",
                "clubs",
                "event_hosts",
                "event_notify",
                "events",
                "follows",
                "invites",
                "notifications",
                "reports",
                "room_admissions",
                "room_mod_log",
                "room_moderators",
                "rooms",
                "sessions",
                "suspensions",
                "users",
                "waitlist",
                "waitlist_named"
            ]
        );
        suite::bootstrap_admin(&first).await;

        let other_schema = fresh_schema_name();
        let second = PgStore::open_in_schema(&url, &other_schema)
            .await
            .expect("open second schema");
        let current: String = sqlx::query_scalar("SELECT current_schema()::text")
            .fetch_one(second.pool())
            .await
            .expect("current schema");
        let second_count = second.user_count().await;
        second.close().await;
        drop_schema(&url, &other_schema).await;

        assert_eq!(current, other_schema);
        assert_eq!(second_count.expect("count"), 0);
        assert_eq!(first.user_count().await.expect("count"), 1);
    })
    .await;
}

/// Reopening a schema keeps its data, and applying the migrations again changes nothing.
#[tokio::test]
async fn data_survives_reopening_the_schema() {
    let Some(url) = database_url("data_survives_reopening_the_schema") else {
        return;
    };
    let schema = fresh_schema_name();
    let store = PgStore::open_in_schema(&url, &schema).await.expect("open");
    let admin = suite::bootstrap_admin(&store).await;
    store.close().await;

    let reopened = PgStore::open_in_schema(&url, &schema).await;
    let found = match &reopened {
        Ok(store) => Some((store.user_count().await, store.user_by_id(admin.id).await)),
        Err(_) => None,
    };
    if let Ok(store) = &reopened {
        store.close().await;
    }
    drop_schema(&url, &schema).await;

    reopened.expect("reopen");
    let (count, again) = found.expect("reopened");
    assert_eq!(count.expect("count"), 1);
    assert_eq!(again.expect("lookup"), Some(admin));
}

/// Schema names that would need quoting are refused before anything is created
/// (checked without a database, so this runs everywhere).
#[tokio::test]
async fn odd_schema_names_are_refused() {
    let url = "postgres://nobody@127.0.0.1:1/none";
    for bad in ["", "has-dash", "x\"; DROP SCHEMA public; --", "9lives"] {
        match PgStore::open_in_schema(url, bad).await {
            Err(StoreError::Database(sqlx::Error::Configuration(msg))) => {
                assert!(msg.to_string().contains("schema name"), "{msg}");
            }
            other => panic!("{bad:?}: expected a configuration error, got {other:?}"),
        }
    }
}

/// The search queries can be served by the `COLLATE "C"` expression indexes even in a generic
/// (parameterised) plan (the query texts are those of `src/postgres/social.rs`).
#[tokio::test]
async fn search_uses_the_collate_c_indexes() {
    with_fresh_schema("search_uses_the_collate_c_indexes", |store| async move {
        let mut conn = store.pool().acquire().await.expect("connection");
        for setting in [
            "SET enable_seqscan = off",
            // On a near-empty table the planner prefers bitmap scan + sort; without bitmap
            // scans it shows whether the index can also deliver the order.
            "SET enable_bitmapscan = off",
            "SET plan_cache_mode = force_generic_plan",
        ] {
            sqlx::query(setting)
                .execute(&mut *conn)
                .await
                .expect("setting");
        }
        let plans = [
            (
                "SELECT id, username, display_name FROM users \
                 WHERE lower(username COLLATE \"C\") >= $1 AND lower(username COLLATE \"C\") < $2 \
                 ORDER BY lower(username COLLATE \"C\") LIMIT 10",
                "users_username_lower_c",
            ),
            (
                "SELECT id, username, display_name FROM users \
                 WHERE lower(display_name COLLATE \"C\") >= $1 \
                 AND lower(display_name COLLATE \"C\") < $2 \
                 AND NOT (lower(username COLLATE \"C\") >= $1 AND lower(username COLLATE \"C\") < $2) \
                 ORDER BY lower(display_name COLLATE \"C\"), id LIMIT 10",
                "users_display_name_lower_c",
            ),
        ];
        for (sql, index) in plans {
            let rows: Vec<String> = sqlx::query_scalar(&format!("EXPLAIN {sql}"))
                .bind("a")
                .bind("b")
                .fetch_all(&mut *conn)
                .await
                .expect("explain");
            let plan = rows.join("\n");
            assert!(plan.contains(index), "{index} not used:\n{plan}");
            assert!(!plan.contains("Sort"), "sorts instead of index order:\n{plan}");
        }
    })
    .await;
}
