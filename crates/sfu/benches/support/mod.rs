//! An in-memory world for benchmarking the sans-IO core: one [`Sfu`], one publishing str0m
//! client and `R` listening str0m clients, each on its own 127.0.0.x address, connected with the
//! real ICE/DTLS/SRTP handshake on virtual time. Datagrams are routed in memory; nothing touches
//! a socket.
//!
//! [`World::forward_one`] is the measured unit: one SRTP packet from the publisher enters the
//! core, and every datagram the core produces for it (one per receiver) is taken out and
//! discarded. Control traffic (clients' STUN consent checks, RTCP) is exchanged by
//! [`World::maintain`], outside the measured region.

use std::collections::HashMap;
use std::hint::black_box;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use stoa_proto::{RoomId, UserId, AUDIO_SLOTS};
use stoa_sfu::{EgressMode, PeerFactory, Sfu, SfuEvent};
use str0m::change::SdpAnswer;
use str0m::media::{Direction, Frequency, MediaKind, MediaTime, Mid};
use str0m::net::{Protocol, Receive};
use str0m::{Candidate, Event, IceConnectionState, Input, Output, Rtc, RtcConfig};

/// Virtual time between two packets of the publisher (one 20 ms Opus frame).
pub const FRAME: Duration = Duration::from_millis(20);
/// Exchange control traffic every this many forwarded packets (0.5 s of virtual time).
pub const MAINTAIN_EVERY: u64 = 25;

struct Client {
    rtc: Rtc,
    addr: SocketAddr,
    mic: Mid,
    connected: bool,
    /// Audio packets str0m delivered to this client (counted where the world polls it).
    received: u64,
    rtp_ts: u64,
}

impl Client {
    /// Polls the client's output: datagrams for the SFU go to `out`, events are counted.
    fn poll(&mut self, out: &mut Vec<(SocketAddr, Vec<u8>)>) {
        loop {
            match self.rtc.poll_output() {
                Ok(Output::Timeout(_)) | Err(_) => break,
                Ok(Output::Transmit(t)) => out.push((self.addr, t.contents.to_vec())),
                Ok(Output::Event(Event::Connected)) => self.connected = true,
                Ok(Output::Event(Event::IceConnectionStateChange(
                    IceConnectionState::Disconnected,
                ))) => self.connected = false,
                Ok(Output::Event(Event::MediaData(_))) => self.received += 1,
                Ok(Output::Event(_)) => {}
            }
        }
    }
}

/// The SFU and its clients on virtual time.
pub struct World {
    /// The core under test.
    pub sfu: Sfu,
    /// Virtual now.
    pub now: Instant,
    sfu_addr: SocketAddr,
    clients: Vec<Client>,
    by_addr: HashMap<SocketAddr, usize>,
    sent: u64,
    pending: Vec<Vec<u8>>,
    /// A client whose DTLS datagrams from the SFU are lost between the SFU's side of the
    /// handshake completing and the peer settling (see [`World::losing_last_flight`]).
    lose_last_flight_of: Option<usize>,
}

fn client_addr(i: usize) -> SocketAddr {
    let ip = Ipv4Addr::new(127, 0, (i / 200) as u8 + 1, (i % 200) as u8 + 1);
    SocketAddr::new(ip.into(), 40_000)
}

impl World {
    /// Connects one publisher and `receivers` listeners and lets the publisher take a slot;
    /// forwarded packets leave by `egress`.
    pub fn with_egress(receivers: usize, egress: EgressMode) -> Self {
        Self::build(receivers, egress, None)
    }

    /// Like [`World::with_egress`] (direct egress), but client `lost` never gets the SFU's
    /// last DTLS flight until its peer has settled: it connects only if the settled peer
    /// answers its retransmission.
    #[allow(dead_code)] // used by tests/settle.rs
    pub fn losing_last_flight(receivers: usize, lost: usize) -> Self {
        Self::build(receivers, EgressMode::Direct, Some(lost))
    }

