//! One node of the cluster: a real `stoa serve` process with its own data directory, HTTP port
//! and UDP media port (loopback only), the shared database, and a log file kept across restarts.

use std::fs::OpenOptions;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};

/// How long a node may take to answer `/api/health` after it is started (a debug build on a
/// loaded 2-core machine, migrations included).
const START_WITHIN: Duration = Duration::from_secs(30);

/// A `stoa serve` process; restarted with the same flags, so with the same addresses.
pub struct Node {
    /// `n1`, `n2`, … (the load balancer's server name too).
    pub name: String,
    /// Its own HTTP address (the tests go through the load balancer; this is for health waits).
    pub http: SocketAddr,
    /// Its SFU's UDP address.
    pub media: SocketAddr,
    /// Its data directory (lock, admin socket).
    pub dir: PathBuf,
    log: PathBuf,
    database_url: String,
    public_url: String,
    /// More `serve` flags (the cluster mode's).
    extra: Vec<String>,
    child: Option<Child>,
    starts: u32,
}

impl Node {
    /// A node under `root` (not started yet).
    pub fn new(
        name: &str,
        root: &Path,
        http: SocketAddr,
        media: SocketAddr,
        database_url: &str,
        public_url: &str,
        extra: Vec<String>,
    ) -> Node {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).expect("node data dir");
        Node {
            name: name.to_string(),
            http,
            media,
            log: root.join(format!("{name}.log")),
            dir,
            database_url: database_url.to_string(),
            public_url: public_url.to_string(),
            extra,
            child: None,
            starts: 0,
        }
    }

    /// Starts the process (its output appended to its log); see [`Node::wait_healthy`].
    pub fn spawn(&mut self) {
        assert!(self.child.is_none(), "{} is already running", self.name);
        self.starts += 1;
        let mut log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("node log");
        let _ = writeln!(log, "==== {} start {} ====", self.name, self.starts);
        let err = log.try_clone().expect("node log");
        let child = Command::new(env!("CARGO_BIN_EXE_stoa"))
            .arg("serve")
            .arg("--data-dir")
            .arg(&self.dir)
            .args(["--http", &self.http.to_string()])
            .args(["--media", &self.media.to_string()])
            .args(["--database-url", &self.database_url])
            .args(["--public-url", &self.public_url])
            .args(["--trusted-proxies", "127.0.0.1"])
            .args(&self.extra)
            .env("STOA_LOG", "info,sqlx=warn")
            .env("NO_COLOR", "1")
            .env_remove("STOA_CONFIG")
            .env_remove("STOA_DATABASE_URL")
            .stdin(Stdio::null())
            .stdout(Stdio::from(log))
            .stderr(Stdio::from(err))
            .kill_on_drop(true)
            .spawn()
            .expect("stoa starts");
        self.child = Some(child);
    }

    /// Waits until the node answers `GET /api/health` itself (bounded); panics, with its log,
    /// if it exits or takes too long.
    pub async fn wait_healthy(&mut self, http: &reqwest::Client) {
        let deadline = Instant::now() + START_WITHIN;
        let url = format!("http://{}/api/health", self.http);
        loop {
            if let Some(status) = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().expect("node status"))
            {
                panic!("{} exited ({status}):\n{}", self.name, self.log_text());
            }
            let answer = http.get(&url).timeout(Duration::from_secs(2)).send().await;
            if answer.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{} not healthy within {START_WITHIN:?}:\n{}",
                self.name,
                self.log_text()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// `kill -9`: SIGKILL, then reaps the process.
    pub async fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.start_kill();
            let _ = tokio::time::timeout(Duration::from_secs(10), child.wait()).await;
        }
    }

    /// A clean stop (SIGTERM, as for an upgrade), then reaps the process.
    pub async fn terminate(&mut self) {
        if let Some(mut child) = self.child.take() {
            if let Some(pid) = child.id().and_then(|id| i32::try_from(id).ok()) {
                // SAFETY: sends a signal to our own child, whose pid we just read.
                unsafe {
                    libc::kill(pid, libc::SIGTERM);
                }
            }
            let _ = tokio::time::timeout(Duration::from_secs(10), child.wait()).await;
        }
    }

    /// Whether the process runs (started and not killed).
    pub fn is_running(&self) -> bool {
        self.child.is_some()
    }

    /// Its log so far (every start).
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Its log file.
    pub fn log_path(&self) -> &Path {
        &self.log
    }
}
