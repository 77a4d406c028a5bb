//! [`ListenerPool`]: a few OS threads, each owning many counting listener bots and waiting on
//! all their sockets with one epoll. A turn: take newly added bots, wait for readable sockets
//! (at most [`TICK`]), read and handle every queued datagram (in batches, with the kernel's
//! receive stamps), feed due timeouts to str0m, add the turn's tally to the shared counters, and
//! if the turn read anything, let at least [`MIN_TURN`] pass before the next wait.

use std::net::SocketAddr;
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::counting::bot::{Bot, BotReport, Ctx};
use crate::counting::counters::{PoolCounters, PoolSnapshot};
use crate::counting::epoll::Epoll;
use crate::counting::histogram::DelayHistogram;
use crate::counting::recv::BatchReceiver;
use crate::counting::SendLog;
use stoa_client::audio::FrameDecoder;
use stoa_client::ClientError;
use stoa_client::PendingMedia;

/// Longest wait for sockets before timeouts are checked.
pub const TICK: Duration = Duration::from_millis(5);
/// Shortest turn that read something: datagrams then gather in the sockets for the next one, so
/// a fan-out burst wakes the thread a few times rather than once per datagram (measured at
/// 1 -> 1000: bench 30 -> 27 % of a core, server 5.8 -> 5.4 us per packet). Forward delay is
/// unaffected: it ends at the kernel's receive stamp.
pub const MIN_TURN: Duration = Duration::from_millis(1);

struct Shared {
    stop: AtomicBool,
    measuring: AtomicBool,
    counters: PoolCounters,
    log: Arc<SendLog>,
    sample_every: u64,
}

/// What one thread hands back when the pool finishes.
struct ThreadReport {
    bots: Vec<BotReport>,
    delays: DelayHistogram,
}

/// Everything measured, after [`ListenerPool::finish`].
#[derive(Debug, Clone)]
pub struct PoolReport {
    /// One report per bot, in no particular order.
    pub bots: Vec<BotReport>,
    /// Forward delays recorded while measuring was on.
    pub delays: DelayHistogram,
    /// Final counters.
    pub totals: PoolSnapshot,
}

/// Counting listener bots spread over a few receiver threads.
pub struct ListenerPool {
    shared: Arc<Shared>,
    senders: Vec<mpsc::Sender<Bot>>,
    threads: Vec<JoinHandle<Result<ThreadReport, ClientError>>>,
    next: AtomicUsize,
}

impl std::fmt::Debug for ListenerPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListenerPool")
            .field("threads", &self.threads.len())
            .finish()
    }
}

impl ListenerPool {
    /// Starts `threads` receiver threads. One media packet in `sample_every` per bot is
    /// decrypted and decoded; `log` gives forward delays.
    pub fn new(threads: usize, sample_every: u64, log: Arc<SendLog>) -> Result<Self, ClientError> {
        let shared = Arc::new(Shared {
            stop: AtomicBool::new(false),
            measuring: AtomicBool::new(false),
            counters: PoolCounters::default(),
            log,
            sample_every,
        });
        let mut senders = Vec::new();
        let mut handles = Vec::new();
        for i in 0..threads.max(1) {
            let (tx, rx) = mpsc::channel();
            let epoll = Epoll::new()?;
            let decoder = FrameDecoder::new()?;
            let shared = Arc::clone(&shared);
            let handle = std::thread::Builder::new()
                .name(format!("stoa-listen-{i}"))
                .spawn(move || run_thread(&shared, &epoll, &rx, decoder))?;
            senders.push(tx);
            handles.push(handle);
        }
        Ok(Self {
            shared,
            senders,
            threads: handles,
            next: AtomicUsize::new(0),
        })
    }

    /// Applies `answer_sdp` to `pending` (made with [`PendingMedia::new_counting`]) and hands
    /// the connection to a receiver thread. Returns the bot's UDP address.
    pub fn add(
        &self,
        pending: PendingMedia,
        answer_sdp: &str,
        tag: u64,
    ) -> Result<SocketAddr, ClientError> {
        let (rtc, socket, local) = pending.into_parts(answer_sdp)?;
        let bot = Bot::new(tag, rtc, socket, local);
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.senders.len();
        self.senders[i]
            .send(bot)
            .map_err(|_| ClientError::Media("listener thread ended".into()))?;
        Ok(local)
    }

