//! Avatars through the real API: uploads in PNG, JPEG and WebP are re-encoded to a 256×256
//! square; non-images, damaged images and oversized uploads are refused and change nothing.

mod common;

use std::io::Cursor;

use common::{code, TestServer};
use image::{DynamicImage, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use reqwest::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use serde_json::Value;

/// A 300×200 opaque gradient in `format`.
fn picture(format: ImageFormat) -> Vec<u8> {
    let img = RgbImage::from_fn(300, 200, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    encode(DynamicImage::ImageRgb8(img), format)
}

fn encode(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).expect("encode");
    out.into_inner()
}

/// `PUT /api/me/avatar` with `bytes` as the body, declared as `content_type`.
async fn upload(
    server: &TestServer,
    token: &str,
    bytes: Vec<u8>,
    content_type: &str,
) -> (u16, Value) {
    let resp = server
        .http
        .put(format!("{}/api/me/avatar", server.base()))
        .bearer_auth(token)
        .header(CONTENT_TYPE, content_type)
        .body(bytes)
        .send()
        .await
        .expect("request");
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

async fn avatar_url(server: &TestServer, token: &str, username: &str) -> Value {
    let (status, body) = server
        .get(&format!("/api/users/{username}"), Some(token))
        .await;
    assert_eq!(status, 200, "{body}");
    body["avatar_url"].clone()
}

/// GETs an avatar: (status, content type, body bytes).
async fn fetch(server: &TestServer, path: &str) -> (u16, String, Vec<u8>) {
    let resp = server
        .http
        .get(format!("{}{path}", server.base()))
        .send()
        .await
        .expect("request");
    let status = resp.status().as_u16();
    let kind = resp
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, kind, resp.bytes().await.expect("body").to_vec())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn png_jpeg_and_webp_are_reencoded_to_a_square() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    assert_eq!(avatar_url(&server, &bob, "admin").await, Value::Null);

    let uploads = [
        (ImageFormat::Png, "image/png"),
        (ImageFormat::Jpeg, "image/jpeg"),
        // The declared type does not matter: the format is read from the bytes.
        (ImageFormat::WebP, "application/octet-stream"),
    ];
    for (version, (format, declared)) in (1..).zip(uploads) {
        let bytes = picture(format);
        let (status, profile) = upload(&server, &admin, bytes.clone(), declared).await;
        assert_eq!(status, 200, "{format:?}: {profile}");
        let url = format!("/api/users/admin/avatar?v={version}");
        assert_eq!(profile["avatar_url"], url.as_str());
        assert_eq!(avatar_url(&server, &bob, "admin").await, url.as_str());

        let (status, kind, served) = fetch(&server, &url).await;
        assert_eq!(status, 200);
        assert_eq!(kind, "image/jpeg", "opaque avatars are served as JPEG");
        assert_ne!(served, bytes, "the uploaded bytes are never served back");
        let decoded = image::load_from_memory(&served).expect("a valid image");
        assert_eq!((decoded.width(), decoded.height()), (256, 256));
    }

    // Transparency survives as PNG.
    let clear = RgbaImage::from_pixel(64, 80, Rgba([10, 20, 30, 0]));
    let (status, _) = upload(
        &server,
        &admin,
        encode(DynamicImage::ImageRgba8(clear), ImageFormat::Png),
        "image/png",
    )
    .await;
    assert_eq!(status, 200);
    let (_, kind, served) = fetch(&server, "/api/users/admin/avatar?v=4").await;
    assert_eq!(kind, "image/png");
    let decoded = image::load_from_memory(&served).expect("png");
    assert_eq!((decoded.width(), decoded.height()), (256, 256));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn avatars_are_cacheable_and_deletable() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let (status, _) = upload(&server, &admin, picture(ImageFormat::Png), "image/png").await;
    assert_eq!(status, 200);

    let url = format!("{}/api/users/admin/avatar?v=1", server.base());
    let resp = server.http.get(&url).send().await.expect("get");
    assert_eq!(resp.status().as_u16(), 200);
    let etag = resp.headers()[ETAG].to_str().expect("etag").to_string();
    let cache = resp.headers()[CACHE_CONTROL].to_str().expect("cache");
    assert!(cache.contains("immutable"), "{cache}");
    let resp = server
        .http
        .get(&url)
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .expect("conditional get");
    assert_eq!(resp.status().as_u16(), 304);
    // A URL without the current version must be revalidated.
    let resp = server
        .http
        .get(format!("{}/api/users/admin/avatar", server.base()))
        .send()
        .await
        .expect("get");
    let cache = resp.headers()[CACHE_CONTROL].to_str().expect("cache");
    assert!(cache.contains("no-cache"), "{cache}");

    let resp = server
        .http
        .delete(format!("{}/api/me/avatar", server.base()))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("delete");
    assert_eq!(resp.status().as_u16(), 200);
    let profile: Value = resp.json().await.expect("profile");
    assert_eq!(profile["avatar_url"], Value::Null);
    let (status, body) = server.get("/api/users/admin/avatar?v=1", None).await;
    assert_eq!((status, code(&body)), (404, "not_found"));
    let (status, body) = server.get("/api/users/nobody/avatar", None).await;
    assert_eq!((status, code(&body)), (404, "not_found"));

    // A new upload never reuses a version (old URLs never name the new image).
    let (_, profile) = upload(&server, &admin, picture(ImageFormat::Jpeg), "image/jpeg").await;
    assert_eq!(profile["avatar_url"], "/api/users/admin/avatar?v=2");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_uploads_change_nothing() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;

    // Nothing stored for a member without an avatar.
    let (status, body) = upload(&server, &bob, b"just some text\n".to_vec(), "image/png").await;
    assert_eq!((status, code(&body)), (415, "unsupported_image"), "{body}");
    assert_eq!(avatar_url(&server, &admin, "bob").await, Value::Null);
    let (status, _) = server.get("/api/users/bob/avatar", None).await;
    assert_eq!(status, 404);

    // With an avatar in place, refusals keep it as it was.
    let (status, _) = upload(&server, &bob, picture(ImageFormat::Png), "image/png").await;
    assert_eq!(status, 200);
    let (_, _, before) = fetch(&server, "/api/users/bob/avatar?v=1").await;

    let png = picture(ImageFormat::Png);
    let truncated = png[..png.len() / 2].to_vec();
    let (status, body) = upload(&server, &bob, truncated, "image/png").await;
    assert_eq!((status, code(&body)), (415, "unsupported_image"), "{body}");

    let gif_magic = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
    let (status, body) = upload(&server, &bob, gif_magic, "image/gif").await;
    assert_eq!((status, code(&body)), (415, "unsupported_image"), "{body}");

    // 6 MB: refused before decoding, whatever the bytes.
    let mut big = picture(ImageFormat::Png);
    big.resize(6 * 1024 * 1024, 0);
    let (status, body) = upload(&server, &bob, big, "image/png").await;
    assert_eq!((status, code(&body)), (413, "payload_too_large"), "{body}");

    let (status, body) = upload(
        &server,
        "not-a-token",
        picture(ImageFormat::Png),
        "image/png",
    )
    .await;
    assert_eq!((status, code(&body)), (401, "unauthorized"));

    assert_eq!(
        avatar_url(&server, &admin, "bob").await,
        "/api/users/bob/avatar?v=1"
    );
    let (status, _, after) = fetch(&server, "/api/users/bob/avatar?v=1").await;
    assert_eq!(status, 200);
    assert_eq!(after, before, "the stored avatar is untouched");
}
