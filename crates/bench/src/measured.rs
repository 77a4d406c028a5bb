//! What one `stoa-bench room` run measured — against Stoa or Janus alike — and how it becomes
//! the [`RoomReport`] both targets print.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::ceiling::{self, Ceiling};
use crate::counting::{BotReport, DelayHistogram, ListenerPool, PoolReport, PoolSnapshot};
use crate::report::{Percentiles, RoomReport};
use crate::room::RoomBench;
use crate::stats::{loss_pct, ms, rate, ratio};

/// The raw figures of one run.
pub struct Measured {
    /// What was measured, e.g. "child process `stoa serve` (pid 42) on 127.0.0.1".
    pub server: String,
    /// One message per failed join.
    pub errors: Vec<String>,
    /// One report per listener bot.
    pub bots: Vec<BotReport>,
    /// Forward delays recorded in the window.
    pub delays: DelayHistogram,
    /// Joined listeners by bot tag: (WebSocket / session opened, SDP answered).
    pub opened: HashMap<u64, (Instant, Instant)>,
    /// Pool counters at the end of the window.
    pub end: PoolSnapshot,
    /// Pool counters over the window.
    pub window: PoolSnapshot,
    /// How long the window lasted.
    pub dt: Duration,
    /// Frames the speakers sent in the window.
    pub frames_sent: u64,
    /// The server's CPU time in the window (all its nodes').
    pub server_cpu: Option<Duration>,
    /// Each node's CPU time in the window (one entry for one server).
    pub node_cpu: Vec<Duration>,
    /// The server's RSS before the joins and with everyone joined, bytes.
    pub rss: (Option<u64>, Option<u64>),
    /// The raw loopback ceiling measured after the window.
    pub ceiling: Ceiling,
    /// The bench process's CPU time in the window.
    pub bench_cpu: Option<Duration>,
    /// The listener threads' CPU time in the window.
    pub listener_threads_cpu: Duration,
    /// Packets the listeners received from the audience member who sent anyway.
    pub audience_packets_received: Option<u64>,
}

/// A listener that got in, whatever the target: what the ceiling and the join times need.
pub trait JoinedListener {
    /// Its bot tag in the pool.
    fn tag(&self) -> u64;
    /// Its media socket's address.
    fn local(&self) -> std::net::SocketAddr;
    /// (session opened, SDP answered).
    fn times(&self) -> (Instant, Instant);
}

impl JoinedListener for crate::listeners::Joined {
    fn tag(&self) -> u64 {
        self.index as u64
    }

    fn local(&self) -> std::net::SocketAddr {
        self.local
    }

    fn times(&self) -> (Instant, Instant) {
        (self.opened, self.answered)
    }
}

/// What the listener pool gives once the speakers are silent: the raw ceiling to the same
/// sockets (if `opts.ceiling` asks for it), every bot's report and delays, and when each joined
/// listener opened its session and got its answer.
pub struct AfterWindow {
    /// The raw loopback ceiling.
    pub ceiling: Ceiling,
    /// One report per listener bot.
    pub bots: Vec<BotReport>,
    /// Forward delays recorded in the window.
    pub delays: DelayHistogram,
    /// Joined listeners by bot tag: (session opened, SDP answered).
    pub opened: HashMap<u64, (Instant, Instant)>,
}

/// Measures the ceiling (packets the size of the window's average; the paced floor at the
/// window's rate per listener, `window` having lasted `window_time`) and closes the pool; the
/// same for every target.
pub async fn after_window<L: JoinedListener>(
    pool: Arc<ListenerPool>,
    joined: Vec<L>,
    window: &PoolSnapshot,
    window_time: Duration,
    opts: &RoomBench,
) -> anyhow::Result<AfterWindow> {
    let ceiling = if opts.ceiling > 0.0 && !joined.is_empty() {
        let dests: Vec<_> = joined.iter().map(JoinedListener::local).collect();
        let size = (window.rtp_bytes as f64 / window.rtp_packets.max(1) as f64)
            .round()
            .max(12.0) as usize;
        let secs = Duration::from_secs_f64(opts.ceiling);
        let rounds = window.expected as f64
            / dests.len() as f64
            / window_time.as_secs_f64().max(f64::EPSILON);
        ceiling::measure(&pool, dests, size, secs, Some(rounds)).await?
    } else {
        Ceiling::default()
    };
    let pool = Arc::try_unwrap(pool).map_err(|_| anyhow::anyhow!("pool still shared"))?;
    let PoolReport { bots, delays, .. } =
        tokio::task::spawn_blocking(move || pool.finish()).await??;
    let opened = joined.iter().map(|j| (j.tag(), j.times())).collect();
    Ok(AfterWindow {
        ceiling,
        bots,
        delays,
        opened,
    })
}

