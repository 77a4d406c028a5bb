//! The bench's cluster: `stoa serve` nodes on loopback (started, killed, restarted on the same
//! addresses) and the PostgreSQL schema they share.

use std::net::{SocketAddr, TcpListener, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context};
use sqlx::{Connection, PgConnection};
use tokio::process::{Child, Command};

use super::{NODES, START_WITHIN};

/// One `stoa serve` node; restarted with the same flags, so on the same addresses.
pub(super) struct Node {
    pub(super) name: String,
    pub(super) http: SocketAddr,
    pub(super) media: SocketAddr,
    pub(super) dir: PathBuf,
    pub(super) log: PathBuf,
    pub(super) args: Vec<String>,
    pub(super) child: Option<Child>,
}

impl Node {
    pub(super) fn base(&self) -> String {
        format!("http://{}", self.http)
    }

    /// Its process id while it runs.
    pub(super) fn pid(&self) -> Option<u32> {
        self.child.as_ref().and_then(tokio::process::Child::id)
    }

    /// Starts the process (output appended to its log) and waits until it answers
    /// `/api/health`.
    pub(super) async fn start(&mut self, exe: &Path, http: &reqwest::Client) -> anyhow::Result<()> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)?;
        let child = Command::new(exe)
            .arg("serve")
            .arg("--data-dir")
            .arg(&self.dir)
            .args(["--http", &self.http.to_string()])
            .args(["--media", &self.media.to_string()])
            .args(["--auth-attempts-per-minute", "1000000"])
            .args(&self.args)
            .env(
                "STOA_LOG",
                std::env::var("STOA_BENCH_SERVER_LOG").unwrap_or("warn,sqlx=error".into()),
            )
            .env("NO_COLOR", "1")
            .env_remove("STOA_CONFIG")
            .env_remove("STOA_DATABASE_URL")
            .stdin(Stdio::null())
            .stdout(Stdio::from(log.try_clone()?))
            .stderr(Stdio::from(log))
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {}", exe.display()))?;
        self.child = Some(child);
        let url = format!("{}/api/health", self.base());
        let started = Instant::now();
        loop {
            if let Some(status) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                bail!(
                    "{} exited ({status}); log: {}",
                    self.name,
                    self.log.display()
                );
            }
            let answer = http.get(&url).timeout(Duration::from_secs(2)).send().await;
            if answer.is_ok_and(|r| r.status().is_success()) {
                return Ok(());
            }
            if started.elapsed() > START_WITHIN {
                bail!("{} not healthy within {START_WITHIN:?}", self.name);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// `kill -9`, then reaps it.
    pub(super) async fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.start_kill();
            let _ = tokio::time::timeout(Duration::from_secs(10), child.wait()).await;
        }
    }

    /// Its `stoa_rooms` gauge: the live rooms it runs itself.
    pub(super) async fn rooms(&self, http: &reqwest::Client) -> anyhow::Result<u32> {
        let text = http
            .get(format!("{}/metrics", self.base()))
            .timeout(Duration::from_secs(2))
            .send()
            .await?
            .error_for_status()?
            .text()
            .await?;
        Ok(text
            .lines()
            .find_map(|line| line.strip_prefix("stoa_rooms "))
            .and_then(|v| v.trim().parse::<f64>().ok())
            .map_or(0, |v| v as u32))
    }
}

/// Loopback addresses free right now: an HTTP (TCP) and a media (UDP) port per node, all held
/// until all are chosen so they differ.
pub(super) fn free_addrs() -> anyhow::Result<Vec<(SocketAddr, SocketAddr)>> {
    let held = (0..NODES)
        .map(|_| {
            Ok((
                TcpListener::bind("127.0.0.1:0")?,
                UdpSocket::bind("127.0.0.1:0")?,
            ))
        })
        .collect::<std::io::Result<Vec<_>>>()?;
    held.iter()
        .map(|(t, u)| Ok((t.local_addr()?, u.local_addr()?)))
        .collect()
}

/// `<unique>`: pid and clock, for the schema and the NATS prefix.
pub(super) fn unique() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!("{}_{nanos}", std::process::id())
}

/// `url` with `search_path` set to `schema` for every connection.
pub(super) fn schema_url(url: &str, schema: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-c%20search_path%3D{schema}")
}

pub(super) async fn pg_exec(url: &str, sql: &str) -> anyhow::Result<()> {
    let run = async {
        let mut conn = PgConnection::connect(url).await?;
        sqlx::raw_sql(sql).execute(&mut conn).await?;
        conn.close().await
    };
    tokio::time::timeout(Duration::from_secs(20), run)
        .await
        .context("PostgreSQL timed out")?
        .with_context(|| format!("PostgreSQL at {url}"))
}
