//! `stoa-bench room`: one room, M speakers, N counting listeners over real WebRTC.
//!
//! The run: start `stoa serve` as a child process on a temp dir (accounts seeded into its
//! database first) or use `--server`; build the stage (speakers with real Opus tones); join the
//! listeners at `--join-rate`; wait for every listener's audio; measure a `--duration` window
//! (packets, loss, forward delay, server CPU from `/proc/<pid>/stat`); stop the speakers; measure
//! the raw loopback ceiling to the same sockets; print the [`RoomReport`].

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};

use crate::counting::{ListenerPool, SendLog, TRACKED_SENDERS};
use crate::measured::{after_window, AfterWindow, Measured};
use crate::process::{self, ChildServer};
use crate::report::RoomReport;
use crate::stats::rate;
use crate::{listeners, seed, stage};

/// Options of `stoa-bench room`.
#[derive(Debug, Clone, clap::Args)]
pub struct RoomBench {
    /// Listener bots.
    #[arg(long, default_value = "100")]
    pub listeners: usize,
    /// Speakers on stage (the room creator and invited members).
    #[arg(long, default_value = "1")]
    pub speakers: usize,
    /// Seconds of the measured window.
    #[arg(long, default_value = "10")]
    pub duration: f64,
    /// Listener joins started per second.
    #[arg(long, default_value = "200")]
    pub join_rate: f64,
    /// Measure a running server (`http://127.0.0.1:PORT`) instead of starting one.
    #[arg(long)]
    pub server: Option<String>,
    /// With --server: a bootstrap invite code of its empty database (members sign up with it).
    #[arg(long, requires = "server")]
    pub invite: Option<String>,
    /// With --server: its process id, for CPU and memory figures.
    #[arg(long, requires = "server")]
    pub server_pid: Option<u32>,
    /// Also write the figures as JSON to this file.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Receiver threads of the listener pool.
    #[arg(long, default_value = "1")]
    pub recv_threads: usize,
    /// Seconds of the raw loopback ceiling measurement (0 skips it).
    #[arg(long, default_value = "3")]
    pub ceiling: f64,
    /// Decrypt and decode one media packet in this many per listener.
    #[arg(long, default_value = "50")]
    pub sample_every: u64,
    /// Also put an audience member who sends a tone in the room (the SFU must drop it).
    #[arg(long)]
    pub audience_sender: bool,
    /// The `stoa` executable to start (default: the `stoa` beside `stoa-bench`).
    #[arg(long)]
    pub stoa_exe: Option<PathBuf>,
    /// No progress bars.
    #[arg(long)]
    pub quiet: bool,
    /// The SFU measured: Stoa, or Janus's VideoRoom (started by the bench; needs `janus`).
    #[arg(long, value_enum, default_value = "stoa")]
    pub target: BenchTarget,
    /// With --server: the other nodes of its cluster (base URL, process id). Listeners join
    /// the server and these in turn; every node's CPU counts (`stoa-bench cluster`).
    #[arg(skip)]
    pub spread: Vec<(String, Option<u32>)>,
    /// With --server: an admin's token that invites every member (instead of the first
    /// member, signed up with --invite, inviting the rest).
    #[arg(skip)]
    pub inviter: Option<String>,
}

/// The SFU `stoa-bench room` measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum BenchTarget {
    /// `stoa serve`.
    #[default]
    Stoa,
    /// Janus's VideoRoom plugin (see `crate::janus`).
    Janus,
    /// Stoa then Janus with the same options, side by side.
    Both,
}

impl Default for RoomBench {
    fn default() -> Self {
        Self {
            listeners: 100,
            speakers: 1,
            duration: 10.0,
            join_rate: 200.0,
            server: None,
            invite: None,
            server_pid: None,
            json: None,
            recv_threads: 1,
            ceiling: 3.0,
            sample_every: 50,
            audience_sender: false,
            stoa_exe: None,
            quiet: false,
            target: BenchTarget::Stoa,
            spread: Vec::new(),
            inviter: None,
        }
    }
}

