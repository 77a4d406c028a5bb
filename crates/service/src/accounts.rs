//! Sign-up by invitation, sign-in, sessions and profiles.

use std::sync::Arc;

use chrono::{Duration, Utc};
use stoa_proto::rest::{AuthResponse, LoginRequest, Profile, SignupRequest, UserSummary};
use stoa_store::{FollowStats, NewAccount, Store, UserRecord};

use crate::closer::Closer;
use crate::notify::Notifications;
use crate::social::Social;
use crate::suspension::is_suspended;
use crate::waitlist::NamedNotices;
use crate::{secrets, validate, ServiceConfig, ServiceError};

/// How long a session lasts without signing in again.
pub const SESSION_DAYS: i64 = 30;
/// Invites a new member may create.
pub const DEFAULT_INVITE_QUOTA: i64 = 2;

/// A signed-in member, as resolved from a session token.
#[derive(Debug, Clone)]
pub struct Member {
    /// The member's record.
    pub record: UserRecord,
}

impl Member {
    /// The short wire form.
    pub fn summary(&self) -> UserSummary {
        summary(&self.record)
    }
}

/// The short wire form of a user record.
pub fn summary(user: &UserRecord) -> UserSummary {
    user.summary()
}

/// The profile wire form of a user record with its follow counts (`stats` are relative to the
/// viewer; see [`Social::profile_view`]).
pub fn profile(user: &UserRecord, stats: FollowStats) -> Profile {
    Profile {
        id: user.id,
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        nominated_by: user.nominated_by.clone(),
        is_admin: user.is_admin,
        joined_at: user.created_at,
        bio: user.bio.clone(),
        followers: stats.followers,
        following: stats.following,
        followed_by_me: stats.followed_by_viewer,
        blocked_by_me: false,
        avatar_url: None,
        rooms_now: Vec::new(),
        suspended: false,
        language: None,
    }
}

/// Accounts: sign-up with an invite ([`crate::invites`]) or from the waitlist
/// ([`crate::waitlist`]), sign-in and out, sessions, and closing a session's open WebSockets
/// ([`crate::closer`]). Clone it freely.
#[derive(Clone)]
pub struct Accounts {
    store: Arc<dyn Store>,
    config: Arc<ServiceConfig>,
    notifications: Notifications,
    social: Social,
    closer: Arc<Closer>,
    named_notices: Arc<NamedNotices>,
}

impl Accounts {
    pub(crate) fn new(
        store: Arc<dyn Store>,
        config: Arc<ServiceConfig>,
        notifications: Notifications,
        social: Social,
        closer: Arc<Closer>,
    ) -> Self {
        Self {
            store,
            config,
            notifications,
            social,
            closer,
            named_notices: Arc::default(),
        }
    }

    pub(crate) fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    pub(crate) fn config(&self) -> &ServiceConfig {
        &self.config
    }

    pub(crate) fn notifications(&self) -> &Notifications {
        &self.notifications
    }

    /// Closes open WebSockets of a suspended member or a signed-out session.
    pub(crate) fn closer(&self) -> &Closer {
        &self.closer
    }

    /// Per-member allowance of waitlist notifications.
    pub(crate) fn named_notices(&self) -> &NamedNotices {
        &self.named_notices
    }

    /// Creates an account with an invite (consumed in the same transaction) and signs it in.
    pub async fn signup(&self, req: SignupRequest) -> Result<AuthResponse, ServiceError> {
        // Every refused field at once, so the form shows them all together.
        let mut faults = validate::FieldErrors::default();
        let username = faults.check("username", validate::username(&req.username));
        let display_name = faults.check("display_name", validate::display_name(&req.display_name));
        faults.check("password", validate::password(&req.password));
        let code = req.invite_code.trim();
        if code.is_empty() {
            faults.refuse("invite_code", "an invite code is required");
        }
        faults.finish()?;
        let (Some(username), Some(display_name)) = (username, display_name) else {
            return Err(ServiceError::Internal(
                "validated fields missing".to_string(),
            ));
        };
        let code_hash = secrets::hash_secret(code);
        // Fail fast on a bad invite before spending CPU on argon2.
        match self.store().invite_by_code(&code_hash).await? {
            Some(invite) if invite.used_by.is_none() && !invite.revoked => {
                // An invite of a suspended member is worth nothing while they are suspended.
                if let Some(by) = invite.created_by {
                    if is_suspended(self.store(), by).await? {
                        return Err(stoa_store::StoreError::InviteInvalid.into());
                    }
                }
            }
            _ => return Err(stoa_store::StoreError::InviteInvalid.into()),
        }
        let password = req.password;
        let password_hash = tokio::task::spawn_blocking(move || secrets::hash_password(&password))
            .await
            .map_err(|e| ServiceError::Internal(e.to_string()))?
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        let user = self
            .store()
            .signup(NewAccount {
                code_hash,
                username,
                display_name,
                password_hash,
                invite_quota: DEFAULT_INVITE_QUOTA,
            })
            .await?;
        tracing::info!(user = %user.id, username = %user.username, "member signed up");
        if let Some(inviter) = &user.nominated_by {
            let used = crate::notify::NewNotification {
                kind: stoa_proto::rest::NotificationKind::InviteUsed,
                actor: Some(user.id),
                room: None,
                waitlist_username: None,
                extra: Default::default(),
            };
            self.notifications.notify(inviter.id, used).await;
        }
        self.start_session(user).await
    }

    /// Signs in with username and password.
    pub async fn login(&self, req: LoginRequest) -> Result<AuthResponse, ServiceError> {
        let username = req.username.trim().to_ascii_lowercase();
        let user = self.store().user_by_username(&username).await?;
        let hash = user.as_ref().map(|u| u.password_hash.clone());
        let password = req.password;
        let ok = tokio::task::spawn_blocking(move || match hash {
            Some(hash) => secrets::verify_password(&password, &hash),
            None => {
                // Spend the same time as a real check so usernames cannot be probed by timing.
                let _ = secrets::hash_password(&password);
                false
            }
        })
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
        match user {
            Some(user) if ok => {
                // Only after the password checked out, so strangers learn nothing.
                crate::suspension::refuse_suspended(self.store(), user.id).await?;
                self.start_session(user).await
            }
            _ => Err(ServiceError::BadCredentials),
        }
    }

    /// Ends the session behind `token` (idempotent) and closes the WebSockets opened with it.
    pub async fn logout(&self, token: &str) -> Result<(), ServiceError> {
        let hash = secrets::hash_secret(token);
        self.store().delete_session(&hash).await?;
        self.closer().session(&hash);
        Ok(())
    }

    /// Resolves a session token to its member.
    pub async fn authenticate(&self, token: &str) -> Result<Member, ServiceError> {
        let record = self
            .store()
            .session_user(&secrets::hash_secret(token), Utc::now())
            .await?
            .ok_or(ServiceError::Unauthorized)?;
        Ok(Member { record })
    }

    pub(crate) async fn start_session(
        &self,
        user: UserRecord,
    ) -> Result<AuthResponse, ServiceError> {
        let token = secrets::new_secret();
        let expires = Utc::now() + Duration::days(SESSION_DAYS);
        self.store()
            .create_session(&secrets::hash_secret(&token), user.id, expires)
            .await?;
        let user = self.social.profile_view(&user, Some(user.id)).await?;
        Ok(AuthResponse { token, user })
    }
}
