//! Invites: the only way in. Each member has a small quota; admins are unlimited.

use stoa_proto::rest::{CreatedInvite, Invite, InviteCheck, InviteList};
use stoa_store::{InviteRecord, StoreError};

use crate::accounts::{Accounts, Member};
use crate::{secrets, ServiceError};

/// The wire form of an invite record.
pub(crate) fn invite(record: InviteRecord) -> Invite {
    Invite {
        id: record.id,
        created_at: record.created_at,
        used_by: record.used_by,
        revoked: record.revoked,
    }
}

impl Accounts {
    /// The link that opens the sign-up page for `code`.
    pub fn invite_url(&self, code: &str) -> String {
        format!(
            "{}/invite/{}",
            self.config().public_url.trim_end_matches('/'),
            code
        )
    }

    /// On an empty database, creates a fresh one-time bootstrap invite and returns its link.
    /// Whoever signs up with it becomes the first admin. Older unused bootstrap invites are
    /// revoked, so only the last printed link works.
    pub async fn bootstrap_invite(&self) -> Result<Option<String>, ServiceError> {
        if self.store().user_count().await? > 0 {
            return Ok(None);
        }
        let code = secrets::new_secret();
        self.store()
            .create_bootstrap_invite(&secrets::hash_secret(&code))
            .await?;
        Ok(Some(self.invite_url(&code)))
    }

    /// Creates an invite for `member`, within their quota.
    pub async fn create_invite(&self, member: &Member) -> Result<CreatedInvite, ServiceError> {
        let code = secrets::new_secret();
        let record = self
            .store()
            .create_invite(member.record.id, &secrets::hash_secret(&code))
            .await?;
        Ok(CreatedInvite {
            invite: invite(record),
            url: self.invite_url(&code),
            code,
        })
    }

    /// The member's invites and how many they may still create.
    pub async fn invites(&self, member: &Member) -> Result<InviteList, ServiceError> {
        let invites = self.store().invites_of(member.record.id).await?;
        let remaining = self.store().invites_remaining(member.record.id).await?;
        Ok(InviteList {
            invites: invites.into_iter().map(invite).collect(),
            remaining,
        })
    }

    /// Revokes one of the member's unused invites.
    pub async fn revoke_invite(&self, member: &Member, invite_id: i64) -> Result<(), ServiceError> {
        self.store()
            .revoke_invite(member.record.id, invite_id)
            .await
            .map_err(|err| match err {
                StoreError::NotFound => ServiceError::NotFound("invite"),
                other => other.into(),
            })
    }

    /// Whether `code` can be used to sign up, and who sent it.
    pub async fn check_invite(&self, code: &str) -> Result<InviteCheck, ServiceError> {
        let record = self
            .store()
            .invite_by_code(&secrets::hash_secret(code))
            .await?
            .filter(|i| i.used_by.is_none() && !i.revoked)
            .ok_or(StoreError::InviteInvalid)?;
        let invited_by = match record.created_by {
            Some(id) => self
                .store()
                .user_by_id(id)
                .await?
                .map(|u| crate::accounts::summary(&u)),
            None => None,
        };
        Ok(InviteCheck { invited_by })
    }
}
