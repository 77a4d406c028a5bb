//! Stoa's audio SFU on str0m (ICE-lite, RTP mode, Opus only).
//!
//! # The loop
//! One UDP socket, one task (`driver`), one sans-IO core ([`core::Sfu`]):
//!
//! 1. A datagram arrives; its source is made canonical ([`net`]: a dual-stack socket's
//!    v4-mapped addresses become IPv4). Sources that are not loopback are dropped when the
//!    socket is bound to loopback. The peer is found in O(1) ([`demux`]): by source address, or
//!    for STUN by the local ufrag in USERNAME. A STUN request changes state (maps its address,
//!    refreshes liveness, reaches str0m, moves where media goes) only once it proved authentic
//!    ([`stun_auth`]: MESSAGE-INTEGRITY and FINGERPRINT, allocation free).
//! 2. The peer's `Rtc` takes the datagram and is polled. Each `Event::RtpPacket` from its
//!    microphone is forwarded (no decoding) if the peer may publish ([`SfuHandle::set_can_publish`]);
//!    otherwise it is dropped and counted (after authentication: the SRTP receive state follows
//!    the stream either way). The room's [`slots`] map says which *virtual* slot the
//!    speaker is on (there are `AUDIO_SLOTS + 1`); [`view`] says on which physical receive slot
//!    each other peer gets that virtual slot (a speaker's own slot index carries the extra virtual
//!    slot instead, so speakers hear `AUDIO_SLOTS` others). The packet is written on that slot's
//!    m-line, with per-(receiver, physical slot) sequence numbers and timestamps ([`rewrite`],
//!    continuous when the slot's source changes), the receiver's Opus payload type, and the audio
//!    level extension. All O(1) per packet per receiver.
//! 3. The packet is written by Stoa itself ([`egress`]): header, then SRTP with the receiver's
//!    keys, which str0m's DTLS exported ([`dtls_keys`] observes them through str0m's public
//!    crypto provider); str0m keeps ICE, DTLS and RTCP. (With [`EgressMode::Str0m`] it goes
//!    through str0m's `write_rtp` instead, and receivers written to are polled once per burst.)
//!    Datagrams go out in batches (`sendmmsg` on Linux); a fan-out of more than
//!    [`senders::SPLIT_AT`] datagrams is shared with sender threads, one per extra core.
//! 4. Settling ([`settle`]): a few seconds after a peer connected, its `Rtc` is released; Stoa
//!    answers its STUN consent checks and decrypts its microphone itself. A settled listener
//!    costs a few KiB instead of str0m's ~80. The core then asks the driver to give the freed
//!    memory back to the system ([`Sfu::poll_release_memory`]); it never calls the allocator or
//!    reads the clock itself.
//! 5. Timeouts: each `Rtc`'s deadline sits in a min-heap; a room tick (50 ms) smooths voice
//!    levels ([`level`]), rebalances slots with hysteresis, and emits throttled
//!    [`SfuEvent::Speaking`] / [`SfuEvent::Slots`].
//!
//! # The offer
//! The FIRST audio m-line the client sends on (`sendonly`/`sendrecv`) is its microphone; the next
//! [`stoa_proto::AUDIO_SLOTS`] `recvonly` audio m-lines are its receive slots, in order. A browser
//! builds it with `addTransceiver('audio', {direction: 'sendonly'})` followed by three
//! `addTransceiver('audio', {direction: 'recvonly'})`.

mod batch;
pub mod bundle_only;
pub mod core;
pub mod demux;
mod drive;
mod driver;
pub mod dtls_keys;
pub mod egress;
mod error;
mod forward;
#[doc(hidden)]
pub mod fuzzing;
mod handle;
pub(crate) mod ice_lite;
pub(crate) mod last_flight;
pub mod level;
pub mod net;
pub mod offer;
pub mod peer;
mod publish;
pub mod relay;
pub mod rewrite;
pub mod room;
pub(crate) mod rtp_in;
pub mod senders;
pub mod settle;
pub mod slots;
pub mod srtp;
mod stats;
pub mod stun_auth;
pub mod view;

use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use stoa_proto::{RoomId, UserId};
use tokio::net::UdpSocket;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

pub use crate::core::{Sfu, Transmit};
pub use driver::BATCH_SIZE_METRIC;
pub use egress::EgressMode;
pub use error::SfuError;
pub use handle::{PreparedPeer, Registration, SfuHandle};
pub use peer::{NewPeer, PeerFactory};
pub use publish::Publish;
pub use stats::{Counters, SfuStats};
pub use view::receiver_slots;

