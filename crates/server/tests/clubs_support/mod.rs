//! Helpers the club tests share: club calls through the real server.

#![allow(dead_code)]

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::TestServer;

pub async fn send(
    server: &TestServer,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    server.send(method, path, Some(token), body).await
}

/// Creates a club as `token` and returns its id.
pub async fn club(server: &TestServer, token: &str, name: &str, policy: &str) -> i64 {
    let (status, body) = server
        .post(
            "/api/clubs",
            Some(token),
            json!({"name": name, "description": "d", "join_policy": policy}),
        )
        .await;
    assert_eq!(status, 201, "create club: {body}");
    body["id"].as_i64().expect("id")
}

/// `token` joins (or asks to join) club `id`; returns the membership.
pub async fn join(server: &TestServer, token: &str, id: i64) -> Value {
    let path = format!("/api/clubs/{id}/membership");
    let (status, body) = send(server, Method::PUT, &path, token, None).await;
    assert_eq!(status, 200, "join: {body}");
    body
}

/// `token` sets `username`'s role in club `id`; returns (status, body).
pub async fn set_role(
    server: &TestServer,
    token: &str,
    id: i64,
    username: &str,
    role: &str,
) -> (u16, Value) {
    let path = format!("/api/clubs/{id}/members/{username}/role");
    send(
        server,
        Method::PUT,
        &path,
        token,
        Some(json!({"role": role})),
    )
    .await
}

/// The kinds and club names of `token`'s club notifications, newest first.
pub async fn notifications(server: &TestServer, token: &str) -> Vec<(String, String)> {
    let (status, body) = server.get("/api/notifications", Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body["notifications"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|n| n["kind"].as_str().is_some_and(|k| k.starts_with("club_")))
        .map(|n| {
            (
                n["kind"].as_str().unwrap_or_default().to_string(),
                n["club"]["name"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

pub fn picture() -> Vec<u8> {
    let img = RgbImage::from_fn(64, 40, |x, y| Rgb([x as u8, y as u8, 90]));
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(img)
        .write_to(&mut out, ImageFormat::Png)
        .expect("encode");
    out.into_inner()
}
