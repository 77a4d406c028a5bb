//! Profiles, member search and follows.

use super::rows::{self, Summary};
use super::ThisStore;
use super::{accounts, found, Db};
use crate::dialect::Dialect;
use crate::millis::Millis;
use chrono::Utc;

use stoa_proto::rest::UserSummary;
use stoa_proto::{Language, UserId};

use crate::common::{avatar_of, count, fk_not_found, prefix_upper_bound};
use crate::error::StoreError;
use crate::records::{
    FollowCursor, FollowDirection, FollowEntry, FollowStats, ProfileUpdate, UserRecord,
};

/// The four list queries: {followers, following} × {first page, after a cursor}. Each walks one
/// of the `follows_*` indexes backwards from the cursor.
macro_rules! follow_list_sql {
    ($other:literal, $me:literal, $after:literal) => {
        concat!(
            "SELECT u.id, u.username, u.display_name, ",
            $crate::common::avatar_of!("u"),
            " AS avatar, f.created_at AS followed_at \
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

/// A row of [`follow_list_sql!`].
#[derive(sqlx::FromRow)]
struct FollowRow {
    #[sqlx(flatten)]
    user: Summary,
    followed_at: Millis,
}

#[async_trait::async_trait]
impl crate::SocialStore for ThisStore {
    async fn update_profile(
        &self,
        id: UserId,
        update: ProfileUpdate,
    ) -> Result<UserRecord, StoreError> {
        let _timer = crate::timing::QueryTimer::start("update_profile");
        found(
            sqlx::query(
                "UPDATE users SET display_name = COALESCE($1, display_name), bio = COALESCE($2, bio), \
             language = COALESCE($3, language) WHERE id = $4",
            )
            .bind(update.display_name)
            .bind(update.bio)
            .bind(update.language.map(Language::code))
            .bind(id.0)
            .execute(&self.pool)
            .await?,
        )?;
        accounts::user_by_id(&self.pool, id)
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
    async fn search_users(&self, prefix: &str, limit: u32) -> Result<Vec<UserSummary>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("search_users");
        let low = prefix.to_ascii_lowercase();
        let Some(high) = prefix_upper_bound(&low) else {
            return Ok(Vec::new());
        };
        let username = format!("lower(username{})", Db::BYTEWISE);
        let display_name = format!("lower(display_name{})", Db::BYTEWISE);
        let avatar = avatar_of!("u");
        let mut found: Vec<Summary> = sqlx::query_as(&format!(
            "SELECT id, username, display_name, {avatar} AS avatar FROM users u \
             WHERE {username} >= $1 AND {username} < $2 \
             AND id NOT IN (SELECT user_id FROM suspensions) \
             ORDER BY {username} LIMIT $3",
        ))
        .bind(&low)
        .bind(&high)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        let rest = i64::from(limit) - found.len() as i64;
        if rest > 0 {
            let by_display: Vec<Summary> = sqlx::query_as(&format!(
                "SELECT id, username, display_name, {avatar} AS avatar FROM users u \
                 WHERE {display_name} >= $1 AND {display_name} < $2 \
                 AND NOT ({username} >= $1 AND {username} < $2) \
                 AND id NOT IN (SELECT user_id FROM suspensions) \
                 ORDER BY {display_name}, id LIMIT $3",
            ))
            .bind(&low)
            .bind(&high)
            .bind(rest)
            .fetch_all(&self.pool)
            .await?;
            found.extend(by_display);
        }
        Ok(rows::all(found))
    }

    async fn follow(&self, follower: UserId, followee: UserId) -> Result<bool, StoreError> {
        let _timer = crate::timing::QueryTimer::start("follow");
        let now = Utc::now();
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
        .execute(&self.pool)
        .await
        .map_err(fk_not_found)?;
        Ok(done.rows_affected() == 1)
    }

    async fn unfollow(&self, follower: UserId, followee: UserId) -> Result<bool, StoreError> {
        let _timer = crate::timing::QueryTimer::start("unfollow");
        let done = sqlx::query("DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2")
            .bind(follower.0)
            .bind(followee.0)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn follow_stats(
        &self,
        user: UserId,
        viewer: Option<UserId>,
    ) -> Result<FollowStats, StoreError> {
        let _timer = crate::timing::QueryTimer::start("follow_stats");
        let (followers, following, followed_by_viewer): (i64, i64, bool) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM follows WHERE followee_id = $1) AS followers, \
             (SELECT COUNT(*) FROM follows WHERE follower_id = $1) AS following, \
             EXISTS (SELECT 1 FROM follows WHERE follower_id = $2 AND followee_id = $1) AS followed",
        )
        .bind(user.0)
        .bind(viewer.map(|v| v.0))
        .fetch_one(&self.pool)
        .await?;
        Ok(FollowStats {
            followers: count(followers),
            following: count(following),
            followed_by_viewer,
        })
    }

    async fn follow_list(
        &self,
        user: UserId,
        direction: FollowDirection,
        after: Option<FollowCursor>,
        limit: u32,
    ) -> Result<Vec<FollowEntry>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("follow_list");
        let sql = match (direction, after.is_some()) {
            (FollowDirection::Followers, false) => {
                follow_list_sql!("follower_id", "followee_id", "")
            }
            (FollowDirection::Followers, true) => follow_list_sql!(
                "follower_id",
                "followee_id",
                " AND (f.created_at, f.follower_id) < ($3, $4)"
            ),
            (FollowDirection::Following, false) => {
                follow_list_sql!("followee_id", "follower_id", "")
            }
            (FollowDirection::Following, true) => follow_list_sql!(
                "followee_id",
                "follower_id",
                " AND (f.created_at, f.followee_id) < ($3, $4)"
            ),
        };
        let mut query = sqlx::query_as::<_, FollowRow>(sql)
            .bind(user.0)
            .bind(i64::from(limit));
        if let Some(cursor) = after {
            query = query
                .bind(Millis::from(cursor.followed_at))
                .bind(cursor.user.0);
        }
        let rows = query.fetch_all(&self.pool).await?;
        Ok(rows
            .into_iter()
            .map(|row| FollowEntry {
                user: row.user.into(),
                followed_at: row.followed_at.into(),
            })
            .collect())
    }

    async fn social_graph_of(&self, user: UserId) -> Result<crate::SocialGraph, StoreError> {
        let _timer = crate::timing::QueryTimer::start("social_graph_of");
        let rows: Vec<(String, i64)> = sqlx::query_as(crate::common::SOCIAL_GRAPH_SQL)
            .bind(user.0)
            .fetch_all(&self.pool)
            .await?;
        Ok(crate::common::social_graph(rows))
    }
}
