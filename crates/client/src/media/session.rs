//! [`MediaSession`]: the handle to a running media connection, and the state it shares with the
//! loop (the microphone source, the slots' received audio, counters).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

use crate::audio::{AudioSource, SAMPLE_RATE};
use crate::error::ClientError;
use crate::media::negotiate::PendingMedia;
use crate::media::recv::{SlotBuffer, SlotStats};
use crate::media::relay::{RelayCounters, RelayStats};
use crate::media::MediaOptions;
use crate::signaling::Signaling;
use crate::tone::{detect_tone, goertzel_power};

/// The window [`MediaSession::hears_tone`] analyses.
pub const HEAR_WINDOW: Duration = Duration::from_millis(300);
/// How long [`MediaSession::connect`] waits for the SDP answer.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(10);

/// State shared between the session handle and its loop.
#[derive(Debug)]
pub(crate) struct Shared {
    source: Mutex<AudioSource>,
    slots: Mutex<Vec<SlotBuffer>>,
    frames_sent: AtomicU64,
    host_received: AtomicU64,
}

impl Shared {
    pub(crate) fn new(source: AudioSource, slots: usize) -> Self {
        Self {
            source: Mutex::new(source),
            slots: Mutex::new((0..slots).map(|_| SlotBuffer::default()).collect()),
            frames_sent: AtomicU64::new(0),
            host_received: AtomicU64::new(0),
        }
    }

    pub(crate) fn source(&self) -> AudioSource {
        *self.source.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn lock_slots(&self) -> MutexGuard<'_, Vec<SlotBuffer>> {
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn count_host_received(&self) {
        self.host_received.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn count_sent(&self) {
        self.frames_sent.fetch_add(1, Ordering::Relaxed);
    }
}

/// A running WebRTC audio connection: sends its [`AudioSource`] as Opus every 20 ms and decodes
/// what arrives on each receive slot. Dropping it (or [`MediaSession::close`]) stops the loop.
#[derive(Debug)]
pub struct MediaSession {
    shared: Arc<Shared>,
    local: SocketAddr,
    connected: watch::Receiver<bool>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), ClientError>>>,
    relay: Option<Arc<RelayCounters>>,
}

impl MediaSession {
    pub(crate) fn new(
        shared: Arc<Shared>,
        local: SocketAddr,
        connected: watch::Receiver<bool>,
        stop: oneshot::Sender<()>,
        task: JoinHandle<Result<(), ClientError>>,
        relay: Option<Arc<RelayCounters>>,
    ) -> Self {
        Self {
            shared,
            local,
            connected,
            stop: Some(stop),
            task: Some(task),
            relay,
        }
    }

    /// Makes an offer, lets `negotiate` exchange it for an answer (offer SDP in, answer SDP
    /// out), and starts the media loop.
    pub async fn start<F, Fut>(source: AudioSource, negotiate: F) -> Result<Self, ClientError>
    where
        F: FnOnce(String) -> Fut,
        Fut: Future<Output = Result<String, ClientError>>,
    {
        let pending = PendingMedia::new()?;
        let answer = negotiate(pending.offer_sdp().to_owned()).await?;
        pending.accept(&answer, source)
    }

    /// Like [`MediaSession::connect`], with [`MediaOptions`].
    pub async fn connect_with(
        signaling: &mut Signaling,
        source: AudioSource,
        options: MediaOptions,
    ) -> Result<Self, ClientError> {
        let pending =
            PendingMedia::with_ice(signaling.ice_servers(), options.ice_transport).await?;
        let answer = signaling
            .exchange_offer(pending.offer_sdp().to_owned(), ANSWER_TIMEOUT)
            .await?;
        pending.accept_with(&answer, source, options)
    }

    /// Sends an `offer` over `signaling` (the member must have joined a room), waits for the
    /// `answer` and starts the media loop. The offer has the host candidate and, when the
    /// room's `room_state` gave TURN servers, a TURN relay candidate too.
    pub async fn connect(
        signaling: &mut Signaling,
        source: AudioSource,
    ) -> Result<Self, ClientError> {
        Self::connect_with(signaling, source, MediaOptions::default()).await
    }

    /// The local UDP address of the host candidate (on 127.0.0.1).
    pub fn local_addr(&self) -> SocketAddr {
        self.local
    }

    /// The TURN relay's addresses and counters, if the connection offered a relay candidate.
    pub fn relay_stats(&self) -> Option<RelayStats> {
        self.relay.as_ref().map(|r| r.stats())
    }

    /// Switches what the microphone sends, from the next 20 ms frame on.
    pub fn set_source(&self, source: AudioSource) {
        *self
            .shared
            .source
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = source;
    }

    /// What the microphone sends.
    pub fn source(&self) -> AudioSource {
        self.shared.source()
    }

    /// ICE and DTLS are up.
    pub fn is_connected(&self) -> bool {
        *self.connected.borrow()
    }

