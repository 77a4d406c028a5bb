//! In-room extras: reactions (broadcast, not stored, rate-limited per member) and the pinned
//! link (moderators only, saved with the room's state, part of the snapshot).

use std::collections::{HashMap, HashSet};
use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use stoa_proto::moderation::{ModAction, PinnedLink};
use stoa_proto::ws::ServerMessage;
use stoa_proto::UserId;

use super::RoomTask;
use crate::rooms::messages::RoomExtra;
use crate::ServiceError;

/// Reactions a member may send at once.
pub const REACTION_BURST: u32 = 5;

/// The room task's state for extras, moderation bookkeeping and the host grace period.
pub(crate) struct RoomExtras {
    /// The pinned link.
    pub pinned: Option<PinnedLink>,
    /// Per-member reaction allowance: a burst of [`REACTION_BURST`], one more each second.
    reactions: DefaultKeyedRateLimiter<UserId>,
    /// Who invited each audience member with a pending invitation (for the mod log).
    pub invited_by: HashMap<UserId, UserId>,
    /// Moderators already recorded in the store as (ever) moderators of this room.
    pub recorded_moderators: HashSet<UserId>,
    /// The host grace period: its epoch, and whether it is running.
    pub host_epoch: u64,
    pub host_grace_running: bool,
    /// Disconnected moderators kept past their reconnect grace while the host grace runs.
    pub held: HashSet<UserId>,
    /// The last reconnect grace started in this room: each drop takes the next number, so a
    /// timer from an earlier drop never ends a later one.
    pub grace_epoch: u64,
}

impl Default for RoomExtras {
    fn default() -> Self {
        let burst = NonZeroU32::new(REACTION_BURST).unwrap_or(NonZeroU32::MIN);
        Self {
            pinned: None,
            reactions: RateLimiter::keyed(Quota::per_second(NonZeroU32::MIN).allow_burst(burst)),
            invited_by: HashMap::new(),
            recorded_moderators: HashSet::new(),
            host_epoch: 0,
            host_grace_running: false,
            held: HashSet::new(),
            grace_epoch: 0,
        }
    }
}

impl RoomTask {
    /// Handles a reaction or a pinned-link change from `user`'s current session.
    pub(super) async fn extra(
        &mut self,
        user: UserId,
        session: u64,
        extra: RoomExtra,
    ) -> Result<(), ServiceError> {
        if !self.is_current(user, session) {
            return Err(ServiceError::NotInRoom);
        }
        match extra {
            RoomExtra::React(reaction) => {
                if self.extras.reactions.check_key(&user).is_err() {
                    return Err(ServiceError::RateLimited);
                }
                let room_id = self.id.clone();
                self.broadcast(&ServerMessage::Reaction {
                    room_id,
                    user_id: user,
                    reaction,
                });
                Ok(())
            }
            RoomExtra::Pin { url, title } => {
                self.require_moderator(user, "only moderators pin links")?;
                let by = self.summary_of(user).await?;
                self.extras.pinned = Some(PinnedLink {
                    url: url.clone(),
                    title,
                    by,
                });
                self.pinned_changed();
                self.log(Some(user), ModAction::PinnedLink, None, Some(url));
                Ok(())
            }
            RoomExtra::Unpin => {
                self.require_moderator(user, "only moderators unpin links")?;
                if self.extras.pinned.take().is_none() {
                    return Ok(());
                }
                self.pinned_changed();
                self.log(Some(user), ModAction::UnpinnedLink, None, None);
                Ok(())
            }
        }
    }

    /// Saves the new pinned link, then tells everyone in the room.
    fn pinned_changed(&mut self) {
        self.save();
        let msg = ServerMessage::PinnedLinkChanged {
            room_id: self.id.clone(),
            link: self.extras.pinned.clone(),
        };
        self.broadcast(&msg);
    }

    /// Restores the pinned link saved before a restart.
    pub(crate) fn restore_pinned(&mut self, link: Option<PinnedLink>) {
        self.extras.pinned = link;
    }

    fn require_moderator(&self, user: UserId, what: &str) -> Result<(), ServiceError> {
        if self.room.member(user).is_some_and(|m| m.is_moderator()) {
            Ok(())
        } else {
            Err(ServiceError::Forbidden(what.to_string()))
        }
    }
}
