//! The OpenAPI 3.1 document, generated from the handlers' annotations and the proto types.

use stoa_proto::rest::*;
use stoa_proto::{ErrorBody, ErrorCode, ErrorDetail, RoomId, RoomKind, RoomRole, UserId};
use utoipa::OpenApi;

use crate::routes::{admin, waitlist};
use crate::routes::{auth, avatars, blocks, invites, meta, notifications, rooms, social};

/// Stoa's REST API.
#[derive(OpenApi)]
#[openapi(
    info(title = "Stoa", description = "Invite-only live audio rooms. The signaling WebSocket at /api/ws is described in docs/protocol.md."),
    paths(
        meta::health,
        auth::signup, auth::login, auth::logout, auth::me, auth::profile,
        invites::list, invites::create, invites::revoke, invites::check,
        rooms::hallway, rooms::create, rooms::get_room, rooms::update_room, rooms::ping,
        social::update_me, social::follow, social::unfollow, social::followers,
        social::following, social::search,
        blocks::block, blocks::unblock, blocks::my_blocks,
        avatars::upload, avatars::remove, avatars::serve,
        notifications::list, notifications::mark_read, notifications::friends_online,
        waitlist::reserve, waitlist::status, waitlist::waiting, waitlist::wave, waitlist::signup,
        admin::grant_invites, admin::invite_tree,
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
