//! Stoa's orchestration layer.
//!
//! [`Stoa`] is the one facade the API layer talks to. It owns the durable [`Store`], the SFU
//! handle and the registry of live rooms. Each live room is one tokio task (an actor, see
//! [`rooms`]) that drives the pure `stoa_room::Room` state machine, tells the SFU who may
//! publish, and broadcasts changes to the room's WebSocket sessions. Accounts and invites are
//! plain async functions over the store ([`accounts`], [`invites`], [`social`]: profiles,
//! follows and member search).
//!
//! [`Store`]: stoa_store::Store

pub mod accounts;
pub mod admin;
pub mod avatars;
pub mod background;
mod blocks;
pub mod clock;
pub mod closer;
pub mod clubs;
mod error;
pub mod events;
pub mod feeds;
mod graph_cache;
pub mod hallway;
pub mod invites;
pub mod notify;
mod online;
pub mod operator;
pub mod outbox;
pub mod presence;
mod profile_extras;
pub mod reports;
pub mod rooms;
pub mod secrets;
pub mod session;
pub mod share;
pub mod social;
mod stoa;
mod suspension;
pub mod telemetry;
pub mod turn;
pub mod uploads;
pub mod validate;
pub mod waitlist;

pub use background::Background;
pub use clock::{Clock, ManualClock};
pub use error::ServiceError;
pub use session::Session;
pub use stoa::{ServiceConfig, Stoa};
pub use turn::TurnConfig;
