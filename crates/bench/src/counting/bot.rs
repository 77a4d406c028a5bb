//! One counting listener: its socket and str0m [`Rtc`] (RTP mode), driven by a pool thread.
//! Media packets are counted from their clear header; only STUN, DTLS, RTCP and one media packet
//! in `sample_every` reach str0m (the sampled ones are decrypted and Opus-decoded).

use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

use str0m::net::{Protocol, Receive};
use str0m::{Event, IceConnectionState, Input, Output, Rtc};

use crate::counting::counters::PoolSnapshot;
use crate::counting::histogram::DelayHistogram;
use crate::counting::recv::{enable_timestamps, BatchReceiver, BATCH};
use crate::counting::rtp::{classify, parse_rtp, DatagramKind, SeqTracker};
use crate::counting::SendLog;
use stoa_client::audio::FrameDecoder;

/// The SSRC of raw ceiling packets: counted apart, never given to str0m.
pub const RAW_SSRC: u32 = 0x5354_4f41;

/// What a pool thread lends a bot while handling its input.
pub(crate) struct Ctx<'a> {
    pub(crate) tally: &'a mut PoolSnapshot,
    pub(crate) delays: &'a mut DelayHistogram,
    pub(crate) log: &'a SendLog,
    pub(crate) decoder: &'a mut FrameDecoder,
    pub(crate) measuring: bool,
    pub(crate) sample_every: u64,
}

/// Final counters of one bot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotReport {
    /// The caller's tag given to [`crate::counting::ListenerPool::add`].
    pub tag: u64,
    /// The bot's UDP address.
    pub local: SocketAddr,
    /// ICE and DTLS came up.
    pub connected: bool,
    /// When the first media packet arrived.
    pub first_rtp_at: Option<Instant>,
    /// Media packets received.
    pub received: u64,
    /// Media packets the SFU numbered for this bot (sequence spans).
    pub expected: u64,
    /// Distinct SSRCs (receive slots) media arrived on.
    pub ssrcs: usize,
    /// str0m reported an error or ICE disconnected.
    pub failed: bool,
}

pub(crate) struct Bot {
    tag: u64,
    rtc: Rtc,
    pub(crate) socket: UdpSocket,
    local: SocketAddr,
    deadline: Instant,
    connected: bool,
    failed: bool,
    streams: Vec<(u32, SeqTracker)>,
    received: u64,
    first_rtp_at: Option<Instant>,
}

impl Bot {
    pub(crate) fn new(tag: u64, rtc: Rtc, socket: UdpSocket, local: SocketAddr) -> Self {
        if let Err(e) = enable_timestamps(&socket) {
            tracing::debug!(%e, %local, "no kernel receive timestamps: read times stand in");
        }
        Self {
            tag,
            rtc,
            socket,
            local,
            deadline: Instant::now(),
            connected: false,
            failed: false,
            streams: Vec::new(),
            received: 0,
            first_rtp_at: None,
        }
    }

    /// Reads every queued datagram (nonblocking, in batches) and handles each.
    pub(crate) fn read_all(&mut self, ctx: &mut Ctx<'_>, batch: &mut BatchReceiver) {
        loop {
            let n = match batch.recv(&self.socket) {
                Ok(n) => n,
                Err(e) => {
                    tracing::debug!(%e, local = %self.local, "recv failed");
                    return;
                }
            };
            let now = Instant::now();
            for d in (0..n).filter_map(|i| batch.get(i)) {
                self.on_datagram(ctx, now, d.arrived, d.source, d.data);
            }
            if n < BATCH {
                return;
            }
        }
    }