/// Runs the benchmark, prints the table, writes the JSON. Fails only if the bench could not
/// run (setup failed, or no listener received audio).
pub async fn run(opts: RoomBench) -> anyhow::Result<()> {
    let json = opts.json.clone();
    let report = match opts.target {
        BenchTarget::Stoa => execute(opts).await?,
        BenchTarget::Janus => crate::janus::execute(&opts).await?,
        BenchTarget::Both => return crate::janus::run_both(opts).await,
    };
    println!("{}", report.table());
    if let Some(path) = json {
        std::fs::write(&path, serde_json::to_string_pretty(&report)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if report.listeners > 0 && report.listeners_with_audio == 0 {
        bail!("no listener received audio");
    }
    Ok(())
}

fn bar(opts: &RoomBench, len: u64, what: &str) -> ProgressBar {
    if opts.quiet {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos}/{len} {msg}") {
        pb.set_style(style.progress_chars("=> "));
    }
    pb.set_prefix(what.to_owned());
    pb
}

/// The server being measured.
enum Target {
    Child(Box<ChildServer>, tempfile::TempDir),
    External { pid: Option<u32> },
}

impl Target {
    fn pid(&self) -> Option<u32> {
        match self {
            Target::Child(c, _) => Some(c.pid),
            Target::External { pid } => *pid,
        }
    }
}

async fn start_target(
    opts: &RoomBench,
    members: usize,
) -> anyhow::Result<(Target, String, Vec<seed::Member>)> {
    let pb = bar(opts, members as u64, "accounts");
    let tick = |n: usize| pb.set_position(n as u64);
    let out = match &opts.server {
        Some(base) => {
            let invite = opts
                .invite
                .as_deref()
                .context("--server needs --invite CODE")?;
            let inviter = opts
                .inviter
                .as_ref()
                .map(|token| stoa_client::ApiClient::new(base).with_token(token.clone()));
            let members = seed::signup_via_api(base, invite, inviter, members, tick).await?;
            (
                Target::External {
                    pid: opts.server_pid,
                },
                base.clone(),
                members,
            )
        }
        None => {
            let dir = tempfile::tempdir()?;
            let members = seed::seed_database(dir.path(), members, tick).await?;
            let exe = process::stoa_exe(opts.stoa_exe.as_deref())?;
            let child = ChildServer::spawn(&exe, dir.path()).await?;
            let base = child.base.clone();
            (Target::Child(Box::new(child), dir), base, members)
        }
    };
    pb.finish_and_clear();
    Ok(out)
}

/// Runs the benchmark and returns its figures.
pub async fn execute(opts: RoomBench) -> anyhow::Result<RoomReport> {
    if opts.speakers == 0 || opts.speakers + usize::from(opts.audience_sender) > TRACKED_SENDERS {
        bail!("--speakers must be 1..={}", TRACKED_SENDERS - 1);
    }
    let extra = usize::from(opts.audience_sender);
    process::raise_fd_limit();
    let (target, base, members) =
        start_target(&opts, opts.speakers + extra + opts.listeners).await?;
    let pid = target.pid();
    // Every node listeners join (one, unless a cluster's nodes were given), and their pids.
    let bases: Vec<String> = std::iter::once(base.clone())
        .chain(opts.spread.iter().map(|(b, _)| b.clone()))
        .collect();
    let pids: Vec<Option<u32>> = std::iter::once(pid)
        .chain(opts.spread.iter().map(|(_, p)| *p))
        .collect();
    let nodes_cpu = || -> Vec<Option<Duration>> {
        pids.iter()
            .map(|p| p.and_then(process::process_cpu))
            .collect()
    };
    let frames =
        ((opts.listeners as f64 / opts.join_rate.max(1.0) + opts.duration + 600.0) * 50.0) as usize;
    let log = Arc::new(SendLog::new(opts.speakers + extra, frames));

    let stage = stage::build(&base, &members[..opts.speakers], &log).await?;
    let audience = if opts.audience_sender {
        let m = &members[opts.speakers];
        Some(stage::audience_sender(&base, m, &stage.room, &log, opts.speakers).await?)
    } else {
        None
    };
    let pool = Arc::new(ListenerPool::new(
        opts.recv_threads,
        opts.sample_every,
        Arc::clone(&log),
    )?);
    let rss_before = pid.and_then(process::process_rss);

    // Joins.
    let tokens: Vec<String> = members[opts.speakers + extra..]
        .iter()
        .map(|m| m.token.clone())
        .collect();
    let pb = bar(&opts, opts.listeners as u64, "joining");
    let pool_view = Arc::clone(&pool);
    let (joined, errors) = listeners::join_all(
        &bases,
        tokens,
        &stage.room,
        &pool,
        opts.join_rate,
        |done, failed| {
            pb.set_position((done + failed) as u64);
            pb.set_message(format!(
                "{failed} failed, {} with audio",
                pool_view.snapshot().with_audio
            ));
        },
    )
    .await;
    drop(pool_view);
    pb.finish_and_clear();
    let deadline = Instant::now() + Duration::from_secs(20);
    while (pool.snapshot().with_audio as usize) < joined.len() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let rss_after = pid.and_then(process::process_rss);

    // The measured window.
    let window = Duration::from_secs_f64(opts.duration.max(0.1));
    let pb = bar(&opts, window.as_secs(), "running");
    let (c0, f0, s0) = (pool.snapshot(), stage.frames_sent(), nodes_cpu());
    let (b0, l0) = (
        process::process_cpu(std::process::id()),
        process::own_threads_cpu("stoa-listen"),
    );
    let t0 = Instant::now();
    pool.set_measuring(true);
    while t0.elapsed() < window {
        tokio::time::sleep(Duration::from_millis(250).min(window.saturating_sub(t0.elapsed())))
            .await;
        let d = pool.snapshot().since(&c0);
        pb.set_position(t0.elapsed().as_secs());
        pb.set_message(format!(
            "{:.0} packets/s received",
            rate(d.rtp_packets, t0.elapsed())
        ));
    }
    pool.set_measuring(false);
    let dt = t0.elapsed();
    let (c1, f1, s1) = (pool.snapshot(), stage.frames_sent(), nodes_cpu());
    let (b1, l1) = (
        process::process_cpu(std::process::id()),
        process::own_threads_cpu("stoa-listen"),
    );
    pb.finish_and_clear();
    let d = c1.since(&c0);

    // Silence the SFU, then the raw ceiling to the same sockets.
    for s in stage.speakers {
        s.media.close();
        drop(s.ws);
    }
    if let Some(a) = audience {
        a.media.close();
    }
    let AfterWindow {
        ceiling,
        bots,
        delays,
        opened,
    } = after_window(pool, joined, &d, dt, &opts).await?;
    if let Target::Child(child, _dir) = target {
        child.stop().await;
    }
    // Each node's CPU in the window (all of them, or none if one is unknown).
    let node_cpu: Option<Vec<Duration>> = s0
        .iter()
        .zip(&s1)
        .map(|(a, b)| a.zip(*b).map(|(a, b)| b.saturating_sub(a)))
        .collect();
    let server = match (&opts.server, pid) {
        (None, Some(pid)) => format!("child process `stoa serve` (pid {pid}) on 127.0.0.1"),
        (Some(url), _) => format!("external {url}"),
        (None, None) => "unknown".into(),
    };
    Ok(Measured {
        server,
        errors,
        bots,
        delays,
        opened,
        window: d,
        dt,
        frames_sent: f1 - f0,
        server_cpu: node_cpu.as_ref().map(|each| each.iter().sum()),
        node_cpu: node_cpu.unwrap_or_default(),
        rss: (rss_before, rss_after),
        ceiling,
        bench_cpu: b0.zip(b1).map(|(a, b)| b.saturating_sub(a)),
        listener_threads_cpu: l1.saturating_sub(l0),
        audience_packets_received: opts.audience_sender.then(|| c1.by_sender[opts.speakers]),
        end: c1,
    }
    .report(&opts))
}