    fn build(receivers: usize, egress: EgressMode, lose_last_flight_of: Option<usize>) -> Self {
        let now = Instant::now();
        let sfu_addr: SocketAddr = "127.0.0.1:3478".parse().expect("addr");
        let factory = PeerFactory::new(sfu_addr)
            .expect("factory")
            .with_egress(egress);
        let mut sfu = Sfu::with_factory(factory, true, now);
        let room = RoomId("bench".into());
        let mut clients = Vec::with_capacity(receivers + 1);
        let mut by_addr = HashMap::new();
        for i in 0..=receivers {
            let addr = client_addr(i);
            let mut rtc = RtcConfig::new()
                .clear_codecs()
                .enable_opus(true, false)
                .build(now);
            rtc.add_local_candidate(Candidate::host(addr, "udp").expect("candidate"));
            let mut api = rtc.sdp_api();
            let mic = api.add_media(MediaKind::Audio, Direction::SendOnly, None, None, None);
            for _ in 0..AUDIO_SLOTS {
                api.add_media(MediaKind::Audio, Direction::RecvOnly, None, None, None);
            }
            let (offer, pending) = api.apply().expect("offer");
            let answer = sfu
                .connect(
                    now,
                    room.clone(),
                    UserId(i as i64 + 1),
                    &offer.to_sdp_string(),
                    i == 0,
                )
                .expect("sfu accepts");
            let answer = SdpAnswer::from_sdp_string(&answer).expect("answer");
            rtc.sdp_api()
                .accept_answer(pending, answer)
                .expect("accept");
            by_addr.insert(addr, i);
            clients.push(Client {
                rtc,
                addr,
                mic,
                connected: false,
                received: 0,
                rtp_ts: 0,
            });
        }
        let mut world = World {
            sfu,
            now,
            sfu_addr,
            clients,
            by_addr,
            sent: 0,
            pending: Vec::new(),
            lose_last_flight_of,
        };
        world.connect_all(receivers + 1);
        // The first packets give the publisher its slot.
        for _ in 0..3 {
            world.forward_one();
        }
        world
    }

    fn connect_all(&mut self, n: usize) {
        let mut sfu_connected = 0;
        for _ in 0..4_000 {
            self.maintain();
            while let Some(ev) = self.sfu.poll_event() {
                if matches!(ev, SfuEvent::Connected { .. }) {
                    sfu_connected += 1;
                }
            }
            if sfu_connected == n && self.clients.iter().all(|c| c.connected) {
                return;
            }
            self.now += Duration::from_millis(5);
        }
        panic!("only {sfu_connected} of {n} peers connected");
    }

    /// Exchanges all pending traffic between the clients and the core at `now` (not measured).
    pub fn maintain(&mut self) {
        let now = self.now;
        for _round in 0..8 {
            let mut to_sfu: Vec<(SocketAddr, Vec<u8>)> = Vec::new();
            for c in &mut self.clients {
                let _ = c.rtc.handle_input(Input::Timeout(now));
                c.poll(&mut to_sfu);
            }
            for (src, bytes) in &to_sfu {
                self.sfu.handle_datagram(now, *src, bytes);
            }
            if now >= self.sfu.next_deadline() {
                self.sfu.handle_timeout(now);
            }
            let mut delivered = 0;
            while let Some(t) = self.sfu.poll_transmit() {
                delivered += 1;
                let Some(&i) = self.by_addr.get(&t.destination) else {
                    continue;
                };
                if self.lose_last_flight_of == Some(i)
                    && matches!(t.contents.first(), Some(20..=63))
                {
                    let user = UserId(i as i64 + 1);
                    if self.sfu.peer_state(user) == Some((true, false)) {
                        continue;
                    }
                }
                let c = &mut self.clients[i];
                if let Ok(r) = Receive::new(Protocol::Udp, self.sfu_addr, c.addr, &t.contents) {
                    let _ = c.rtc.handle_input(Input::Receive(now, r));
                }
            }
            if to_sfu.is_empty() && delivered == 0 {
                break;
            }
        }
    }

