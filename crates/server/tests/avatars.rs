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

/// A zlib stream of `n` zero bytes, hand-encoded (fixed Huffman codes: one literal, then
/// 258-byte matches at distance 1), so a huge all-zero image compresses to a few MB without
/// the test allocating its decoded size.
fn zeros_zlib(n: u64) -> Vec<u8> {
    #[derive(Default)]
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        len: u32,
    }
    impl Bits {
        fn put(&mut self, value: u32, count: u32) {
            self.acc |= u64::from(value) << self.len;
            self.len += count;
            while self.len >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.len -= 8;
            }
        }
        /// A Huffman code, written most significant bit first.
        fn code(&mut self, code: u32, count: u32) {
            self.put(code.reverse_bits() >> (32 - count), count);
        }
    }
    let mut bits = Bits {
        out: vec![0x78, 0x01],
        ..Bits::default()
    };
    bits.put(1, 1); // the final block
    bits.put(1, 2); // fixed Huffman codes
    bits.code(0x30, 8); // literal 0
    let rest = n - 1;
    for _ in 0..rest / 258 {
        bits.code(0xC5, 8); // length 258
        bits.code(0, 5); // distance 1
    }
    for _ in 0..rest % 258 {
        bits.code(0x30, 8);
    }
    bits.code(0, 7); // end of block
    if bits.len > 0 {
        bits.out.push(bits.acc as u8);
    }
    let adler = ((n % 65521) << 16) | 1;
    bits.out.extend((adler as u32).to_be_bytes());
    bits.out
}

fn crc32(bytes: &[u8]) -> u32 {
    let table: Vec<u32> = (0..256u32)
        .map(|mut c| {
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    (c >> 1) ^ 0xEDB8_8320
                } else {
                    c >> 1
                };
            }
            c
        })
        .collect();
    !bytes.iter().fold(0xFFFF_FFFFu32, |crc, &b| {
        table[((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8)
    })
}

/// A valid, all-black 16-bit RGBA PNG of `side`×`side` (8 bytes a pixel once decoded).
fn black_png_16bit(side: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let chunk = |png: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
        png.extend((data.len() as u32).to_be_bytes());
        let start = png.len();
        png.extend(kind);
        png.extend(data);
        let crc = crc32(&png[start..]);
        png.extend(crc.to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend(side.to_be_bytes());
    ihdr.extend(side.to_be_bytes());
    ihdr.extend([16, 6, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    // Each row: filter byte 0, then 8 zero bytes a pixel.
    let raw = u64::from(side) * (1 + 8 * u64::from(side));
    chunk(&mut png, b"IDAT", &zeros_zlib(raw));
    chunk(&mut png, b"IEND", &[]);
    png
}

/// `PUT /api/me/avatar` as `token`: (status, Retry-After, body).
async fn upload_with_headers(
    server: &TestServer,
    token: &str,
    bytes: Vec<u8>,
) -> (u16, Option<u64>, Value) {
    let resp = server
        .http
        .put(format!("{}/api/me/avatar", server.base()))
        .bearer_auth(token)
        .body(bytes)
        .send()
        .await
        .expect("request");
    let status = resp.status().as_u16();
    let retry = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    (status, retry, resp.json().await.unwrap_or(Value::Null))
}

/// The audit's bomb: a 16-bit 8192×8192 PNG (a few MB, 512 MB decoded) is refused from its
/// header with `415 unsupported_image`, without being decoded; a 12-megapixel photo still
/// works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn images_too_big_to_decode_are_refused_before_decoding() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bomb = black_png_16bit(8192);
    assert!(bomb.len() < 5 * 1024 * 1024, "{} bytes", bomb.len());
    // The bomb is a valid image: the image crate reads its header as 8192×8192 16-bit RGBA.
    let reader = image::ImageReader::with_format(Cursor::new(&bomb), ImageFormat::Png);
    assert_eq!(
        reader.into_dimensions().expect("valid header"),
        (8192, 8192)
    );

    let (status, _, body) = upload_with_headers(&server, &admin, bomb).await;
    assert_eq!((status, code(&body)), (415, "unsupported_image"), "{body}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("too much memory"), "{message}");
    assert_eq!(avatar_url(&server, &admin, "admin").await, Value::Null);

    // A phone photo (4000×3000 JPEG) is fine.
    let photo = RgbImage::from_fn(4000, 3000, |x, y| {
        Rgb([(x / 16) as u8, (y / 12) as u8, ((x + y) / 28) as u8])
    });
    let photo = encode(DynamicImage::ImageRgb8(photo), ImageFormat::Jpeg);
    let (status, _, body) = upload_with_headers(&server, &admin, photo).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["avatar_url"], "/api/users/admin/avatar?v=1");
}

/// A member's burst of uploads runs out of its hourly allowance (`429` with `Retry-After`);
/// another member's upload still goes through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_are_limited_per_member() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let bob = server.member(&admin, "bob").await;
    let small = encode(
        DynamicImage::ImageRgb8(RgbImage::new(32, 32)),
        ImageFormat::Png,
    );
    for n in 1..=10 {
        let (status, _, body) = upload_with_headers(&server, &admin, small.clone()).await;
        assert_eq!(status, 200, "upload {n}: {body}");
    }
    let (status, retry, body) = upload_with_headers(&server, &admin, small.clone()).await;
    assert_eq!((status, code(&body)), (429, "rate_limited"), "{body}");
    let retry = retry.expect("Retry-After");
    assert!((60..=3600).contains(&retry), "Retry-After: {retry}");
    // The refusal changed nothing.
    assert_eq!(
        avatar_url(&server, &bob, "admin").await,
        "/api/users/admin/avatar?v=10"
    );

    let (status, _, body) = upload_with_headers(&server, &bob, small).await;
    assert_eq!(status, 200, "another member: {body}");
}
