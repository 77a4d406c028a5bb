//! Rate limits on the endpoints that guess secrets or create accounts (sign-in, sign-up,
//! invite checks), keyed by the client's IP address. Over the limit: `429 rate_limited`.

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use stoa_proto::ErrorCode;

use crate::ApiError;

/// Per-IP limiter for authentication attempts.
pub struct AuthLimits {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl AuthLimits {
    /// Allows `per_minute` attempts per IP (bursting up to the same number).
    pub fn new(per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute)),
        }
    }

    /// Counts one attempt from `ip`; refuses it when over the limit.
    pub fn check(&self, ip: IpAddr) -> Result<(), ApiError> {
        if self.limiter.len() > 100_000 {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(&ip).map_err(|_| {
            ApiError::new(
                ErrorCode::RateLimited,
                "too many attempts; wait a minute and retry",
            )
        })
    }
}
