//! `stoa-bench cluster`: three `stoa serve` nodes in cluster mode on loopback (one fresh
//! PostgreSQL schema, one fresh NATS prefix), talked to directly (no load balancer). Measures
//! the cross-node event latency (a follow made on n1 → the live notification on n3's socket)
//! and the fail-over time (`kill -9` the node running a room → another node runs it, read from
//! each node's `stoa_rooms` gauge). The schema is dropped and the NATS buckets deleted at the
//! end; every process it starts is killed when dropped.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use reqwest::Method;
use serde::Serialize;
use stoa_client::{ApiClient, Signaling};
use stoa_proto::rest::{NotificationKind, SignupRequest};
use stoa_proto::ws::ServerMessage;
use stoa_proto::RoomKind;
use tokio::process::Command;

mod nodes;
mod room;

use crate::process;
use crate::stats::{ms, percentile};
use nodes::{free_addrs, pg_exec, schema_url, unique, Node};

/// How many nodes.
const NODES: usize = 3;
/// How long a node may take to answer `/api/health` (a debug build on a loaded machine).
const START_WITHIN: Duration = Duration::from_secs(60);
/// One signaling or HTTP round trip.
const T: Duration = Duration::from_secs(10);
/// How long a take-over may take before the bench gives up.
const TAKEOVER_WITHIN: Duration = Duration::from_secs(30);

/// Options of `stoa-bench cluster`.
#[derive(Debug, Clone, clap::Args)]
pub struct ClusterBench {
    /// Follows made on n1 whose live notification is timed on n3.
    #[arg(long, default_value = "200")]
    pub events: usize,
    /// Listeners of the room measured on one node and over three (0 skips it).
    #[arg(long, default_value = "0")]
    pub room_listeners: usize,
    /// Seconds of each room's measured window.
    #[arg(long, default_value = "10")]
    pub room_duration: f64,
    /// `kill -9`s of the node running a room, each timed until another node runs it.
    #[arg(long, default_value = "10")]
    pub kills: usize,
    /// The PostgreSQL database the bench makes (and drops) a schema in.
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/test")]
    pub database_url: String,
    /// The NATS server (JetStream); the bench uses a fresh prefix and deletes its buckets.
    #[arg(long, default_value = "nats://127.0.0.1:4222")]
    pub nats_url: String,
    /// The `stoa` binary to run as the nodes (default: the `stoa` beside `stoa-bench`).
    #[arg(long)]
    pub stoa_exe: Option<PathBuf>,
    /// Also write the figures to this JSON file.
    #[arg(long)]
    pub json: Option<PathBuf>,
}

/// The figures of one run.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterReport {
    /// Follows timed.
    pub events: usize,
    /// Follow answered on n1 → notification on n3: p50, ms.
    pub event_p50_ms: f64,
    /// … p99, ms.
    pub event_p99_ms: f64,
    /// … max, ms.
    pub event_max_ms: f64,
    /// Follow sent on n1 → notification on n3 (the HTTP round trip included): p50, ms.
    pub event_from_send_p50_ms: f64,
    /// … p99, ms.
    pub event_from_send_p99_ms: f64,
    /// Each `kill -9` → another node runs the room, s.
    pub failover_s: Vec<f64>,
    /// p50 of those, s.
    pub failover_p50_s: f64,
    /// p99 of those, s.
    pub failover_p99_s: f64,
    /// The room on one node and over three (with `--room-listeners`).
    pub room: Option<room::RoomComparison>,
}

impl ClusterReport {
    /// The summary table.
    pub fn table(&self) -> String {
        let each: Vec<String> = self.failover_s.iter().map(|s| format!("{s:.2}")).collect();
        format!(
            "stoa-bench cluster: 3 nodes on loopback (PostgreSQL + NATS)\n\
             | figure | value |\n|---|---|\n\
             | follow on n1 answered → notification on n3 ({} events) p50 / p99 / max | {:.1} / {:.1} / {:.1} ms |\n\
             | follow on n1 sent → notification on n3 p50 / p99 | {:.1} / {:.1} ms |\n\
             | fail-over after kill -9 ({} kills) p50 / p99 | {:.2} / {:.2} s |\n\
             | each fail-over | {} s |",
            self.events,
            self.event_p50_ms,
            self.event_p99_ms,
            self.event_max_ms,
            self.event_from_send_p50_ms,
            self.event_from_send_p99_ms,
            self.failover_s.len(),
            self.failover_p50_s,
            self.failover_p99_s,
            each.join(", "),
        ) + &self.room.as_ref().map(room::RoomComparison::rows).unwrap_or_default()
    }
}

