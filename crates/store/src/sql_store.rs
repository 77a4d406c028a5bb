//! [`SqlStore`]: the [`Store`](crate::Store) on a connection pool of either dialect. Its trait
//! impls are in `src/sql` (the same source, compiled for each dialect); opening a store is each dialect's own
//! ([`SqliteStore`](crate::SqliteStore), [`PgStore`](crate::PgStore)).

use sqlx::Pool;

/// [`Store`](crate::Store) on a database of dialect `D`: a connection pool, with migrations
/// applied when it was opened.
#[derive(Debug)]
pub struct SqlStore<D: sqlx::Database> {
    pub(crate) pool: Pool<D>,
}

impl<D: sqlx::Database> Clone for SqlStore<D> {
    fn clone(&self) -> Self {
        Self {
            pool: self.pool.clone(),
        }
    }
}

impl<D: sqlx::Database> SqlStore<D> {
    /// The underlying pool (for maintenance and tests).
    pub fn pool(&self) -> &Pool<D> {
        &self.pool
    }
}
