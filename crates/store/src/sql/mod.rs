//! Every query of the store, written once. Each dialect module (`sqlite`, `postgres`) includes
//! this module with `Db` naming its sqlx database, so it is compiled once per dialect, the
//! same way a generic would be monomorphised (a generic over the database would have to repeat
//! every `i64: Type<D> + Encode<D> + …` bound on every function: Rust does not carry such
//! bounds over from a trait's `where` clause).
//!
//! So the SQL is the same text for both: numbered placeholders (`$1`, which SQLite reads too),
//! `RETURNING`, `ON CONFLICT`, `TRUE`/`NOT x` for booleans, timestamps bound and read as
//! [`Millis`](crate::millis::Millis). What must differ comes from `Db`'s
//! [`Dialect`](crate::dialect::Dialect) impl: write transactions, row and advisory locks, id
//! lists and bytewise collation.

mod accounts;
mod admin;
mod admissions;
mod avatars;
mod blocks;
mod clubs;
mod events;
mod invites;
mod modlog;
mod notifications;
mod reports;
mod rooms;
mod rows;
mod sessions;
mod social;
mod waitlist;

use super::Db;

/// The connection pool.
type Pool = sqlx::Pool<Db>;
/// One connection (a pooled one, or a transaction's).
type Conn = <Db as sqlx::Database>::Connection;
/// The store these queries implement the traits for.
type ThisStore = crate::sql_store::SqlStore<Db>;
/// A query of `T` rows being bound.
type QueryAs<'q, T> = sqlx::query::QueryAs<'q, Db, T, <Db as sqlx::Database>::Arguments<'q>>;

/// `Ok` when the statement matched a row, [`StoreError::NotFound`](crate::StoreError::NotFound)
/// when it matched none.
fn found(done: <Db as sqlx::Database>::QueryResult) -> Result<(), crate::StoreError> {
    match done.rows_affected() {
        0 => Err(crate::StoreError::NotFound),
        _ => Ok(()),
    }
}

#[async_trait::async_trait]
impl crate::Store for ThisStore {
    async fn close(&self) {
        // The inherent method of the same name does the work.
        ThisStore::close(self).await;
    }

    async fn ping(&self) -> Result<(), crate::StoreError> {
        let _timer = crate::timing::QueryTimer::start("ping");
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

/// Every id `sql` selects for `key` (its `$1`), as `T` (`UserId`, `ClubId`, …).
async fn ids_for<'q, T>(
    pool: &Pool,
    sql: &'q str,
    key: impl sqlx::Encode<'q, Db> + sqlx::Type<Db> + Send + 'q,
    id: fn(i64) -> T,
) -> Result<Vec<T>, crate::StoreError> {
    let ids: Vec<i64> = sqlx::query_scalar(sql).bind(key).fetch_all(pool).await?;
    Ok(ids.into_iter().map(id).collect())
}