/// Runs the benchmark and returns its figures; cleans up (nodes, schema, buckets) either way.
pub async fn execute(opts: &ClusterBench) -> anyhow::Result<ClusterReport> {
    let exe = process::stoa_exe(opts.stoa_exe.as_deref())?;
    let id = unique();
    let schema = format!("stoa_bench_{id}");
    let prefix = format!("bench_{id}");
    pg_exec(&opts.database_url, &format!("CREATE SCHEMA \"{schema}\"")).await?;
    let dir = tempfile::tempdir()?;
    let node_url = schema_url(&opts.database_url, &schema);
    let mut nodes = free_addrs()?
        .into_iter()
        .enumerate()
        .map(|(i, (http, media))| {
            let name = format!("n{}", i + 1);
            let node_dir = dir.path().join(&name);
            std::fs::create_dir_all(&node_dir)?;
            Ok(Node {
                log: dir.path().join(format!("{name}.log")),
                dir: node_dir,
                args: vec![
                    "--database-url".into(),
                    node_url.clone(),
                    "--nats-url".into(),
                    opts.nats_url.clone(),
                    "--nats-prefix".into(),
                    prefix.clone(),
                    "--node-id".into(),
                    name.clone(),
                ],
                name,
                http,
                media,
                child: None,
            })
        })
        .collect::<anyhow::Result<Vec<Node>>>()?;

    let result = measure(opts, &exe, &mut nodes).await;
    if result.is_err() {
        for node in &nodes {
            eprintln!("stoa-bench: log of {}: {}", node.name, node.log.display());
        }
    }

    for node in &mut nodes {
        node.kill().await;
    }
    if let Err(err) = pg_exec(
        &opts.database_url,
        &format!("SET lock_timeout = '10s'; DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"),
    )
    .await
    {
        eprintln!("stoa-bench: schema {schema} not dropped: {err:#}");
    }
    let config = stoa_cluster::ClusterConfig::new(opts.nats_url.clone()).with_prefix(&prefix);
    match stoa_cluster::Cluster::connect(config).await {
        Ok(cluster) => {
            if let Err(err) = cluster.delete_buckets().await {
                eprintln!("stoa-bench: NATS buckets of {prefix} not deleted: {err}");
            }
        }
        Err(err) => eprintln!("stoa-bench: NATS buckets of {prefix} not deleted: {err}"),
    }
    if result.is_err() && std::env::var_os("STOA_BENCH_KEEP_LOGS").is_some() {
        let kept = dir.keep();
        eprintln!("stoa-bench: logs kept in {}", kept.display());
    }
    result
}

/// Signs up `username` with an invite from `admin`, through `base`; returns the token.
async fn sign_up(admin: &ApiClient, base: &str, username: &str) -> anyhow::Result<String> {
    let invite = admin.create_invite().await?;
    let mut api = ApiClient::new(base);
    let auth = api
        .signup(&SignupRequest {
            invite_code: invite.code,
            username: username.into(),
            display_name: username.into(),
            password: "password123".into(),
        })
        .await
        .with_context(|| format!("signing up {username}"))?;
    Ok(auth.token)
}

/// A member's WebSocket on `base`, after `hello`.
async fn socket(base: &str, token: &str) -> anyhow::Result<Signaling> {
    let mut ws = Signaling::connect(base, token).await?;
    ws.hello(T).await?;
    Ok(ws)
}

