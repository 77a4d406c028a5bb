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
mod store_impl;
mod waitlist;

use super::Db;

/// The connection pool.
type Pool = sqlx::Pool<Db>;
/// One connection (a pooled one, or a transaction's).
type Conn = <Db as sqlx::Database>::Connection;
/// One result row.
type DbRow = <Db as sqlx::Database>::Row;
/// The store these queries implement the traits for.
type ThisStore = crate::sql_store::SqlStore<Db>;
/// A query being bound.
type Query<'q> = sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>;
