//! The thin async driver: owns the UDP socket, feeds the sans-IO [`Sfu`], sends its output.
//!
//! One task, one loop: wait for a command, a datagram, or the core's next deadline; hand it to
//! the core; then send every queued datagram (in batches of [`SEND_BATCH`], one `sendmmsg` each
//! on Linux) and forward every event. After one datagram it drains what else is already queued
//! on the socket (up to [`RECV_BURST`]) before polling the receivers, so a burst costs one `Rtc`
//! poll per receiver.
//!
//! The clock and the process are the driver's: it reads `now` for every input, and gives the
//! memory of settled peers back to the system when the core asks
//! ([`Sfu::poll_release_memory`]).

use std::time::{Duration, Instant};

use stoa_proto::{RoomId, UserId};
use tokio::net::UdpSocket;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio::sync::oneshot;

use crate::batch::{send_all, SEND_BATCH};
use crate::core::{Sfu, Transmit};
use crate::net::canonical;
use crate::peer::NewPeer;
use crate::relay::{EdgeOffer, OriginAccept, Upstream};
use crate::senders::{Senders, SPLIT_AT};
use crate::{Publish, SfuEvent};

/// Histogram of datagrams per send batch (one sample per batch, whoever sends it).
pub const BATCH_SIZE_METRIC: &str = "stoa_sfu_send_batch_size";

/// Datagrams read in one go before the receivers are polled.
pub const RECV_BURST: usize = 64;
/// Never sleep less than this (guards against a deadline that stays in the past).
const MIN_SLEEP: Duration = Duration::from_millis(1);
/// Largest datagram we accept.
const MAX_DATAGRAM: usize = 2048;

/// The SFU's socket and its family (an IPv6 socket needs IPv4 destinations v4-mapped).
pub(crate) struct DriverSocket {
    pub(crate) socket: UdpSocket,
    pub(crate) v6: bool,
}

/// A request from a handle to the loop.
pub(crate) enum Command {
    /// Add a built peer; reply once it is registered (then its answer may leave).
    AddPeer {
        room: RoomId,
        user: UserId,
        publish: Publish,
        new: Box<NewPeer>,
        /// Into an edge room fed by this link.
        upstream: Option<Box<Upstream>>,
        reply: oneshot::Sender<()>,
    },
    /// Edge: the offer for the room's link to its origin.
    OfferUpstream {
        room: RoomId,
        origin_node: String,
        reply: oneshot::Sender<EdgeOffer>,
    },
    /// Edge: the room's origin moved; feed its members over this link.
    Relink {
        room: RoomId,
        upstream: Box<Upstream>,
    },
    /// The room's origin moved here.
    RunHere { room: RoomId },
    /// Origin: set up the link an edge offered.
    AcceptEdge {
        room: RoomId,
        offer: Box<EdgeOffer>,
        reply: oneshot::Sender<OriginAccept>,
    },
    /// Allow or forbid publishing (only if the user's peer is in `room`).
    SetCanPublish {
        room: RoomId,
        user: UserId,
        publish: Publish,
    },
    /// Close a peer (only if it is in `room`).
    RemovePeer { room: RoomId, user: UserId },
}

/// Runs until every command sender (every `SfuHandle`) is dropped.
pub(crate) async fn run(
    socket: DriverSocket,
    mut sfu: Sfu,
    mut commands: UnboundedReceiver<Command>,
    events: UnboundedSender<SfuEvent>,
    senders: Option<Senders>,
) {
    let mut buf = vec![0u8; MAX_DATAGRAM];
    let mut out = Outbound {
        batch: Vec::with_capacity(SEND_BATCH),
        senders,
        spare: Vec::new(),
        // Registered once: a sample per batch costs an atomic push, nothing per packet.
        batch_sizes: metrics::histogram!(BATCH_SIZE_METRIC),
    };
    loop {
        let now = Instant::now();
        if now >= sfu.next_deadline() {
            sfu.handle_timeout(now);
        }
        if sfu.poll_release_memory() {
            release_freed_memory();
        }
        out.flush(&socket, &mut sfu, &events).await;
        let wake = sfu.next_deadline().max(Instant::now() + MIN_SLEEP);
        tokio::select! {
            biased;
            cmd = commands.recv() => match cmd {
                Some(cmd) => apply(&mut sfu, cmd),
                None => break,
            },
            r = socket.socket.recv_from(&mut buf) => match r {
                Ok((n, src)) => {
                    sfu.handle_datagram(Instant::now(), canonical(src), &buf[..n]);
                    for _ in 1..RECV_BURST {
                        match socket.socket.try_recv_from(&mut buf) {
                            Ok((n, src)) => {
                                sfu.handle_datagram(Instant::now(), canonical(src), &buf[..n]);
                            }
                            Err(_) => break,
                        }
                    }
                }
                // E.g. ECONNREFUSED after an ICMP port unreachable: not fatal for a server.
                Err(e) => tracing::debug!("sfu recv error: {e}"),
            },
            _ = tokio::time::sleep_until(wake.into()) => {}
        }
    }
    tracing::debug!("sfu driver stopped");
}

