//! Profiles, member search and follows.

use super::{accounts, rows, Db, DbRow, Pool};
use crate::dialect::Dialect;
use crate::millis::Millis;
use chrono::{DateTime, Utc};

use sqlx::Row;

use stoa_proto::rest::UserSummary;
use stoa_proto::UserId;

use crate::common::{count, is_foreign_key_violation, prefix_upper_bound};
use crate::error::StoreError;
use crate::records::{
    FollowCursor, FollowDirection, FollowEntry, FollowStats, ProfileUpdate, UserRecord,
};

/// Applies a profile edit (absent fields keep their value) and reads the account back.
pub(crate) async fn update_profile(
    pool: &Pool,
    id: UserId,
    update: ProfileUpdate,
) -> Result<UserRecord, StoreError> {
    let done = sqlx::query(
        "UPDATE users SET display_name = COALESCE($1, display_name), bio = COALESCE($2, bio) \
         WHERE id = $3",
    )
    .bind(update.display_name)
    .bind(update.bio)
    .bind(id.0)
    .execute(pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    accounts::user_by_id(pool, id)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Prefix search. Both halves are range scans over an expression index on `lower(x)` (SQLite:
/// `users_username_lower`, `users_display_name_lower`; PostgreSQL: `lower(x COLLATE "C")`,
/// `users_username_lower_c`, `users_display_name_lower_c`, hence [`Dialect::BYTEWISE`]).
/// `lower()` folds ASCII only there and compares bytewise, whatever the database's collation,
/// so `>= prefix AND < upper` is exactly "starts with prefix", served from the index even in a
/// generic (parameterised) plan. LIKE would need `ESCAPE` for `_` and `%`; SQLite's LIKE
/// optimisation needs a plain indexed column, and PostgreSQL's `text_pattern_ops` indexes serve
/// a prefix LIKE only when the pattern is known at planning time.
pub(crate) async fn search_users(
    pool: &Pool,
    prefix: &str,
    limit: u32,
) -> Result<Vec<UserSummary>, StoreError> {
    let low = prefix.to_ascii_lowercase();
    let Some(high) = prefix_upper_bound(&low) else {
        return Ok(Vec::new());
    };
    let username = format!("lower(username{})", Db::BYTEWISE);
    let display_name = format!("lower(display_name{})", Db::BYTEWISE);
    let mut found: Vec<UserSummary> = sqlx::query(&format!(
        "SELECT id, username, display_name FROM users \
         WHERE {username} >= $1 AND {username} < $2 \
         AND id NOT IN (SELECT user_id FROM suspensions) \
         ORDER BY {username} LIMIT $3",
    ))
    .bind(&low)
    .bind(&high)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?
    .iter()
    .map(summary)
    .collect::<Result<_, _>>()?;
    let rest = i64::from(limit) - found.len() as i64;
    if rest > 0 {
        let by_display = sqlx::query(&format!(
            "SELECT id, username, display_name FROM users \
             WHERE {display_name} >= $1 AND {display_name} < $2 \
             AND NOT ({username} >= $1 AND {username} < $2) \
             AND id NOT IN (SELECT user_id FROM suspensions) \
             ORDER BY {display_name}, id LIMIT $3",
        ))
        .bind(&low)
        .bind(&high)
        .bind(rest)
        .fetch_all(pool)
        .await?;
        for row in &by_display {
            found.push(summary(row)?);
        }
    }
    Ok(found)
}

fn summary(row: &DbRow) -> Result<UserSummary, sqlx::Error> {
    Ok(UserSummary {
        id: UserId(row.try_get("id")?),
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
    })
}

/// Records a follow; the primary key makes a repeat a no-op.
pub(crate) async fn follow(
    pool: &Pool,
    follower: UserId,
    followee: UserId,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    if follower == followee {
        return Err(StoreError::SelfFollow);
    }
    let done = sqlx::query(
        "INSERT INTO follows (follower_id, followee_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (follower_id, followee_id) DO NOTHING",
    )
    .bind(follower.0)
    .bind(followee.0)
    .bind(Millis::from(now))
    .execute(pool)
    .await;
    match done {
        Ok(done) => Ok(done.rows_affected() == 1),
        Err(err) if is_foreign_key_violation(&err) => Err(StoreError::NotFound),
        Err(err) => Err(err.into()),
    }
}

/// Removes a follow if there is one.
pub(crate) async fn unfollow(
    pool: &Pool,
    follower: UserId,
    followee: UserId,
) -> Result<bool, StoreError> {
    let done = sqlx::query("DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2")
        .bind(follower.0)
        .bind(followee.0)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Counts (each an index range count) and the viewer's follow, in one statement.
pub(crate) async fn follow_stats(
    pool: &Pool,
    user: UserId,
    viewer: Option<UserId>,
) -> Result<FollowStats, StoreError> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM follows WHERE followee_id = $1) AS followers, \
         (SELECT COUNT(*) FROM follows WHERE follower_id = $1) AS following, \
         EXISTS (SELECT 1 FROM follows WHERE follower_id = $2 AND followee_id = $1) AS followed",
    )
    .bind(user.0)
    .bind(viewer.map(|v| v.0))
    .fetch_one(pool)
    .await?;
    Ok(FollowStats {
        followers: count(row.try_get("followers")?),
        following: count(row.try_get("following")?),
        followed_by_viewer: row.try_get("followed")?,
    })
}

/// The four list queries: {followers, following} × {first page, after a cursor}. Each walks one
/// of the `follows_*` indexes backwards from the cursor.
macro_rules! follow_list_sql {
    ($other:literal, $me:literal, $after:literal) => {
        concat!(
            "SELECT u.id, u.username, u.display_name, f.created_at AS followed_at \
             FROM follows f JOIN users u ON u.id = f.",
            $other,
            " WHERE f.",
            $me,
            " = $1",
            $after,
            " ORDER BY f.created_at DESC, f.",
            $other,
            " DESC LIMIT $2"
        )
    };
}

/// One page of a follow list, newest first.
pub(crate) async fn follow_list(
    pool: &Pool,
    user: UserId,
    direction: FollowDirection,
    after: Option<FollowCursor>,
    limit: u32,
) -> Result<Vec<FollowEntry>, StoreError> {
    let sql = match (direction, after.is_some()) {
        (FollowDirection::Followers, false) => follow_list_sql!("follower_id", "followee_id", ""),
        (FollowDirection::Followers, true) => follow_list_sql!(
            "follower_id",
            "followee_id",
            " AND (f.created_at, f.follower_id) < ($3, $4)"
        ),
        (FollowDirection::Following, false) => follow_list_sql!("followee_id", "follower_id", ""),
        (FollowDirection::Following, true) => follow_list_sql!(
            "followee_id",
            "follower_id",
            " AND (f.created_at, f.followee_id) < ($3, $4)"
        ),
    };
    let mut query = sqlx::query(sql).bind(user.0).bind(i64::from(limit));
    if let Some(cursor) = after {
        query = query
            .bind(Millis::from(cursor.followed_at))
            .bind(cursor.user.0);
    }
    let rows = query.fetch_all(pool).await?;
    rows.iter()
        .map(|row| {
            Ok(FollowEntry {
                user: summary(row)?,
                followed_at: rows::ts(row, "followed_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(StoreError::from)
}

/// Whom `user` follows, blocked and was blocked by, and their clubs, in one query.
pub(crate) async fn graph_of(pool: &Pool, user: UserId) -> Result<crate::SocialGraph, StoreError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(crate::common::SOCIAL_GRAPH_SQL)
        .bind(user.0)
        .fetch_all(pool)
        .await?;
    Ok(crate::common::social_graph(rows))
}
