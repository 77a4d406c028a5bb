//! Joining and leaving clubs, join requests, removing members, roles, and the members list.

use chrono::{DateTime, Utc};
use stoa_proto::clubs::{
    ClubJoinPolicy, ClubJoinRequest, ClubJoinRequestList, ClubMember, ClubMemberList,
    ClubMembership, ClubRef, ClubRole,
};
use stoa_proto::rest::NotificationKind;
use stoa_proto::{ClubId, UserId};
use stoa_room::RoomError;
use stoa_store::{ClubMemberCursor, NotificationExtra};

use crate::accounts::Member;
use crate::clubs::Clubs;
use crate::notify::NewNotification;
use crate::ServiceError;

/// Members per page when the caller does not say.
pub const DEFAULT_MEMBERS_PAGE: u32 = 50;
/// Most members per page.
pub const MAX_MEMBERS_PAGE: u32 = 100;

fn forbidden(why: &str) -> ServiceError {
    ServiceError::Forbidden(why.to_string())
}

fn club_note(kind: NotificationKind, actor: Option<UserId>, club: ClubRef) -> NewNotification {
    NewNotification {
        kind,
        actor,
        room: None,
        waitlist_username: None,
        extra: NotificationExtra {
            club: Some(club),
            ..Default::default()
        },
    }
}

/// A members-list cursor as the wire carries it: `rank.joined_ms.user_id`.
fn encode_cursor(member: &ClubMember) -> String {
    let rank = match member.role {
        ClubRole::Founder => 0,
        ClubRole::Admin => 1,
        ClubRole::Leader => 2,
        ClubRole::Member => 3,
    };
    format!(
        "{rank}.{}.{}",
        member.joined_at.timestamp_millis(),
        member.user.id.0
    )
}

