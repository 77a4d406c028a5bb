//! The media loop: one tokio task owning the UDP socket and the str0m [`Rtc`].
//!
//! Each turn drains `poll_output` (sending transmits, handling events) until str0m names its next
//! timeout, then waits for exactly one of: a stop signal, the 20 ms send tick, a datagram (on the
//! host socket or through the TURN relay), or that timeout, and applies it as the one mutation of
//! the turn (str0m's single-mutation rule). Transmits from the relay candidate go through the
//! relay; everything else through the host socket.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use str0m::format::Codec;
use str0m::media::{Frequency, MediaData, MediaTime, Mid, Pt};
use str0m::net::{Protocol, Receive};
use str0m::{Event, IceConnectionState, Input, Output, Rtc};
use tokio::net::UdpSocket;
use tokio::sync::{oneshot, watch};
use tokio::time::MissedTickBehavior;

use crate::audio::{FrameDecoder, FrameEncoder, ToneGenerator, FRAME_SAMPLES};
use crate::error::ClientError;
use crate::media::relay::{Relay, RelayError};
use crate::media::session::Shared;
use crate::media::MediaOptions;

/// Interval between microphone frames.
const FRAME_INTERVAL: Duration = Duration::from_millis(20);

/// Everything the loop owns.
pub(crate) struct Driver {
    pub(crate) rtc: Rtc,
    pub(crate) socket: UdpSocket,
    pub(crate) local: SocketAddr,
    pub(crate) mic: Mid,
    pub(crate) slot_mids: Vec<Mid>,
    pub(crate) shared: Arc<Shared>,
    pub(crate) connected: watch::Sender<bool>,
    pub(crate) decoders: Vec<FrameDecoder>,
    pub(crate) encoder: FrameEncoder,
    pub(crate) generator: ToneGenerator,
    pub(crate) frames_written: u64,
    pub(crate) options: MediaOptions,
    pub(crate) opus_pt: Option<Pt>,
    pub(crate) write_failed: bool,
    /// The TURN allocation behind the relay candidate, if one was offered.
    pub(crate) relay: Option<Relay>,
}

/// The next datagram from `relay`, or never if there is none.
async fn relay_recv(
    relay: Option<&Relay>,
    buf: &mut [u8],
) -> Result<(usize, SocketAddr), RelayError> {
    match relay {
        Some(relay) => relay.recv_from(buf).await,
        None => std::future::pending().await,
    }
}

impl Driver {
    /// Runs until `stop` fires (or its sender is dropped) or the connection fails.
    pub(crate) async fn run(mut self, mut stop: oneshot::Receiver<()>) -> Result<(), ClientError> {
        let mut buf = vec![0u8; 2000];
        let mut relay_buf = vec![0u8; 2000];
        let mut tick = tokio::time::interval(FRAME_INTERVAL);
        tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let result = loop {
            let deadline = match self.drain().await {
                Ok(d) => d,
                Err(e) => break Err(e),
            };
            let step = tokio::select! {
                _ = &mut stop => break Ok(()),
                _ = tick.tick() => self.send_frame(),
                r = self.socket.recv_from(&mut buf) => match r {
                    Ok((n, source)) => self.receive(source, &buf[..n]),
                    Err(e) => Err(e.into()),
                },
                r = relay_recv(self.relay.as_ref(), &mut relay_buf) => match r {
                    Ok((n, peer)) => self.receive_relayed(peer, &relay_buf[..n]),
                    Err(e) => self.relay_failed(e),
                },
                _ = tokio::time::sleep_until(deadline.into()) => {
                    self.rtc.handle_input(Input::Timeout(Instant::now())).map_err(Into::into)
                }
            };
            if let Err(e) = step {
                break Err(e);
            }
        };
        self.connected.send_replace(false);
        self.rtc.disconnect();
        if let Some(relay) = self.relay.take() {
            relay.close().await;
        }
        result
    }

    /// Feeds one datagram that came through the TURN relay to str0m, as sent by `peer` to the
    /// relay candidate. The TURN server only forwards from peers we have sent to.
    fn receive_relayed(&mut self, peer: SocketAddr, data: &[u8]) -> Result<(), ClientError> {
        let Some(relayed) = self.relay.as_ref().map(Relay::relayed_addr) else {
            return Ok(());
        };
        let Ok(recv) = Receive::new(Protocol::Udp, peer, relayed, data) else {
            tracing::debug!(%peer, len = data.len(), "unrecognised relayed datagram");
            return Ok(());
        };
        if let Err(e) = self.rtc.handle_input(Input::Receive(Instant::now(), recv)) {
            tracing::debug!(%e, "str0m rejected relayed datagram");
        }
        Ok(())
    }