    /// Handles one datagram read at `now` that reached the socket at `arrived`.
    fn on_datagram(
        &mut self,
        ctx: &mut Ctx<'_>,
        now: Instant,
        arrived: Instant,
        source: SocketAddr,
        data: &[u8],
    ) {
        if !source.ip().is_loopback() {
            return;
        }
        if classify(data) != DatagramKind::Rtp {
            self.feed(ctx, now, source, data);
            return;
        }
        let Some(header) = parse_rtp(data) else {
            return;
        };
        if header.ssrc == RAW_SSRC {
            ctx.tally.raw_packets += 1;
            return;
        }
        let tracker = match self.streams.iter_mut().find(|(s, _)| *s == header.ssrc) {
            Some((_, t)) => t,
            None => {
                self.streams.push((header.ssrc, SeqTracker::default()));
                let last = self.streams.len() - 1;
                &mut self.streams[last].1
            }
        };
        ctx.tally.expected += tracker.push(header.seq);
        ctx.tally.rtp_packets += 1;
        ctx.tally.rtp_bytes += data.len() as u64;
        self.received += 1;
        if self.first_rtp_at.is_none() {
            self.first_rtp_at = Some(arrived);
            ctx.tally.with_audio += 1;
        }
        match ctx.log.lookup(header.ts) {
            Some((sender, sent)) => {
                ctx.tally.count_sender(sender);
                if ctx.measuring {
                    ctx.delays.record(arrived.saturating_duration_since(sent));
                }
            }
            None => ctx.tally.unmatched += 1,
        }
        if self.received % ctx.sample_every.max(1) == 1 || ctx.sample_every <= 1 {
            self.feed(ctx, now, source, data);
        }
    }

    fn feed(&mut self, ctx: &mut Ctx<'_>, now: Instant, source: SocketAddr, data: &[u8]) {
        if self.failed {
            return;
        }
        let Ok(recv) = Receive::new(Protocol::Udp, source, self.local, data) else {
            return;
        };
        if let Err(e) = self.rtc.handle_input(Input::Receive(now, recv)) {
            tracing::debug!(%e, "str0m rejected datagram");
        }
        self.drain(ctx);
    }

    /// Feeds str0m its timeout if due.
    pub(crate) fn on_tick(&mut self, ctx: &mut Ctx<'_>, now: Instant) {
        if self.failed || now < self.deadline {
            return;
        }
        if let Err(e) = self.rtc.handle_input(Input::Timeout(now)) {
            tracing::debug!(%e, "str0m timeout failed");
            self.failed = true;
            return;
        }
        self.drain(ctx);
    }

    /// Drains str0m's output until its next timeout.
    pub(crate) fn drain(&mut self, ctx: &mut Ctx<'_>) {
        loop {
            match self.rtc.poll_output() {
                Ok(Output::Timeout(t)) => {
                    self.deadline = t;
                    return;
                }
                Ok(Output::Transmit(t)) => {
                    if let Err(e) = self.socket.send_to(&t.contents, t.destination) {
                        tracing::debug!(%e, "send failed");
                    }
                }
                Ok(Output::Event(event)) => self.on_event(ctx, event),
                Err(e) => {
                    tracing::debug!(%e, local = %self.local, "str0m failed");
                    self.failed = true;
                    self.deadline = Instant::now() + Duration::from_secs(3600);
                    return;
                }
            }
        }
    }

    fn on_event(&mut self, ctx: &mut Ctx<'_>, event: Event) {
        match event {
            Event::Connected => {
                self.connected = true;
                ctx.tally.connected += 1;
            }
            Event::IceConnectionStateChange(IceConnectionState::Disconnected) => {
                self.failed = true;
            }
            Event::RtpPacket(packet) => match ctx.decoder.decode(&packet.payload) {
                Ok(_) => ctx.tally.decoded += 1,
                Err(_) => ctx.tally.decode_errors += 1,
            },
            _ => {}
        }
    }

    pub(crate) fn report(&self) -> BotReport {
        BotReport {
            tag: self.tag,
            local: self.local,
            connected: self.connected,
            first_rtp_at: self.first_rtp_at,
            received: self.received,
            expected: self.streams.iter().map(|(_, t)| t.expected()).sum(),
            ssrcs: self.streams.len(),
            failed: self.failed,
        }
    }

    pub(crate) fn close(&mut self) {
        self.rtc.disconnect();
    }
}
