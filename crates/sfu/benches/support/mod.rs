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
    /// The SFU's ICE ufrag and password for this client's peer (from the answer).
    sfu_ice: (String, String),
    /// The client's own ICE ufrag (from its offer).
    ufrag: String,
    /// The client went away: what it sends no longer reaches the SFU.
    silenced: bool,
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
    /// The first [`CAPTURED`] datagrams the clients sent (seeds for the fuzz harness).
    captured: Vec<Vec<u8>>,
}

/// How many of the clients' first datagrams a world keeps.
const CAPTURED: usize = 512;

/// The room every client of a [`World`] is in.
pub fn room() -> RoomId {
    RoomId("bench".into())
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
        let room = room();
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
            let ufrag = sdp_value(&offer.to_sdp_string(), "a=ice-ufrag:");
            let answer = sfu
                .connect(
                    now,
                    room.clone(),
                    UserId(i as i64 + 1),
                    &offer.to_sdp_string(),
                    i == 0,
                )
                .expect("sfu accepts");
            let sfu_ice = (
                sdp_value(&answer, "a=ice-ufrag:"),
                sdp_value(&answer, "a=ice-pwd:"),
            );
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
                sfu_ice,
                ufrag,
                silenced: false,
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
            captured: Vec::new(),
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
                let before = to_sfu.len();
                c.poll(&mut to_sfu);
                if c.silenced {
                    to_sfu.truncate(before);
                }
            }
            for (src, bytes) in &to_sfu {
                self.sfu.handle_datagram(now, *src, bytes);
            }
            let room = CAPTURED.saturating_sub(self.captured.len());
            self.captured
                .extend(to_sfu.iter().take(room).map(|(_, d)| d.clone()));
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

    /// Makes the room an origin with `edges` edges (links accepted from offers of made-up
    /// nodes on 127.0.1.x): each forwarded packet is also sealed once per edge.
    #[allow(dead_code)] // used by benches/forward.rs
    pub fn attach_edges(&mut self, edges: usize) {
        for e in 0..edges {
            let offer = stoa_sfu::relay::EdgeOffer {
                link: e as u32 + 1,
                addr: SocketAddr::new(Ipv4Addr::new(127, 0, 1, (e % 250) as u8 + 1).into(), 50_000),
                down_key: [e as u8; 16],
                up_key: [e as u8 ^ 0xff; 16],
            };
            self.sfu.accept_edge(self.now, room(), &offer);
        }
        while self.sfu.poll_transmit().is_some() {}
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

    /// Sends `n` packets from client `i`'s microphone into the core, one frame apart, without
    /// polling the listeners after each (control traffic every [`MAINTAIN_EVERY`] packets): a
    /// long stretch of a sender's stream, e.g. while it may not publish. Returns the time spent
    /// in the core's `handle_datagram` for them.
    #[allow(dead_code)] // used by tests
    pub fn send_many(&mut self, i: usize, n: u64) -> Duration {
        let src = self.clients[i].addr;
        let mut in_core = Duration::ZERO;
        for k in 1..=n {
            self.next_datagrams_of(i);
            for d in std::mem::take(&mut self.pending) {
                let started = Instant::now();
                self.sfu.handle_datagram(self.now, src, &d);
                in_core += started.elapsed();
            }
            self.now += FRAME;
            if k.is_multiple_of(MAINTAIN_EVERY) {
                self.maintain();
            }
        }
        self.maintain();
        in_core
    }

    /// Feeds one datagram from `src` into the core (handling due timeouts) and returns
    /// everything the core sends then, without delivering it to any client.
    #[allow(dead_code)] // used by tests
    pub fn inject(&mut self, src: SocketAddr, bytes: &[u8]) -> Vec<stoa_sfu::Transmit> {
        self.sfu.handle_datagram(self.now, src, bytes);
        std::iter::from_fn(|| self.sfu.poll_transmit()).collect()
    }

    /// Makes client `i`'s next microphone packet(s) and feeds them into the core; returns what
    /// the core sends, without delivering it (see [`World::inject`]).
    #[allow(dead_code)] // used by tests
    pub fn inject_mic(&mut self, i: usize) -> Vec<stoa_sfu::Transmit> {
        self.next_datagrams_of(i);
        let src = self.clients[i].addr;
        let mut out = Vec::new();
        for d in std::mem::take(&mut self.pending) {
            out.extend(self.inject(src, &d));
        }
        out
    }

    /// Client `i`'s next microphone datagrams (SRTP), not sent anywhere.
    #[allow(dead_code)] // used by tests
    pub fn mic_datagrams(&mut self, i: usize) -> Vec<Vec<u8>> {
        self.next_datagrams_of(i);
        std::mem::take(&mut self.pending)
    }

    /// The first datagrams the clients sent to the SFU (STUN, DTLS, SRTP, SRTCP).
    #[allow(dead_code)] // used by tests
    pub fn captured(&self) -> &[Vec<u8>] {
        &self.captured
    }

    /// Client `i`'s address.
    #[allow(dead_code)] // used by tests
    pub fn addr(&self, i: usize) -> SocketAddr {
        self.clients[i].addr
    }

    /// The SFU's ICE ufrag and password for client `i`'s peer.
    #[allow(dead_code)] // used by tests
    pub fn sfu_ice(&self, i: usize) -> (&str, &str) {
        let (ufrag, pwd) = &self.clients[i].sfu_ice;
        (ufrag, pwd)
    }

    /// The USERNAME of client `i`'s STUN requests: `<SFU ufrag>:<client ufrag>`.
    #[allow(dead_code)] // used by tests
    pub fn stun_username(&self, i: usize) -> String {
        format!("{}:{}", self.clients[i].sfu_ice.0, self.clients[i].ufrag)
    }

    /// From now on nothing client `i` sends reaches the SFU (it went away without a word).
    #[allow(dead_code)] // used by tests
    pub fn silence(&mut self, i: usize) {
        self.clients[i].silenced = true;
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

/// The value of the first SDP line starting with `prefix`.
fn sdp_value(sdp: &str, prefix: &str) -> String {
    sdp.lines()
        .find_map(|l| l.trim().strip_prefix(prefix))
        .expect("SDP line")
        .to_string()
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