    /// Waits until the connection is up.
    pub async fn wait_connected(&self, timeout: Duration) -> Result<(), ClientError> {
        let mut rx = self.connected.clone();
        let outcome = match tokio::time::timeout(timeout, rx.wait_for(|c| *c)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(_)) => Err(ClientError::Media("media loop ended".into())),
            Err(_) => Err(ClientError::Timeout("media connection")),
        };
        outcome
    }

    /// Microphone frames written so far.
    pub fn frames_sent(&self) -> u64 {
        self.shared.frames_sent.load(Ordering::Relaxed)
    }

    /// Datagrams that arrived on the host socket (none when only the relay is offered).
    pub fn host_datagrams_received(&self) -> u64 {
        self.shared.host_received.load(Ordering::Relaxed)
    }

    /// Number of receive slots.
    pub fn slot_count(&self) -> usize {
        self.shared.lock_slots().len()
    }

    /// Counters of receive slot `slot` (`None` if there is no such slot).
    pub fn slot_stats(&self, slot: usize) -> Option<SlotStats> {
        self.shared.lock_slots().get(slot).map(SlotBuffer::stats)
    }

    /// Audio frames received on all slots.
    pub fn packets_received(&self) -> u64 {
        self.shared
            .lock_slots()
            .iter()
            .map(|s| s.stats().packets)
            .sum()
    }

    /// When the first audio frame arrived on any slot.
    pub fn first_packet_at(&self) -> Option<Instant> {
        self.shared
            .lock_slots()
            .iter()
            .filter_map(|s| s.stats().first_packet_at)
            .min()
    }

    /// The decoded audio of the last `window` on `slot` (silence where nothing arrived lately).
    pub fn recent_pcm(&self, slot: usize, window: Duration) -> Vec<f32> {
        let now = Instant::now();
        self.shared
            .lock_slots()
            .get(slot)
            .map(|s| s.recent(now, window))
            .unwrap_or_default()
    }

    /// Goertzel power at `freq_hz` over the last `window` of `slot`, or the highest over all
    /// slots if `slot` is `None`. A full-scale-0.5 sine gives about 0.125.
    pub fn tone_power(&self, slot: Option<usize>, freq_hz: f32, window: Duration) -> f32 {
        let now = Instant::now();
        let slots = self.shared.lock_slots();
        let power =
            |s: &SlotBuffer| goertzel_power(&s.recent(now, window), freq_hz, SAMPLE_RATE as f32);
        match slot {
            Some(i) => slots.get(i).map(power).unwrap_or(0.0),
            None => slots.iter().map(power).fold(0.0, f32::max),
        }
    }

    /// The first slot on which `freq_hz` is the dominant tone of the last [`HEAR_WINDOW`].
    pub fn slot_hearing(&self, freq_hz: f32) -> Option<usize> {
        let now = Instant::now();
        let slots = self.shared.lock_slots();
        slots
            .iter()
            .position(|s| detect_tone(&s.recent(now, HEAR_WINDOW), freq_hz, SAMPLE_RATE as f32))
    }

    /// True when `freq_hz` is the dominant tone of the last [`HEAR_WINDOW`] on some slot.
    pub fn hears_tone(&self, freq_hz: f32) -> bool {
        self.slot_hearing(freq_hz).is_some()
    }

    /// Polls every 20 ms until [`MediaSession::hears_tone`] holds; returns the slot.
    pub async fn wait_for_tone(
        &self,
        freq_hz: f32,
        timeout: Duration,
    ) -> Result<usize, ClientError> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if let Some(slot) = self.slot_hearing(freq_hz) {
                return Ok(slot);
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(ClientError::Timeout("tone"));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Polls every 20 ms until [`MediaSession::hears_tone`] no longer holds for `freq_hz`.
    pub async fn wait_until_not_hearing(
        &self,
        freq_hz: f32,
        timeout: Duration,
    ) -> Result<(), ClientError> {
        let deadline = tokio::time::Instant::now() + timeout;
        while self.hears_tone(freq_hz) {
            if tokio::time::Instant::now() >= deadline {
                return Err(ClientError::Timeout("tone to stop"));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Ok(())
    }

    /// Stops the media loop (without waiting for it).
    pub fn close(mut self) {
        self.signal_stop();
    }

    /// Stops the media loop and waits for it; returns the loop's error if it had failed.
    pub async fn shutdown(mut self) -> Result<(), ClientError> {
        self.signal_stop();
        match self.task.take() {
            Some(task) => task.await.map_err(|e| ClientError::Media(e.to_string()))?,
            None => Ok(()),
        }
    }

    /// True once the media loop has ended (closed or failed).
    pub fn is_finished(&self) -> bool {
        self.task.as_ref().is_none_or(JoinHandle::is_finished)
    }

    fn signal_stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl Drop for MediaSession {
    fn drop(&mut self) {
        self.signal_stop();
    }
}
