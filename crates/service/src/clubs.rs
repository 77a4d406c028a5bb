//! Clubs: a founder, admins, leaders and members; joining is open or by approval. Club rooms
//! belong to a club and may be for its members only.
//!
//! The facts other parts of the service ask for (a member's role, a club's name, a member's
//! clubs) are the three lookups here; the rest lives in the submodules.

pub mod manage;
pub mod membership;

use stoa_proto::clubs::{ClubRef, ClubRole};
use stoa_proto::{ClubId, UserId};

use crate::{ServiceError, Stoa};

impl Stoa {
    /// `user`'s role in `club`; `None` when they are not a member (or the club does not exist).
    pub async fn club_role(
        &self,
        club: ClubId,
        user: UserId,
    ) -> Result<Option<ClubRole>, ServiceError> {
        Ok(self.store().club_role(club, user).await?)
    }

    /// The club's id and name, for room cards, events and notifications.
    /// [`ServiceError::NotFound`]`("club")` if it does not exist.
    pub async fn club_ref(&self, club: ClubId) -> Result<ClubRef, ServiceError> {
        let record = self
            .store()
            .club(club)
            .await?
            .ok_or(ServiceError::NotFound("club"))?;
        Ok(ClubRef {
            id: record.id,
            name: record.name,
        })
    }

    /// The clubs `user` is a member of (any role), by id.
    pub async fn club_ids_of(&self, user: UserId) -> Result<Vec<ClubId>, ServiceError> {
        let roles = self.store().club_roles_of(user).await?;
        Ok(roles.into_iter().map(|(club, _)| club).collect())
    }
}