impl Measured {
    /// The report for a run made with `opts`.
    pub fn report(self, opts: &RoomBench) -> RoomReport {
        let Measured {
            server,
            errors,
            bots,
            delays,
            opened,
            end,
            window: d,
            dt,
            frames_sent,
            server_cpu,
            node_cpu,
            rss: (rss_before, rss_after),
            ceiling,
            bench_cpu,
            listener_threads_cpu,
            audience_packets_received,
        } = self;
        let since = |b: &BotReport, answered: bool| {
            let (o, a) = opened.get(&b.tag)?;
            Some(
                b.first_rtp_at?
                    .saturating_duration_since(if answered { *a } else { *o }),
            )
        };
        let join_times: Vec<Duration> = bots.iter().filter_map(|b| since(b, false)).collect();
        let media_times: Vec<Duration> = bots.iter().filter_map(|b| since(b, true)).collect();
        let signaling_times: Vec<Duration> = opened
            .values()
            .map(|(o, a)| a.saturating_duration_since(*o))
            .collect();
        let forwarded_pps = rate(d.expected, dt);
        let with_audio = bots.iter().filter(|b| b.received > 0).count();
        let per_window = |cpu: Duration| cpu.as_secs_f64() * 100.0 / dt.as_secs_f64();
        RoomReport {
            listeners: opts.listeners,
            speakers: opts.speakers,
            duration_s: dt.as_secs_f64(),
            join_rate: opts.join_rate,
            server,
            joined: opts.listeners - errors.len(),
            join_failures: errors.len(),
            first_join_error: errors.first().cloned(),
            listeners_with_audio: with_audio,
            delivered_pct: ratio(
                forwarded_pps * 100.0,
                rate(frames_sent, dt) * with_audio.min(opts.listeners) as f64,
            ),
            max_streams_per_listener: bots.iter().map(|b| b.ssrcs).max().unwrap_or(0),
            sent_pps: rate(frames_sent, dt),
            forwarded_pps,
            received_pps: rate(d.rtp_packets, dt),
            packet_bytes: d.rtp_bytes as f64 / d.rtp_packets.max(1) as f64,
            loss_pct: loss_pct(d.expected, d.rtp_packets),
            delay_ms: Percentiles {
                p50: ms(delays.percentile(50.0)),
                p99: ms(delays.percentile(99.0)),
                p999: ms(delays.percentile(99.9)),
            },
            delay_samples: delays.count(),
            unmatched_packets: d.unmatched,
            join_ms: Percentiles::of(&join_times),
            join_signaling_ms: Percentiles::of(&signaling_times),
            join_media_ms: Percentiles::of(&media_times),
            server_cpu_pct: server_cpu.map(per_window),
            server_cpu_us_per_packet: server_cpu
                .and_then(|c| ratio(c.as_secs_f64() * 1e6, d.expected as f64)),
            node_cpu_pct: node_cpu.iter().map(|c| per_window(*c)).collect(),
            server_rss_before_mib: rss_before.map(|b| b as f64 / 1048576.0),
            server_rss_after_mib: rss_after.map(|b| b as f64 / 1048576.0),
            server_rss_per_listener_kib: rss_before
                .zip(rss_after)
                .and_then(|(a, b)| ratio((b as f64 - a as f64) / 1024.0, with_audio as f64)),
            ceiling_pps: ceiling.received_pps,
            ceiling_sent_pps: ceiling.sent_pps,
            ceiling_cpu_us_per_packet: ceiling.cpu_us_per_packet,
            cpu_vs_ceiling: server_cpu
                .and_then(|c| ratio(c.as_secs_f64() * 1e6, d.expected as f64))
                .zip(ceiling.cpu_us_per_packet)
                .and_then(|(sfu, raw)| ratio(sfu, raw)),
            egress_vs_ceiling: ceiling.received_pps.and_then(|c| ratio(forwarded_pps, c)),
            paced_floor_cpu_us_per_packet: ceiling.paced_cpu_us_per_packet,
            paced_floor_delivered_pct: ceiling.paced_delivered_pct,
            cpu_vs_paced_floor: server_cpu
                .and_then(|c| ratio(c.as_secs_f64() * 1e6, d.expected as f64))
                .zip(ceiling.paced_cpu_us_per_packet)
                .and_then(|(a, b)| ratio(a, b)),
            decoded_samples: end.decoded,
            decode_errors: end.decode_errors,
            audience_packets_received,
            bench_cpu_pct: bench_cpu.map_or(0.0, per_window),
            listener_threads_cpu_pct: per_window(listener_threads_cpu),
        }
    }
}
