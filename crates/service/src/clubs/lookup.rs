//! The club facts other services ask for (a member's role, a club's name, a member's clubs),
//! read from the store alone, so rooms and events ask them without depending on [`Clubs`].
//!
//! [`Clubs`]: super::Clubs

use stoa_proto::clubs::{ClubRef, ClubRole};
use stoa_proto::{ClubId, UserId};
use stoa_store::Store;

use crate::ServiceError;

/// `user`'s role in `club`; `None` when they are not a member (or the club does not exist).
pub(crate) async fn club_role(
    store: &dyn Store,
    club: ClubId,
    user: UserId,
) -> Result<Option<ClubRole>, ServiceError> {
    Ok(store.club_role(club, user).await?)
}

/// The club's id and name, for room cards, events and notifications.
/// [`ServiceError::NotFound`]`("club")` if it does not exist.
pub(crate) async fn club_ref(store: &dyn Store, club: ClubId) -> Result<ClubRef, ServiceError> {
    let record = store
        .club(club)
        .await?
        .ok_or(ServiceError::NotFound("club"))?;
    Ok(ClubRef {
        id: record.id,
        name: record.name,
    })
}

/// The clubs `user` is a member of (any role), by id.
pub(crate) async fn club_ids_of(
    store: &dyn Store,
    user: UserId,
) -> Result<Vec<ClubId>, ServiceError> {
    let roles = store.club_roles_of(user).await?;
    Ok(roles.into_iter().map(|(club, _)| club).collect())
}

/// Which club a new room belongs to: `None` without `club_id` (and then `members_only` is
/// `validation`); with one, the starter must be its founder, an admin or a leader.
pub(crate) async fn club_for_new_room(
    store: &dyn Store,
    starter: UserId,
    club_id: Option<ClubId>,
    members_only: bool,
) -> Result<Option<ClubRef>, ServiceError> {
    let Some(club) = club_id else {
        if members_only {
            return Err(ServiceError::Validation(
                "members_only needs a club_id: only club rooms can be for members only".to_string(),
            ));
        }
        return Ok(None);
    };
    let club_ref = club_ref(store, club).await?;
    match club_role(store, club, starter).await? {
        Some(role) if role.leads() => Ok(Some(club_ref)),
        _ => Err(ServiceError::Forbidden(
            "only the club's founder, admins and leaders can start a club room".to_string(),
        )),
    }
}
