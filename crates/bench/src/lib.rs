//! Stoa's load generator, the `stoa-bench` binary: measurements that print figures (never timed
//! assertions in tests). Kept out of the `stoa` binary, which therefore links neither libopus
//! nor the bench's HTTP client and progress bars.
//!
//! * [`join`]: join time of one listener at a time (the server in-process).
//! * [`room`]: the SFU load benchmark — M speakers to N counting listeners over real WebRTC
//!   against a `stoa serve` child process (or Janus), with the raw loopback ceiling measured in
//!   the same run.
//! * [`hallway`]: the ranked hallway and member search in a seeded 100k-member world.
//! * [`ws`]: server memory per idle authenticated WebSocket session (a `stoa serve` child).
//! * [`cluster`]: three `stoa serve` nodes in cluster mode: cross-node event latency, fail-over.
//!
//! [`counting`] holds the counting listeners the `room` benchmark receives with; [`process`]
//! starts the `stoa` child and reads `/proc`.

#![allow(clippy::print_stdout, reason = "the benchmarks print their figures")]

pub mod ceiling;
pub mod cluster;
pub mod counting;
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
