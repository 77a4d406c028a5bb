//! The social slice: profiles with bios and follow counts, follows, follow lists (keyset
//! pagination behind an opaque cursor) and member search.

use std::sync::Arc;
use stoa_proto::rest::{Profile, UpdateProfileRequest, UserList, UserSearch};
use stoa_proto::UserId;

use stoa_store::{FollowCursor, ProfileUpdate, Store, StoreError, UserRecord};

pub use stoa_store::FollowDirection;

use crate::accounts::{profile, Member};
use crate::notify::Notifications;
use crate::presence::Presence;
use crate::rooms::Rooms;
use crate::uploads::UploadGate;
use crate::{validate, ServiceConfig, ServiceError};

/// Page size of follow lists and search results when the client gives none.
pub const DEFAULT_PAGE: u32 = 50;
/// Largest page a client may ask for.
pub const MAX_PAGE: u32 = 100;

/// Prefix of every cursor: a version, so the format can change without misreading old ones.
const CURSOR_VERSION: &str = "f1";

/// A follow-list position as the opaque string clients pass back: hex of
/// `f1:<unix ms>:<user id>`.
pub fn encode_cursor(cursor: &FollowCursor) -> String {
    hex::encode(format!(
        "{CURSOR_VERSION}:{}:{}",
        cursor.followed_at.timestamp_millis(),
        cursor.user.0
    ))
}

