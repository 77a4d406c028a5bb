//! Clubs: a founder, admins, leaders and members; joining is open or by approval. Club rooms
//! belong to a club and may be for its members only.
//!
//! The facts other parts of the service ask for (a member's role, a club's name, a member's
//! clubs) are store lookups in [`lookup`]; the rest lives in the submodules.

pub(crate) mod lookup;
pub mod manage;
pub mod membership;

use std::sync::Arc;

use stoa_proto::clubs::{ClubRef, ClubRole};
use stoa_proto::{ClubId, UserId};
use stoa_store::Store;

use crate::events::Events;
use crate::notify::Notifications;
use crate::presence::Presence;
use crate::social::Social;
use crate::uploads::UploadGate;
use crate::ServiceError;

/// Clubs: creating and editing them, membership and join requests, roles, and the club page
/// (with its live rooms and upcoming events). Clone it freely.
#[derive(Clone)]
pub struct Clubs {
    store: Arc<dyn Store>,
    uploads: Arc<UploadGate>,
    notifications: Notifications,
    presence: Presence,
    social: Social,
    events: Events,
}

impl Clubs {
    pub(crate) fn new(
        store: Arc<dyn Store>,
        uploads: Arc<UploadGate>,
        notifications: Notifications,
        presence: Presence,
        social: Social,
        events: Events,
    ) -> Self {
        Self {
            store,
            uploads,
            notifications,
            presence,
            social,
            events,
        }
    }

    fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// `user`'s role in `club`; `None` when they are not a member (or the club does not exist).
    pub async fn club_role(
        &self,
        club: ClubId,
        user: UserId,
    ) -> Result<Option<ClubRole>, ServiceError> {
        lookup::club_role(self.store(), club, user).await
    }

    /// The club's id and name, for room cards, events and notifications.
    /// [`ServiceError::NotFound`]`("club")` if it does not exist.
    pub async fn club_ref(&self, club: ClubId) -> Result<ClubRef, ServiceError> {
        lookup::club_ref(self.store(), club).await
    }

    /// The clubs `user` is a member of (any role), by id.
    pub async fn club_ids_of(&self, user: UserId) -> Result<Vec<ClubId>, ServiceError> {
        lookup::club_ids_of(self.store(), user).await
    }
}
