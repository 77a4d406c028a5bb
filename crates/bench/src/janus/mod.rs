//! `stoa-bench room --target janus`: the same bots against Janus's VideoRoom plugin.
//!
//! The bench writes a loopback-only configuration ([`config`]), compiles the `getifaddrs` shim
//! ([`shim`]), starts `janus` with it, creates an audio-only room over the HTTP API ([`api`]),
//! publishes M real Opus speakers (the client crate's [`MediaSession`]) and joins N counting
//! subscribers through the same [`ListenerPool`], then measures like the Stoa run (CPU and RSS
//! from Janus's PID). Janus rewrites RTP timestamps per subscriber, so forward delays cannot be
//! matched to the send log (reported as unmatched); loss and join figures are identical.

pub mod api;
pub mod config;
pub mod shim;

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use stoa_client::{AudioSource, MediaSession, PendingMedia};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::counting::{ListenerPool, SendLog};
use crate::measured::{after_window, AfterWindow, Measured};
use crate::process;
use crate::report::RoomReport;
use crate::room::RoomBench;
use crate::stats::ratio;

const T: Duration = Duration::from_secs(20);

struct Janus {
    child: tokio::process::Child,
    pid: u32,
    base: String,
    _dir: tempfile::TempDir,
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

async fn start() -> anyhow::Result<Janus> {
    if std::process::Command::new("janus")
        .arg("--version")
        .output()
        .is_err()
    {
        bail!("`janus` not found: install it with `apt-get install -y janus`");
    }
    let dir = tempfile::tempdir()?;
    let cfg = config::JanusConfig {
        http_port: free_port()?,
        event_loops: std::thread::available_parallelism().map_or(1, |n| n.get()),
        rtp_ports: (20000, 32000),
    };
    let main = cfg.write(dir.path())?;
    let so = shim::compile(dir.path())?;
    let child = tokio::process::Command::new("janus")
        .arg("-C")
        .arg(&main)
        .arg("-F")
        .arg(dir.path())
        .args(["-o", "-N", "-L"])
        .arg(dir.path().join("janus.log"))
        .env("LD_PRELOAD", &so)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .context("starting janus")?;
    let pid = child.id().context("janus pid")?;
    let base = format!("http://127.0.0.1:{}/janus", cfg.http_port);
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(r) = http.get(format!("{base}/info")).send().await {
            if r.status().is_success() {
                break;
            }
        }
        if Instant::now() > deadline {
            let log = std::fs::read_to_string(dir.path().join("janus.log")).unwrap_or_default();
            bail!("Janus did not answer on {base}; log tail:\n{}", tail(&log));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(Janus {
        child,
        pid,
        base,
        _dir: dir,
    })
}

fn tail(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(15)..].join("\n")
}

impl Janus {
    async fn stop(mut self) {
        // SIGTERM by PID, then kill if it lingers.
        // SAFETY: plain kill(2) on our own child's pid.
        unsafe {
            libc::kill(self.pid as i32, libc::SIGTERM);
        }
        if tokio::time::timeout(Duration::from_secs(5), self.child.wait())
            .await
            .is_err()
        {
            let _ = self.child.kill().await;
        }
    }
}

struct Publisher {
    _handle: api::Handle,
    media: MediaSession,
}

async fn publish(
    http: &reqwest::Client,
    base: &str,
    id: u64,
    log: &Arc<SendLog>,
    index: usize,
) -> anyhow::Result<Publisher> {
    let handle = api::Handle::attach(http, base).await?;
    handle
        .message(&api::join_publisher(api::ROOM, id), None, T)
        .await
        .context("publisher join")?;
    let pending = PendingMedia::new_sender()?;
    let offer = api::jsep("offer", pending.offer_sdp());
    let ev = handle
        .message(&api::publish(), Some(&offer), T)
        .await
        .context("publish")?;
    let answer = api::jsep_sdp(&ev, "answer").context("no answer to publish")?;
    shim::check_candidates(answer)?;
    let media = pending.accept_with(
        answer,
        AudioSource::tone(440.0 + 110.0 * index as f32),
        SendLog::options_for(log, index),
    )?;
    media.wait_connected(T).await.context("publisher media")?;
    Ok(Publisher {
        _handle: handle,
        media,
    })
}

struct Sub {
    _handle: api::Handle,
    index: usize,
    opened: Instant,
    answered: Instant,
    local: std::net::SocketAddr,
}

impl crate::measured::JoinedListener for Sub {
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

async fn subscribe(
    http: reqwest::Client,
    base: Arc<str>,
    feeds: Arc<Vec<u64>>,
    pool: Arc<ListenerPool>,
    index: usize,
) -> anyhow::Result<Sub> {
    let opened = Instant::now();
    let handle = api::Handle::attach(&http, &base).await?;
    let ev = handle
        .message(&api::join_subscriber(api::ROOM, &feeds), None, T)
        .await?;
    let offer = api::jsep_sdp(&ev, "offer").context("no offer for subscriber")?;
    shim::check_candidates(offer)?;
    let (local, answer) = pool.add_answering(offer, index as u64)?;
    handle
        .message(&api::start(), Some(&api::jsep("answer", &answer)), T)
        .await?;
    Ok(Sub {
        _handle: handle,
        index,
        opened,
        answered: Instant::now(),
        local,
    })
}

/// `--target both`: Stoa then Janus with the same options; prints both tables and the
/// comparison, writes `{"stoa": …, "janus": …}` to `--json`.
pub async fn run_both(opts: RoomBench) -> anyhow::Result<()> {
    let stoa = crate::room::execute(opts.clone()).await?;
    println!("== Stoa\n{}", stoa.table());
    let janus = execute(&opts).await?;
    println!("== Janus\n{}", janus.table());
    println!("{}", comparison(&stoa, &janus));
    if let Some(path) = &opts.json {
        let v = serde_json::json!({"stoa": stoa, "janus": janus});
        std::fs::write(path, serde_json::to_string_pretty(&v)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if stoa.listeners > 0 && (stoa.listeners_with_audio == 0 || janus.listeners_with_audio == 0) {
        bail!("no listener received audio");
    }
    Ok(())
}

fn opt(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "n/a".to_owned(), |x| format!("{x:.digits$}"))
}

/// One side-by-side line: both figures and Stoa / Janus.
fn compared(
    name: &'static str,
    stoa: Option<f64>,
    janus: Option<f64>,
    digits: usize,
) -> (&'static str, String, String, String) {
    let r = stoa.zip(janus).and_then(|(a, b)| ratio(a, b));
    (name, opt(stoa, digits), opt(janus, digits), opt(r, 2))
}

/// The side-by-side lines of `--target both` (ratios are Stoa / Janus).
pub fn comparison(stoa: &RoomReport, janus: &RoomReport) -> String {
    let rows = [
        (
            "listeners with audio",
            stoa.listeners_with_audio.to_string(),
            janus.listeners_with_audio.to_string(),
            String::new(),
        ),
        (
            "loss %",
            format!("{:.3}", stoa.loss_pct),
            format!("{:.3}", janus.loss_pct),
            String::new(),
        ),
        compared(
            "server CPU us/packet",
            stoa.server_cpu_us_per_packet,
            janus.server_cpu_us_per_packet,
            2,
        ),
        compared(
            "server CPU % of a core",
            stoa.server_cpu_pct,
            janus.server_cpu_pct,
            1,
        ),
        compared(
            "RSS KiB per listener",
            stoa.server_rss_per_listener_kib,
            janus.server_rss_per_listener_kib,
            1,
        ),
        (
            "join p50 ms",
            opt(stoa.join_ms.p50, 1),
            opt(janus.join_ms.p50, 1),
            String::new(),
        ),
    ];
    let mut out = format!(
        "{:<26} {:>12} {:>12} {:>12}\n",
        "", "stoa", "janus", "stoa/janus"
    );
    for (name, a, b, q) in rows {
        out.push_str(&format!("{name:<26} {a:>12} {b:>12} {q:>12}\n"));
    }
    out
}

/// Runs the benchmark against Janus and returns its figures.
pub async fn execute(opts: &RoomBench) -> anyhow::Result<RoomReport> {
    if opts.server.is_some() {
        bail!("--target janus starts its own Janus (no --server)");
    }
    process::raise_fd_limit();
    let janus = start().await?;
    let result = measure(opts, &janus).await;
    janus.stop().await;
    result
}

async fn measure(opts: &RoomBench, janus: &Janus) -> anyhow::Result<RoomReport> {
    let pid = Some(janus.pid);
    let http = reqwest::Client::new();
    let admin = api::Handle::attach(&http, &janus.base).await?;
    admin
        .message(&api::create_room(api::ROOM, opts.speakers), None, T)
        .await
        .context("creating the room")?;
    let frames =
        ((opts.listeners as f64 / opts.join_rate.max(1.0) + opts.duration + 600.0) * 50.0) as usize;
    let log = Arc::new(SendLog::new(opts.speakers, frames));
    let mut pubs = Vec::new();
    for i in 0..opts.speakers {
        pubs.push(publish(&http, &janus.base, i as u64 + 1, &log, i).await?);
    }
    let feeds: Arc<Vec<u64>> = Arc::new((1..=opts.speakers as u64).collect());
    let pool = Arc::new(ListenerPool::new(
        opts.recv_threads,
        opts.sample_every,
        Arc::clone(&log),
    )?);
    let rss_before = pid.and_then(process::process_rss);

    // Joins at --join-rate, at most 256 in flight.
    let base: Arc<str> = Arc::from(janus.base.as_str());
    let limit = Arc::new(Semaphore::new(256));
    let interval = Duration::from_secs_f64(1.0 / opts.join_rate.max(0.001));
    let t_start = tokio::time::Instant::now();
    let mut tasks = JoinSet::new();
    for index in 0..opts.listeners {
        tokio::time::sleep_until(t_start + interval.mul_f64(index as f64)).await;
        let permit = Arc::clone(&limit).acquire_owned().await?;
        let (http, base, feeds, pool) = (
            http.clone(),
            Arc::clone(&base),
            Arc::clone(&feeds),
            Arc::clone(&pool),
        );
        tasks.spawn(async move {
            let r = subscribe(http, base, feeds, pool, index).await;
            drop(permit);
            r
        });
    }
    let mut joined = Vec::new();
    let mut errors = Vec::new();
    while let Some(r) = tasks.join_next().await {
        match r {
            Ok(Ok(s)) => joined.push(s),
            Ok(Err(e)) => errors.push(format!("{e:#}")),
            Err(e) => errors.push(e.to_string()),
        }
    }
    if !opts.quiet {
        eprintln!("janus: {} joined, {} failed", joined.len(), errors.len());
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while (pool.snapshot().with_audio as usize) < joined.len() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let rss_after = pid.and_then(process::process_rss);

    // The measured window.
    let window = Duration::from_secs_f64(opts.duration.max(0.1));
    let frames_sent = |p: &[Publisher]| p.iter().map(|p| p.media.frames_sent()).sum::<u64>();
    let (c0, f0, s0) = (
        pool.snapshot(),
        frames_sent(&pubs),
        pid.and_then(process::process_cpu),
    );
    let (b0, l0) = (
        process::process_cpu(std::process::id()),
        process::own_threads_cpu("stoa-listen"),
    );
    let t0 = Instant::now();
    pool.set_measuring(true);
    tokio::time::sleep(window).await;
    pool.set_measuring(false);
    let dt = t0.elapsed();
    let (c1, f1, s1) = (
        pool.snapshot(),
        frames_sent(&pubs),
        pid.and_then(process::process_cpu),
    );
    let (b1, l1) = (
        process::process_cpu(std::process::id()),
        process::own_threads_cpu("stoa-listen"),
    );
    let d = c1.since(&c0);
    for p in pubs {
        p.media.close();
    }
    let AfterWindow {
        ceiling,
        bots,
        delays,
        opened,
    } = after_window(pool, joined, &d, dt, opts).await?;
    drop(admin);
    Ok(Measured {
        server: format!(
            "child process `janus` 1.x VideoRoom (pid {}) on 127.0.0.1",
            janus.pid
        ),
        errors,
        bots,
        delays,
        opened,
        window: d,
        dt,
        frames_sent: f1 - f0,
        server_cpu: s0.zip(s1).map(|(a, b)| b.saturating_sub(a)),
        node_cpu: s0
            .zip(s1)
            .map(|(a, b)| b.saturating_sub(a))
            .into_iter()
            .collect(),
        rss: (rss_before, rss_after),
        ceiling,
        bench_cpu: b0.zip(b1).map(|(a, b)| b.saturating_sub(a)),
        listener_threads_cpu: l1.saturating_sub(l0),
        audience_packets_received: None,
        end: c1,
    }
    .report(opts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparison_gives_stoa_over_janus_ratios() {
        let stoa = RoomReport {
            server_cpu_us_per_packet: Some(5.0),
            server_rss_per_listener_kib: None,
            ..RoomReport::default()
        };
        let janus = RoomReport {
            server_cpu_us_per_packet: Some(20.0),
            server_rss_per_listener_kib: Some(100.0),
            ..RoomReport::default()
        };
        let text = comparison(&stoa, &janus);
        let cpu = text
            .lines()
            .find(|l| l.starts_with("server CPU us/packet"))
            .unwrap();
        assert!(
            cpu.contains("5.00") && cpu.contains("20.00") && cpu.ends_with("0.25"),
            "{cpu}"
        );
        let rss = text.lines().find(|l| l.starts_with("RSS KiB")).unwrap();
        assert!(rss.ends_with("n/a"), "{rss}");
    }
}
