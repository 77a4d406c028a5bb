//! The cluster's shared database: a schema of its own in the test PostgreSQL, made before the
//! nodes start and dropped when the test ends, named in every node's `--database-url`.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::{Connection, PgConnection};

/// The variable naming the test database (as for the store suite and `storage_postgres`).
pub const URL_VAR: &str = "STOA_TEST_POSTGRES_URL";

/// A schema `stoa_cluster_<pid>_<rand>` in the test database, dropped on [`Schema::drop_now`]
/// (and, as a fallback, on drop).
pub struct Schema {
    url: String,
    pub name: String,
    dropped: bool,
}

impl Schema {
    /// Creates a fresh schema in the database named by [`URL_VAR`]; `Err` says why not (the
    /// variable unset, or the database not answering), for the caller to skip.
    pub async fn create() -> Result<Schema, String> {
        let url = match std::env::var(URL_VAR) {
            Ok(url) if !url.is_empty() => url,
            _ => {
                return Err(format!(
                    "set {URL_VAR} (e.g. postgres://postgres@127.0.0.1:5432/test) to run it"
                ))
            }
        };
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        // Unique across runs (pid, clock) and across the tests of one run (a counter).
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let name = format!("stoa_cluster_{}_{nanos}_{n}", std::process::id());
        let connect = tokio::time::timeout(Duration::from_secs(5), PgConnection::connect(&url));
        let mut conn = match connect.await {
            Ok(Ok(conn)) => conn,
            Ok(Err(e)) => return Err(format!("PostgreSQL at {URL_VAR} does not answer: {e}")),
            Err(_) => return Err(format!("PostgreSQL at {URL_VAR} does not answer in 5 s")),
        };
        sqlx::query(&format!("CREATE SCHEMA \"{name}\""))
            .execute(&mut conn)
            .await
            .expect("create the cluster's schema");
        let _ = conn.close().await;
        Ok(Schema {
            url,
            name,
            dropped: false,
        })
    }

    /// The URL every node gets: the test database with `search_path` set to this schema
    /// (`PgStore::open` passes the URL's `options` to each connection, so the migrations and
    /// every query land here).
    pub fn node_url(&self) -> String {
        let mut url = reqwest::Url::parse(&self.url).expect("database URL");
        url.query_pairs_mut()
            .append_pair("options", &format!("-c search_path={}", self.name));
        url.to_string()
    }

    /// Drops the schema (after the nodes are gone), bounded; a failure is printed, not raised.
    pub async fn drop_now(&mut self) {
        if self.dropped {
            return;
        }
        self.dropped = true;
        let url = self.url.clone();
        let sql = format!(
            "SET lock_timeout = '10s'; DROP SCHEMA IF EXISTS \"{}\" CASCADE",
            self.name
        );
        let run = async move {
            let mut conn = PgConnection::connect(&url).await?;
            sqlx::raw_sql(&sql).execute(&mut conn).await?;
            conn.close().await
        };
        match tokio::time::timeout(Duration::from_secs(20), run).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("cluster: could not drop schema {}: {e}", self.name),
            Err(_) => eprintln!("cluster: dropping schema {} timed out", self.name),
        }
    }
}

impl Drop for Schema {
    /// A test that panicked never reached [`Schema::drop_now`]: drop the schema on a thread of
    /// its own (a runtime cannot be blocked on from inside the test's).
    fn drop(&mut self) {
        if self.dropped {
            return;
        }
        let mut schema = Schema {
            url: self.url.clone(),
            name: self.name.clone(),
            dropped: false,
        };
        self.dropped = true;
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(schema.drop_now());
        })
        .join();
    }
}