    /// Answers a server's `offer_sdp` with a new counting connection (for servers that offer
    /// to subscribers, such as Janus's VideoRoom) and hands it to a receiver thread. Returns
    /// the bot's UDP address and the answer SDP.
    pub fn add_answering(
        &self,
        offer_sdp: &str,
        tag: u64,
    ) -> Result<(SocketAddr, String), ClientError> {
        let (rtc, socket, local, answer) = PendingMedia::answer_counting(offer_sdp)?;
        let bot = Bot::new(tag, rtc, socket, local);
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.senders.len();
        self.senders[i]
            .send(bot)
            .map_err(|_| ClientError::Media("listener thread ended".into()))?;
        Ok((local, answer))
    }

    /// Turns delay recording on or off.
    pub fn set_measuring(&self, on: bool) {
        self.shared.measuring.store(on, Ordering::Relaxed);
    }

    /// The counters so far (updated by every thread once per turn).
    pub fn snapshot(&self) -> PoolSnapshot {
        self.shared.counters.snapshot()
    }

    /// Stops the threads (blocking until they end) and collects everything measured.
    pub fn finish(self) -> Result<PoolReport, ClientError> {
        self.shared.stop.store(true, Ordering::Relaxed);
        let mut bots = Vec::new();
        let mut delays = DelayHistogram::default();
        for handle in self.threads {
            let report = handle
                .join()
                .map_err(|_| ClientError::Media("listener thread panicked".into()))??;
            bots.extend(report.bots);
            delays.merge(&report.delays);
        }
        Ok(PoolReport {
            bots,
            delays,
            totals: self.shared.counters.snapshot(),
        })
    }
}

fn run_thread(
    shared: &Shared,
    epoll: &Epoll,
    rx: &mpsc::Receiver<Bot>,
    mut decoder: FrameDecoder,
) -> Result<ThreadReport, ClientError> {
    let mut bots: Vec<Bot> = Vec::new();
    let mut delays = DelayHistogram::default();
    let mut tally = PoolSnapshot::default();
    let mut events = vec![libc::epoll_event { events: 0, u64: 0 }; 1024];
    let mut ready = Vec::with_capacity(1024);
    let mut batch = BatchReceiver::default();
    let mut next_tick = Instant::now();
    while !shared.stop.load(Ordering::Relaxed) {
        let mut ctx = Ctx {
            tally: &mut tally,
            delays: &mut delays,
            log: &shared.log,
            decoder: &mut decoder,
            measuring: shared.measuring.load(Ordering::Relaxed),
            sample_every: shared.sample_every,
        };
        while let Ok(mut bot) = rx.try_recv() {
            epoll.add(bot.socket.as_raw_fd(), bots.len() as u64)?;
            bot.drain(&mut ctx);
            bots.push(bot);
        }
        let wait = next_tick.saturating_duration_since(Instant::now());
        epoll.wait(&mut events, &mut ready, wait.min(TICK))?;
        let woke = Instant::now();
        batch.refresh_clock();
        for token in &ready {
            if let Some(bot) = bots.get_mut(*token as usize) {
                bot.read_all(&mut ctx, &mut batch);
            }
        }
        let now = Instant::now();
        if now >= next_tick {
            for bot in &mut bots {
                bot.on_tick(&mut ctx, now);
            }
            next_tick = now + TICK;
        }
        shared.counters.flush(&mut tally);
        if !ready.is_empty() {
            // Let datagrams gather before the next wait: one wake-up then reads many sockets
            // (kernel stamps keep the delay exact).
            let spent = woke.elapsed();
            if spent < MIN_TURN {
                std::thread::sleep(MIN_TURN - spent);
            }
        }
    }
    for bot in &mut bots {
        bot.close();
    }
    Ok(ThreadReport {
        bots: bots.iter().map(Bot::report).collect(),
        delays,
    })
}
