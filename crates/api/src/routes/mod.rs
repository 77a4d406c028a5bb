//! The JSON routes under `/api`.

pub(crate) mod admin;
pub(crate) mod auth;
pub(crate) mod avatars;
pub(crate) mod blocks;
pub(crate) mod clubs;
pub(crate) mod events;
pub(crate) mod invites;
pub(crate) mod meta;
pub(crate) mod modlog;
pub(crate) mod notifications;
pub(crate) mod reports;
pub(crate) mod rooms;
pub(crate) mod social;
pub(crate) mod waitlist;

use axum::routing::{delete, get, post, put};
use axum::Router;

use crate::AppState;

/// Every REST route (relative to `/api`).
pub(crate) fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(meta::health))
        .route("/ready", get(crate::telemetry::probes::ready))
        .route("/openapi.json", get(meta::openapi))
        .route("/auth/signup", post(auth::signup))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/me", get(auth::me).patch(social::update_me))
        .route("/users", get(social::search))
        .route("/users/{username}", get(auth::profile))
        .route(
            "/users/{username}/follow",
            put(social::follow).delete(social::unfollow),
        )
        .route("/users/{username}/followers", get(social::followers))
        .route("/users/{username}/following", get(social::following))
        .route(
            "/users/{username}/block",
            put(blocks::block).delete(blocks::unblock),
        )
        .route("/users/{username}/avatar", get(avatars::serve))
        .route("/me/blocks", get(blocks::my_blocks))
        .route("/events", post(events::create))
        .route("/events/upcoming", get(events::upcoming))
        .route(
            "/events/{id}",
            get(events::get_event)
                .patch(events::update)
                .delete(events::cancel),
        )
        .route(
            "/events/{id}/notify",
            put(events::notify_on).delete(events::notify_off),
        )
        .route("/events/{id}/start", post(events::start))
        .route("/events/{id}/ics", get(events::ics))
        .route("/me/calendar", get(events::calendar))
        .route("/me/calendar/reset", post(events::reset_calendar))
        .route("/notifications", get(notifications::list))
        .route("/notifications/read", post(notifications::mark_read))
        .route("/me/friends-online", get(notifications::friends_online))
        .route("/me/avatar", put(avatars::upload).delete(avatars::remove))
        .route("/invites", get(invites::list).post(invites::create))
        .route("/invites/{id}", delete(invites::revoke))
        .route("/invites/check/{code}", get(invites::check))
        .route("/clubs", get(clubs::search).post(clubs::create))
        .route("/me/clubs", get(clubs::mine))
        .route("/clubs/{id}", get(clubs::get_club).patch(clubs::update))
        .route("/clubs/{id}/icon", get(clubs::icon).put(clubs::upload_icon))
        .route(
            "/clubs/{id}/membership",
            put(clubs::join).delete(clubs::leave),
        )
        .route("/clubs/{id}/join", post(clubs::join_post))
        .route("/clubs/{id}/requests", get(clubs::requests))
        .route(
            "/clubs/{id}/requests/{username}/approve",
            post(clubs::approve),
        )
        .route(
            "/clubs/{id}/requests/{username}/decline",
            post(clubs::decline),
        )
        .route("/clubs/{id}/members", get(clubs::members))
        .route(
            "/clubs/{id}/members/{username}",
            delete(clubs::remove_member),
        )
        .route("/clubs/{id}/members/{username}/role", put(clubs::set_role))
        .route("/rooms", get(rooms::hallway).post(rooms::create))
        .route(
            "/rooms/{id}",
            get(rooms::get_room).patch(rooms::update_room),
        )
        .route("/rooms/{id}/pings", post(rooms::ping))
        .route("/rooms/{id}/modlog", get(modlog::room_mod_log))
        // One parameter name per position (the router requires it): `{token}` is the id in /wave.
        .route("/waitlist", post(waitlist::reserve))
        .route("/waitlist/waiting", get(waitlist::waiting))
        .route("/waitlist/{token}", get(waitlist::status))
        .route("/waitlist/{token}/wave", post(waitlist::wave))
        .route("/waitlist/{token}/signup", post(waitlist::signup))
        .route(
            "/admin/users/{username}/invites",
            post(admin::grant_invites),
        )
        .route("/admin/invite-tree", get(admin::invite_tree))
        .route("/reports", post(reports::create))
        .route("/admin/reports", get(reports::queue))
        .route("/admin/reports/{id}/resolve", post(reports::resolve))
        .route("/admin/users/{username}/suspend", post(reports::suspend))
        .route(
            "/admin/users/{username}/unsuspend",
            post(reports::unsuspend),
        )
        .fallback(meta::not_found)
}
