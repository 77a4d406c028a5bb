//! Profiles, member search and follows.

use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqlitePool};
use stoa_proto::rest::UserSummary;
use stoa_proto::UserId;

use super::accounts;
use super::rows::{from_ms, to_ms};
use crate::common::{count, is_foreign_key_violation, prefix_upper_bound};
use crate::error::StoreError;
use crate::records::{
    FollowCursor, FollowDirection, FollowEntry, FollowStats, ProfileUpdate, UserRecord,
};

/// Applies a profile edit (absent fields keep their value) and reads the account back.
pub(crate) async fn update_profile(
    pool: &SqlitePool,
    id: UserId,
    update: ProfileUpdate,
) -> Result<UserRecord, StoreError> {
    let done = sqlx::query(
        "UPDATE users SET display_name = COALESCE(?, display_name), bio = COALESCE(?, bio) \
         WHERE id = ?",
    )
    .bind(update.display_name)
    .bind(update.bio)
    .bind(id.0)
    .execute(pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    let mut conn = pool.acquire().await?;
    accounts::user_by_id(&mut conn, id)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Prefix search. Both halves are range scans over an expression index: `users_username_lower`
/// and `users_display_name_lower` (`lower()` folds ASCII only, BINARY compares bytes, so the
/// range `>= prefix AND < upper` is exactly "starts with prefix"). A range rather than LIKE:
/// SQLite's LIKE optimisation needs the left side to be a plain indexed column (with NOCASE
/// collation, or `case_sensitive_like` on), which `lower(display_name)` is not, so LIKE would
/// scan the whole table; it would also need `ESCAPE` for `_` and `%`. The range needs neither.
pub(crate) async fn search_users(
    pool: &SqlitePool,
    prefix: &str,
    limit: u32,
) -> Result<Vec<UserSummary>, StoreError> {
    let low = prefix.to_ascii_lowercase();
    let Some(high) = prefix_upper_bound(&low) else {
        return Ok(Vec::new());
    };
    let mut found: Vec<UserSummary> = sqlx::query(
        "SELECT id, username, display_name FROM users \
         WHERE lower(username) >= ? AND lower(username) < ? \
         AND id NOT IN (SELECT user_id FROM suspensions) \
         ORDER BY lower(username) LIMIT ?",
    )
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
        let by_display = sqlx::query(
            "SELECT id, username, display_name FROM users \
             WHERE lower(display_name) >= ? AND lower(display_name) < ? \
             AND NOT (lower(username) >= ? AND lower(username) < ?) \
             AND id NOT IN (SELECT user_id FROM suspensions) \
             ORDER BY lower(display_name), id LIMIT ?",
        )
        .bind(&low)
        .bind(&high)
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

fn summary(row: &SqliteRow) -> Result<UserSummary, sqlx::Error> {
    Ok(UserSummary {
        id: UserId(row.try_get("id")?),
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
    })
}

/// Records a follow; the primary key makes a repeat a no-op.
pub(crate) async fn follow(
    pool: &SqlitePool,
    follower: UserId,
    followee: UserId,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    if follower == followee {
        return Err(StoreError::SelfFollow);
    }
    let done = sqlx::query(
        "INSERT INTO follows (follower_id, followee_id, created_at) VALUES (?, ?, ?) \
         ON CONFLICT (follower_id, followee_id) DO NOTHING",
    )
    .bind(follower.0)
    .bind(followee.0)
    .bind(to_ms(now))
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
    pool: &SqlitePool,
    follower: UserId,
    followee: UserId,
) -> Result<bool, StoreError> {
    let done = sqlx::query("DELETE FROM follows WHERE follower_id = ? AND followee_id = ?")
        .bind(follower.0)
        .bind(followee.0)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Counts (each an index range count) and the viewer's follow, in one statement.
pub(crate) async fn follow_stats(
    pool: &SqlitePool,
    user: UserId,
    viewer: Option<UserId>,
) -> Result<FollowStats, StoreError> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM follows WHERE followee_id = ?1) AS followers, \
         (SELECT COUNT(*) FROM follows WHERE follower_id = ?1) AS following, \
         EXISTS (SELECT 1 FROM follows WHERE follower_id = ?2 AND followee_id = ?1) AS followed",
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
            " = ?1",
            $after,
            " ORDER BY f.created_at DESC, f.",
            $other,
            " DESC LIMIT ?2"
        )
    };
}

/// One page of a follow list, newest first.
pub(crate) async fn follow_list(
    pool: &SqlitePool,
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
            " AND (f.created_at, f.follower_id) < (?3, ?4)"
        ),
        (FollowDirection::Following, false) => follow_list_sql!("followee_id", "follower_id", ""),
        (FollowDirection::Following, true) => follow_list_sql!(
            "followee_id",
            "follower_id",
            " AND (f.created_at, f.followee_id) < (?3, ?4)"
        ),
    };
    let mut query = sqlx::query(sql).bind(user.0).bind(i64::from(limit));
    if let Some(cursor) = after {
        query = query.bind(to_ms(cursor.followed_at)).bind(cursor.user.0);
    }
    let rows = query.fetch_all(pool).await?;
    rows.iter()
        .map(|row| {
            Ok(FollowEntry {
                user: summary(row)?,
                followed_at: from_ms(row.try_get("followed_at")?)?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(StoreError::from)
}

/// Whom `user` follows, blocked and was blocked by, and their clubs, in one query.
pub(crate) async fn graph_of(
    pool: &SqlitePool,
    user: UserId,
) -> Result<crate::SocialGraph, StoreError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(crate::common::SOCIAL_GRAPH_SQL)
        .bind(user.0)
        .fetch_all(pool)
        .await?;
    Ok(crate::common::social_graph(rows))
}
