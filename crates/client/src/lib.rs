//! The Rust client of Stoa: what bots, the load generator and the integration tests use to act
//! as real members.
//!
//! * [`ApiClient`]: the HTTP/JSON API (sign-up, invites, rooms) with a bearer token.
//! * [`Signaling`]: the `/api/ws` WebSocket. A reader task buffers every [`ServerMessage`];
//!   [`Signaling::wait_for`] takes the first matching one and leaves the rest pending, so tests
//!   can also assert what did not arrive.
//! * [`RoomPresence`]: a member who stays in a room, joining again by itself (with new media)
//!   whenever the connection is lost, as the web client does.
//! * [`MediaSession`]: a real WebRTC peer (str0m, regular ICE agent) on `127.0.0.1` with real
//!   Opus. When `room_state` gave TURN servers ([`Signaling::ice_servers`]) it also offers a TURN
//!   relay candidate (UDP, webrtc-rs's `turn` client), or only that with
//!   [`IceTransportPolicy::Relay`] in [`MediaOptions`]; [`MediaSession::relay_stats`] counts
//!   what went through the relay. Its loop, one tokio task, drains str0m's output, then waits
//!   for one thing — a datagram (direct or relayed), str0m's timeout, the 20 ms microphone tick,
//!   or the stop signal — and feeds it in. Every tick
//!   it encodes 20 ms of its [`AudioSource`] (a tone or silence) with the RFC 6464 level; every
//!   received frame is decoded into its slot's 2 s ring buffer, which [`MediaSession::hears_tone`]
//!   analyses with the Goertzel algorithm ([`tone`]).
//!
//! ```no_run
//! # async fn demo(room: stoa_proto::RoomId) -> Result<(), stoa_client::ClientError> {
//! use std::time::Duration;
//! use stoa_client::{ApiClient, AudioSource, MediaSession};
//! let mut api = ApiClient::new("http://127.0.0.1:8080");
//! api.login("alice", "correct horse").await?;
//! let mut ws = api.signaling().await?;
//! ws.join_room(&room, Duration::from_secs(5)).await?;
//! let media = MediaSession::connect(&mut ws, AudioSource::tone(440.0)).await?;
//! media.wait_for_tone(880.0, Duration::from_secs(2)).await?;
//! # Ok(()) }
//! ```
//!
//! [`ServerMessage`]: stoa_proto::ws::ServerMessage

pub mod api;
pub mod audio;
pub mod error;
pub mod media;
pub mod presence;
pub mod signaling;
pub mod tone;

pub use api::ApiClient;
pub use audio::AudioSource;
pub use error::ClientError;
pub use media::{
    IceTransportPolicy, MediaOptions, MediaSession, PendingMedia, RelayStats, SendRecorder,
    SlotStats,
};
pub use presence::RoomPresence;
pub use signaling::Signaling;
