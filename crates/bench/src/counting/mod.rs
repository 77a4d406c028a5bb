//! Counting listeners for the load generator (`stoa-bench room`).
//!
//! A counting listener is a real WebRTC peer (str0m ICE + DTLS + SRTP, same offer as
//! [`stoa_client::MediaSession`]) that does not decrypt what it receives: SRTP leaves the RTP header in
//! clear, so the bot counts packets, tracks loss per SSRC from sequence numbers ([`SeqTracker`])
//! and computes forward delay by looking the RTP timestamp up in a [`SendLog`] that the speaker
//! bots of the same process fill; the delay ends at the kernel's receive stamp (`recv`). STUN,
//! DTLS, RTCP and a sample of the media still go to str0m, and the sampled media is
//! Opus-decoded to prove the audio is real.
//!
//! Thousands of bots share a [`ListenerPool`]: a few threads, each waiting on all its bots'
//! sockets with one epoll (see `pool` for the loop).

mod bot;
mod counters;
mod epoll;
mod histogram;
mod pool;
mod recv;
mod rtp;
mod sendlog;

pub use bot::{BotReport, RAW_SSRC};
pub use counters::{PoolSnapshot, TRACKED_SENDERS};
pub use histogram::DelayHistogram;
pub use pool::{ListenerPool, PoolReport, TICK};
pub use rtp::{classify, parse_rtp, write_rtp_header, DatagramKind, RtpHeader, SeqTracker};
pub use sendlog::{SendLog, FRAME_TICKS, MAX_FRAMES, MAX_SENDERS};
