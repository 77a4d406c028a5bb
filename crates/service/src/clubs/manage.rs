//! Creating, reading, editing and listing clubs, and their icons.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use stoa_proto::clubs::{
    Club, ClubList, ClubMembership, ClubRole, ClubSummary, CreateClubRequest, UpdateClubRequest,
};
use stoa_proto::{limits, ClubId};
use stoa_store::{AvatarRecord, ClubRecord, ClubUpdate, NewClub, StoreError};

use crate::accounts::Member;
use crate::clubs::Clubs;
use crate::ServiceError;

/// Most clubs one search or browse answers.
pub const CLUB_SEARCH_LIMIT: u32 = 50;

/// The URL of a club's icon at `version`.
pub fn club_icon_url(club: ClubId, version: i64) -> String {
    format!("/api/clubs/{club}/icon?v={version}")
}

fn check_len(field: &str, value: &str, min: usize, max: usize) -> Result<(), ServiceError> {
    let len = value.chars().count();
    if len < min || len > max {
        let range = if min == 0 {
            format!("at most {max} characters")
        } else {
            format!("{min}–{max} characters")
        };
        return Err(ServiceError::Validation(format!(
            "the club's {field} must be {range}"
        )));
    }
    Ok(())
}

/// A club name normalised and checked as a display name is (2–50 visible characters, see
/// [`crate::validate::name`]).
fn club_name(name: &str) -> Result<String, ServiceError> {
    crate::validate::name(
        name,
        limits::CLUB_NAME_MIN,
        limits::CLUB_NAME_MAX,
        "the club's name",
    )
}

/// A store error of a write naming the club: a taken name becomes a clear `validation`.
fn named(err: StoreError) -> ServiceError {
    match err {
        StoreError::NameTaken => {
            ServiceError::Validation("a club with this name already exists".to_string())
        }
        StoreError::NotFound => ServiceError::NotFound("club"),
        other => other.into(),
    }
}

/// The viewer's relation to a club, from their roles and pending requests.
pub(crate) fn membership(
    club: ClubId,
    roles: &HashMap<ClubId, ClubRole>,
    requests: &HashSet<ClubId>,
) -> ClubMembership {
    ClubMembership {
        role: roles.get(&club).copied(),
        request_pending: requests.contains(&club),
    }
}

fn summary(record: ClubRecord, membership: ClubMembership) -> ClubSummary {
    ClubSummary {
        icon_url: record.icon_version.map(|v| club_icon_url(record.id, v)),
        id: record.id,
        name: record.name,
        description: record.description,
        join_policy: record.join_policy,
        member_count: record.member_count,
        membership,
    }
}

impl Clubs {
    /// The club record, or `not_found`.
    pub(crate) async fn club_record(&self, club: ClubId) -> Result<ClubRecord, ServiceError> {
        self.store()
            .club(club)
            .await?
            .ok_or(ServiceError::NotFound("club"))
    }

    /// The viewer's relation to one club.
    pub(crate) async fn club_membership(
        &self,
        club: ClubId,
        viewer: stoa_proto::UserId,
    ) -> Result<ClubMembership, ServiceError> {
        let role = self.store().club_role(club, viewer).await?;
        let request_pending =
            role.is_none() && self.store().club_requests_of(viewer).await?.contains(&club);
        Ok(ClubMembership {
            role,
            request_pending,
        })
    }

    /// Creates a club; the creator is its founder. Name 2–50 characters, unique ignoring case
    /// (`validation` otherwise), description at most 1000, rules at most 2000.
    pub async fn create_club(
        &self,
        member: &Member,
        req: CreateClubRequest,
    ) -> Result<Club, ServiceError> {
        let name = club_name(&req.name)?;
        check_len(
            "description",
            &req.description,
            0,
            limits::CLUB_DESCRIPTION_MAX,
        )?;
        check_len("rules", &req.rules, 0, limits::CLUB_RULES_MAX)?;
        let record = self
            .store()
            .create_club(NewClub {
                name,
                description: req.description,
                rules: req.rules,
                join_policy: req.join_policy,
                founder: member.record.id,
                created_at: Utc::now(),
            })
            .await
            .map_err(named)?;
        tracing::info!(club = %record.id, by = %member.record.id, "club created");
        self.presence.social_graph_changed(member.record.id);
        self.club_page(record.id, member.record.id).await
    }

    /// The club page as `viewer` sees it.
    pub async fn club_page(
        &self,
        club: ClubId,
        viewer: stoa_proto::UserId,
    ) -> Result<Club, ServiceError> {
        let record = self.club_record(club).await?;
        let membership = self.club_membership(club, viewer).await?;
        let pending_requests = match membership.role {
            Some(role) if role.manages() => self.store().club_requests(club).await?.len() as u32,
            _ => 0,
        };
        let live_rooms = self.club_live_rooms(club, viewer).await?;
        Ok(Club {
            icon_url: record.icon_version.map(|v| club_icon_url(record.id, v)),
            id: record.id,
            name: record.name,
            description: record.description,
            rules: record.rules,
            join_policy: record.join_policy,
            member_count: record.member_count,
            founder: record.founder,
            created_at: record.created_at,
            membership,
            pending_requests,
            live_rooms,
            upcoming_events: self.events.club_upcoming_events(club, viewer).await?,
        })
    }

