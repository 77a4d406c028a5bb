//! Admin tools: granting invites to a member, and the invite tree (who brought in whom) for
//! trust and safety. Every call here is refused `forbidden` unless the caller is an admin.

use std::collections::HashMap;

use stoa_proto::limits::{GRANT_INVITES_MAX, GRANT_INVITES_MIN};
use stoa_proto::rest::{InviteList, InviteTree, InviteTreeNode};
use stoa_proto::UserId;
use stoa_store::{InviteTreeRow, StoreError};

use crate::accounts::Member;
use crate::invites::invite;
use crate::moderation::Moderation;
use crate::ServiceError;

/// Most invites one grant may add.
pub const MAX_GRANT: u32 = GRANT_INVITES_MAX;
/// Levels below the roots the invite tree shows when the caller gives no depth.
pub const DEFAULT_TREE_DEPTH: u32 = 10;
/// Deepest invite tree a caller may ask for.
pub const MAX_TREE_DEPTH: u32 = 20;
/// Most members one invite tree answer holds (breadth-first, so the top levels come whole);
/// `total_descendants` still counts everyone.
pub const MAX_TREE_NODES: u32 = 5000;

/// Refuses non-admins.
fn require_admin(member: &Member) -> Result<(), ServiceError> {
    if member.record.is_admin {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(
            "only admins may do this".to_string(),
        ))
    }
}

/// An unknown username.
fn no_member(err: StoreError) -> ServiceError {
    match err {
        StoreError::NotFound => ServiceError::NotFound("member"),
        other => other.into(),
    }
}

impl Moderation {
    /// An admin gives `username` `count` (1–[`MAX_GRANT`]) more invites; returns that member's
    /// invites and what they may still create.
    pub async fn grant_invites(
        &self,
        admin: &Member,
        username: &str,
        count: u32,
    ) -> Result<InviteList, ServiceError> {
        require_admin(admin)?;
        if !(GRANT_INVITES_MIN..=MAX_GRANT).contains(&count) {
            return Err(ServiceError::Validation(format!(
                "count must be between {GRANT_INVITES_MIN} and {MAX_GRANT}"
            )));
        }
        let target = self
            .store()
            .user_by_username(username.trim())
            .await?
            .ok_or(ServiceError::NotFound("member"))?;
        self.store()
            .grant_invites(target.id, count)
            .await
            .map_err(no_member)?;
        tracing::info!(admin = %admin.record.id, member = %target.id, count, "invites granted");
        let invites = self.store().invites_of(target.id).await?;
        let remaining = self.store().invites_remaining(target.id).await?;
        Ok(InviteList {
            invites: invites.into_iter().map(invite).collect(),
            remaining,
        })
    }

    /// The invite tree under `root` (a username), or under every member nobody nominated,
    /// `depth` (1–[`MAX_TREE_DEPTH`], default [`DEFAULT_TREE_DEPTH`]) levels deep. Admins only.
    pub async fn invite_tree(
        &self,
        admin: &Member,
        root: Option<&str>,
        depth: Option<u32>,
    ) -> Result<InviteTree, ServiceError> {
        require_admin(admin)?;
        let depth = depth.unwrap_or(DEFAULT_TREE_DEPTH);
        if !(1..=MAX_TREE_DEPTH).contains(&depth) {
            return Err(ServiceError::Validation(format!(
                "depth must be between 1 and {MAX_TREE_DEPTH}"
            )));
        }
        let root = match root.map(str::trim).filter(|r| !r.is_empty()) {
            Some(name) => Some(
                self.store()
                    .user_by_username(name)
                    .await?
                    .ok_or(ServiceError::NotFound("member"))?
                    .id,
            ),
            None => None,
        };
        let found = self
            .store()
            .invite_tree(root, depth, MAX_TREE_NODES)
            .await
            .map_err(no_member)?;
        Ok(InviteTree {
            roots: build_tree(found.rows),
            total_descendants: found.total_descendants,
        })
    }
}

/// Nests breadth-first rows (every nominator before the members they nominated) into trees,
/// children oldest first.
fn build_tree(rows: Vec<InviteTreeRow>) -> Vec<InviteTreeNode> {
    let mut roots = Vec::new();
    let mut children: HashMap<UserId, Vec<InviteTreeRow>> = HashMap::new();
    for row in rows {
        match row.nominated_by {
            Some(parent) if row.level > 0 => children.entry(parent).or_default().push(row),
            _ => roots.push(row),
        }
    }
    roots
        .into_iter()
        .map(|row| node(row, &mut children))
        .collect()
}

fn node(row: InviteTreeRow, children: &mut HashMap<UserId, Vec<InviteTreeRow>>) -> InviteTreeNode {
    let below = children.remove(&row.user.id).unwrap_or_default();
    InviteTreeNode {
        invited: below.into_iter().map(|c| node(c, children)).collect(),
        user: row.user,
        joined_at: row.joined_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};
    use stoa_proto::rest::UserSummary;

    fn row(id: i64, parent: Option<i64>, level: u32) -> InviteTreeRow {
        InviteTreeRow {
            user: UserSummary {
                id: UserId(id),
                username: format!("u{id}"),
                display_name: format!("U{id}"),
                avatar: None,
            },
            joined_at: DateTime::<Utc>::from_timestamp_millis(id * 1000).expect("valid"),
            nominated_by: parent.map(UserId),
            level,
        }
    }

    fn shape(node: &InviteTreeNode) -> String {
        let inner: Vec<String> = node.invited.iter().map(shape).collect();
        if inner.is_empty() {
            node.user.username.clone()
        } else {
            format!("{}({})", node.user.username, inner.join(" "))
        }
    }

    #[test]
    fn rows_nest_under_their_nominators_in_order() {
        // A root with a nominator (a subtree asked for by root) stays a root.
        let rows = vec![
            row(2, Some(1), 0),
            row(3, Some(2), 1),
            row(4, Some(2), 1),
            row(5, Some(3), 2),
            row(6, Some(4), 2),
            row(7, Some(5), 3),
        ];
        let roots = build_tree(rows);
        assert_eq!(roots.len(), 1);
        assert_eq!(shape(&roots[0]), "u2(u3(u5(u7)) u4(u6))");
        assert_eq!(roots[0].joined_at.timestamp_millis(), 2000);
    }

    #[test]
    fn several_roots_keep_their_order() {
        let roots = build_tree(vec![row(1, None, 0), row(9, None, 0), row(10, Some(9), 1)]);
        let shapes: Vec<String> = roots.iter().map(shape).collect();
        assert_eq!(shapes, ["u1", "u9(u10)"]);
        assert!(build_tree(Vec::new()).is_empty());
    }
}
