//! The PostgreSQL implementation of [`Store`]: one connection pool, migrations from
//! `migrations/postgres/` embedded in the binary and applied on open, optionally inside a
//! schema of its own (the pool's `search_path`), so several stores can share one database.
//!
//! # Concurrency
//! Transactions run at PostgreSQL's default READ COMMITTED level and take row locks where a rule
//! spans several rows, so racing calls queue instead of failing and need no retry loop:
//! - sign-up locks the invite row (`SELECT … FOR UPDATE`); a racing sign-up waits, then re-reads
//!   the row, finds it used and fails with `InviteInvalid`. Two sign-ups racing for one username
//!   meet at the unique index on `lower(username)`: one gets `UsernameTaken`.
//! - invite creation and quota reads lock the creator's `users` row first, then count their
//!   invites in a later statement (a fresh READ COMMITTED snapshot), so the count includes the
//!   invites of every creation that held the lock before.
//! - revocation locks the invite row, so it cannot interleave with a sign-up using that invite.
//! - a new bootstrap invite takes a transaction-scoped advisory lock, so at most one unused
//!   bootstrap invite survives racing calls.
//!
//! # PostgreSQL going away
//! Every pooled connection is tested before it is handed out (sqlx's default), so connections
//! broken by a restart are dropped and replaced; a call that cannot get a working connection
//! within [`ACQUIRE_TIMEOUT`] fails, and connection errors are storage faults
//! ([`StoreFault::Unavailable`](crate::StoreFault)), answered `503` with `Retry-After`. Nothing
//! is retried here: a write whose commit was not confirmed is reported as failed.
//!
//! The queries are `src/sql`'s, compiled here for PostgreSQL (its locks are in
//! [`crate::dialect`]); this module opens the pool.

// The one query module, compiled here for PostgreSQL (and once for the other dialect).
#[allow(clippy::duplicate_mod)]
#[path = "../sql/mod.rs"]
mod sql;

use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection};

use crate::error::StoreError;
use crate::sql_store::SqlStore;

/// The database [`sql`] is compiled for here.
type Db = sqlx::Postgres;

/// The schema history, compiled in.
static MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

/// Connections per store (PostgreSQL allows 100 by default, shared by every node).
const MAX_CONNECTIONS: u32 = 10;

/// How long a call waits for a pooled connection (or a new one) before failing as
/// unavailable: short, so a request fails in seconds while PostgreSQL is away instead of
/// hanging for sqlx's default 30 s.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// Longest schema name PostgreSQL keeps without truncating it.
const MAX_SCHEMA_LEN: usize = 63;

/// [`Store`](crate::Store) on a PostgreSQL database.
pub type PgStore = SqlStore<Db>;

impl PgStore {
    /// Connects to `url` (`postgres://user@host:5432/db` or `postgresql://…`) and applies
    /// pending migrations to the connection's default schema (normally `public`, or whatever
    /// the URL's `options=-c search_path=…` names).
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url)?;
        Self::connect(options).await
    }

    /// Connects to `url`, creates `schema` if missing, and keeps every table of this store in
    /// it: each pooled connection's `search_path` is `schema`, so migrations and queries all
    /// land there. Stores in different schemas of one database are fully independent.
    ///
    /// `schema` must be a plain identifier (ASCII letters, digits and `_`, not starting with a
    /// digit, at most 63 bytes); anything else fails with a configuration error.
    pub async fn open_in_schema(url: &str, schema: &str) -> Result<Self, StoreError> {
        check_schema_name(schema)?;
        let options = PgConnectOptions::from_str(url)?;
        let mut conn = options.connect().await?;
        sqlx::query(&format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\""))
            .execute(&mut conn)
            .await?;
        conn.close().await?;
        Self::connect(options.options([("search_path", schema)])).await
    }

    /// Closes every connection. Further calls fail.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn connect(options: PgConnectOptions) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        tracing::debug!("postgres store open, migrations applied");
        Ok(Self { pool })
    }
}

/// Accepts only names that need no quoting anywhere (SQL or the `search_path` option).
fn check_schema_name(schema: &str) -> Result<(), sqlx::Error> {
    let mut chars = schema.chars();
    let plain = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && schema.len() <= MAX_SCHEMA_LEN;
    if plain {
        Ok(())
    } else {
        Err(sqlx::Error::Configuration(
            format!("invalid schema name {schema:?}: use ASCII letters, digits and _").into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::check_schema_name;

    #[test]
    fn schema_names_must_be_plain_identifiers() {
        for good in ["stoa", "_t1", "stoa_test_123_abc", &"s".repeat(63)] {
            assert!(check_schema_name(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "1abc",
            "a-b",
            "a b",
            "a\"b",
            "a;drop",
            "É",
            &"s".repeat(64),
        ] {
            assert!(check_schema_name(bad).is_err(), "{bad}");
        }
    }
}
