//! `stoa-bench ws`: server memory per idle WebSocket session. Seeds N members straight into a
//! fresh database, starts `stoa serve` as a child process, opens N authenticated signaling
//! WebSockets (each waits for `hello`, then stays open and quiet), and reads the child's resident
//! memory before, halfway and after: per connection overall, and at the margin (second half
//! only, without one-time costs such as runtime threads and caches warming up).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use stoa_client::Signaling;
use tokio::sync::Semaphore;

use crate::process::{self, process_rss, raise_fd_limit, ChildServer};
use crate::seed;
use crate::stats::percentile;

/// Options of `stoa-bench ws`.
#[derive(Debug, Clone, clap::Args)]
pub struct WsBench {
    /// Idle authenticated WebSocket sessions to open.
    #[arg(long, default_value = "10000")]
    pub connections: usize,
    /// Connections being opened at the same time.
    #[arg(long, default_value = "100")]
    pub concurrency: usize,
    /// Seconds to wait after the last connection before reading the server's memory.
    #[arg(long, default_value = "3")]
    pub settle: f64,
    /// The `stoa` binary to run as the server (default: the `stoa` beside `stoa-bench`).
    #[arg(long)]
    pub stoa_exe: Option<PathBuf>,
    /// Also write the figures to this JSON file.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// No progress bars.
    #[arg(long)]
    pub quiet: bool,
}

/// The figures of one run.
#[derive(Debug, Clone, Serialize)]
pub struct WsReport {
    /// Sessions opened and still open at the end.
    pub connections: usize,
    /// Server RSS with no session open, KiB.
    pub rss_before_kib: u64,
    /// Server RSS with half of them open, KiB.
    pub rss_half_kib: u64,
    /// Server RSS with all of them open, KiB.
    pub rss_after_kib: u64,
    /// (after − before) / connections, KiB.
    pub kib_per_connection: f64,
    /// (after − half) / (connections − half), KiB: the marginal cost.
    pub marginal_kib_per_connection: f64,
    /// WebSocket open → `hello`, p50 / p99, ms.
    pub hello_p50_ms: f64,
    /// WebSocket open → `hello`, p99, ms.
    pub hello_p99_ms: f64,
    /// Seconds to open them all.
    pub open_s: f64,
}

impl WsReport {
    /// The summary table.
    pub fn table(&self) -> String {
        format!(
            "stoa-bench ws: {} idle WebSocket sessions\n\
             | figure | value |\n|---|---|\n\
             | server RSS before / half / all open | {} / {} / {} KiB |\n\
             | server memory per connection (all) | {:.1} KiB |\n\
             | server memory per connection (marginal, second half) | {:.1} KiB |\n\
             | open → hello p50 / p99 | {:.1} / {:.1} ms |\n\
             | time to open all | {:.1} s |",
            self.connections,
            self.rss_before_kib,
            self.rss_half_kib,
            self.rss_after_kib,
            self.kib_per_connection,
            self.marginal_kib_per_connection,
            self.hello_p50_ms,
            self.hello_p99_ms,
            self.open_s,
        )
    }
}

fn bar(quiet: bool, len: u64, what: &str) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos}/{len} {msg}") {
        pb.set_style(style.progress_chars("=> "));
    }
    pb.set_prefix(what.to_owned());
    pb
}

/// Opens one session per token, `concurrency` at a time; returns them with their open → hello
/// times.
async fn open_all(
    base: &str,
    tokens: &[String],
    concurrency: usize,
    pb: &ProgressBar,
) -> anyhow::Result<(Vec<Signaling>, Vec<Duration>)> {
    let gate = Arc::new(Semaphore::new(concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    for token in tokens {
        let (base, token, gate) = (base.to_owned(), token.clone(), gate.clone());
        tasks.spawn(async move {
            let _permit = gate.acquire_owned().await?;
            let started = Instant::now();
            let mut ws = Signaling::connect(&base, &token).await?;
            ws.hello(Duration::from_secs(30)).await?;
            let took = started.elapsed();
            ws.set_quiet();
            anyhow::Ok((ws, took))
        });
    }
    let mut sessions = Vec::with_capacity(tokens.len());
    let mut times = Vec::with_capacity(tokens.len());
    while let Some(done) = tasks.join_next().await {
        let (ws, took) = done.context("connection task")??;
        sessions.push(ws);
        times.push(took);
        pb.inc(1);
    }
    Ok((sessions, times))
}

fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    Ok(process_rss(pid).context("reading the server's memory")? / 1024)
}

/// Runs the benchmark and returns its figures.
pub async fn execute(opts: &WsBench) -> anyhow::Result<WsReport> {
    if opts.connections < 2 {
        bail!("--connections must be at least 2");
    }
    raise_fd_limit();
    let dir = tempfile::tempdir()?;
    let pb = bar(opts.quiet, opts.connections as u64, "accounts");
    let members =
        seed::seed_database(dir.path(), opts.connections, |n| pb.set_position(n as u64)).await?;
    pb.finish_and_clear();
    let exe = process::stoa_exe(opts.stoa_exe.as_deref())?;
    let server = ChildServer::spawn(&exe, dir.path()).await?;
    let settle = Duration::from_secs_f64(opts.settle.max(0.0));
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_before_kib = rss_kib(server.pid)?;

    let tokens: Vec<String> = members.into_iter().map(|m| m.token).collect();
    let half = tokens.len() / 2;
    let pb = bar(opts.quiet, tokens.len() as u64, "sessions");
    let started = Instant::now();
    let (mut sessions, mut times) =
        open_all(&server.base, &tokens[..half], opts.concurrency, &pb).await?;
    tokio::time::sleep(settle).await;
    let rss_half_kib = rss_kib(server.pid)?;
    let (rest, rest_times) = open_all(&server.base, &tokens[half..], opts.concurrency, &pb).await?;
    let open_s = started.elapsed().as_secs_f64() - settle.as_secs_f64();
    sessions.extend(rest);
    times.extend(rest_times);
    pb.finish_and_clear();
    tokio::time::sleep(settle).await;
    let rss_after_kib = rss_kib(server.pid)?;
    let open = sessions.iter().filter(|s| !s.is_closed()).count();
    if open != tokens.len() {
        bail!(
            "{} of {} sessions were closed",
            tokens.len() - open,
            tokens.len()
        );
    }
    let ms = |p| percentile(&times, p).map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    let report = WsReport {
        connections: open,
        rss_before_kib,
        rss_half_kib,
        rss_after_kib,
        kib_per_connection: rss_after_kib.saturating_sub(rss_before_kib) as f64 / open as f64,
        marginal_kib_per_connection: rss_after_kib.saturating_sub(rss_half_kib) as f64
            / (open - half) as f64,
        hello_p50_ms: ms(50.0),
        hello_p99_ms: ms(99.0),
        open_s,
    };
    drop(sessions);
    server.stop().await;
    Ok(report)
}

/// Runs the benchmark and prints the figures (and writes the JSON when asked).
pub async fn run(opts: WsBench) -> anyhow::Result<()> {
    let report = execute(&opts).await?;
    println!("{}", report.table());
    if let Some(path) = &opts.json {
        std::fs::write(path, serde_json::to_string_pretty(&report)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}
