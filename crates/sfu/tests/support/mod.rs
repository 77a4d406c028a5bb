//! A minimal str0m client for end-to-end tests: full ICE (not lite), a 127.0.0.1 host candidate
//! on its own UDP socket, one sendonly mic m-line plus `AUDIO_SLOTS` recvonly m-lines, frame-mode
//! Opus writer with the audio level set.

#![allow(dead_code)]

use std::net::UdpSocket;
use std::sync::Arc;
use std::time::{Duration, Instant};

use stoa_proto::{RoomId, UserId, AUDIO_SLOTS};
use stoa_sfu::relay::Upstream;
use stoa_sfu::{SfuEvent, SfuHandle};
use str0m::change::SdpAnswer;
use str0m::media::{Direction, Frequency, MediaKind, MediaTime, Mid};
use str0m::net::{Protocol, Receive};
use str0m::{Candidate, Event, Input, Output, Rtc, RtcConfig};
use tokio::sync::mpsc::UnboundedReceiver;

/// One received frame.
#[derive(Debug, Clone)]
pub struct Got {
    /// Which receive slot (index into the slot m-lines).
    pub slot: usize,
    pub data: Arc<[u8]>,
    pub audio_level: Option<i8>,
    pub rtp_time: u64,
}

pub struct TestClient {
    pub rtc: Rtc,
    socket: UdpSocket,
    pub mic: Mid,
    pub slots: [Mid; AUDIO_SLOTS],
    pub connected: bool,
    pub got: Vec<Got>,
    buf: Vec<u8>,
    rtp_ts: u64,
}

impl TestClient {
    /// Creates the client, makes the offer, connects through the SFU handle, accepts the answer.
    pub async fn connect(sfu: &SfuHandle, room: &str, user: i64, can_publish: bool) -> Self {
        Self::connect_from(sfu, room, user, can_publish, "127.0.0.1:0").await
    }

    /// [`TestClient::connect`] with the client's socket bound to `bind` (its one candidate).
    pub async fn connect_from(
        sfu: &SfuHandle,
        room: &str,
        user: i64,
        can_publish: bool,
        bind: &str,
    ) -> Self {
        Self::connect_via(sfu, room, user, can_publish, bind, None).await
    }

    /// Connects to an edge SFU: the room's audio comes from its origin over `upstream`.
    pub async fn connect_edge(
        sfu: &SfuHandle,
        room: &str,
        user: i64,
        can_publish: bool,
        upstream: Upstream,
    ) -> Self {
        Self::connect_via(sfu, room, user, can_publish, "127.0.0.1:0", Some(upstream)).await
    }

    async fn connect_via(
        sfu: &SfuHandle,
        room: &str,
        user: i64,
        can_publish: bool,
        bind: &str,
        upstream: Option<Upstream>,
    ) -> Self {
        let now = Instant::now();
        let mut rtc = RtcConfig::new()
            .clear_codecs()
            .enable_opus(true, false)
            .build(now);
        let socket = UdpSocket::bind(bind).expect("bind client socket");
        socket.set_nonblocking(true).expect("nonblocking");
        let addr = socket.local_addr().expect("local addr");
        rtc.add_local_candidate(Candidate::host(addr, "udp").expect("candidate"));
        let mut api = rtc.sdp_api();
        let mic = api.add_media(MediaKind::Audio, Direction::SendOnly, None, None, None);
        let slots: [Mid; AUDIO_SLOTS] = std::array::from_fn(|_| {
            api.add_media(MediaKind::Audio, Direction::RecvOnly, None, None, None)
        });
        let (offer, pending) = api.apply().expect("offer");
        let (room, user, offer) = (RoomId(room.into()), UserId(user), offer.to_sdp_string());
        let answer = match upstream {
            None => sfu.connect(room, user, offer, can_publish).await,
            Some(up) => sfu.connect_edge(room, user, offer, can_publish, up).await,
        }
        .expect("sfu accepts the offer");
        let answer = SdpAnswer::from_sdp_string(&answer).expect("parse answer");
        rtc.sdp_api()
            .accept_answer(pending, answer)
            .expect("accept answer");
        TestClient {
            rtc,
            socket,
            mic,
            slots,
            connected: false,
            got: Vec::new(),
            buf: vec![0; 2048],
            rtp_ts: 0,
        }
    }

