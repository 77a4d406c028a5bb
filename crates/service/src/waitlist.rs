//! The waitlist: the way in without an invite.
//!
//! A person reserves a username (held [`RESERVATION_DAYS`] days) and names 1–[`MAX_NAMED`]
//! members who know them; each named member is notified and sees them under "waiting for you".
//! One of those members waves them in, and the person finishes sign-up from their reservation
//! link: the account is nominated by the member who waved them in, and no invite is spent.
//! The reservation's token is a 128-bit secret shown once; only its SHA-256 is stored.
//! A member is notified of at most [`NAMED_NOTICES_PER_HOUR`] reservations naming them in a
//! burst, then one every few minutes ([`NamedNotices`]); later ones still show under "waiting
//! for you".

use std::collections::HashSet;
use std::num::NonZeroU32;

use chrono::{Duration, Utc};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use stoa_proto::rest::{
    AuthResponse, NotificationKind, UserSummary, WaitingEntry, WaitingForYou, WaitlistRequest,
    WaitlistReservation, WaitlistSignupRequest, WaitlistStatus,
};
use stoa_proto::UserId;
use stoa_store::{
    NewReservation, ReservationRecord, StoreError, WaitlistAccount, WaitlistSignup, WaveOutcome,
};

use crate::accounts::{Accounts, Member, DEFAULT_INVITE_QUOTA};
use crate::notify::NewNotification;
use crate::{secrets, validate, ServiceError};

/// How long a reservation holds its username.
pub const RESERVATION_DAYS: i64 = 30;
/// Most members a person may name.
pub const MAX_NAMED: usize = stoa_proto::limits::WAITLIST_NAMED_MAX;
/// Most entries "waiting for you" lists.
pub const MAX_WAITING: u32 = 200;

/// `waitlist_named` notifications a member gets in a burst; the allowance refills evenly over
/// an hour (one every 6 minutes).
pub const NAMED_NOTICES_PER_HOUR: u32 = 10;
/// Members tracked before those back to a full allowance are forgotten.
const MAX_TRACKED: usize = 100_000;

/// Per-member allowance of `waitlist_named` notifications, so reservations naming the same
/// member over and over cannot flood their notifications.
pub(crate) struct NamedNotices {
    limiter: DefaultKeyedRateLimiter<UserId>,
}

impl Default for NamedNotices {
    fn default() -> Self {
        let per_hour = NonZeroU32::new(NAMED_NOTICES_PER_HOUR).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: RateLimiter::keyed(Quota::per_hour(per_hour)),
        }
    }
}

impl NamedNotices {
    /// Spends one of `member`'s notifications; `false` when none is left.
    fn allow(&self, member: UserId) -> bool {
        if self.limiter.len() > MAX_TRACKED {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(&member).is_ok()
    }
}

/// The wire form of a live reservation.
fn status(record: ReservationRecord) -> WaitlistStatus {
    WaitlistStatus {
        username: record.username,
        display_name: record.display_name,
        named: record.named,
        expires_at: record.expires_at,
        waved_in_by: record.waved_in_by,
    }
}

/// A reservation that is unknown, expired or already used.
fn reservation_not_found(err: StoreError) -> ServiceError {
    match err {
        StoreError::NotFound => ServiceError::NotFound("waitlist reservation"),
        other => other.into(),
    }
}

impl Accounts {
    /// The link to a reservation's status page.
    pub fn waitlist_url(&self, token: &str) -> String {
        format!(
            "{}/waitlist/{}",
            self.config().public_url.trim_end_matches('/'),
            token
        )
    }

    /// Reserves a username for someone without an invite and notifies the members they named.
    ///
    /// Refusals (nothing is stored): `validation` for a bad username or display name, for no
    /// or more than [`MAX_NAMED`] named members, or for a named username that is no member;
    /// `username_taken` if the username is a member's or held by another live reservation.
    pub async fn join_waitlist(
        &self,
        req: WaitlistRequest,
    ) -> Result<WaitlistReservation, ServiceError> {
        let username = validate::username(&req.username)?;
        let display_name = validate::display_name(&req.display_name)?;
        let named = self.named_members(&req.named).await?;
        let token = secrets::new_secret();
        let now = Utc::now();
        let record = self
            .store()
            .create_reservation(NewReservation {
                public_id: secrets::new_secret(),
                token_hash: secrets::hash_secret(&token),
                username,
                display_name,
                named: named.iter().map(|m| m.id).collect(),
                created_at: now,
                expires_at: now + Duration::days(RESERVATION_DAYS),
            })
            .await
            .map_err(|err| match err {
                // A named member vanished between the lookup and the insert.
                StoreError::NotFound => {
                    ServiceError::Validation("a member you named no longer exists".to_string())
                }
                other => other.into(),
            })?;
        tracing::info!(username = %record.username, named = record.named.len(), "waitlist reservation");
        for member in &record.named {
            if !self.named_notices().allow(member.id) {
                tracing::debug!(member = %member.id, "waitlist_named notification over the allowance");
                continue;
            }
            self.notifications()
                .notify(
                    member.id,
                    NewNotification {
                        kind: NotificationKind::WaitlistNamed,
                        actor: None,
                        room: None,
                        waitlist_username: Some(record.username.clone()),
                        extra: Default::default(),
                    },
                )
                .await;
        }
        Ok(WaitlistReservation {
            url: self.waitlist_url(&token),
            token,
            status: status(record),
        })
    }

