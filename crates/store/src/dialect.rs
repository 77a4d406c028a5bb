//! The one place where SQLite and PostgreSQL differ: everything else (every query, in
//! numbered-placeholder SQL that both read the same) is written once in `src/sql`.
//!
//! What differs, and how each side does it:
//! - **Write transactions.** SQLite starts them with `BEGIN IMMEDIATE`, which takes the database's
//!   single write lock up front, so racing writers queue and nothing more is needed. PostgreSQL
//!   starts a plain `BEGIN` (READ COMMITTED) and locks what a rule reads: the rows
//!   ([`Dialect::FOR_UPDATE`]) and, for things that are not rows yet, transaction-scoped advisory
//!   locks ([`Dialect::lock_bootstrap`], [`Dialect::lock_username`]).
//! - **Id lists** ([`Dialect::in_ids`], bound as [`Ids`]): a JSON array read by `json_each` on
//!   SQLite, a `BIGINT[]` compared with `= ANY` on PostgreSQL.
//! - **Bytewise text order** ([`Dialect::BYTEWISE`]): SQLite compares bytes by default;
//!   PostgreSQL needs `COLLATE "C"` (which its expression indexes are built with).
//! - **Timestamps** ([`Millis`](crate::millis::Millis)), **pool set-up and migrations**: in
//!   `millis.rs`, `sqlite/` and `postgres/`.

use std::future::Future;

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo};
use sqlx::sqlite::{SqliteArgumentValue, SqliteTypeInfo};
use sqlx::{Database, Encode, Pool, Postgres, Sqlite, Transaction, Type};

/// What a SQL dialect does its own way (see the module page).
pub(crate) trait Dialect: Database {
    /// Appended to a `SELECT` of rows the transaction goes on to change, so racing writers queue
    /// on them: ` FOR UPDATE` on PostgreSQL; nothing on SQLite, whose write transactions hold
    /// the whole database from their start.
    const FOR_UPDATE: &'static str;

    /// Appended to a text expression so that it compares and sorts by code point (byte order):
    /// ` COLLATE "C"` on PostgreSQL; nothing on SQLite, where that is the default.
    const BYTEWISE: &'static str;

    /// "is one of the ids bound at `param`" (bound as [`Ids`]), to follow an expression.
    fn in_ids(param: &str) -> String;

    /// Starts a transaction that will write.
    fn begin_write(
        pool: &Pool<Self>,
    ) -> impl Future<Output = Result<Transaction<'static, Self>, sqlx::Error>> + Send;

    /// Serialises the creation of bootstrap invites until the transaction ends.
    fn lock_bootstrap(
        conn: &mut Self::Connection,
    ) -> impl Future<Output = Result<(), sqlx::Error>> + Send;

    /// Serialises whoever checks that `username` (ignoring case) is free and then takes it, until
    /// the transaction ends.
    fn lock_username(
        conn: &mut Self::Connection,
        username: &str,
    ) -> impl Future<Output = Result<(), sqlx::Error>> + Send;
}

impl Dialect for Sqlite {
    const FOR_UPDATE: &'static str = "";
    const BYTEWISE: &'static str = "";

    fn in_ids(param: &str) -> String {
        format!("IN (SELECT value FROM json_each({param}))")
    }

    async fn begin_write(pool: &Pool<Self>) -> Result<Transaction<'static, Self>, sqlx::Error> {
        pool.begin_with("BEGIN IMMEDIATE").await
    }

    async fn lock_bootstrap(_conn: &mut Self::Connection) -> Result<(), sqlx::Error> {
        Ok(())
    }

    async fn lock_username(
        _conn: &mut Self::Connection,
        _username: &str,
    ) -> Result<(), sqlx::Error> {
        Ok(())
    }
}

/// Key of the advisory lock that serialises bootstrap invites ("stoa" in ASCII, then 1).
const BOOTSTRAP_LOCK: i64 = 0x73_74_6f_61_00_00_00_01;

/// First key of the advisory locks on usernames ("stou" in ASCII); the second is the hash of the
/// lower-cased name.
const USERNAME_LOCK: i32 = 0x73_74_6f_75;

impl Dialect for Postgres {
    const FOR_UPDATE: &'static str = " FOR UPDATE";
    const BYTEWISE: &'static str = " COLLATE \"C\"";

    fn in_ids(param: &str) -> String {
        format!("= ANY({param})")
    }

    async fn begin_write(pool: &Pool<Self>) -> Result<Transaction<'static, Self>, sqlx::Error> {
        pool.begin().await
    }

    async fn lock_bootstrap(conn: &mut Self::Connection) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(BOOTSTRAP_LOCK)
            .execute(conn)
            .await?;
        Ok(())
    }

    async fn lock_username(conn: &mut Self::Connection, username: &str) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT pg_advisory_xact_lock($1, hashtext(lower($2)))")
            .bind(USERNAME_LOCK)
            .bind(username)
            .execute(conn)
            .await?;
        Ok(())
    }
}

/// A list of ids as one bind parameter, for [`Dialect::in_ids`]: a JSON array on SQLite, a
/// `BIGINT[]` on PostgreSQL.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ids(pub Vec<i64>);

impl Ids {
    /// The ids as a JSON array, for SQLite's `json_each`.
    fn json_array(&self) -> String {
        let items: Vec<String> = self.0.iter().map(i64::to_string).collect();
        format!("[{}]", items.join(","))
    }
}

impl FromIterator<i64> for Ids {
    fn from_iter<I: IntoIterator<Item = i64>>(iter: I) -> Self {
        Ids(iter.into_iter().collect())
    }
}

impl Type<Sqlite> for Ids {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
}

impl<'q> Encode<'q, Sqlite> for Ids {
    fn encode_by_ref(&self, buf: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
        <String as Encode<Sqlite>>::encode(self.json_array(), buf)
    }
}

impl Type<Postgres> for Ids {
    fn type_info() -> PgTypeInfo {
        <Vec<i64> as Type<Postgres>>::type_info()
    }
}

impl Encode<'_, Postgres> for Ids {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        <Vec<i64> as Encode<Postgres>>::encode_by_ref(&self.0, buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_lists_bind_as_json_arrays_on_sqlite() {
        assert_eq!(Ids(vec![1, 22, -3]).json_array(), "[1,22,-3]");
        assert_eq!(Ids::default().json_array(), "[]");
    }
}
