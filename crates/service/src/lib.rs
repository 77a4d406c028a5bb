//! Stoa's orchestration layer.
//!
//! The work is split into domain services, each a cheap-to-clone handle holding only what its
//! job needs: [`Accounts`] (sign-up, invites, the waitlist, sessions), [`Social`] (profiles,
//! avatars, follows, blocks, search), [`Rooms`] (live rooms and their WebSocket sessions),
//! [`Clubs`], [`Events`], [`Moderation`] (reports, suspensions, admin and operator tools),
//! [`Notifications`] and [`Presence`] (the hallway, friends online). [`Stoa`] is the
//! composition root the API layer holds: it builds and wires them once (see [`Stoa::start`]).
//!
//! Each live room is one tokio task (an actor, see [`rooms`]) that drives the pure
//! `stoa_room::Room` state machine, tells the SFU who may publish, and broadcasts changes to
//! the room's WebSocket sessions.
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
pub mod moderation;
pub mod notify;
pub mod notify_texts;
mod online;
pub mod operator;
pub mod outbox;
pub mod peers;
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

pub use accounts::Accounts;
pub use background::Background;
pub use clock::{Clock, ManualClock};
pub use clubs::Clubs;
pub use error::ServiceError;
pub use events::Events;
pub use moderation::Moderation;
pub use notify::Notifications;
pub use presence::Presence;
pub use rooms::Rooms;
pub use session::Session;
pub use social::Social;
pub use stoa::{ServiceConfig, Stoa};
pub use turn::TurnConfig;
