//! `stoa bench …`: measurements that print figures (never timed assertions in tests).
//!
//! * `join`: join time of one listener at a time.
//! * `hallway`: the ranked hallway and member search in a seeded 100k-member world.
//! * `room`: the SFU load benchmark — M speakers to N counting listeners over real WebRTC, with
//!   the raw loopback ceiling measured in the same run.
//! * `ws`: server memory per idle authenticated WebSocket session.

pub mod ceiling;
pub mod hallway;
pub mod janus;
pub mod join;
pub mod listeners;
pub mod measured;
pub mod process;
pub mod report;
pub mod room;
pub mod seed;
pub mod stage;
pub mod stats;
pub mod ws;
