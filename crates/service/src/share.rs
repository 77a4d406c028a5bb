//! What the public share links (`/r/{room}` and `/u/{username}`) show to someone signed out:
//! a room's title, stage and audience size, or a member's public profile. A closed or
//! members-only club room reveals nothing but that it is private.

use stoa_proto::rest::UserSummary;
use stoa_proto::RoomId;

use crate::rooms::Rooms;
use crate::social::Social;
use crate::ServiceError;

/// A room as its public preview shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomPreview {
    /// An open or social room, live or ended.
    Public {
        /// Title.
        title: String,
        /// Who is on stage (moderators first); empty once the room ended.
        stage: Vec<UserSummary>,
        /// People in the audience.
        listener_count: u32,
        /// The room has ended.
        ended: bool,
        /// Absolute URL of the first stage member's avatar who has one.
        image_url: Option<String>,
    },
    /// A closed or members-only club room: nothing about it is shown.
    Private,
}

/// A member's public profile as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfilePreview {
    /// Username.
    pub username: String,
    /// Display name.
    pub display_name: String,
    /// Bio (may be empty).
    pub bio: String,
    /// Number of followers.
    pub followers: u32,
    /// Absolute URL of the avatar, if any.
    pub avatar_url: Option<String>,
}

impl Rooms {
    /// The public preview of a room; `not_found` if there is no such room.
    pub async fn room_preview(&self, id: &RoomId) -> Result<RoomPreview, ServiceError> {
        let summary = self.room_summary(id).await?;
        if crate::rooms::is_private(&summary) {
            return Ok(RoomPreview::Private);
        }
        let mut image_url = None;
        for user in &summary.stage {
            if let Some(version) = self.store().avatar_version(user.id).await? {
                image_url = Some(
                    self.config()
                        .absolute_url(&crate::avatars::avatar_url(&user.username, version)),
                );
                break;
            }
        }
        Ok(RoomPreview::Public {
            title: summary.title,
            stage: summary.stage,
            listener_count: summary.listener_count,
            ended: summary.ended,
            image_url,
        })
    }
}

impl Social {
    /// The public preview of a member's profile; `not_found` if there is no such member.
    pub async fn profile_preview(&self, username: &str) -> Result<ProfilePreview, ServiceError> {
        let user = self.member_named(username).await?;
        let stats = self.store().follow_stats(user.id, None).await?;
        let avatar_url = self
            .avatar_url_of(&user)
            .await?
            .map(|path| self.config().absolute_url(&path));
        Ok(ProfilePreview {
            username: user.username,
            display_name: user.display_name,
            bio: user.bio,
            followers: stats.followers,
            avatar_url,
        })
    }
}