    /// The relay stopped delivering: drop it (releasing the allocation). ICE notices if it
    /// was the path in use.
    fn relay_failed(&mut self, error: RelayError) -> Result<(), ClientError> {
        tracing::warn!(%error, "TURN relay failed");
        self.relay = None;
        Ok(())
    }

    /// Feeds one datagram to str0m. Only loopback sources are accepted (network rule).
    fn receive(&mut self, source: SocketAddr, data: &[u8]) -> Result<(), ClientError> {
        if !source.ip().is_loopback() {
            tracing::debug!(%source, "dropping datagram from non-loopback source");
            return Ok(());
        }
        self.shared.count_host_received();
        let Ok(recv) = Receive::new(Protocol::Udp, source, self.local, data) else {
            tracing::debug!(%source, len = data.len(), "unrecognised datagram");
            return Ok(());
        };
        if let Err(e) = self.rtc.handle_input(Input::Receive(Instant::now(), recv)) {
            tracing::debug!(%e, "str0m rejected datagram");
        }
        Ok(())
    }

    /// Drains str0m's output until it returns its next timeout.
    async fn drain(&mut self) -> Result<Instant, ClientError> {
        loop {
            match self.rtc.poll_output()? {
                Output::Timeout(t) => return Ok(t),
                Output::Transmit(t) => match &self.relay {
                    Some(relay) if t.source == relay.relayed_addr() => {
                        if let Err(e) = relay.send_to(&t.contents, t.destination).await {
                            tracing::debug!(%e, dest = %t.destination, "relayed send failed");
                        }
                    }
                    _ => {
                        if let Err(e) = self.socket.send_to(&t.contents, t.destination).await {
                            tracing::debug!(%e, dest = %t.destination, "send failed");
                        }
                    }
                },
                Output::Event(e) => self.handle_event(e)?,
            }
        }
    }

    fn handle_event(&mut self, event: Event) -> Result<(), ClientError> {
        match event {
            Event::Connected => {
                tracing::debug!(local = %self.local, "media connected");
                self.connected.send_replace(true);
            }
            Event::IceConnectionStateChange(IceConnectionState::Disconnected) => {
                return Err(ClientError::Media("ICE disconnected".into()));
            }
            Event::MediaData(data) => self.on_media(data),
            _ => {}
        }
        Ok(())
    }

    /// Decodes one received frame into its slot's ring buffer.
    fn on_media(&mut self, data: MediaData) {
        let Some(slot) = self.slot_mids.iter().position(|m| *m == data.mid) else {
            return;
        };
        let now = Instant::now();
        let decoded = self.decoders.get_mut(slot).map(|d| d.decode(&data.data));
        let mut slots = self.shared.lock_slots();
        let Some(buffer) = slots.get_mut(slot) else {
            return;
        };
        match decoded {
            Some(Ok(pcm)) => buffer.push(now, pcm),
            Some(Err(e)) => {
                tracing::debug!(%e, slot, "opus decode failed");
                buffer.decode_failed(now);
            }
            None => {}
        }
    }

    /// Encodes and writes the next 20 ms microphone frame (once connected).
    fn send_frame(&mut self) -> Result<(), ClientError> {
        if !self.rtc.is_connected() {
            return Ok(());
        }
        let source = self.shared.source();
        let pcm = self.generator.next_frame(source);
        let frame = self.encoder.encode(&pcm)?;
        if self.opus_pt.is_none() {
            self.opus_pt = self.rtc.writer(self.mic).and_then(|w| {
                w.payload_params()
                    .find(|p| p.spec().codec == Codec::Opus)
                    .map(|p| p.pt())
            });
        }
        let (Some(pt), Some(writer)) = (self.opus_pt, self.rtc.writer(self.mic)) else {
            return Ok(());
        };
        let ticks = u64::from(self.options.rtp_base) + self.frames_written * FRAME_SAMPLES as u64;
        let rtp_time = MediaTime::new(ticks, Frequency::FORTY_EIGHT_KHZ);
        // `level` is 0..=127, so the negation fits in an i8.
        let level = -(i8::try_from(frame.level).unwrap_or(i8::MAX));
        let now = Instant::now();
        match writer
            .audio_level(level, frame.voice_activity)
            .write(pt, now, rtp_time, frame.data)
        {
            Ok(()) => {
                if let Some(log) = &self.options.send_log {
                    // RTP timestamps are the low 32 bits of the media time.
                    log.frame_sent(ticks as u32, now);
                }
                self.frames_written += 1;
                self.shared.count_sent();
            }
            Err(e) if !self.write_failed => {
                self.write_failed = true;
                tracing::warn!(%e, "writing microphone frame failed");
            }
            Err(_) => {}
        }
        Ok(())
    }
}
