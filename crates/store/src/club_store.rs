//! The [`ClubStore`] trait: clubs, their members, roles, join requests, icons, and club
//! rooms. Every [`Store`](crate::Store) is one (it is a supertrait), so its methods are
//! callable on `dyn Store` with this trait in scope.

use chrono::{DateTime, Utc};
use stoa_proto::clubs::ClubRole;
use stoa_proto::{ClubId, RoomId, UserId};

use crate::club_records::{
    ClubMemberCursor, ClubMemberRecord, ClubRecord, ClubRequestRecord, ClubUpdate, NewClub,
};
use crate::error::StoreError;
use crate::records::AvatarRecord;

/// Durable state of clubs (both dialects implement it in their `clubs` module).
#[async_trait::async_trait]
pub trait ClubStore: Send + Sync + 'static {
    /// Creates a club and makes `new.founder` its founder, in one transaction.
    /// [`StoreError::NameTaken`] if another club has the name ignoring case;
    /// [`StoreError::NotFound`] if the founder does not exist.
    async fn create_club(&self, new: NewClub) -> Result<ClubRecord, StoreError>;

    /// The club with this id.
    async fn club(&self, id: ClubId) -> Result<Option<ClubRecord>, StoreError>;

    /// Applies an edit. [`StoreError::NotFound`] if the club does not exist,
    /// [`StoreError::NameTaken`] if the new name is another club's ignoring case.
    async fn update_club(&self, id: ClubId, update: ClubUpdate) -> Result<ClubRecord, StoreError>;

    /// Clubs whose name starts with `prefix` ignoring case (every club for `""`), by name
    /// ignoring case, at most `limit`. The prefix is taken literally.
    async fn search_clubs(&self, prefix: &str, limit: u32) -> Result<Vec<ClubRecord>, StoreError>;

    /// The clubs `user` is a member of (any role), by name ignoring case.
    async fn clubs_of(&self, user: UserId) -> Result<Vec<ClubRecord>, StoreError>;

    /// `user`'s role in `club`; `None` when not a member (or no such club).
    async fn club_role(&self, club: ClubId, user: UserId) -> Result<Option<ClubRole>, StoreError>;

    /// Every club `user` is a member of with their role, by club id.
    async fn club_roles_of(&self, user: UserId) -> Result<Vec<(ClubId, ClubRole)>, StoreError>;

    /// The clubs `user` asked to join and still waits on, by club id.
    async fn club_requests_of(&self, user: UserId) -> Result<Vec<ClubId>, StoreError>;

    /// Makes `user` a member of `club` with `role` at `at` and drops any pending request of
    /// theirs, in one transaction; returns whether they are new (an existing member keeps their
    /// role). [`StoreError::NotFound`] if the club or the member does not exist.
    async fn add_club_member(
        &self,
        club: ClubId,
        user: UserId,
        role: ClubRole,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// Removes `user` from `club`; returns whether they were a member.
    async fn remove_club_member(&self, club: ClubId, user: UserId) -> Result<bool, StoreError>;

    /// Changes a member's role; returns whether `user` is a member.
    async fn set_club_role(
        &self,
        club: ClubId,
        user: UserId,
        role: ClubRole,
    ) -> Result<bool, StoreError>;

    /// One page of `club`'s members: founder, admins, leaders, then members, within a role by
    /// join time (then id); strictly after `after`, at most `limit`.
    async fn club_members(
        &self,
        club: ClubId,
        after: Option<ClubMemberCursor>,
        limit: u32,
    ) -> Result<Vec<ClubMemberRecord>, StoreError>;

    /// The founder and admins of `club`, by id.
    async fn club_managers(&self, club: ClubId) -> Result<Vec<UserId>, StoreError>;

    /// Records `user`'s request to join `club` at `at`; returns whether it is new (asking again
    /// keeps the first time). [`StoreError::NotFound`] if the club or member does not exist.
    async fn request_club_join(
        &self,
        club: ClubId,
        user: UserId,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// Drops `user`'s pending request to join `club`; returns whether there was one.
    async fn remove_club_request(&self, club: ClubId, user: UserId) -> Result<bool, StoreError>;

    /// `club`'s pending requests, oldest first.
    async fn club_requests(&self, club: ClubId) -> Result<Vec<ClubRequestRecord>, StoreError>;

    /// Stores `image` (already re-encoded by the service) as the club's icon and returns its
    /// version, one more than any before. [`StoreError::NotFound`] if the club does not exist.
    async fn set_club_icon(
        &self,
        club: ClubId,
        content_type: &str,
        image: &[u8],
    ) -> Result<i64, StoreError>;

    /// The club's icon, if it has one (`updated_at` is the club's creation time).
    async fn club_icon(&self, club: ClubId) -> Result<Option<AvatarRecord>, StoreError>;

    /// Makes `room` a room of `club`, for members only or not.
    /// [`StoreError::NotFound`] if the room or the club does not exist.
    async fn set_room_club(
        &self,
        room: &RoomId,
        club: ClubId,
        members_only: bool,
    ) -> Result<(), StoreError>;
}

/// Implements [`ClubStore`] for `$store` (a struct with a `pool` field) by calling the
/// same-named functions in scope at the call site (each dialect's `clubs` module).
macro_rules! delegate_club_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::club_store::ClubStore for $store {
            async fn create_club(&self, new: NewClub) -> Result<ClubRecord, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("create_club");
                create_club(&self.pool, new).await
            }
            async fn club(&self, id: ClubId) -> Result<Option<ClubRecord>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("club");
                club(&self.pool, id).await
            }
            async fn update_club(
                &self,
                id: ClubId,
                update: ClubUpdate,
            ) -> Result<ClubRecord, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("update_club");
                update_club(&self.pool, id, update).await
            }
            async fn search_clubs(
                &self,
                prefix: &str,
                limit: u32,
            ) -> Result<Vec<ClubRecord>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("search_clubs");
                search_clubs(&self.pool, prefix, limit).await
            }
            async fn clubs_of(&self, user: UserId) -> Result<Vec<ClubRecord>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("clubs_of");
                clubs_of(&self.pool, user).await
            }
            async fn club_role(
                &self,
                club: ClubId,
                user: UserId,
            ) -> Result<Option<ClubRole>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("club_role");
                club_role(&self.pool, club, user).await
            }
            async fn club_roles_of(
                &self,
                user: UserId,
            ) -> Result<Vec<(ClubId, ClubRole)>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("club_roles_of");
                club_roles_of(&self.pool, user).await
            }
            async fn club_requests_of(&self, user: UserId) -> Result<Vec<ClubId>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("club_requests_of");
                club_requests_of(&self.pool, user).await
            }
            async fn add_club_member(
                &self,
                club: ClubId,
                user: UserId,
                role: ClubRole,
                at: DateTime<Utc>,
            ) -> Result<bool, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("add_club_member");
                add_club_member(&self.pool, club, user, role, at).await
            }
            async fn remove_club_member(
                &self,
                club: ClubId,
                user: UserId,
            ) -> Result<bool, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("remove_club_member");
                remove_club_member(&self.pool, club, user).await
            }
            async fn set_club_role(
                &self,
                club: ClubId,
                user: UserId,
                role: ClubRole,
            ) -> Result<bool, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("set_club_role");
                set_club_role(&self.pool, club, user, role).await
            }
            async fn club_members(
                &self,
                club: ClubId,
                after: Option<ClubMemberCursor>,
                limit: u32,
            ) -> Result<Vec<ClubMemberRecord>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("club_members");
                club_members(&self.pool, club, after, limit).await
            }
            async fn club_managers(&self, club: ClubId) -> Result<Vec<UserId>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("club_managers");
                club_managers(&self.pool, club).await
            }
            async fn request_club_join(
                &self,
                club: ClubId,
                user: UserId,
                at: DateTime<Utc>,
            ) -> Result<bool, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("request_club_join");
                request_club_join(&self.pool, club, user, at).await
            }
            async fn remove_club_request(
                &self,
                club: ClubId,
                user: UserId,
            ) -> Result<bool, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("remove_club_request");
                remove_club_request(&self.pool, club, user).await
            }
            async fn club_requests(
                &self,
                club: ClubId,
            ) -> Result<Vec<ClubRequestRecord>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("club_requests");
                club_requests(&self.pool, club).await
            }
            async fn set_club_icon(
                &self,
                club: ClubId,
                content_type: &str,
                image: &[u8],
            ) -> Result<i64, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("set_club_icon");
                set_club_icon(&self.pool, club, content_type, image).await
            }
            async fn club_icon(&self, club: ClubId) -> Result<Option<AvatarRecord>, StoreError> {
                let _timer = $crate::timing::QueryTimer::start("club_icon");
                club_icon(&self.pool, club).await
            }
            async fn set_room_club(
                &self,
                room: &RoomId,
                club: ClubId,
                members_only: bool,
            ) -> Result<(), StoreError> {
                let _timer = $crate::timing::QueryTimer::start("set_room_club");
                set_room_club(&self.pool, room, club, members_only).await
            }
        }
    };
}
pub(crate) use delegate_club_store;
