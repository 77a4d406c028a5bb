//! The parts of a profile that depend on more than the account and its follow counts: whether
//! the viewer blocked the member, the avatar URL, and the live room the member is in now (only
//! when the viewer could join it).

use stoa_proto::rest::{Profile, RoomRef};
use stoa_proto::{RoomKind, UserId};
use stoa_store::UserRecord;

use crate::presence::Presence;
use crate::social::Social;
use crate::ServiceError;

impl Social {
    /// Fills `blocked_by_me`, `avatar_url` and `rooms_now` of `profile` (the profile of `user`)
    /// for `viewer` (`None`: someone signed out).
    pub(crate) async fn fill_profile_extras(
        &self,
        profile: &mut Profile,
        user: &UserRecord,
        viewer: Option<UserId>,
    ) -> Result<(), ServiceError> {
        profile.blocked_by_me = match viewer {
            Some(viewer) if viewer != user.id => {
                self.store().blockers_of(user.id).await?.contains(&viewer)
            }
            _ => false,
        };
        profile.avatar_url = self.avatar_url_of(user).await?;
        profile.rooms_now = self.presence().rooms_now(user.id, viewer).await?;
        Ok(())
    }
}

impl Presence {
    /// The live room `user` is in right now (on any node), if `viewer` could join it (a member
    /// always sees their own; a signed-out viewer sees open rooms only).
    pub async fn rooms_now(
        &self,
        user: UserId,
        viewer: Option<UserId>,
    ) -> Result<Vec<RoomRef>, ServiceError> {
        let Some((summary, access)) = self.registry().room_anywhere(user) else {
            return Ok(Vec::new());
        };
        let visible = match viewer {
            Some(viewer) if viewer == user => true,
            Some(viewer) => {
                let blocks = crate::blocks::blocked_either_way(self.store(), viewer).await?;
                let clubs = crate::clubs::lookup::club_ids_of(self.store(), viewer)
                    .await?
                    .into_iter()
                    .collect();
                access.check(viewer, &blocks, &clubs).is_ok()
            }
            None => access.kind == RoomKind::Open,
        };
        if !visible || summary.ended {
            return Ok(Vec::new());
        }
        Ok(vec![RoomRef {
            id: summary.id.clone(),
            title: summary.title.clone(),
        }])
    }
}
