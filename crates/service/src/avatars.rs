//! Avatars: an uploaded PNG, JPEG or WebP is decoded under strict limits (so decompression
//! bombs are refused), center-cropped to a square, resized to [`AVATAR_SIZE`] and re-encoded
//! (PNG when it has transparency, else JPEG), so the bytes served back are always the server's
//! own, never the upload. The result is stored with a version counter that makes avatar URLs
//! cache-safe.

use std::io::Cursor;

use image::imageops::{self, FilterType};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use stoa_proto::rest::Profile;
use stoa_store::{AvatarRecord, UserRecord};
use tokio::sync::Semaphore;

use crate::accounts::Member;
use crate::social::Social;
use crate::ServiceError;

/// Largest upload accepted, in bytes (5 MB).
pub const MAX_AVATAR_BYTES: usize = 5 * 1024 * 1024;
/// Width and height of every stored avatar.
pub const AVATAR_SIZE: u32 = 256;
/// Largest width or height of an upload.
pub const MAX_DIMENSION: u32 = 8192;
/// Most pixels an upload may have (32 megapixels, e.g. 6912×4608): bounds the decoding time.
pub const MAX_PIXELS: u64 = 32 * 1024 * 1024;
/// Most bytes the decoded image may take (its pixels × bytes per pixel, as its header
/// declares): 32 megapixels of 8-bit RGB, or fewer of RGBA or 16-bit. Checked before any pixel
/// is decoded; the decoder's own buffers are capped at the same size.
pub const MAX_DECODE_ALLOC: u64 = 96 * 1024 * 1024;
/// JPEG quality of the stored avatars.
const JPEG_QUALITY: u8 = 85;
/// A large upload is first shrunk to this side by area averaging (fast), then resampled to
/// [`AVATAR_SIZE`] with Lanczos3.
const PRESHRINK_SIDE: u32 = 4 * AVATAR_SIZE;

/// At most this many uploads are decoded at once, site-wide (each may use up to
/// [`MAX_DECODE_ALLOC`]); a member has at most one of them (see [`crate::uploads`]).
static DECODES: Semaphore = Semaphore::const_new(2);

/// A re-encoded avatar, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedAvatar {
    /// `image/png` or `image/jpeg`.
    pub content_type: &'static str,
    /// The encoded [`AVATAR_SIZE`]-square image.
    pub bytes: Vec<u8>,
}

/// The URL of `user`'s avatar at `version`, as profiles give it.
pub fn avatar_url(username: &str, version: i64) -> String {
    format!("/api/users/{username}/avatar?v={version}")
}

/// The upload's format from its first bytes (any declared Content-Type is ignored): PNG, JPEG
/// or WebP, else `unsupported_image`.
pub fn sniff_format(bytes: &[u8]) -> Result<ImageFormat, ServiceError> {
    match image::guess_format(bytes) {
        Ok(format @ (ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP)) => Ok(format),
        _ => Err(unsupported("the avatar must be a PNG, JPEG or WebP image")),
    }
}

/// Decodes an upload within the limits, crops it to its centre square, resizes it and
/// re-encodes it. CPU-heavy: call from a blocking thread.
pub fn process_avatar(bytes: &[u8]) -> Result<EncodedAvatar, ServiceError> {
    if bytes.len() > MAX_AVATAR_BYTES {
        return Err(too_large());
    }
    let mut decoder = checked_decoder(bytes)?;
    let orientation = decoder.orientation().map_err(|err| undecodable(&err))?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|err| undecodable(&err))?;
    image.apply_orientation(orientation);
    let (width, height) = (image.width(), image.height());
    if width == 0 || height == 0 {
        return Err(unsupported("the image is empty"));
    }
    let side = width.min(height);
    let square = imageops::crop_imm(&image, (width - side) / 2, (height - side) / 2, side, side);
    let resized = if side > PRESHRINK_SIDE {
        let smaller = imageops::thumbnail(&*square, PRESHRINK_SIDE, PRESHRINK_SIDE);
        imageops::resize(&smaller, AVATAR_SIZE, AVATAR_SIZE, FilterType::Lanczos3)
    } else {
        imageops::resize(&*square, AVATAR_SIZE, AVATAR_SIZE, FilterType::Lanczos3)
    };
    let has_alpha = image.color().has_alpha();
    drop(image);
    let mut out = Cursor::new(Vec::new());
    let content_type = if has_alpha {
        DynamicImage::ImageRgba8(resized)
            .write_to(&mut out, ImageFormat::Png)
            .map_err(|err| ServiceError::Internal(format!("encoding avatar: {err}")))?;
        "image/png"
    } else {
        let rgb = DynamicImage::ImageRgba8(resized).into_rgb8();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
            .encode_image(&rgb)
            .map_err(|err| ServiceError::Internal(format!("encoding avatar: {err}")))?;
        "image/jpeg"
    };
    Ok(EncodedAvatar {
        content_type,
        bytes: out.into_inner(),
    })
}

