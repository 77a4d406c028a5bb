//! What the server's operator does without a browser (`stoa admin …`): a new admin invite,
//! invite grants, suspensions, and who is a site admin.
//!
//! The operator is not a member: these calls need no session and act with no actor (a
//! suspension is recorded with `suspended_by` empty). [`Operator`] works on the store alone,
//! so it also serves when no server is running; [`Moderation::operator_suspend`] adds what only a
//! running server can do: taking the member out of every live room and closing their
//! WebSockets at once.

use stoa_proto::limits::GRANT_INVITES_MIN;
use stoa_store::{NewSuspension, Store, StoreError, UserRecord};

use crate::admin::MAX_GRANT;
use crate::moderation::Moderation;
use crate::{secrets, ServiceError};

/// Longest suspension reason, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// Errors of operator commands, worded for a terminal.
#[derive(Debug, thiserror::Error)]
pub enum OperatorError {
    /// No member has this username.
    #[error("no member named {0:?}")]
    UnknownMember(String),
    /// The command cannot apply to this member as they stand.
    #[error("{0}")]
    Refused(String),
    /// An argument is out of range.
    #[error("{0}")]
    Invalid(String),
    /// The database failed.
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl From<StoreError> for OperatorError {
    fn from(err: StoreError) -> Self {
        OperatorError::Service(err.into())
    }
}

impl OperatorError {
    /// A stable short code for the error (the admin socket's wire form).
    pub fn code(&self) -> &'static str {
        match self {
            OperatorError::UnknownMember(_) => "unknown_member",
            OperatorError::Refused(_) => "refused",
            OperatorError::Invalid(_) => "invalid",
            OperatorError::Service(_) => "internal",
        }
    }
}

/// What a suspension did.
#[derive(Debug, Clone)]
pub struct Suspended {
    /// The member.
    pub member: UserRecord,
    /// Whether they were not suspended before.
    pub new: bool,
}

/// Operator commands over the store alone.
pub struct Operator<'a> {
    store: &'a dyn Store,
}

impl<'a> Operator<'a> {
    /// Operator commands on `store`.
    pub fn new(store: &'a dyn Store) -> Self {
        Self { store }
    }

    /// Creates a new one-time admin invite and returns its code: whoever signs up with it
    /// becomes a site admin. Any older unused admin invite stops working.
    pub async fn admin_invite(&self) -> Result<String, OperatorError> {
        let code = secrets::new_secret();
        self.store
            .create_bootstrap_invite(&secrets::hash_secret(&code))
            .await?;
        tracing::info!("operator created an admin invite");
        Ok(code)
    }

    /// Gives `username` `count` (1–[`MAX_GRANT`]) more invites; returns how many they may
    /// still create (`None`: unlimited, an admin).
    pub async fn grant_invites(
        &self,
        username: &str,
        count: u32,
    ) -> Result<Option<u32>, OperatorError> {
        if !(GRANT_INVITES_MIN..=MAX_GRANT).contains(&count) {
            return Err(OperatorError::Invalid(format!(
                "the number of invites must be between {GRANT_INVITES_MIN} and {MAX_GRANT}"
            )));
        }
        let member = self.member(username).await?;
        self.store
            .grant_invites(member.id, count)
            .await
            .map_err(|err| self.gone(err, username))?;
        tracing::info!(member = %member.id, count, "operator granted invites");
        Ok(self.store.invites_remaining(member.id).await?)
    }

    /// Suspends `username` for `reason` in the store (their sessions are deleted at once).
    /// Site admins cannot be suspended (unmake them first). Suspending again is fine.
    pub async fn suspend(
        &self,
        username: &str,
        reason: Option<String>,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Suspended, OperatorError> {
        let (member, reason) = self.suspension(username, reason).await?;
        let new = self
            .store
            .suspend_user(&NewSuspension {
                user: member.id,
                by: None,
                reason: reason.clone(),
                at,
            })
            .await
            .map_err(|err| self.gone(err, username))?;
        tracing::info!(member = %member.id, ?reason, new, "operator suspended a member");
        Ok(Suspended { member, new })
    }

    /// The member to suspend and the cleaned-up reason, or why not.
    async fn suspension(
        &self,
        username: &str,
        reason: Option<String>,
    ) -> Result<(UserRecord, Option<String>), OperatorError> {
        let reason = reason
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        if reason
            .as_ref()
            .is_some_and(|r| r.chars().count() > MAX_REASON_CHARS)
        {
            return Err(OperatorError::Invalid(format!(
                "the reason may have at most {MAX_REASON_CHARS} characters"
            )));
        }
        let member = self.member(username).await?;
        if member.is_admin {
            return Err(OperatorError::Refused(format!(
                "{} is a site admin; run `stoa admin unmake-admin {}` first",
                member.username, member.username
            )));
        }
        Ok((member, reason))
    }

    /// Lifts `username`'s suspension; returns whether there was one. Their old sessions stay
    /// revoked; they sign in again.
    pub async fn unsuspend(&self, username: &str) -> Result<bool, OperatorError> {
        let member = self.member(username).await?;
        let lifted = self.store.unsuspend_user(member.id).await?;
        tracing::info!(member = %member.id, lifted, "operator lifted a suspension");
        Ok(lifted)
    }

    /// Makes `username` a site admin (`admin`) or a plain member; returns whether that
    /// changed anything. A suspended member cannot be made an admin (lift it first).
    pub async fn set_admin(&self, username: &str, admin: bool) -> Result<bool, OperatorError> {
        let member = self.member(username).await?;
        if admin && !self.store.suspended_among(&[member.id]).await?.is_empty() {
            return Err(OperatorError::Refused(format!(
                "{} is suspended; run `stoa admin unsuspend {}` first",
                member.username, member.username
            )));
        }
        let changed = self
            .store
            .set_admin(member.id, admin)
            .await
            .map_err(|err| self.gone(err, username))?;
        tracing::info!(member = %member.id, admin, changed, "operator set the admin flag");
        Ok(changed)
    }

    async fn member(&self, username: &str) -> Result<UserRecord, OperatorError> {
        let name = username.trim();
        self.store
            .user_by_username(name)
            .await?
            .ok_or_else(|| OperatorError::UnknownMember(name.to_string()))
    }

    /// A member who vanished between the lookup and the write.
    fn gone(&self, err: StoreError, username: &str) -> OperatorError {
        match err {
            StoreError::NotFound => OperatorError::UnknownMember(username.trim().to_string()),
            other => other.into(),
        }
    }
}

impl Moderation {
    /// Operator commands on this service's store.
    pub fn operator(&self) -> Operator<'_> {
        Operator::new(self.store())
    }

    /// [`Operator::suspend`], then what a running server does for any suspension: the member
    /// leaves every live room (`participant_left {reason: suspended}`, logged with no actor)
    /// and every open WebSocket of theirs is told `suspended` and closed.
    pub async fn operator_suspend(
        &self,
        username: &str,
        reason: Option<String>,
    ) -> Result<Suspended, OperatorError> {
        let (member, reason) = self.operator().suspension(username, reason).await?;
        let new = self
            .suspend(&member, None, reason)
            .await
            .map_err(|err| match err {
                ServiceError::Store(StoreError::NotFound) => {
                    OperatorError::UnknownMember(member.username.clone())
                }
                other => other.into(),
            })?;
        Ok(Suspended { member, new })
    }
}
