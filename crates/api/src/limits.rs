//! Rate limits on the endpoints that guess secrets or create accounts, each with its own
//! budget per client address ([`crate::client_ip::ClientIp`]): sign-in, sign-up (invite and
//! waitlist), invite checks and waitlist reservations. Sign-in also has a per-account budget of
//! failed attempts ([`accounts::AccountFailures`]), whatever the address.
//!
//! Over a limit: `429 rate_limited` with `Retry-After` (seconds) — the [`Limited`] response.
//! [`retry_after_fallback`] gives every other 429 (the service's own limits) a `Retry-After`.

pub mod accounts;

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use stoa_proto::{ErrorBody, ErrorCode};
use stoa_service::ServiceError;

use crate::ApiError;
use accounts::AccountFailures;

/// Failed sign-ins allowed per account (username) per [`accounts::FAILURE_WINDOW`], from any
/// address, unless configured otherwise.
pub const SIGN_IN_FAILURES_PER_ACCOUNT: u32 = 10;
/// `Retry-After` of a 429 that does not say how long to wait (the service's limits: pings,
/// reports).
pub const FALLBACK_RETRY_AFTER_SECS: u64 = 60;
/// Keys a limiter tracks before it forgets those that are back to a full budget.
const MAX_TRACKED: usize = 100_000;

/// What a client is trying to do; each has its own per-address budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `POST /api/auth/login`.
    SignIn,
    /// `POST /api/auth/signup` and `POST /api/waitlist/{token}/signup`.
    SignUp,
    /// `GET /api/invites/check/{code}`.
    InviteCheck,
    /// `POST /api/waitlist` (a reservation notifies the members it names).
    Waitlist,
}

/// The rate limits of the HTTP edge.
pub struct Limits {
    sign_in: IpLimiter,
    sign_up: IpLimiter,
    invite_check: IpLimiter,
    waitlist: IpLimiter,
    accounts: AccountFailures,
}

impl Limits {
    /// `per_ip_per_minute` attempts of each [`Action`] per client address per minute (bursting
    /// up to the same number); `failures_per_account` failed sign-ins per account per
    /// [`accounts::FAILURE_WINDOW`].
    pub fn new(per_ip_per_minute: u32, failures_per_account: u32) -> Self {
        Self {
            sign_in: IpLimiter::new(per_ip_per_minute),
            sign_up: IpLimiter::new(per_ip_per_minute),
            invite_check: IpLimiter::new(per_ip_per_minute),
            waitlist: IpLimiter::new(per_ip_per_minute),
            accounts: AccountFailures::new(failures_per_account, accounts::FAILURE_WINDOW),
        }
    }

    /// Counts one `action` from `ip`; refuses it when that budget is spent.
    pub fn check(&self, action: Action, ip: IpAddr) -> Result<(), Limited> {
        let limiter = match action {
            Action::SignIn => &self.sign_in,
            Action::SignUp => &self.sign_up,
            Action::InviteCheck => &self.invite_check,
            Action::Waitlist => &self.waitlist,
        };
        limiter.check(limit_key(ip))
    }

    /// Refuses a sign-in to `username` while its failed attempts are over the budget.
    pub fn check_account(&self, username: &str) -> Result<(), Limited> {
        match self.accounts.blocked_for(username, Instant::now()) {
            None => Ok(()),
            Some(wait) => Err(Limited::new(
                wait,
                "too many failed sign-ins to this account; wait and retry",
            )),
        }
    }

    /// Records the outcome of a sign-in to `username`: failures count against the account,
    /// a success clears its count.
    pub fn record_sign_in(&self, username: &str, succeeded: bool) {
        if succeeded {
            self.accounts.clear(username);
        } else {
            self.accounts.record_failure(username, Instant::now());
        }
    }
}

/// The key an address is limited by: IPv4 addresses one by one, IPv6 addresses by their /64
/// (one subscriber's network, whose addresses cost nothing to vary).
fn limit_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !(u128::MAX >> 64);
            IpAddr::V6(bits.into())
        }
        v4 => v4,
    }
}