/// A decoder for the upload that has read only its header, after checking what the header
/// declares: at most [`MAX_DIMENSION`] pixels a side, [`MAX_PIXELS`] pixels, and
/// [`MAX_DECODE_ALLOC`] bytes decoded. The image crate does not apply `max_alloc` to the
/// decoded image itself (only [`ImageReader::decode`] reserves it), so the size is checked
/// here, before anything is decoded.
pub fn checked_decoder(bytes: &[u8]) -> Result<impl ImageDecoder + '_, ServiceError> {
    let format = sniff_format(bytes)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(|err| undecodable(&err))?;
    let (width, height) = decoder.dimensions();
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS || decoder.total_bytes() > MAX_DECODE_ALLOC {
        return Err(too_big_to_decode());
    }
    Ok(decoder)
}

fn too_big_to_decode() -> ServiceError {
    unsupported(&format!(
        "the image needs too much memory to decode: at most {} megapixels \
         ({} MB decoded; 16-bit and transparent images count more)",
        MAX_PIXELS / (1024 * 1024),
        MAX_DECODE_ALLOC / (1024 * 1024)
    ))
}

fn unsupported(message: &str) -> ServiceError {
    ServiceError::UnsupportedImage(message.to_string())
}

fn undecodable(err: &image::ImageError) -> ServiceError {
    use image::error::{ImageError, LimitErrorKind};
    match err {
        ImageError::Limits(limit) => match limit.kind() {
            LimitErrorKind::DimensionError => unsupported(&format!(
                "the image is too large: at most {MAX_DIMENSION}×{MAX_DIMENSION} pixels"
            )),
            _ => too_big_to_decode(),
        },
        _ => unsupported("the image could not be decoded (damaged or unsupported variant)"),
    }
}

fn too_large() -> ServiceError {
    ServiceError::PayloadTooLarge(format!(
        "the avatar must be at most {} MB",
        MAX_AVATAR_BYTES / (1024 * 1024)
    ))
}

/// Checks an upload's size, format and declared dimensions, then processes it as in
/// [`process_avatar`] on a blocking thread (at most two at once site-wide). Shared by avatars
/// and club icons; the caller holds the member's upload permit ([`crate::uploads`]).
pub(crate) async fn encode_upload(bytes: Vec<u8>) -> Result<EncodedAvatar, ServiceError> {
    if bytes.len() > MAX_AVATAR_BYTES {
        return Err(too_large());
    }
    // Refuse what is too big from the header alone, before waiting for a decode slot.
    checked_decoder(&bytes)?;
    let _permit = DECODES
        .acquire()
        .await
        .map_err(|err| ServiceError::Internal(err.to_string()))?;
    tokio::task::spawn_blocking(move || process_avatar(&bytes))
        .await
        .map_err(|err| ServiceError::Internal(format!("avatar task: {err}")))?
}

impl Social {
    /// Replaces the member's avatar with the upload, processed as in [`process_avatar`] on a
    /// blocking thread. A refused upload changes nothing. Each upload spends one of the
    /// member's allowance, and a member has one upload processed at a time
    /// ([`crate::uploads`]; else `rate_limited` with a retry delay).
    pub async fn set_avatar(
        &self,
        member: &Member,
        bytes: Vec<u8>,
    ) -> Result<Profile, ServiceError> {
        let _upload = self.uploads().admit(member.record.id)?;
        let encoded = encode_upload(bytes).await?;
        let version = self
            .store()
            .set_avatar(member.record.id, encoded.content_type, &encoded.bytes)
            .await?;
        tracing::info!(user = %member.record.id, version, "avatar updated");
        self.my_profile(member).await
    }

    /// Removes the member's avatar (idempotent).
    pub async fn delete_avatar(&self, member: &Member) -> Result<Profile, ServiceError> {
        self.store().delete_avatar(member.record.id).await?;
        self.my_profile(member).await
    }

    /// The avatar of `username`; `not_found` when the member or their avatar does not exist.
    pub async fn avatar_of(&self, username: &str) -> Result<AvatarRecord, ServiceError> {
        let user = self.member_named(username).await?;
        self.store()
            .avatar(user.id)
            .await?
            .ok_or(ServiceError::NotFound("avatar"))
    }