    /// Makes client `i`'s next microphone packet(s) (SRTP datagrams) at `now` (not measured).
    fn next_datagrams_of(&mut self, i: usize) {
        let now = self.now;
        let c = &mut self.clients[i];
        let writer = c.rtc.writer(c.mic).expect("writer");
        let pt = writer.payload_params().next().expect("opus").pt();
        let time = MediaTime::new(c.rtp_ts, Frequency::FORTY_EIGHT_KHZ);
        c.rtp_ts += 960;
        // A plausible 20 ms Opus packet: TOC byte + 79 bytes.
        let mut payload = vec![0x58u8; 80];
        payload[1] = self.sent as u8;
        writer
            .audio_level(-20, true)
            .write(pt, now, time, payload)
            .expect("write");
        let _ = c.rtc.handle_input(Input::Timeout(now));
        self.pending.clear();
        loop {
            match c.rtc.poll_output() {
                Ok(Output::Timeout(_)) | Err(_) => break,
                Ok(Output::Transmit(t)) => self.pending.push(t.contents.to_vec()),
                Ok(Output::Event(_)) => {}
            }
        }
    }

    /// Forwards one publisher packet through the core; returns the time spent in the core and
    /// the number of datagrams it produced. Advances virtual time by one frame and does the
    /// (unmeasured) control traffic every [`MAINTAIN_EVERY`] packets.
    pub fn forward_one(&mut self) -> (Duration, u64) {
        self.next_datagrams_of(0);
        let (elapsed, out) = self.core_step();
        self.sent += 1;
        self.now += FRAME;
        if self.sent.is_multiple_of(MAINTAIN_EVERY) {
            self.maintain();
            while self.sfu.poll_event().is_some() {}
        }
        (elapsed, out)
    }

    /// Sends one packet from client `i`'s microphone through the core and delivers everything
    /// the core sends to the clients (for tests: see [`World::received`]); advances one frame.
    #[allow(dead_code)] // used by tests/settle.rs
    pub fn send_and_deliver(&mut self, i: usize) {
        self.next_datagrams_of(i);
        let (src, now) = (self.clients[i].addr, self.now);
        for d in std::mem::take(&mut self.pending) {
            self.sfu.handle_datagram(now, src, &d);
        }
        self.maintain();
        self.now += FRAME;
    }

    /// Audio packets client `i` has received so far.
    #[allow(dead_code)] // used by tests/settle.rs
    pub fn received(&self, i: usize) -> u64 {
        self.clients[i].received
    }

    /// Whether client `i`'s connection is up (its ICE agent did not give up).
    #[allow(dead_code)] // used by tests/settle.rs
    pub fn client_connected(&self, i: usize) -> bool {
        self.clients[i].connected
    }

    /// The measured part: the publisher's datagrams in, every output datagram out.
    #[inline(never)]
    fn core_step(&mut self) -> (Duration, u64) {
        let src = self.clients[0].addr;
        let now = self.now;
        let start = Instant::now();
        let out = core_step_inner(&mut self.sfu, now, src, &self.pending);
        (start.elapsed(), out)
    }
}

/// Feeds datagrams into the core, runs due timeouts, drains its output. Separate and never
/// inlined so callgrind can count exactly this (`--toggle-collect=*core_step_inner*`).
#[inline(never)]
pub fn core_step_inner(sfu: &mut Sfu, now: Instant, src: SocketAddr, input: &[Vec<u8>]) -> u64 {
    for d in input {
        sfu.handle_datagram(now, src, d);
    }
    if now >= sfu.next_deadline() {
        sfu.handle_timeout(now);
    }
    let mut out = 0;
    while let Some(t) = sfu.poll_transmit() {
        black_box(&t);
        out += 1;
        // As the driver does once a batch is sent.
        sfu.recycle(t);
    }
    out
}
