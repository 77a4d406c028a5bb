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

/// Durable state of clubs: the clubs, their icons and club rooms (implemented in `sql/clubs.rs`).
#[async_trait::async_trait]
pub trait ClubStore: Send + Sync {
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

/// Clubs' members, roles and join requests (implemented in `sql/clubs/members.rs`).
#[async_trait::async_trait]
pub trait ClubMemberStore: Send + Sync {
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
}