    /// Resolves 1–[`MAX_NAMED`] distinct usernames (any case; repeats count once) to members.
    async fn named_members(&self, raw: &[String]) -> Result<Vec<UserSummary>, ServiceError> {
        let too_many = || {
            ServiceError::Validation(format!(
                "name {}–{MAX_NAMED} members who know you",
                stoa_proto::limits::WAITLIST_NAMED_MIN
            ))
        };
        let unknown = |name: &str| {
            let shown: String = name.trim().chars().take(30).collect();
            ServiceError::Validation(format!("no member is called “{shown}”"))
        };
        if raw.len() > 4 * MAX_NAMED {
            return Err(too_many());
        }
        let mut usernames = Vec::with_capacity(raw.len());
        let mut seen = HashSet::new();
        for name in raw {
            let username = validate::username(name).map_err(|_| unknown(name))?;
            if seen.insert(username.clone()) {
                usernames.push(username);
            }
        }
        if !(stoa_proto::limits::WAITLIST_NAMED_MIN..=MAX_NAMED).contains(&usernames.len()) {
            return Err(too_many());
        }
        let mut members = Vec::with_capacity(usernames.len());
        for username in usernames {
            let user = self
                .store()
                .user_by_username(&username)
                .await?
                .ok_or_else(|| unknown(&username))?;
            members.push(crate::accounts::summary(&user));
        }
        Ok(members)
    }

    /// The reservation behind `token`; `not_found` if unknown, expired or already used.
    pub async fn waitlist_status(&self, token: &str) -> Result<WaitlistStatus, ServiceError> {
        self.store()
            .reservation_by_token(&secrets::hash_secret(token), Utc::now())
            .await?
            .map(status)
            .ok_or(ServiceError::NotFound("waitlist reservation"))
    }

    /// The people on the waitlist who named `member` (live reservations, newest first).
    pub async fn waiting_for_you(&self, member: &Member) -> Result<WaitingForYou, ServiceError> {
        let entries = self
            .store()
            .waiting_for(member.record.id, Utc::now(), MAX_WAITING)
            .await?
            .into_iter()
            .map(|w| WaitingEntry {
                id: w.public_id,
                username: w.username,
                display_name: w.display_name,
                requested_at: w.requested_at,
                waved_in: w.waved_in,
            })
            .collect();
        Ok(WaitingForYou { entries })
    }

    /// `member` waves in the person behind the reservation with public id `id` (as "waiting
    /// for you" lists it), which lets them finish sign-up. Only a member they named may
    /// (`forbidden`, nothing changes); waving again is fine. `not_found` if the reservation is
    /// unknown, expired or already used.
    pub async fn wave_in(&self, member: &Member, id: &str) -> Result<(), ServiceError> {
        let outcome = self
            .store()
            .wave_in(id, member.record.id, Utc::now())
            .await
            .map_err(reservation_not_found)?;
        match outcome {
            WaveOutcome::Waved => {
                tracing::info!(reservation = id, by = %member.record.id, "waved in");
                Ok(())
            }
            WaveOutcome::NotNamed => Err(ServiceError::Forbidden(
                "only a member they named can wave them in".to_string(),
            )),
        }
    }

    /// Finishes sign-up from a reservation once someone waved the person in: creates the
    /// account (reserved username and display name, nominated by the waver, the usual invite
    /// quota, no invite spent), uses the token up, tells the waver, and signs the new member in.
    ///
    /// Refusals: `validation` (password), `not_found` (token unknown, expired or used),
    /// `forbidden` (not waved in yet).
    pub async fn waitlist_signup(
        &self,
        token: &str,
        req: WaitlistSignupRequest,
    ) -> Result<AuthResponse, ServiceError> {
        validate::password(&req.password)?;
        let token_hash = secrets::hash_secret(token);
        // Fail fast before spending CPU on argon2.
        let current = self.waitlist_status(token).await?;
        if current.waved_in_by.is_none() {
            return Err(not_waved_in());
        }
        let password = req.password;
        let password_hash = tokio::task::spawn_blocking(move || secrets::hash_password(&password))
            .await
            .map_err(|e| ServiceError::Internal(e.to_string()))?
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        let outcome = self
            .store()
            .waitlist_signup(
                WaitlistAccount {
                    token_hash,
                    password_hash,
                    invite_quota: DEFAULT_INVITE_QUOTA,
                },
                Utc::now(),
            )
            .await
            .map_err(reservation_not_found)?;
        let user = match outcome {
            WaitlistSignup::SignedUp(user) => *user,
            WaitlistSignup::NotWavedIn => return Err(not_waved_in()),
        };
        tracing::info!(user = %user.id, username = %user.username, "member signed up from the waitlist");
        if let Some(waver) = &user.nominated_by {
            self.notifications()
                .notify(
                    waver.id,
                    NewNotification {
                        kind: NotificationKind::InviteUsed,
                        actor: Some(user.id),
                        room: None,
                        waitlist_username: None,
                        extra: Default::default(),
                    },
                )
                .await;
        }
        self.start_session(user).await
    }
}

/// Sign-up attempted before any named member waved the person in.
fn not_waved_in() -> ServiceError {
    ServiceError::Forbidden(
        "not waved in yet: one of the members you named must wave you in first".to_string(),
    )
}