/// One per-address budget.
struct IpLimiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl IpLimiter {
    fn new(per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute)),
        }
    }

    fn check(&self, ip: IpAddr) -> Result<(), Limited> {
        if self.limiter.len() > MAX_TRACKED {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(&ip).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.limiter.clock().now());
            Limited::new(wait, "too many attempts; wait and retry")
        })
    }
}

/// A `429 rate_limited` answer with `Retry-After`.
#[derive(Debug)]
pub struct Limited {
    retry_after_secs: u64,
    message: &'static str,
}

impl Limited {
    /// Refused; the client may retry after `wait` (rounded up to whole seconds, at least 1).
    pub fn new(wait: Duration, message: &'static str) -> Self {
        let mut secs = wait.as_secs();
        if wait.subsec_nanos() > 0 || secs == 0 {
            secs += 1;
        }
        Self {
            retry_after_secs: secs,
            message,
        }
    }

    /// Seconds the client should wait.
    pub fn retry_after_secs(&self) -> u64 {
        self.retry_after_secs
    }
}

impl IntoResponse for Limited {
    fn into_response(self) -> Response {
        let body = Json(ErrorBody::new(ErrorCode::RateLimited, self.message));
        let mut response = (StatusCode::TOO_MANY_REQUESTS, body).into_response();
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(self.retry_after_secs));
        response
    }
}

/// The error of a rate-limited handler: an [`ApiError`] or a [`Limited`] refusal.
#[derive(Debug)]
pub enum EdgeError {
    /// Any other refusal or failure.
    Api(ApiError),
    /// Over a rate limit.
    Limited(Limited),
}

impl From<ApiError> for EdgeError {
    fn from(err: ApiError) -> Self {
        EdgeError::Api(err)
    }
}

impl From<ServiceError> for EdgeError {
    fn from(err: ServiceError) -> Self {
        EdgeError::Api(err.into())
    }
}

impl From<Limited> for EdgeError {
    fn from(limited: Limited) -> Self {
        EdgeError::Limited(limited)
    }
}

impl IntoResponse for EdgeError {
    fn into_response(self) -> Response {
        match self {
            EdgeError::Api(err) => err.into_response(),
            EdgeError::Limited(limited) => limited.into_response(),
        }
    }
}

/// Middleware: a 429 without `Retry-After` gets [`FALLBACK_RETRY_AFTER_SECS`].
pub async fn retry_after_fallback(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if response.status() == StatusCode::TOO_MANY_REQUESTS
        && !response.headers().contains_key(RETRY_AFTER)
    {
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(FALLBACK_RETRY_AFTER_SECS));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_action_has_its_own_budget() {
        let limits = Limits::new(2, 10);
        let ip = IpAddr::from([10, 0, 0, 1]);
        for _ in 0..2 {
            limits.check(Action::SignIn, ip).unwrap();
        }
        let refused = limits.check(Action::SignIn, ip).unwrap_err();
        assert!((1..=60).contains(&refused.retry_after_secs()));
        for action in [Action::SignUp, Action::InviteCheck, Action::Waitlist] {
            limits.check(action, ip).unwrap();
        }
        limits
            .check(Action::SignIn, IpAddr::from([10, 0, 0, 2]))
            .unwrap();
    }

    #[test]
    fn ipv6_addresses_share_their_64() {
        let limits = Limits::new(1, 10);
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        limits.check(Action::SignIn, a).unwrap();
        assert!(limits.check(Action::SignIn, b).is_err());
        limits.check(Action::SignIn, other).unwrap();
    }

    #[test]
    fn waits_round_up_to_whole_seconds() {
        assert_eq!(Limited::new(Duration::ZERO, "x").retry_after_secs(), 1);
        assert_eq!(
            Limited::new(Duration::from_millis(1500), "x").retry_after_secs(),
            2
        );
        assert_eq!(
            Limited::new(Duration::from_secs(60), "x").retry_after_secs(),
            60
        );
    }
}