    /// The URL of `user`'s current avatar, or `None`.
    pub async fn avatar_url_of(&self, user: &UserRecord) -> Result<Option<String>, ServiceError> {
        let version = self.store().avatar_version(user.id).await?;
        Ok(version.map(|v| avatar_url(&user.username, v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};
    use stoa_proto::ErrorCode;

    fn encode(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, format).expect("encode");
        out.into_inner()
    }

    #[test]
    fn opaque_images_become_square_jpegs() {
        let wide = RgbImage::from_fn(300, 100, |x, _| Rgb([(x % 256) as u8, 10, 200]));
        for format in [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::WebP] {
            let bytes = encode(DynamicImage::ImageRgb8(wide.clone()), format);
            let out = process_avatar(&bytes).expect("processed");
            assert_eq!(out.content_type, "image/jpeg", "{format:?}");
            let back = image::load_from_memory(&out.bytes).expect("decodes");
            assert_eq!((back.width(), back.height()), (AVATAR_SIZE, AVATAR_SIZE));
        }
    }

    #[test]
    fn transparent_images_stay_png() {
        let img = RgbaImage::from_pixel(40, 60, Rgba([1, 2, 3, 100]));
        let out = process_avatar(&encode(DynamicImage::ImageRgba8(img), ImageFormat::Png))
            .expect("processed");
        assert_eq!(out.content_type, "image/png");
        let back = image::load_from_memory(&out.bytes).expect("decodes");
        assert_eq!((back.width(), back.height()), (AVATAR_SIZE, AVATAR_SIZE));
        assert!(back.color().has_alpha());
    }

    #[test]
    fn non_images_and_damaged_images_are_refused() {
        let code = |bytes: &[u8]| process_avatar(bytes).expect_err("refused").code();
        assert_eq!(code(b"hello, world"), ErrorCode::UnsupportedImage);
        assert_eq!(code(b"GIF89a......"), ErrorCode::UnsupportedImage);
        let png = encode(
            DynamicImage::ImageRgb8(RgbImage::new(64, 64)),
            ImageFormat::Png,
        );
        assert_eq!(code(&png[..png.len() / 2]), ErrorCode::UnsupportedImage);
        assert_eq!(
            code(&vec![0u8; MAX_AVATAR_BYTES + 1]),
            ErrorCode::PayloadTooLarge
        );
    }

    /// A PNG whose header claims 100000×100000 pixels is refused before any pixel is decoded.
    #[test]
    fn decompression_bombs_are_refused() {
        let mut png = encode(
            DynamicImage::ImageRgb8(RgbImage::new(1, 1)),
            ImageFormat::Png,
        );
        // IHDR data starts at byte 16: width, height (big endian), then its CRC at byte 29.
        png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        let err = process_avatar(&png).expect_err("refused");
        assert_eq!(err.code(), ErrorCode::UnsupportedImage);
        assert!(err.to_string().contains("too large"), "{err}");
    }

    /// A PNG of `width`×`height` 16-bit RGBA whose pixel data is garbage: only its header is
    /// valid, so decoding it would fail as "damaged".
    fn png_header_only(width: u32, height: u32) -> Vec<u8> {
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
        ihdr.extend(width.to_be_bytes());
        ihdr.extend(height.to_be_bytes());
        ihdr.extend([16, 6, 0, 0, 0]); // 16-bit, RGBA, deflate, no filter, no interlace
        chunk(&mut png, b"IHDR", &ihdr);
        chunk(&mut png, b"IDAT", &[0xAB; 64]);
        chunk(&mut png, b"IEND", &[]);
        png
    }

    /// The 16-bit 8192×8192 PNG (512 MB decoded) is refused from its header: its pixel data
    /// is garbage, so a decoder that ran would have said "damaged", not "too much memory".
    #[test]
    fn images_too_big_to_decode_are_refused_from_the_header() {
        for (width, height) in [(8192, 8192), (6000, 6000), (8192, 1600)] {
            let err = process_avatar(&png_header_only(width, height)).expect_err("refused");
            assert_eq!(err.code(), ErrorCode::UnsupportedImage);
            assert!(
                err.to_string().contains("too much memory"),
                "{width}×{height}: {err}"
            );
        }
        // Within the limits the same garbage gets as far as decoding, and fails there.
        let err = process_avatar(&png_header_only(1000, 1000)).expect_err("damaged");
        assert!(err.to_string().contains("could not be decoded"), "{err}");
    }

    /// The largest image accepted (32 megapixels, 8-bit RGB) is processed; prints the time it
    /// took (the decode-time bound the pixel cap gives).
    #[test]
    fn the_largest_accepted_image_is_processed() {
        let (width, height) = (8192, 4096);
        assert_eq!(u64::from(width) * u64::from(height), MAX_PIXELS);
        let img = RgbImage::from_fn(width, height, |x, y| {
            Rgb([(x / 32) as u8, (y / 16) as u8, 128])
        });
        let png = encode(DynamicImage::ImageRgb8(img), ImageFormat::Png);
        assert!(png.len() <= MAX_AVATAR_BYTES, "{} bytes", png.len());
        let started = std::time::Instant::now();
        let out = process_avatar(&png).expect("processed");
        eprintln!(
            "32 MP PNG ({} KB) processed in {:?}",
            png.len() / 1024,
            started.elapsed()
        );
        assert_eq!(out.content_type, "image/jpeg");
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
