//! A minimal ice-lite str0m answerer that echoes the client's microphone into one of its
//! receive slots: enough of an SFU to test the client's media loop on its own.

use std::net::{Ipv4Addr, SocketAddr, UdpSocket as StdUdpSocket};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use str0m::change::SdpOffer;
use str0m::format::Codec;
use str0m::media::{Direction, MediaData, Mid};
use str0m::net::{Protocol, Receive};
use str0m::{Candidate, Event, Input, Output, Rtc};
use tokio::net::UdpSocket;
use tokio::sync::oneshot;

/// What the echo peer observed.
#[derive(Debug, Default)]
pub struct Observed {
    /// (audio level, voice activity) of every received microphone frame.
    pub levels: Vec<(Option<i8>, Option<bool>)>,
    /// Frames forwarded into the slot.
    pub forwarded: u64,
}

/// A running echo peer; dropping it stops its loop.
pub struct EchoPeer {
    pub answer: String,
    pub observed: Arc<Mutex<Observed>>,
    _stop: oneshot::Sender<()>,
}

/// Accepts `offer` and echoes the microphone into receive slot `slot` (0-based).
pub fn echo_peer(offer: &str, slot: usize) -> EchoPeer {
    let socket = StdUdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    socket.set_nonblocking(true).unwrap();
    let local = socket.local_addr().unwrap();
    let mut rtc = Rtc::builder().set_ice_lite(true).build(Instant::now());
    rtc.add_local_candidate(Candidate::host(local, "udp").unwrap());
    let offer = SdpOffer::from_sdp_string(offer).unwrap();
    let answer = rtc.sdp_api().accept_offer(offer).unwrap().to_sdp_string();
    let observed = Arc::new(Mutex::new(Observed::default()));
    let (stop_tx, stop_rx) = oneshot::channel();
    let socket = UdpSocket::from_std(socket).unwrap();
    tokio::spawn(run(
        rtc,
        socket,
        local,
        slot,
        Arc::clone(&observed),
        stop_rx,
    ));
    EchoPeer {
        answer,
        observed,
        _stop: stop_tx,
    }
}

async fn run(
    mut rtc: Rtc,
    socket: UdpSocket,
    local: SocketAddr,
    slot: usize,
    observed: Arc<Mutex<Observed>>,
    mut stop: oneshot::Receiver<()>,
) {
    let mut mic: Option<Mid> = None;
    let mut slots: Vec<Mid> = Vec::new();
    let mut buf = vec![0u8; 2000];
    loop {
        let deadline = loop {
            match rtc.poll_output().unwrap() {
                Output::Timeout(t) => break t,
                Output::Transmit(t) => {
                    let _ = socket.send_to(&t.contents, t.destination).await;
                }
                Output::Event(Event::MediaAdded(m)) => match m.direction {
                    Direction::RecvOnly => mic = Some(m.mid),
                    Direction::SendOnly => slots.push(m.mid),
                    _ => {}
                },
                Output::Event(Event::MediaData(d)) if Some(d.mid) == mic => {
                    forward(&mut rtc, &d, slots.get(slot).copied(), &observed);
                }
                Output::Event(_) => {}
            }
        };
        tokio::select! {
            _ = &mut stop => return,
            r = socket.recv_from(&mut buf) => {
                let Ok((n, source)) = r else { return };
                if let Ok(recv) = Receive::new(Protocol::Udp, source, local, &buf[..n]) {
                    let _ = rtc.handle_input(Input::Receive(Instant::now(), recv));
                }
            }
            _ = tokio::time::sleep_until(deadline.into()) => {
                rtc.handle_input(Input::Timeout(Instant::now())).unwrap();
            }
        }
    }
}

fn forward(rtc: &mut Rtc, d: &MediaData, to: Option<Mid>, observed: &Mutex<Observed>) {
    let mut obs = observed.lock().unwrap();
    obs.levels
        .push((d.ext_vals.audio_level, d.ext_vals.voice_activity));
    let Some(writer) = to.and_then(|mid| rtc.writer(mid)) else {
        return;
    };
    let Some(pt) = writer
        .payload_params()
        .find(|p| p.spec().codec == Codec::Opus)
        .map(|p| p.pt())
    else {
        return;
    };
    if writer
        .write(pt, d.network_time, d.time, d.data.clone())
        .is_ok()
    {
        obs.forwarded += 1;
    }
}
