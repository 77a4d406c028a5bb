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

use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};
use utoipa_axum::routes;

use crate::telemetry::probes;
use crate::AppState;

/// Every REST route (relative to `/api`), each registered together with its OpenAPI operation:
/// a handler's `#[utoipa::path]` gives both its route and its documentation. Handlers sharing a
/// path share one `routes!`.
pub(crate) fn api_routes() -> OpenApiRouter<AppState> {
    let router = OpenApiRouter::new()
        .routes(routes!(meta::health))
        .routes(routes!(probes::ready))
        .routes(routes!(meta::openapi))
        .routes(routes!(auth::signup))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me, social::update_me))
        .routes(routes!(social::search))
        .routes(routes!(auth::profile))
        .routes(routes!(social::follow, social::unfollow))
        .routes(routes!(social::followers))
        .routes(routes!(social::following))
        .routes(routes!(blocks::block, blocks::unblock))
        .routes(routes!(avatars::serve))
        .routes(routes!(blocks::my_blocks))
        .routes(routes!(events::create))
        .routes(routes!(events::upcoming))
        .routes(routes!(events::get_event, events::update, events::cancel))
        .routes(routes!(events::notify_on, events::notify_off))
        .routes(routes!(events::start))
        .routes(routes!(events::ics))
        .routes(routes!(events::calendar))
        .routes(routes!(events::reset_calendar))
        .routes(routes!(notifications::list))
        .routes(routes!(notifications::mark_read))
        .routes(routes!(notifications::friends_online))
        .routes(routes!(avatars::upload, avatars::remove))
        .routes(routes!(invites::list, invites::create))
        .routes(routes!(invites::revoke))
        .routes(routes!(invites::check))
        .routes(routes!(clubs::search, clubs::create))
        .routes(routes!(clubs::mine))
        .routes(routes!(clubs::get_club, clubs::update))
        .routes(routes!(clubs::icon, clubs::upload_icon))
        .routes(routes!(clubs::join, clubs::leave))
        .routes(routes!(clubs::join_post))
        .routes(routes!(clubs::requests))
        .routes(routes!(clubs::approve))
        .routes(routes!(clubs::decline))
        .routes(routes!(clubs::members))
        .routes(routes!(clubs::remove_member))
        .routes(routes!(clubs::set_role))
        .routes(routes!(rooms::hallway, rooms::create))
        .routes(routes!(rooms::get_room, rooms::update_room))
        .routes(routes!(rooms::ping))
        .routes(routes!(modlog::room_mod_log))
        .routes(routes!(waitlist::reserve))
        .routes(routes!(waitlist::waiting))
        .routes(routes!(waitlist::status))
        .routes(routes!(waitlist::signup))
        .routes(routes!(admin::grant_invites))
        .routes(routes!(admin::invite_tree))
        .routes(routes!(reports::create))
        .routes(routes!(reports::queue))
        .routes(routes!(reports::count))
        .routes(routes!(reports::resolve))
        .routes(routes!(reports::suspend))
        .routes(routes!(reports::unsuspend));
    // One parameter name per position (the router requires it): `{token}` is the id in /wave.
    routed_at(router, "/waitlist/{token}/wave", routes!(waitlist::wave))
}

/// Registers `route` at `router_path`, which names its parameters as the router needs, while
/// documenting it at the path its `#[utoipa::path]` names.
fn routed_at(
    router: OpenApiRouter<AppState>,
    router_path: &str,
    (schemas, paths, method_router): UtoipaMethodRouter<AppState>,
) -> OpenApiRouter<AppState> {
    let mut router = router.route(router_path, method_router);
    let doc = router.get_openapi_mut();
    doc.paths.merge(paths);
    let components = doc.components.get_or_insert_with(Default::default);
    components.schemas.extend(schemas);
    router
}
