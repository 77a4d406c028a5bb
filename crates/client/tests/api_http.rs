//! [`ApiClient`] against a small in-test axum server on 127.0.0.1 that mimics the API's shapes.

use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use stoa_client::{ApiClient, ClientError};
use stoa_proto::rest::{CreateRoomRequest, SignupRequest};
use stoa_proto::{ErrorBody, ErrorCode, RoomKind};

fn error(code: ErrorCode, msg: &str) -> Response {
    let status = StatusCode::from_u16(code.http_status()).unwrap();
    (status, Json(ErrorBody::new(code, msg))).into_response()
}

fn profile(username: &str) -> Value {
    json!({"id": 1, "username": username, "display_name": "A", "nominated_by": null,
           "is_admin": false, "joined_at": "2024-01-01T00:00:00Z"})
}

fn authed(headers: &HeaderMap) -> bool {
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some("Bearer tok-alice")
}

async fn signup(Json(req): Json<SignupRequest>) -> Response {
    if req.username == "taken" {
        return error(ErrorCode::UsernameTaken, "taken");
    }
    let body = json!({"token": format!("tok-{}", req.username), "user": profile(&req.username)});
    (StatusCode::CREATED, Json(body)).into_response()
}

async fn me(headers: HeaderMap) -> Response {
    if !authed(&headers) {
        return error(ErrorCode::Unauthorized, "no session");
    }
    Json(profile("alice")).into_response()
}

async fn create_room(headers: HeaderMap, Json(req): Json<CreateRoomRequest>) -> Response {
    if !authed(&headers) {
        return error(ErrorCode::Unauthorized, "no session");
    }
    let body = json!({"id": "abc", "title": req.title, "kind": req.kind, "stage": [],
                      "listener_count": 0, "ended": false});
    (StatusCode::CREATED, Json(body)).into_response()
}

async fn revoke(Path(id): Path<i64>) -> Response {
    if id == 5 {
        StatusCode::NO_CONTENT.into_response()
    } else {
        error(ErrorCode::NotFound, "no such invite")
    }
}

async fn serve() -> String {
    let app = Router::new()
        .route("/api/auth/signup", post(signup))
        .route(
            "/api/auth/logout",
            post(|| async { StatusCode::NO_CONTENT }),
        )
        .route("/api/me", get(me))
        .route("/api/rooms", post(create_room))
        .route("/api/invites/{id}", delete(revoke))
        .route(
            "/api/broken",
            get(|| async { (StatusCode::BAD_GATEWAY, "upstream down") }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

fn signup_req(username: &str) -> SignupRequest {
    SignupRequest {
        invite_code: "code".into(),
        username: username.into(),
        display_name: "A".into(),
        password: "password123".into(),
    }
}

#[tokio::test]
async fn signup_stores_the_token_and_uses_it() {
    let mut api = ApiClient::new(&serve().await);
    assert!(matches!(
        api.me().await,
        Err(ClientError::Api {
            status: 401,
            code: ErrorCode::Unauthorized,
            ..
        })
    ));
    assert!(matches!(api.signaling().await, Err(ClientError::NoToken)));

    let auth = api.signup(&signup_req("alice")).await.unwrap();
    assert_eq!(auth.token, "tok-alice");
    assert_eq!(api.token(), Some("tok-alice"));
    assert_eq!(api.me().await.unwrap().username, "alice");

    let room = api.create_room("Hello", RoomKind::Closed).await.unwrap();
    assert_eq!(room.title, "Hello");
    assert_eq!(room.kind, RoomKind::Closed);

    api.revoke_invite(5).await.unwrap();
    let err = api.revoke_invite(6).await.unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::NotFound));

    api.logout().await.unwrap();
    assert_eq!(api.token(), None);
    assert!(api.me().await.is_err());
}

#[tokio::test]
async fn errors_keep_status_and_code() {
    let base = serve().await;
    let mut api = ApiClient::new(&base);
    match api.signup(&signup_req("taken")).await {
        Err(ClientError::Api {
            status,
            code,
            message,
        }) => {
            assert_eq!(
                (status, code, message.as_str()),
                (409, ErrorCode::UsernameTaken, "taken")
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(api.token(), None, "a failed sign-up stores no token");
    let err = api.get::<Value>("/api/broken").await.unwrap_err();
    assert!(
        matches!(err, ClientError::UnexpectedStatus { status: 502, .. }),
        "{err:?}"
    );
    // A token given up front is used as is.
    let api = ApiClient::new(&base).with_token("tok-alice");
    assert_eq!(api.me().await.unwrap().username, "alice");
}
