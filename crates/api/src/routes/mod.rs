//! The JSON routes under `/api`.

pub(crate) mod auth;
pub(crate) mod invites;
pub(crate) mod meta;
pub(crate) mod rooms;
pub(crate) mod social;

use axum::routing::{delete, get, post, put};
use axum::Router;

use crate::AppState;

/// Every REST route (relative to `/api`).
pub(crate) fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(meta::health))
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
        .route("/invites", get(invites::list).post(invites::create))
        .route("/invites/{id}", delete(invites::revoke))
        .route("/invites/check/{code}", get(invites::check))
        .route("/rooms", get(rooms::hallway).post(rooms::create))
        .route("/rooms/{id}", get(rooms::get_room))
        .fallback(meta::not_found)
}