fn decode_cursor(cursor: &str) -> Result<ClubMemberCursor, ServiceError> {
    let bad = || ServiceError::BadRequest("invalid cursor".to_string());
    let mut parts = cursor.split('.');
    let (Some(rank), Some(ms), Some(id), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let role = match rank {
        "0" => ClubRole::Founder,
        "1" => ClubRole::Admin,
        "2" => ClubRole::Leader,
        "3" => ClubRole::Member,
        _ => return Err(bad()),
    };
    let joined_at: DateTime<Utc> = ms
        .parse::<i64>()
        .ok()
        .and_then(DateTime::from_timestamp_millis)
        .ok_or_else(bad)?;
    let user = UserId(id.parse().map_err(|_| bad())?);
    Ok(ClubMemberCursor {
        role,
        joined_at,
        user,
    })
}

impl Clubs {
    /// Joins a club: an open club makes the member a member at once; an approval club records a
    /// request and tells the founder and admins. Joining again changes nothing.
    pub async fn join_club(
        &self,
        member: &Member,
        club: ClubId,
    ) -> Result<ClubMembership, ServiceError> {
        let record = self.club_record(club).await?;
        let me = member.record.id;
        if self.store().club_role(club, me).await?.is_some() {
            return self.club_membership(club, me).await;
        }
        match record.join_policy {
            ClubJoinPolicy::Open => {
                self.store()
                    .add_club_member(club, me, ClubRole::Member, Utc::now())
                    .await?;
                self.presence.social_graph_changed(me);
                tracing::info!(%club, user = %me, "joined club");
            }
            ClubJoinPolicy::Approval => {
                if self.store().request_club_join(club, me, Utc::now()).await? {
                    let club_ref = ClubRef {
                        id: record.id,
                        name: record.name.clone(),
                    };
                    for manager in self.store().club_managers(club).await? {
                        let note = club_note(
                            NotificationKind::ClubJoinRequested,
                            Some(me),
                            club_ref.clone(),
                        );
                        self.notifications.notify(manager, note).await;
                    }
                }
            }
        }
        self.club_membership(club, me).await
    }

    /// Leaves a club (or withdraws a pending request). The founder cannot leave
    /// (`invalid_state`).
    pub async fn leave_club(&self, member: &Member, club: ClubId) -> Result<(), ServiceError> {
        self.club_record(club).await?;
        let me = member.record.id;
        match self.store().club_role(club, me).await? {
            Some(ClubRole::Founder) => {
                Err(RoomError::InvalidState("the founder cannot leave their club").into())
            }
            Some(_) => {
                self.store().remove_club_member(club, me).await?;
                self.presence.social_graph_changed(me);
                Ok(())
            }
            None => {
                self.store().remove_club_request(club, me).await?;
                Ok(())
            }
        }
    }

    /// The club's pending requests, oldest first (founder and admins).
    pub async fn club_requests(
        &self,
        member: &Member,
        club: ClubId,
    ) -> Result<ClubJoinRequestList, ServiceError> {
        self.require_manager(club, member.record.id).await?;
        let requests = self.store().club_requests(club).await?;
        Ok(ClubJoinRequestList {
            requests: requests
                .into_iter()
                .map(|r| ClubJoinRequest {
                    user: r.user,
                    requested_at: r.requested_at,
                })
                .collect(),
        })
    }

    /// Approves `username`'s request (founder and admins): they become a member and are told.
    /// `not_found` if they have no pending request.
    pub async fn approve_club_request(
        &self,
        member: &Member,
        club: ClubId,
        username: &str,
    ) -> Result<(), ServiceError> {
        self.require_manager(club, member.record.id).await?;
        let target = self.social.member_named(username).await?;
        let pending = self.store().club_requests_of(target.id).await?;
        if !pending.contains(&club) {
            return Err(ServiceError::NotFound("join request"));
        }
        self.store()
            .add_club_member(club, target.id, ClubRole::Member, Utc::now())
            .await?;
        self.presence.social_graph_changed(target.id);
        let club_ref = self.club_ref(club).await?;
        let note = club_note(
            NotificationKind::ClubJoinApproved,
            Some(member.record.id),
            club_ref,
        );
        self.notifications.notify(target.id, note).await;
        tracing::info!(%club, user = %target.id, by = %member.record.id, "club request approved");
        Ok(())
    }

    /// Declines `username`'s request (founder and admins). `not_found` if there is none.
    pub async fn decline_club_request(
        &self,
        member: &Member,
        club: ClubId,
        username: &str,
    ) -> Result<(), ServiceError> {
        self.require_manager(club, member.record.id).await?;
        let target = self.social.member_named(username).await?;
        if !self.store().remove_club_request(club, target.id).await? {
            return Err(ServiceError::NotFound("join request"));
        }
        Ok(())
    }

    /// Removes `username` from the club (founder and admins). Nobody removes the founder; only
    /// the founder removes an admin. `not_found` if they are not a member.
    pub async fn remove_club_member(
        &self,
        member: &Member,
        club: ClubId,
        username: &str,
    ) -> Result<(), ServiceError> {
        let my_role = self.require_manager(club, member.record.id).await?;
        let target = self.social.member_named(username).await?;
        let role = self
            .store()
            .club_role(club, target.id)
            .await?
            .ok_or(ServiceError::NotFound("club member"))?;
        match role {
            ClubRole::Founder => return Err(forbidden("the founder cannot be removed")),
            ClubRole::Admin if my_role != ClubRole::Founder => {
                return Err(forbidden("only the founder can remove an admin"))
            }
            _ => {}
        }
        self.store().remove_club_member(club, target.id).await?;
        self.presence.social_graph_changed(target.id);
        tracing::info!(%club, user = %target.id, by = %member.record.id, "removed from club");
        Ok(())
    }

    /// Sets `username`'s role: admins name leaders and members; only the founder names or
    /// demotes admins; the founder's role never changes (and nobody becomes founder).
    pub async fn set_club_role(
        &self,
        member: &Member,
        club: ClubId,
        username: &str,
        role: ClubRole,
    ) -> Result<(), ServiceError> {
        let my_role = self.require_manager(club, member.record.id).await?;
        if role == ClubRole::Founder {
            return Err(ServiceError::Validation(
                "a club has exactly one founder: the role must be admin, leader or member"
                    .to_string(),
            ));
        }
        let target = self.social.member_named(username).await?;
        let current = self
            .store()
            .club_role(club, target.id)
            .await?
            .ok_or(ServiceError::NotFound("club member"))?;
        if current == ClubRole::Founder {
            return Err(forbidden("the founder's role never changes"));
        }
        let touches_admin = role == ClubRole::Admin || current == ClubRole::Admin;
        if touches_admin && my_role != ClubRole::Founder {
            return Err(forbidden("only the founder can name or demote admins"));
        }
        self.store().set_club_role(club, target.id, role).await?;
        tracing::info!(%club, user = %target.id, ?role, "club role set");
        Ok(())
    }

    /// One page of the club's members (any signed-in member may look): founder, admins,
    /// leaders, then members, each by join time.
    pub async fn club_members(
        &self,
        club: ClubId,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<ClubMemberList, ServiceError> {
        self.club_record(club).await?;
        let after = cursor.map(decode_cursor).transpose()?;
        let limit = limit
            .unwrap_or(DEFAULT_MEMBERS_PAGE)
            .clamp(1, MAX_MEMBERS_PAGE);
        let mut rows = self.store().club_members(club, after, limit + 1).await?;
        let more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let members: Vec<ClubMember> = rows
            .into_iter()
            .map(|r| ClubMember {
                user: r.user,
                role: r.role,
                joined_at: r.joined_at,
            })
            .collect();
        let next_cursor = if more {
            members.last().map(encode_cursor)
        } else {
            None
        };
        Ok(ClubMemberList {
            members,
            next_cursor,
        })
    }
}
