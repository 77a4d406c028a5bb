//! Blocks: a member shuts another out. A block removes the follows between the two (both
//! ways), and while it stands neither may follow the other; rooms, pings, notifications and
//! presence consult the same store facts (`block_between`, `blocks_of`, `blockers_of`).

use std::collections::HashSet;

use stoa_proto::rest::BlockList;
use stoa_proto::UserId;
use stoa_store::{Store, StoreError};

use crate::accounts::Member;
use crate::social::Social;
use crate::ServiceError;

impl Social {
    /// The member blocks `username` (idempotent); follows between them are removed both ways.
    /// Blocking oneself is `validation`; an unknown member is `not_found`.
    pub async fn block(&self, member: &Member, username: &str) -> Result<(), ServiceError> {
        let target = self.member_named(username).await?;
        if target.id == member.record.id {
            return Err(ServiceError::Validation(
                "you cannot block yourself".to_string(),
            ));
        }
        match self.store().block(member.record.id, target.id).await {
            Ok(new) => {
                // Presence ("friends online") of both re-reads follows and blocks.
                self.presence().social_graph_changed(member.record.id);
                self.presence().social_graph_changed(target.id);
                // The block removed follows both ways: rooms they are on stage in reload them.
                self.rooms().follows_changed(member.record.id).await;
                self.rooms().follows_changed(target.id).await;
                if new {
                    tracing::info!(by = %member.record.id, blocked = %target.id, "member blocked");
                }
                Ok(())
            }
            Err(StoreError::NotFound) => Err(ServiceError::NotFound("member")),
            Err(err) => Err(err.into()),
        }
    }

    /// The member lifts their block of `username` (idempotent). Follows are not restored.
    pub async fn unblock(&self, member: &Member, username: &str) -> Result<(), ServiceError> {
        let target = self.member_named(username).await?;
        self.store().unblock(member.record.id, target.id).await?;
        self.presence().social_graph_changed(member.record.id);
        self.presence().social_graph_changed(target.id);
        Ok(())
    }

    /// The members the caller blocked, newest first.
    pub async fn my_blocks(&self, member: &Member) -> Result<BlockList, ServiceError> {
        let users = self.store().blocks_of(member.record.id).await?;
        Ok(BlockList { users })
    }

    /// Everyone `user` blocked or was blocked by.
    pub async fn blocked_either_way(&self, user: UserId) -> Result<HashSet<UserId>, ServiceError> {
        blocked_either_way(self.store(), user).await
    }

    /// Refuses with `blocked` (403) when `a` blocked `b` or `b` blocked `a`; `what` completes
    /// the message, e.g. "follow".
    pub async fn refuse_if_blocked(
        &self,
        a: UserId,
        b: UserId,
        what: &str,
    ) -> Result<(), ServiceError> {
        if self.store().block_between(a, b).await? {
            return Err(ServiceError::Blocked(format!(
                "you cannot {what} this member: one of you blocked the other"
            )));
        }
        Ok(())
    }
}

/// Everyone `user` blocked or was blocked by, read from the store.
pub(crate) async fn blocked_either_way(
    store: &dyn Store,
    user: UserId,
) -> Result<HashSet<UserId>, ServiceError> {
    let mut set: HashSet<UserId> = store
        .blocks_of(user)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    set.extend(store.blockers_of(user).await?);
    Ok(set)
}
