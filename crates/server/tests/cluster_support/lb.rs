//! The load balancer in front of the nodes: Debian's HAProxy, run by the test in the foreground
//! (`-db`) on a loopback port, with its configuration and log in the cluster's temp directory.
//!
//! HTTP mode; WebSocket upgrades pass through (`timeout tunnel`); active health checks
//! (`GET /api/health` every 300 ms, down after 2 failures, up after 1 success); `leastconn`.
//! Test-only pin: a request with `X-Stoa-Node: nN` goes to node N while HAProxy holds it up,
//! otherwise to another node. Every answer names the node that gave it in `X-Stoa-Upstream`.

use std::fs::File;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::process::{Child, Command};

/// The request header that pins a request to a node (`n1`, `n2`, …).
pub const PIN: &str = "x-stoa-node";
/// The response header naming the node that answered.
pub const UPSTREAM: &str = "x-stoa-upstream";

/// A running HAProxy.
pub struct Haproxy {
    /// Where clients connect.
    pub addr: SocketAddr,
    log: PathBuf,
    child: Child,
}

/// Whether the `haproxy` program is installed (scripts/setup installs Debian's).
pub fn installed() -> bool {
    std::process::Command::new("haproxy")
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The configuration: listen on `addr`, balance over `servers` (name, address).
pub fn config(addr: SocketAddr, servers: &[(String, SocketAddr)]) -> String {
    let mut cfg = format!(
        "global
    maxconn 1000
    log stderr format raw local0 info

defaults
    mode http
    log global
    option httplog
    option forwardfor
    option redispatch
    retries 2
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    timeout tunnel 1h
    timeout client-fin 1s
    timeout server-fin 1s

frontend stoa
    bind {addr}
    default_backend nodes

backend nodes
    balance leastconn
    option httpchk GET /api/health
    http-check expect status 200
    default-server check inter 300ms fastinter 300ms downinter 300ms fall 2 rise 1
    http-response set-header X-Stoa-Upstream %s
"
    );
    for (name, _) in servers {
        cfg.push_str(&format!(
            "    use-server {name} if {{ req.hdr({PIN}) -m str {name} }}\n"
        ));
    }
    for (name, server) in servers {
        cfg.push_str(&format!("    server {name} {server}\n"));
    }
    cfg
}

impl Haproxy {
    /// Writes the configuration into `dir` and starts HAProxy on `addr` in the foreground; it
    /// is killed when dropped. The caller waits for it to route (see `Cluster::wait_upstream`).
    pub fn start(dir: &Path, addr: SocketAddr, servers: &[(String, SocketAddr)]) -> Haproxy {
        let cfg = dir.join("haproxy.cfg");
        std::fs::write(&cfg, config(addr, servers)).expect("haproxy.cfg");
        let log = dir.join("haproxy.log");
        let out = File::create(&log).expect("haproxy log");
        let err = out.try_clone().expect("haproxy log");
        let child = Command::new("haproxy")
            .arg("-db")
            .arg("-f")
            .arg(&cfg)
            .stdin(Stdio::null())
            .stdout(Stdio::from(out))
            .stderr(Stdio::from(err))
            .kill_on_drop(true)
            .spawn()
            .expect("haproxy starts");
        Haproxy { addr, log, child }
    }

    /// Its base URL, `http://127.0.0.1:PORT`.
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Panics, with its log, if HAProxy has exited.
    pub fn assert_running(&mut self) {
        if let Some(status) = self.child.try_wait().expect("haproxy status") {
            panic!("haproxy exited ({status}):\n{}", self.log_text());
        }
    }

    /// Its log (configuration warnings, one line per request naming its node, servers going
    /// down and up).
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Stops it (SIGKILL) and reaps it.
    pub async fn stop(&mut self) {
        let _ = self.child.start_kill();
        let _ = tokio::time::timeout(Duration::from_secs(5), self.child.wait()).await;
    }
}
