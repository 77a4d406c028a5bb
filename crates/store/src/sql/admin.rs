//! Admin views: granting invites, the site-admin flag, and reading the invite tree (who nominated whom).

use super::ThisStore;
use super::{found, rows::Summary};
use crate::millis::Millis;
use stoa_proto::UserId;

use crate::common::count;
use crate::error::StoreError;
use crate::waitlist_records::{InviteTreeRow, InviteTreeRows};

/// A row of the invite tree walk.
#[derive(sqlx::FromRow)]
struct TreeRow {
    #[sqlx(flatten)]
    user: Summary,
    created_at: Millis,
    nominated_by: Option<i64>,
    level: i64,
}

/// The start of the tree walk (`$1` is the root when there is one) and the number of the next
/// placeholder.
fn roots(root: Option<UserId>) -> (&'static str, u32) {
    if root.is_some() {
        ("SELECT id, CAST(0 AS BIGINT) FROM users WHERE id = $1", 2)
    } else {
        (
            "SELECT id, CAST(0 AS BIGINT) FROM users WHERE nominated_by IS NULL",
            1,
        )
    }
}

#[async_trait::async_trait]
impl crate::AdminStore for ThisStore {
    async fn grant_invites(&self, user: UserId, count: u32) -> Result<(), StoreError> {
        let _timer = crate::timing::QueryTimer::start("grant_invites");
        found(
            sqlx::query("UPDATE users SET invite_quota = invite_quota + $1 WHERE id = $2")
                .bind(i64::from(count))
                .bind(user.0)
                .execute(&self.pool)
                .await?,
        )
    }

    /// Sets `user`'s site-admin flag; returns whether it changed. [`StoreError::NotFound`] if the
    /// user does not exist.
    async fn set_admin(&self, user: UserId, admin: bool) -> Result<bool, StoreError> {
        let _timer = crate::timing::QueryTimer::start("set_admin");
        let done = sqlx::query("UPDATE users SET is_admin = $1 WHERE id = $2 AND is_admin <> $1")
            .bind(admin)
            .bind(user.0)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 1 {
            return Ok(true);
        }
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE id = $1")
            .bind(user.0)
            .fetch_optional(&self.pool)
            .await?;
        exists.map(|_| false).ok_or(StoreError::NotFound)
    }

    async fn site_admins(&self) -> Result<Vec<UserId>, StoreError> {
        let _timer = crate::timing::QueryTimer::start("site_admins");
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM users WHERE is_admin \
             AND id NOT IN (SELECT user_id FROM suspensions) ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().map(UserId).collect())
    }

    /// The invite tree under `root` (or under every member nobody nominated), `depth` levels below
    /// the roots, breadth-first, at most `max_rows` rows. [`StoreError::NotFound`] if `root` is
    /// given and does not exist.
    async fn invite_tree(
        &self,
        root: Option<UserId>,
        depth: u32,
        max_rows: u32,
    ) -> Result<InviteTreeRows, StoreError> {
        let _timer = crate::timing::QueryTimer::start("invite_tree");
        let mut conn = self.pool.acquire().await?;
        let (start, depth_arg) = roots(root);
        let limit_arg = depth_arg + 1;
        let walk = format!(
            "WITH RECURSIVE tree (id, level) AS ({start} UNION ALL \
             SELECT u.id, t.level + 1 FROM users u JOIN tree t ON u.nominated_by = t.id \
             WHERE t.level < ${depth_arg})"
        );
        let rows_sql = format!(
            "{walk} SELECT u.id, u.username, u.display_name, {avatar} AS avatar, u.created_at, \
             u.nominated_by, t.level FROM tree t JOIN users u ON u.id = t.id \
             ORDER BY t.level, u.created_at, u.id LIMIT ${limit_arg}",
            avatar = crate::common::avatar_of!("u"),
        );
        let mut rows_query = sqlx::query_as::<_, TreeRow>(&rows_sql);
        if let Some(root) = root {
            rows_query = rows_query.bind(root.0);
        }
        let found = rows_query
            .bind(i64::from(depth))
            .bind(i64::from(max_rows))
            .fetch_all(&mut *conn)
            .await?;
        if root.is_some() && found.is_empty() {
            return Err(StoreError::NotFound);
        }
        let rows = found
            .into_iter()
            .map(|row| InviteTreeRow {
                user: row.user.into(),
                joined_at: row.created_at.into(),
                nominated_by: row.nominated_by.map(UserId),
                level: u32::try_from(row.level).unwrap_or(u32::MAX),
            })
            .collect();

        let count_sql = format!("{walk} SELECT COUNT(*) FROM tree WHERE level > 0");
        let mut count_query = sqlx::query_scalar::<_, i64>(&count_sql);
        if let Some(root) = root {
            count_query = count_query.bind(root.0);
        }
        let descendants = count_query
            .bind(i64::from(u32::MAX))
            .fetch_one(&mut *conn)
            .await?;
        Ok(InviteTreeRows {
            rows,
            total_descendants: count(descendants),
        })
    }
}