/// Where and how the SFU listens.
#[derive(Debug, Clone)]
pub struct SfuConfig {
    /// UDP address to bind, e.g. `127.0.0.1:0` in tests or `[::]:50000` on a server. `[::]` is
    /// one dual-stack socket (IPv4 too; `0.0.0.0` when the host has no IPv6). A loopback
    /// address accepts datagrams from loopback sources only.
    pub bind: SocketAddr,
    /// The IPs clients should send to (one host candidate each), e.g. the public address of a
    /// 1:1 NAT. Empty: the bound IP, or for a wildcard bind every usable local address
    /// ([`net::candidate_ips`]).
    pub public_ips: Vec<IpAddr>,
    /// How forwarded audio leaves (Stoa's own SRTP egress unless told otherwise).
    pub egress: EgressMode,
    /// Threads that send big fan-outs besides the SFU task (0: the task sends everything);
    /// [`default_send_threads`] leaves one core to the rest.
    pub send_threads: usize,
    /// Release a peer's str0m connection this long after it connected ([`settle`]); `None`
    /// keeps str0m for every peer (for comparison).
    pub settle_after: Option<std::time::Duration>,
    /// Media connections that may be in set-up at once (ICE + DTLS not finished); beyond it a
    /// new connection is refused at once with [`SfuError::Busy`] ([`DEFAULT_MAX_CONNECTING`]).
    pub max_connecting: u64,
}

/// Connections in set-up at once by default. A healthy node finishes a handshake in tens of
/// milliseconds, so at 200 joins a second a few dozen are under way; hundreds mean the loop
/// cannot keep up, and more joins would only wait to time out.
pub const DEFAULT_MAX_CONNECTING: u64 = 400;

impl SfuConfig {
    /// Loopback on an ephemeral port, defaults otherwise (tests and benchmarks).
    pub fn loopback() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            public_ips: Vec::new(),
            egress: EgressMode::default(),
            send_threads: default_send_threads(),
            settle_after: Some(settle::SETTLE_AFTER),
            max_connecting: DEFAULT_MAX_CONNECTING,
        }
    }
}

/// One sender thread per core beyond the first, at most 3.
pub fn default_send_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .saturating_sub(1)
        .min(3)
}

/// What the SFU tells the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SfuEvent {
    /// The user's media connection is up (ICE + DTLS + SRTP).
    Connected {
        /// Who.
        user: UserId,
    },
    /// The user's media connection failed or timed out; the peer was removed.
    Disconnected {
        /// Who.
        user: UserId,
    },
    /// The virtual slot map of a room changed.
    ///
    /// `slots` has `AUDIO_SLOTS + 1` entries ([`slots::VIRTUAL_SLOTS`]): index `i` is virtual
    /// slot `i`, NOT a receive slot. What a member hears on its `AUDIO_SLOTS` receive slots
    /// differs per member: send each member [`receiver_slots`]`(&slots, member)`.
    Slots {
        /// Which room.
        room: RoomId,
        /// Who holds each virtual slot (length `AUDIO_SLOTS + 1`).
        slots: Vec<Option<UserId>>,
    },
    /// The set of users speaking in a room changed (at most every ~100 ms per room).
    Speaking {
        /// Which room.
        room: RoomId,
        /// Who is speaking, sorted.
        users: Vec<UserId>,
    },
}

/// Binds the socket, starts the SFU task, and returns its handle and event stream. The task
/// runs until every handle is dropped.
pub async fn start(
    config: SfuConfig,
) -> Result<(SfuHandle, mpsc::UnboundedReceiver<SfuEvent>), SfuError> {
    start_tracked(config, &TaskTracker::new(), CancellationToken::new()).await
}

/// [`start`], with the SFU task tracked by `tasks` and ending when `stop` is cancelled (the
/// server's shutdown) if no handle ended it before.
pub async fn start_tracked(
    config: SfuConfig,
    tasks: &TaskTracker,
    stop: CancellationToken,
) -> Result<(SfuHandle, mpsc::UnboundedReceiver<SfuEvent>), SfuError> {
    let media = net::bind(config.bind)?;
    let local_addr = media.socket.local_addr()?;
    let ips = net::candidate_ips(
        &media,
        local_addr.ip(),
        &config.public_ips,
        &net::local_ips(),
    )?;
    let candidates: Vec<SocketAddr> = ips
        .iter()
        .map(|ip| SocketAddr::new(*ip, local_addr.port()))
        .collect();
    tracing::info!(bound = %local_addr, ?candidates, "sfu media socket");
    let senders = match config.send_threads {
        0 => None,
        n => Some(senders::Senders::start(&media.socket, media.v6, n)?),
    };
    let v6_socket = media.v6;
    let socket = UdpSocket::from_std(media.socket)?;
    // Only a socket bound to loopback on purpose is restricted to loopback sources.
    let loopback_only = local_addr.ip().is_loopback();
    let factory = PeerFactory::with_candidates(candidates)?.with_egress(config.egress);
    let mut sfu = Sfu::with_factory(factory.clone(), loopback_only, Instant::now());
    sfu.set_settle_after(config.settle_after);
    let counters = sfu.counters();
    let (cmd_tx, cmd_rx) = mpsc::unbounded_channel();
    let (ev_tx, ev_rx) = mpsc::unbounded_channel();
    let socket = driver::DriverSocket {
        socket,
        v6: v6_socket,
    };
    let driver = driver::run(socket, sfu, cmd_rx, ev_tx, senders);
    tasks.spawn(stop.run_until_cancelled_owned(driver));
    let handle = SfuHandle::new(cmd_tx, factory, local_addr, counters)
        .with_max_connecting(config.max_connecting);
    Ok((handle, ev_rx))
}