    /// Reads what is on the socket, drives time, sends what str0m wants sent. Non-blocking.
    pub fn pump(&mut self) {
        let now = Instant::now();
        let local = self.socket.local_addr().expect("local addr");
        while let Ok((n, src)) = self.socket.recv_from(&mut self.buf) {
            if let Ok(r) = Receive::new(Protocol::Udp, src, local, &self.buf[..n]) {
                self.rtc
                    .handle_input(Input::Receive(now, r))
                    .expect("client input");
            }
        }
        self.rtc
            .handle_input(Input::Timeout(now))
            .expect("client timeout");
        loop {
            match self.rtc.poll_output().expect("client poll") {
                Output::Timeout(_) => break,
                Output::Transmit(t) => {
                    let _ = self.socket.send_to(&t.contents, t.destination);
                }
                Output::Event(Event::Connected) => self.connected = true,
                Output::Event(Event::MediaData(d)) => {
                    let slot = self
                        .slots
                        .iter()
                        .position(|m| *m == d.mid)
                        .unwrap_or(usize::MAX);
                    self.got.push(Got {
                        slot,
                        data: d.data.clone(),
                        audio_level: d.ext_vals.audio_level,
                        rtp_time: d.time.numer(),
                    });
                }
                Output::Event(_) => {}
            }
        }
    }

    /// Sends one 20 ms "Opus" frame (any bytes: the SFU does not decode) with audio level.
    pub fn send_frame(&mut self, payload: &[u8], level: i8) {
        let now = Instant::now();
        let Some(writer) = self.rtc.writer(self.mic) else {
            panic!("no writer for the mic m-line");
        };
        let pt = writer
            .payload_params()
            .next()
            .expect("opus negotiated")
            .pt();
        let time = MediaTime::new(self.rtp_ts, Frequency::FORTY_EIGHT_KHZ);
        self.rtp_ts += 960;
        writer
            .audio_level(level, level > -50)
            .write(pt, now, time, payload.to_vec())
            .expect("write frame");
    }
}

/// Pumps all clients every 5 ms until `done` or `limit`, collecting SFU events.
pub async fn pump_until(
    clients: &mut [&mut TestClient],
    events: &mut UnboundedReceiver<SfuEvent>,
    seen: &mut Vec<SfuEvent>,
    limit: Duration,
    mut done: impl FnMut(&[&mut TestClient], &[SfuEvent]) -> bool,
) -> bool {
    let end = Instant::now() + limit;
    while Instant::now() < end {
        for c in clients.iter_mut() {
            c.pump();
        }
        while let Ok(ev) = events.try_recv() {
            seen.push(ev);
        }
        if done(clients, seen) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    false
}

/// Sends `frames` frames from `sender` at 20 ms intervals while pumping everyone.
pub async fn talk(
    sender: usize,
    clients: &mut [&mut TestClient],
    events: &mut UnboundedReceiver<SfuEvent>,
    seen: &mut Vec<SfuEvent>,
    frames: usize,
    payload_tag: u8,
) {
    for i in 0..frames {
        // A valid Opus TOC byte (config 11: SILK WB 20 ms, mono, 1 frame) + tagged bytes.
        let payload = [0x58, payload_tag, i as u8, 0xAA, 0x55];
        clients[sender].send_frame(&payload, -20);
        pump_until(clients, events, seen, Duration::from_millis(20), |_, _| {
            false
        })
        .await;
    }
    // Let the tail arrive.
    pump_until(clients, events, seen, Duration::from_millis(100), |_, _| {
        false
    })
    .await;
}

/// Like [`talk`], with several senders at once: `(client index, audio level)`.
pub async fn talk_many(
    senders: &[(usize, i8)],
    clients: &mut [&mut TestClient],
    events: &mut UnboundedReceiver<SfuEvent>,
    seen: &mut Vec<SfuEvent>,
    frames: usize,
) {
    for i in 0..frames {
        for &(s, level) in senders {
            let payload = [0x58, s as u8, i as u8, 0xAA, 0x55];
            clients[s].send_frame(&payload, level);
        }
        pump_until(clients, events, seen, Duration::from_millis(20), |_, _| {
            false
        })
        .await;
    }
    pump_until(clients, events, seen, Duration::from_millis(100), |_, _| {
        false
    })
    .await;
}

/// The room slot list of the last `Slots` event seen.
pub fn last_slots(seen: &[SfuEvent]) -> Vec<Option<UserId>> {
    seen.iter()
        .rev()
        .find_map(|e| match e {
            SfuEvent::Slots { slots, .. } => Some(slots.clone()),
            _ => None,
        })
        .expect("a Slots event")
}
