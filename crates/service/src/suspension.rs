//! Suspension: a site admin shuts a member out. One path (`Moderation::suspend`) serves both the
//! admin route and report resolution: the member is marked suspended and all their sessions
//! are deleted (one store transaction, so their tokens stop working at once), they are taken
//! out of every live room (`participant_left {reason: suspended}`), and their open WebSockets
//! are told `error {code: suspended}` and closed (see [`crate::closer`]). Sign-in is refused with `suspended` until an
//! admin lifts it; sessions stay revoked.

use stoa_proto::UserId;
use stoa_store::{NewSuspension, Store, UserRecord};

use crate::accounts::Member;
use crate::moderation::Moderation;
use crate::ServiceError;

/// Refuses non-admins.
pub(crate) fn require_admin(member: &Member) -> Result<(), ServiceError> {
    if member.record.is_admin {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(
            "only admins may do this".to_string(),
        ))
    }
}

/// Refuses suspending a site admin or oneself (`forbidden`).
pub(crate) fn check_suspendable(admin: &Member, target: &UserRecord) -> Result<(), ServiceError> {
    require_admin(admin)?;
    if target.id == admin.record.id {
        return Err(ServiceError::Forbidden(
            "you cannot suspend yourself".to_string(),
        ));
    }
    if target.is_admin {
        return Err(ServiceError::Forbidden(
            "site admins cannot be suspended".to_string(),
        ));
    }
    Ok(())
}

/// Whether `user` is suspended.
pub(crate) async fn is_suspended(store: &dyn Store, user: UserId) -> Result<bool, ServiceError> {
    Ok(!store.suspended_among(&[user]).await?.is_empty())
}

/// Refuses a suspended member (`suspended`); used at sign-in once the password checked out.
pub(crate) async fn refuse_suspended(store: &dyn Store, user: UserId) -> Result<(), ServiceError> {
    if is_suspended(store, user).await? {
        Err(ServiceError::Suspended)
    } else {
        Ok(())
    }
}

/// Whether a profile of `user` shows `suspended: true` to `viewer`: site admins only.
pub(crate) async fn suspended_shown_to(
    store: &dyn Store,
    user: UserId,
    viewer: Option<UserId>,
) -> Result<bool, ServiceError> {
    let Some(viewer) = viewer else {
        return Ok(false);
    };
    if !is_suspended(store, user).await? {
        return Ok(false);
    }
    Ok(store.user_by_id(viewer).await?.is_some_and(|v| v.is_admin))
}

impl Moderation {
    /// An admin suspends `username` (see the module docs). Suspending a suspended member
    /// changes nothing but still closes anything left open.
    pub async fn suspend_member(&self, admin: &Member, username: &str) -> Result<(), ServiceError> {
        require_admin(admin)?;
        let target = self.social().member_named(username).await?;
        check_suspendable(admin, &target)?;
        self.suspend(&target, Some(admin.record.id), None)
            .await
            .map(|_| ())
    }

    /// An admin lifts `username`'s suspension: they may sign in again (their old sessions stay
    /// revoked). Lifting when not suspended is fine.
    pub async fn unsuspend_member(
        &self,
        admin: &Member,
        username: &str,
    ) -> Result<(), ServiceError> {
        require_admin(admin)?;
        let target = self.social().member_named(username).await?;
        if self.store().unsuspend_user(target.id).await? {
            tracing::info!(admin = %admin.record.id, member = %target.id, "suspension lifted");
        }
        Ok(())
    }

    /// Suspends `target` on behalf of admin `by` (`None`: the operator, from the command line)
    /// for `reason`: store (suspended, sessions deleted), every live room, then every open
    /// WebSocket; returns whether the suspension is new. The caller checked that `target` may
    /// be suspended.
    pub(crate) async fn suspend(
        &self,
        target: &UserRecord,
        by: Option<UserId>,
        reason: Option<String>,
    ) -> Result<bool, ServiceError> {
        let suspension = NewSuspension {
            user: target.id,
            by,
            reason,
            at: self.config().clock.now(),
        };
        let new = self.store().suspend_user(&suspension).await?;
        tracing::info!(
            admin = ?by.map(|by| by.0), member = %target.id, reason = ?suspension.reason, new,
            "member suspended"
        );
        if let Err(err) = self.rooms().eject_everywhere(target.id, by).await {
            tracing::warn!(member = %target.id, %err, "suspended member not taken out of rooms");
        }
        self.accounts().closer().member(target.id);
        Ok(new)
    }

    /// Whether `user` is suspended.
    pub async fn is_suspended(&self, user: UserId) -> Result<bool, ServiceError> {
        is_suspended(self.store(), user).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn user(id: i64, is_admin: bool) -> UserRecord {
        UserRecord {
            id: UserId(id),
            username: format!("u{id}"),
            display_name: format!("U{id}"),
            bio: String::new(),
            password_hash: String::new(),
            is_admin,
            invite_quota: 0,
            nominated_by: None,
            created_at: Utc::now(),
            avatar: None,
            language: None,
        }
    }

    #[test]
    fn only_admins_suspend_and_never_admins_or_themselves() {
        let admin = Member {
            record: user(1, true),
        };
        let member = Member {
            record: user(2, false),
        };
        assert!(check_suspendable(&admin, &user(3, false)).is_ok());
        for (by, target) in [
            (&admin, user(1, true)),
            (&admin, user(4, true)),
            (&member, user(3, false)),
        ] {
            let refused = check_suspendable(by, &target).expect_err("refused");
            assert_eq!(refused.code(), stoa_proto::ErrorCode::Forbidden);
        }
    }
}