    /// The club's live rooms `viewer` may join.
    async fn club_live_rooms(
        &self,
        club: ClubId,
        viewer: stoa_proto::UserId,
    ) -> Result<Vec<stoa_proto::rest::RoomSummary>, ServiceError> {
        let rooms: Vec<_> = self
            .presence
            .registry()
            .live_rooms()
            .into_iter()
            .filter(|(_, access)| access.club == Some(club))
            .collect();
        if rooms.is_empty() {
            return Ok(Vec::new());
        }
        let blocks = crate::blocks::blocked_either_way(self.store(), viewer).await?;
        let clubs: HashSet<ClubId> = self.club_ids_of(viewer).await?.into_iter().collect();
        let mut live: Vec<_> = rooms
            .into_iter()
            .filter(|(summary, access)| {
                !summary.ended && access.check(viewer, &blocks, &clubs).is_ok()
            })
            .map(|(summary, _)| summary.as_ref().clone())
            .collect();
        live.sort_by(|a, b| a.title.cmp(&b.title).then_with(|| a.id.cmp(&b.id)));
        Ok(live)
    }

    /// Fails with `forbidden` unless `user` is the club's founder or an admin; answers their role.
    pub(crate) async fn require_manager(
        &self,
        club: ClubId,
        user: stoa_proto::UserId,
    ) -> Result<ClubRole, ServiceError> {
        self.club_record(club).await?;
        match self.store().club_role(club, user).await? {
            Some(role) if role.manages() => Ok(role),
            _ => Err(ServiceError::Forbidden(
                "only the club's founder and admins can do this".to_string(),
            )),
        }
    }

    /// Edits a club (founder and admins).
    pub async fn update_club(
        &self,
        member: &Member,
        club: ClubId,
        req: UpdateClubRequest,
    ) -> Result<Club, ServiceError> {
        self.require_manager(club, member.record.id).await?;
        let name = req.name.as_deref().map(club_name).transpose()?;
        if let Some(description) = &req.description {
            check_len("description", description, 0, limits::CLUB_DESCRIPTION_MAX)?;
        }
        if let Some(rules) = &req.rules {
            check_len("rules", rules, 0, limits::CLUB_RULES_MAX)?;
        }
        let update = ClubUpdate {
            name,
            description: req.description,
            rules: req.rules,
            join_policy: req.join_policy,
        };
        self.store()
            .update_club(club, update)
            .await
            .map_err(named)?;
        self.club_page(club, member.record.id).await
    }

    /// Replaces the club's icon with the upload (founder and admins), processed like avatars.
    pub async fn set_club_icon(
        &self,
        member: &Member,
        club: ClubId,
        bytes: Vec<u8>,
    ) -> Result<Club, ServiceError> {
        self.require_manager(club, member.record.id).await?;
        let _upload = self.uploads.admit(member.record.id)?;
        let encoded = crate::avatars::encode_upload(bytes).await?;
        let version = self
            .store()
            .set_club_icon(club, encoded.content_type, &encoded.bytes)
            .await
            .map_err(named)?;
        tracing::info!(%club, version, "club icon updated");
        self.club_page(club, member.record.id).await
    }

    /// The club's icon; `not_found` if the club has none.
    pub async fn club_icon(&self, club: ClubId) -> Result<AvatarRecord, ServiceError> {
        self.store()
            .club_icon(club)
            .await?
            .ok_or(ServiceError::NotFound("club icon"))
    }

    /// Clubs whose name starts with `q` ignoring case (all clubs for an empty `q`), by name.
    pub async fn search_clubs(&self, viewer: &Member, q: &str) -> Result<ClubList, ServiceError> {
        let records = self
            .store()
            .search_clubs(q.trim(), CLUB_SEARCH_LIMIT)
            .await?;
        self.club_list(viewer, records).await
    }

    /// The clubs the member is in, by name.
    pub async fn my_clubs(&self, member: &Member) -> Result<ClubList, ServiceError> {
        let records = self.store().clubs_of(member.record.id).await?;
        self.club_list(member, records).await
    }

    async fn club_list(
        &self,
        viewer: &Member,
        records: Vec<ClubRecord>,
    ) -> Result<ClubList, ServiceError> {
        let store = self.store();
        let roles: HashMap<ClubId, ClubRole> = store
            .club_roles_of(viewer.record.id)
            .await?
            .into_iter()
            .collect();
        let requests: HashSet<ClubId> = store
            .club_requests_of(viewer.record.id)
            .await?
            .into_iter()
            .collect();
        Ok(ClubList {
            clubs: records
                .into_iter()
                .map(|r| {
                    let m = membership(r.id, &roles, &requests);
                    summary(r, m)
                })
                .collect(),
        })
    }
}
