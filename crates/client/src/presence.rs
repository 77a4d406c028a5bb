//! A member who stays in a room across lost connections, as the web client does: when the
//! signaling socket closes (its node died, a proxy dropped it), [`RoomPresence`] connects again
//! through the same base URL (behind a load balancer, another node), joins the room again and
//! starts new media with the same source. Retries back off from 100 ms to 1 s; it stops when the
//! presence is dropped.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use stoa_proto::RoomId;
use tokio::task::JoinHandle;

use crate::{ApiClient, AudioSource, ClientError, MediaSession, Signaling};

/// How long each step of a (re)join may take.
const STEP_TIMEOUT: Duration = Duration::from_secs(5);
/// First and longest wait between attempts to connect again.
const BACKOFF_FIRST: Duration = Duration::from_millis(100);
const BACKOFF_MAX: Duration = Duration::from_secs(1);

/// A member in a room, connected again by itself whenever its connection is lost.
pub struct RoomPresence {
    media: Arc<Mutex<Option<MediaSession>>>,
    rejoins: Arc<AtomicU64>,
    task: JoinHandle<()>,
}

impl RoomPresence {
    /// Joins `room` as `api`'s member with media sending `source`; returns once the media is
    /// connected.
    pub async fn join(
        api: ApiClient,
        room: RoomId,
        source: AudioSource,
    ) -> Result<Self, ClientError> {
        let (ws, media) = connect(&api, &room, source).await?;
        let media = Arc::new(Mutex::new(Some(media)));
        let rejoins = Arc::new(AtomicU64::new(0));
        let task = tokio::spawn(stay(api, room, source, ws, media.clone(), rejoins.clone()));
        Ok(Self {
            media,
            rejoins,
            task,
        })
    }

    /// Whether the current media session hears `freq_hz` ([`MediaSession::hears_tone`]).
    pub fn hears_tone(&self, freq_hz: f32) -> bool {
        self.lock().as_ref().is_some_and(|m| m.hears_tone(freq_hz))
    }

    /// Polls every 20 ms until [`RoomPresence::hears_tone`] holds.
    pub async fn wait_for_tone(&self, freq_hz: f32, timeout: Duration) -> Result<(), ClientError> {
        let deadline = tokio::time::Instant::now() + timeout;
        while !self.hears_tone(freq_hz) {
            if tokio::time::Instant::now() >= deadline {
                return Err(ClientError::Timeout("tone"));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Ok(())
    }

    /// Polls every 20 ms until it joined again at least `n` times in all.
    pub async fn wait_for_rejoins(&self, n: u64, timeout: Duration) -> Result<(), ClientError> {
        let deadline = tokio::time::Instant::now() + timeout;
        while self.rejoins() < n {
            if tokio::time::Instant::now() >= deadline {
                return Err(ClientError::Timeout("joining the room again"));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Ok(())
    }

    /// How many times it joined again after a lost connection.
    pub fn rejoins(&self) -> u64 {
        self.rejoins.load(Ordering::Relaxed)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<MediaSession>> {
        self.media.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for RoomPresence {
    fn drop(&mut self) {
        self.task.abort();
        if let Some(media) = self.lock().take() {
            media.close();
        }
    }
}

/// Connects, says hello, joins `room` and connects media.
async fn connect(
    api: &ApiClient,
    room: &RoomId,
    source: AudioSource,
) -> Result<(Signaling, MediaSession), ClientError> {
    let mut ws = api.signaling().await?;
    ws.hello(STEP_TIMEOUT).await?;
    ws.join_room(room, STEP_TIMEOUT).await?;
    let media = MediaSession::connect(&mut ws, source).await?;
    media.wait_connected(STEP_TIMEOUT).await?;
    Ok((ws, media))
}

/// Reads the socket until it closes, then joins again (until the presence is dropped).
async fn stay(
    api: ApiClient,
    room: RoomId,
    source: AudioSource,
    mut ws: Signaling,
    media: Arc<Mutex<Option<MediaSession>>>,
    rejoins: Arc<AtomicU64>,
) {
    loop {
        // Messages are read and dropped: only the socket's end matters here.
        while !matches!(
            ws.next(Duration::from_secs(1)).await,
            Err(ClientError::WsClosed)
        ) {}
        let old = media.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(old) = old {
            old.close();
        }
        let mut backoff = BACKOFF_FIRST;
        ws = loop {
            match connect(&api, &room, source).await {
                Ok((ws, joined)) => {
                    *media.lock().unwrap_or_else(|p| p.into_inner()) = Some(joined);
                    rejoins.fetch_add(1, Ordering::Relaxed);
                    break ws;
                }
                Err(err) => {
                    tracing::debug!(%err, "joining the room again failed; retrying");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(BACKOFF_MAX);
                }
            }
        };
    }
}