/// Reads back a cursor made by [`encode_cursor`]; anything else is `bad_request`.
pub fn decode_cursor(raw: &str) -> Result<FollowCursor, ServiceError> {
    let bad = || ServiceError::BadRequest("invalid cursor".to_string());
    let bytes = hex::decode(raw).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let mut parts = text.split(':');
    let (Some(CURSOR_VERSION), Some(ms), Some(id), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let ms: i64 = ms.parse().map_err(|_| bad())?;
    let id: i64 = id.parse().map_err(|_| bad())?;
    let followed_at = chrono::DateTime::from_timestamp_millis(ms).ok_or_else(bad)?;
    Ok(FollowCursor {
        followed_at,
        user: UserId(id),
    })
}

/// The social slice: profiles and avatars, follows, blocks, follow lists, member search and
/// profile share previews. Clone it freely.
#[derive(Clone)]
pub struct Social {
    store: Arc<dyn Store>,
    config: Arc<ServiceConfig>,
    uploads: Arc<UploadGate>,
    notifications: Notifications,
    presence: Presence,
    rooms: Rooms,
}

/// The account named `username` (any case), or `not_found`.
pub(crate) async fn member_named(
    store: &dyn Store,
    username: &str,
) -> Result<UserRecord, ServiceError> {
    store
        .user_by_username(&username.trim().to_ascii_lowercase())
        .await?
        .ok_or(ServiceError::NotFound("member"))
}

impl Social {
    pub(crate) fn new(
        store: Arc<dyn Store>,
        config: Arc<ServiceConfig>,
        uploads: Arc<UploadGate>,
        notifications: Notifications,
        presence: Presence,
        rooms: Rooms,
    ) -> Self {
        Self {
            store,
            config,
            uploads,
            notifications,
            presence,
            rooms,
        }
    }

    pub(crate) fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    pub(crate) fn config(&self) -> &ServiceConfig {
        &self.config
    }

    pub(crate) fn uploads(&self) -> &UploadGate {
        &self.uploads
    }

    pub(crate) fn presence(&self) -> &Presence {
        &self.presence
    }

    pub(crate) fn rooms(&self) -> &Rooms {
        &self.rooms
    }

    /// `user`'s profile as `viewer` sees it (follow counts, and whether the viewer follows them).
    pub async fn profile_view(
        &self,
        user: &UserRecord,
        viewer: Option<UserId>,
    ) -> Result<Profile, ServiceError> {
        let stats = self.store().follow_stats(user.id, viewer).await?;
        let mut profile = profile(user, stats);
        self.fill_profile_extras(&mut profile, user, viewer).await?;
        profile.suspended =
            crate::suspension::suspended_shown_to(self.store(), user.id, viewer).await?;
        // One's language is a setting of one's own: nobody else sees it.
        if viewer == Some(user.id) {
            profile.language = user.language;
        }
        Ok(profile)
    }

    /// The signed-in member's own profile.
    pub async fn my_profile(&self, member: &Member) -> Result<Profile, ServiceError> {
        self.profile_view(&member.record, Some(member.record.id))
            .await
    }

    /// A member's profile by username, as `viewer` sees it.
    pub async fn profile_of(
        &self,
        viewer: &Member,
        username: &str,
    ) -> Result<Profile, ServiceError> {
        let user = self.member_named(username).await?;
        self.profile_view(&user, Some(viewer.record.id)).await
    }

    /// Edits the member's display name, bio and/or language (checked when the request was read:
    /// only `"en"` or `"ro"`). Every field is validated before anything is
    /// written, so a refused edit changes nothing.
    pub async fn update_profile(
        &self,
        member: &Member,
        req: UpdateProfileRequest,
    ) -> Result<Profile, ServiceError> {
        let update = ProfileUpdate {
            display_name: req
                .display_name
                .as_deref()
                .map(validate::display_name)
                .transpose()?,
            bio: req.bio.as_deref().map(validate::bio).transpose()?,
            language: req.language,
        };
        let user = self
            .store()
            .update_profile(member.record.id, update)
            .await?;
        self.profile_view(&user, Some(user.id)).await
    }

    /// The member follows `username` (idempotent).
    pub async fn follow(&self, member: &Member, username: &str) -> Result<(), ServiceError> {
        let target = self.member_named(username).await?;
        self.refuse_if_blocked(member.record.id, target.id, "follow")
            .await?;
        match self.store().follow(member.record.id, target.id).await {
            Ok(new) => {
                self.presence.social_graph_changed(member.record.id);
                self.rooms.follows_changed(member.record.id).await;
                if new {
                    let followed = crate::notify::NewNotification {
                        kind: stoa_proto::rest::NotificationKind::NewFollower,
                        actor: Some(member.record.id),
                        room: None,
                        waitlist_username: None,
                        extra: Default::default(),
                    };
                    self.notifications.notify(target.id, followed).await;
                }
                Ok(())
            }
            Err(StoreError::NotFound) => Err(ServiceError::NotFound("member")),
            Err(err) => Err(err.into()),
        }
    }

    /// The member stops following `username` (idempotent).
    pub async fn unfollow(&self, member: &Member, username: &str) -> Result<(), ServiceError> {
        let target = self.member_named(username).await?;
        self.store().unfollow(member.record.id, target.id).await?;
        self.presence.social_graph_changed(member.record.id);
        self.rooms.follows_changed(member.record.id).await;
        Ok(())
    }

    /// One page of `username`'s followers or followings, newest first. `cursor` is a
    /// `next_cursor` from the previous page; `limit` is 1–100 (default 50).
    pub async fn follow_list(
        &self,
        username: &str,
        direction: FollowDirection,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<UserList, ServiceError> {
        let limit = validate::page_limit(limit, DEFAULT_PAGE, MAX_PAGE)?;
        let after = cursor.map(decode_cursor).transpose()?;
        let user = self.member_named(username).await?;
        // One extra entry says whether there is a next page.
        let mut entries = self
            .store()
            .follow_list(user.id, direction, after, limit + 1)
            .await?;
        let more = entries.len() > limit as usize;
        entries.truncate(limit as usize);
        let next_cursor = match entries.last() {
            Some(last) if more => Some(encode_cursor(&last.cursor())),
            _ => None,
        };
        Ok(UserList {
            users: entries.into_iter().map(|e| e.user).collect(),
            next_cursor,
        })
    }

    /// Members whose username or display name starts with `q` (ASCII case ignored), usernames
    /// first. `q` is 1–30 characters; `limit` is 1–100 (default 50).
    pub async fn search_members(
        &self,
        q: &str,
        limit: Option<u32>,
    ) -> Result<UserSearch, ServiceError> {
        let q = validate::search_query(q)?;
        let limit = validate::page_limit(limit, DEFAULT_PAGE, MAX_PAGE)?;
        let users = self.store().search_users(&q, limit).await?;
        Ok(UserSearch { users })
    }

    /// The account named `username` (any case), or `not_found`.
    pub(crate) async fn member_named(&self, username: &str) -> Result<UserRecord, ServiceError> {
        member_named(self.store(), username).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let cursor = FollowCursor {
            followed_at: chrono::DateTime::from_timestamp_millis(1_700_000_000_123).expect("valid"),
            user: UserId(42),
        };
        let encoded = encode_cursor(&cursor);
        assert_eq!(decode_cursor(&encoded).expect("decodes"), cursor);
        for bad in [
            "",
            "zz",
            "not hex at all",
            &hex::encode("f1:1:2:3"),
            &hex::encode("f2:1:2"),
            &hex::encode("f1:x:2"),
            &hex::encode("f1:1"),
            &hex::encode(format!("f1:{}:2", i64::MAX)),
        ] {
            let err = decode_cursor(bad).expect_err(bad);
            assert_eq!(err.code(), stoa_proto::ErrorCode::BadRequest, "{bad}");
        }
    }
}