/// Gives the memory of released connections back to the system, when the core asks after
/// settling peers. glibc's malloc keeps freed chunks in its arenas, so without this a join
/// storm's peak (every peer still holding str0m's state until it settles) would stay the
/// process's size. At most once a second (the housekeeping tick), and only after peers settled;
/// a few ms on a heap of hundreds of MB.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let started = Instant::now();
        // SAFETY: malloc_trim only walks and trims the allocator's own free lists.
        unsafe {
            libc::malloc_trim(0);
        }
        tracing::debug!("malloc_trim after settling took {:?}", started.elapsed());
    }
}

fn apply(sfu: &mut Sfu, cmd: Command) {
    let now = Instant::now();
    match cmd {
        Command::AddPeer {
            room,
            user,
            publish,
            new,
            upstream,
            reply,
        } => {
            match upstream {
                Some(up) => sfu.add_edge_peer(now, room, user, publish, *new, &up),
                None => sfu.add_peer(now, room, user, publish, *new),
            };
            // Counted among the peers now (connecting until ICE and DTLS are done).
            sfu.counters.dec_admitting();
            let _ = reply.send(());
        }
        Command::OfferUpstream {
            room,
            origin_node,
            reply,
        } => {
            let _ = reply.send(sfu.offer_upstream(now, room, &origin_node));
        }
        Command::Relink { room, upstream } => sfu.relink(now, &room, &upstream),
        Command::RunHere { room } => sfu.run_here(&room),
        Command::AcceptEdge { room, offer, reply } => {
            let _ = reply.send(sfu.accept_edge(now, room, &offer));
        }
        Command::SetCanPublish {
            room,
            user,
            publish,
        } => sfu.set_can_publish(now, &room, user, publish),
        Command::RemovePeer { room, user } => sfu.remove_peer(&room, user),
    }
}

/// The driver's sending side: its own batch, the sender threads (if any) and spare batch
/// vectors coming back from them.
struct Outbound {
    batch: Vec<Transmit>,
    senders: Option<Senders>,
    spare: Vec<Vec<Transmit>>,
    batch_sizes: metrics::Histogram,
}

impl Outbound {
    /// Sends everything the core queued and forwards its events. A big flush (a fan-out) is
    /// split: of every `threads + 1` batches, the sender threads take `threads`.
    async fn flush(
        &mut self,
        socket: &DriverSocket,
        sfu: &mut Sfu,
        events: &UnboundedSender<SfuEvent>,
    ) {
        self.reclaim(sfu);
        let share = match &self.senders {
            Some(s) if sfu.queued_transmits() > SPLIT_AT => s.len(),
            _ => 0,
        };
        let mut turn = 0usize;
        loop {
            let mut batch = if share > 0 && !turn.is_multiple_of(share + 1) {
                self.spare.pop().unwrap_or_default()
            } else {
                std::mem::take(&mut self.batch)
            };
            batch.clear();
            while batch.len() < SEND_BATCH {
                match sfu.poll_transmit() {
                    Some(t) => batch.push(t),
                    None => break,
                }
            }
            if batch.is_empty() {
                self.put_back(batch);
                break;
            }
            self.batch_sizes.record(batch.len() as f64);
            let inline = turn.is_multiple_of(share + 1);
            turn += 1;
            let batch = match (&mut self.senders, inline) {
                (Some(senders), false) => {
                    let n = batch.len() as u64;
                    match senders.offer(batch) {
                        Ok(()) => {
                            sfu.counters.add_sent_by_threads(n);
                            continue;
                        }
                        Err(batch) => batch,
                    }
                }
                _ => batch,
            };
            send_all(&socket.socket, socket.v6, &batch).await;
            let mut batch = batch;
            for t in batch.drain(..) {
                sfu.recycle(t);
            }
            self.put_back(batch);
        }
        while let Some(ev) = sfu.poll_event() {
            // The service may have stopped listening; the SFU keeps forwarding regardless.
            let _ = events.send(ev);
        }
    }

    /// Takes back the batches the sender threads finished: buffers to the core, vectors kept.
    fn reclaim(&mut self, sfu: &mut Sfu) {
        let Some(senders) = &self.senders else {
            return;
        };
        while let Some(mut batch) = senders.finished() {
            for t in batch.drain(..) {
                sfu.recycle(t);
            }
            self.spare.push(batch);
        }
    }

    fn put_back(&mut self, batch: Vec<Transmit>) {
        if self.batch.capacity() == 0 {
            self.batch = batch;
        } else {
            self.spare.push(batch);
        }
    }
}
