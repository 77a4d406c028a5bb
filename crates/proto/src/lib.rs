//! Stoa's wire types, shared by the server, the Rust client and (through generated TypeScript)
//! the web client.
//!
//! * [`ids`]: identifiers and small enums (roles, room kinds).
//! * [`rest`]: JSON bodies of the HTTP API.
//! * [`ws`]: messages on the signaling WebSocket (`/api/ws`).
//! * [`error`]: the one error body and its stable codes.
//! * [`language`]: the languages of the client and of notification texts.
//! * [`limits`]: the lengths and counts requests may carry, which the service enforces and
//!   the OpenAPI document states.
//! * [`clubs`], [`events`], [`moderation`]: clubs, scheduled events and calendars, reports and
//!   the per-room moderation log.
//!
//! Running `cargo test -p stoa-proto` regenerates the TypeScript bindings in `web/src/gen/`.

pub mod clubs;
pub mod error;
pub mod events;
pub mod ids;
pub mod language;
pub mod limits;
pub mod moderation;
pub mod notifications;
pub mod rest;
pub mod ws;

pub use error::{ErrorBody, ErrorCode, ErrorDetail};
pub use ids::{ClubId, EventId, ReportId, RoomId, RoomKind, RoomRole, UserId};
pub use language::Language;

/// Number of receive audio slots every peer connection carries (see `docs/protocol.md`).
///
/// The SFU maps the loudest current speakers onto these slots, so a listener's connection never
/// renegotiates when the stage changes.
pub const AUDIO_SLOTS: usize = 3;
