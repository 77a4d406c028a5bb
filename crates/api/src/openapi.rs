//! The OpenAPI 3.1 document, generated from the handlers' annotations and the proto types.

use stoa_proto::rest::*;
use stoa_proto::{ErrorBody, ErrorCode, ErrorDetail, RoomId, RoomKind, RoomRole, UserId};
use utoipa::OpenApi;

use crate::routes::clubs;
use crate::routes::reports;
use crate::routes::{admin, events, modlog, waitlist};
use crate::routes::{auth, avatars, blocks, invites, meta, notifications, rooms, social};

/// Stoa's REST API.
#[derive(OpenApi)]
#[openapi(
    info(title = "Stoa", description = "Invite-only live audio rooms. The signaling WebSocket at /api/ws is described in docs/protocol.md."),
    paths(
        meta::health, crate::telemetry::probes::ready,
        auth::signup, auth::login, auth::logout, auth::me, auth::profile,
        invites::list, invites::create, invites::revoke, invites::check,
        rooms::hallway, rooms::create, rooms::get_room, rooms::update_room, rooms::ping,
        modlog::room_mod_log,
        social::update_me, social::follow, social::unfollow, social::followers,
        social::following, social::search,
        blocks::block, blocks::unblock, blocks::my_blocks,
        clubs::search, clubs::mine, clubs::create, clubs::get_club, clubs::update,
        clubs::upload_icon, clubs::icon, clubs::join, clubs::join_post,
        clubs::leave, clubs::requests,
        clubs::approve, clubs::decline, clubs::members, clubs::remove_member, clubs::set_role,
        avatars::upload, avatars::remove, avatars::serve,
        notifications::list, notifications::mark_read, notifications::friends_online,
        waitlist::reserve, waitlist::status, waitlist::waiting, waitlist::wave, waitlist::signup,
        admin::grant_invites, admin::invite_tree,
        events::create, events::get_event, events::update, events::cancel, events::notify_on,
        events::notify_off, events::start, events::upcoming, events::ics, events::calendar,
        events::reset_calendar,
        reports::create, reports::queue, reports::resolve, reports::suspend, reports::unsuspend,
    ),
    components(schemas(
        ErrorBody, ErrorDetail, ErrorCode, UserId, RoomId, RoomKind, RoomRole,
        SignupRequest, LoginRequest, AuthResponse, UserSummary, Profile, Invite, InviteList,
        CreatedInvite, InviteCheck, CreateRoomRequest, RoomSummary, Hallway, Health,
        UpdateProfileRequest, UserList, UserSearch,
        BlockList, RoomRef, UpdateRoomRequest, PingRequest,
        WaitlistRequest, WaitlistStatus, WaitlistReservation, WaitlistSignupRequest,
        WaitingEntry, WaitingForYou, GrantInvitesRequest, InviteTreeNode, InviteTree,
        Notification, NotificationKind, NotificationList, MarkReadRequest, UnreadCount,
        FriendOnline, FriendsOnline,
        stoa_proto::clubs::Club, stoa_proto::clubs::ClubSummary, stoa_proto::clubs::ClubList,
        stoa_proto::clubs::ClubRef, stoa_proto::clubs::ClubRole,
        stoa_proto::clubs::ClubJoinPolicy, stoa_proto::clubs::ClubMembership,
        stoa_proto::clubs::CreateClubRequest, stoa_proto::clubs::UpdateClubRequest,
        stoa_proto::clubs::ClubMember, stoa_proto::clubs::ClubMemberList,
        stoa_proto::clubs::ClubJoinRequest, stoa_proto::clubs::ClubJoinRequestList,
        stoa_proto::clubs::SetClubRoleRequest, stoa_proto::ClubId,
        stoa_proto::moderation::CreateReportRequest, stoa_proto::moderation::Report,
        stoa_proto::moderation::ReportList, stoa_proto::moderation::ReportStatus,
        stoa_proto::moderation::ReportAction, stoa_proto::moderation::ResolveReportRequest,
        stoa_proto::moderation::ReportReason, stoa_proto::ReportId,
        stoa_proto::moderation::ModLog, stoa_proto::moderation::ModLogEntry,
        stoa_proto::moderation::ModAction,
        stoa_proto::events::Event, stoa_proto::events::EventStatus, stoa_proto::events::EventRef,
        stoa_proto::events::CreateEventRequest, stoa_proto::events::UpdateEventRequest,
        stoa_proto::events::EventList, stoa_proto::events::CalendarFeed,
    )),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder};
        use utoipa::openapi::security::{SecurityRequirement, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("stoa_session"))),
        );
        openapi.security = Some(vec![
            SecurityRequirement::new("bearer", Vec::<String>::new()),
            SecurityRequirement::new("cookie", Vec::<String>::new()),
        ]);
    }
}
