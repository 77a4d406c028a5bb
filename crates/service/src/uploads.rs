//! Per-member limits on image uploads (avatars and club icons), so one member cannot take the
//! site's decode slots from everyone else: a member has at most one upload being processed at a
//! time, and at most [`UPLOADS_PER_HOUR`] uploads an hour (bursting up to the same number).
//! Over either limit the upload is refused with `rate_limited` and a delay to retry after.

use std::collections::HashSet;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::Duration;

use governor::clock::Clock as _;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use stoa_proto::UserId;

use crate::ServiceError;

/// Uploads a member may make per hour (bursting up to the same number).
pub const UPLOADS_PER_HOUR: u32 = 10;
/// The delay suggested to a member whose previous upload is still being processed.
const BUSY_RETRY: Duration = Duration::from_secs(2);

/// Who is uploading now, and each member's hourly allowance.
pub(crate) struct UploadGate {
    limiter: DefaultKeyedRateLimiter<UserId>,
    in_flight: Mutex<HashSet<UserId>>,
}

impl Default for UploadGate {
    fn default() -> Self {
        let per_hour = NonZeroU32::new(UPLOADS_PER_HOUR).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: RateLimiter::keyed(Quota::per_hour(per_hour)),
            in_flight: Mutex::default(),
        }
    }
}

impl UploadGate {
    /// Lets `user` upload now, spending one of their allowance; the upload counts as in
    /// progress until the permit is dropped. Refused (nothing spent) while another upload of
    /// theirs is in progress; refused when the hour's allowance is spent.
    pub(crate) fn admit(&self, user: UserId) -> Result<UploadPermit<'_>, ServiceError> {
        let mut in_flight = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        if in_flight.contains(&user) {
            return Err(ServiceError::RetryLater {
                message: "your previous upload is still being processed; retry when it is done"
                    .to_string(),
                after: BUSY_RETRY,
            });
        }
        if self.limiter.len() > 100_000 {
            self.limiter.retain_recent();
        }
        if let Err(not_until) = self.limiter.check_key(&user) {
            let wait = not_until.wait_time_from(self.limiter.clock().now());
            return Err(ServiceError::RetryLater {
                message: format!(
                    "at most {UPLOADS_PER_HOUR} image uploads an hour; retry in {} minutes",
                    wait.as_secs().div_ceil(60).max(1)
                ),
                after: wait,
            });
        }
        in_flight.insert(user);
        Ok(UploadPermit { gate: self, user })
    }
}

/// One member's upload in progress; dropping it ends it.
pub(crate) struct UploadPermit<'a> {
    gate: &'a UploadGate,
    user: UserId,
}

impl Drop for UploadPermit<'_> {
    fn drop(&mut self) {
        let mut in_flight = self
            .gate
            .in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        in_flight.remove(&self.user);
    }
}

#[cfg(test)]
mod tests {
    use stoa_proto::ErrorCode;

    use super::*;

    fn retry_after(result: Result<UploadPermit<'_>, ServiceError>) -> Duration {
        match result {
            Err(ServiceError::RetryLater { after, .. }) => after,
            Err(other) => panic!("unexpected refusal {other:?}"),
            Ok(_) => panic!("admitted"),
        }
    }

    #[test]
    fn one_upload_at_a_time_per_member() {
        let gate = UploadGate::default();
        let first = gate.admit(UserId(1)).expect("first");
        assert_eq!(retry_after(gate.admit(UserId(1))), BUSY_RETRY);
        // Another member is not held up.
        drop(gate.admit(UserId(2)).expect("another member"));
        drop(first);
        drop(gate.admit(UserId(1)).expect("after the first ended"));
    }

    #[test]
    fn the_hourly_allowance_runs_out_per_member() {
        let gate = UploadGate::default();
        for _ in 0..UPLOADS_PER_HOUR {
            drop(gate.admit(UserId(1)).expect("within the allowance"));
        }
        let refused = gate.admit(UserId(1)).err().expect("refused");
        assert_eq!(refused.code(), ErrorCode::RateLimited);
        let wait = retry_after(gate.admit(UserId(1)));
        assert!(
            wait > Duration::from_secs(60) && wait <= Duration::from_secs(3600),
            "{wait:?}"
        );
        drop(gate.admit(UserId(2)).expect("another member's allowance"));
    }
}