async fn measure(
    opts: &ClusterBench,
    exe: &Path,
    nodes: &mut [Node],
) -> anyhow::Result<ClusterReport> {
    let http = reqwest::Client::new();
    // The first node alone applies the migrations, then the others start.
    for node in nodes.iter_mut() {
        node.start(exe, &http).await?;
    }
    eprintln!("stoa-bench: 3 nodes up");

    // The first admin: an invite from n1's admin socket, signed up on n1.
    let out = Command::new(exe)
        .args(["admin", "invite", "--data-dir"])
        .arg(&nodes[0].dir)
        .env_remove("STOA_CONFIG")
        .env_remove("STOA_DATABASE_URL")
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(Duration::from_secs(30), out)
        .await
        .context("stoa admin invite timed out")??;
    if !out.status.success() {
        bail!(
            "stoa admin invite: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let code = stdout.trim().rsplit('/').next().unwrap_or_default();
    let mut admin = ApiClient::new(&nodes[0].base());
    admin
        .signup(&SignupRequest {
            invite_code: code.into(),
            username: "admin".into(),
            display_name: "Admin".into(),
            password: "password123".into(),
        })
        .await
        .context("admin sign-up")?;
    let admin_token = admin.token().context("admin token")?.to_owned();

    // 1. Cross-node event latency: the admin on n1 follows `target`, whose socket is on n3.
    let target = sign_up(&admin, &nodes[2].base(), "target").await?;
    let mut target_ws = socket(&nodes[2].base(), &target).await?;
    let mut from_return = Vec::with_capacity(opts.events);
    let mut from_send = Vec::with_capacity(opts.events);
    for _ in 0..opts.events {
        target_ws.take_pending();
        let sent = Instant::now();
        admin
            .request(Method::PUT, "/api/users/target/follow")
            .timeout(T)
            .send()
            .await?
            .error_for_status()
            .context("follow on n1")?;
        let answered = Instant::now();
        target_ws
            .wait_map(
                |m| match m {
                    ServerMessage::Notification { notification, .. }
                        if notification.kind == NotificationKind::NewFollower =>
                    {
                        Some(())
                    }
                    _ => None,
                },
                T,
            )
            .await
            .context("the follow's notification on n3")?;
        let notified = Instant::now();
        from_return.push(notified.saturating_duration_since(answered));
        from_send.push(notified - sent);
        admin
            .request(Method::DELETE, "/api/users/target/follow")
            .timeout(T)
            .send()
            .await?
            .error_for_status()
            .context("unfollow on n1")?;
    }
    drop(target_ws);
    eprintln!("stoa-bench: {} events timed", opts.events);

    // 2. The room on one node, then over three (before any node is killed).
    let room = if opts.room_listeners > 0 {
        Some(room::compare(&admin, nodes, opts.room_listeners, opts.room_duration).await?)
    } else {
        None
    };

    // 3. Fail-over: a room on node x (its host in it), kill -9 x, until another node runs it.
    let mut failovers = Vec::with_capacity(opts.kills);
    for k in 0..opts.kills {
        let x = k % NODES;
        let host = ApiClient::new(&nodes[x].base()).with_token(admin_token.clone());
        let room = host
            .create_room(&format!("Fail-over {}", k + 1), RoomKind::Open)
            .await
            .with_context(|| format!("creating a room on {}", nodes[x].name))?;
        let mut host_ws = socket(&nodes[x].base(), &admin_token).await?;
        host_ws
            .join_room(&room.id, T)
            .await
            .context("the host joins")?;
        let started = Instant::now();
        while nodes[x].rooms(&http).await? == 0 {
            if started.elapsed() > T {
                bail!("the room does not run on {}", nodes[x].name);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let others: Vec<usize> = (0..NODES).filter(|&n| n != x).collect();
        let mut lowest = Vec::new();
        for &n in &others {
            lowest.push(nodes[n].rooms(&http).await?);
        }
        let killed = Instant::now();
        nodes[x].kill().await;
        drop(host_ws);
        // A node runs it once its gauge rises above the lowest it read since the kill (a room
        // of an earlier round ending meanwhile lowers it).
        let took = 'poll: loop {
            for (i, &n) in others.iter().enumerate() {
                let now = nodes[n].rooms(&http).await.unwrap_or(lowest[i]);
                if now > lowest[i] {
                    break 'poll killed.elapsed();
                }
                lowest[i] = lowest[i].min(now);
            }
            if killed.elapsed() > TAKEOVER_WITHIN {
                bail!("no node took the room over within {TAKEOVER_WITHIN:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        eprintln!(
            "stoa-bench: kill {}/{} of {}: taken over after {:.2} s",
            k + 1,
            opts.kills,
            nodes[x].name,
            took.as_secs_f64()
        );
        failovers.push(took);
        nodes[x].start(exe, &http).await?;
        // Let it register with the others before the next round.
        tokio::time::sleep(Duration::from_secs(2)).await;
    }

    let msf = |d: &[Duration], p| ms(percentile(d, p)).unwrap_or(0.0);
    let secs = |p| percentile(&failovers, p).map_or(0.0, |d| d.as_secs_f64());
    Ok(ClusterReport {
        events: opts.events,
        event_p50_ms: msf(&from_return, 50.0),
        event_p99_ms: msf(&from_return, 99.0),
        event_max_ms: msf(&from_return, 100.0),
        event_from_send_p50_ms: msf(&from_send, 50.0),
        event_from_send_p99_ms: msf(&from_send, 99.0),
        failover_s: failovers.iter().map(Duration::as_secs_f64).collect(),
        failover_p50_s: secs(50.0),
        failover_p99_s: secs(99.0),
        room,
    })
}

/// Runs the benchmark and prints the figures (and writes the JSON when asked).
pub async fn run(opts: ClusterBench) -> anyhow::Result<()> {
    let report = execute(&opts).await?;
    println!("{}", report.table());
    if let Some(path) = &opts.json {
        std::fs::write(path, serde_json::to_string_pretty(&report)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}
