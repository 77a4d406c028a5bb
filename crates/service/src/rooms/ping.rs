//! Pings: "would you like to join me for a conversation?" Someone in a live room calls a member
//! in; the member is admitted (so they may join even a closed or social room) and notified.
//!
//! Who may ping: in an open room anyone in it, in social and closed rooms only the people on
//! stage. Pings are rate-limited per sender ([`PingLimiter`]). A refused ping changes nothing
//! and spends no allowance.

use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use stoa_proto::rest::{NotificationKind, RoomRef};
use stoa_proto::{RoomId, RoomKind, UserId};

use super::messages::{RoomMsg, RoomPing};
use super::RoomAccess;
use super::Rooms;
use crate::accounts::Member;
use crate::notify::NewNotification;
use crate::ServiceError;

/// Pings a member may send per minute (bursting up to the same number).
pub const PINGS_PER_MINUTE: u32 = 10;

/// Per-sender ping allowance.
pub(crate) struct PingLimiter {
    limiter: DefaultKeyedRateLimiter<UserId>,
}

impl Default for PingLimiter {
    fn default() -> Self {
        let per_minute = NonZeroU32::new(PINGS_PER_MINUTE).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: RateLimiter::keyed(Quota::per_minute(per_minute)),
        }
    }
}

impl PingLimiter {
    /// Spends one ping of `sender`'s allowance; refuses when none is left.
    pub(crate) fn check(&self, sender: UserId) -> Result<(), ServiceError> {
        if self.limiter.len() > 100_000 {
            self.limiter.retain_recent();
        }
        self.limiter
            .check_key(&sender)
            .map_err(|_| ServiceError::RateLimited)
    }
}

/// Whether `sender` may ping from a room with this access data (the room rule; the room task
/// applies it to its own current state, after checking that they are in it).
pub(crate) fn may_ping(access: &RoomAccess, sender: UserId) -> Result<(), ServiceError> {
    match access.kind {
        RoomKind::Open => Ok(()),
        RoomKind::Social | RoomKind::Closed if access.stage.contains(&sender) => Ok(()),
        RoomKind::Social | RoomKind::Closed => Err(ServiceError::Forbidden(
            "only people on stage can ping in a social or closed room".to_string(),
        )),
    }
}

impl Rooms {
    /// `member`, in live room `room_id`, pings `username` into it: the target is admitted and
    /// notified. Refusals: unknown room or member (`not_found`), ended room, sender not in the
    /// room (`not_in_room`), audience member of a social or closed room (`forbidden`), a block
    /// either way (`blocked`), pinging oneself (`validation`), too many pings (`rate_limited`).
    pub async fn ping(
        &self,
        member: &Member,
        room_id: &RoomId,
        username: &str,
    ) -> Result<(), ServiceError> {
        let sender = member.record.id;
        let (handle, local) = match self.registry().get(room_id) {
            Some(handle) => (handle, true),
            // In a cluster the room may run on another node: the ping travels there.
            None => match self.remote_room(room_id).await? {
                Some((handle, _)) => (handle, false),
                None => return Err(self.gone_room_error(room_id).await?),
            },
        };
        let target = self
            .store()
            .user_by_username(username.trim())
            .await?
            .ok_or(ServiceError::NotFound("member"))?;
        if target.id == sender {
            return Err(ServiceError::Validation(
                "you cannot ping yourself".to_string(),
            ));
        }
        // Only the room's node knows where every member is; the room task checks it again.
        if local && self.registry().room_of(sender).as_ref() != Some(room_id) {
            return Err(ServiceError::NotInRoom);
        }
        if self.store().block_between(sender, target.id).await? {
            return Err(ServiceError::Blocked(
                "you cannot ping someone you blocked or who blocked you".to_string(),
            ));
        }
        // Whether the sender may ping from where they stand is the room task's to judge, on the
        // state its members see (the registry's copy of the stage may lag it).
        let (reply, answer) = tokio::sync::oneshot::channel();
        handle.send(RoomMsg::Ping {
            ping: RoomPing {
                by: sender,
                target: target.id,
            },
            reply,
        });
        let title = answer.await.unwrap_or(Err(ServiceError::RoomEnded))?;
        tracing::info!(room = %room_id, by = %sender, target = %target.id, "ping");
        self.notifications()
            .notify(
                target.id,
                NewNotification {
                    kind: NotificationKind::Pinged,
                    actor: Some(sender),
                    room: Some(RoomRef {
                        id: room_id.clone(),
                        title,
                    }),
                    waitlist_username: None,
                    extra: Default::default(),
                },
            )
            .await;
        Ok(())
    }

    /// The error for a room that is not live: ended if the store knows it, else not found.
    pub(crate) async fn gone_room_error(&self, id: &RoomId) -> Result<ServiceError, ServiceError> {
        let known = self.store().room(id).await?.is_some();
        Ok(if known {
            ServiceError::RoomEnded
        } else {
            ServiceError::NotFound("room")
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::Arc;

    use stoa_proto::ErrorCode;

    use super::*;

    fn access(kind: RoomKind) -> RoomAccess {
        RoomAccess {
            kind,
            moderators: vec![UserId(1)],
            stage: vec![UserId(1), UserId(2)],
            admitted: Arc::new(HashSet::new()),
            removed: Arc::new(HashSet::new()),
            moderator_followees: Arc::new(HashSet::new()),
            club: None,
            members_only: false,
        }
    }

    #[test]
    fn anyone_pings_from_an_open_room_only_the_stage_from_others() {
        assert!(may_ping(&access(RoomKind::Open), UserId(3)).is_ok());
        for kind in [RoomKind::Social, RoomKind::Closed] {
            assert!(may_ping(&access(kind), UserId(1)).is_ok());
            assert!(may_ping(&access(kind), UserId(2)).is_ok());
            let refused = may_ping(&access(kind), UserId(3)).unwrap_err();
            assert_eq!(refused.code(), ErrorCode::Forbidden);
        }
    }

    #[test]
    fn the_limiter_refuses_past_the_allowance_per_sender() {
        let limiter = PingLimiter::default();
        for _ in 0..PINGS_PER_MINUTE {
            assert!(limiter.check(UserId(1)).is_ok());
        }
        let refused = limiter.check(UserId(1)).unwrap_err();
        assert_eq!(refused.code(), ErrorCode::RateLimited);
        assert!(limiter.check(UserId(2)).is_ok(), "limits are per sender");
    }
}
