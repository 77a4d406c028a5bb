//! NATS going away and coming back, on a `nats-server` of this test's own (loopback, a free
//! port, a temporary store): the registry keeps its view, a lease that cannot be renewed is
//! reported lost, everything resumes on restart, and epochs keep growing across the restart.
//!
//! Skipped (passing) when no `nats-server` binary is on the PATH.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use stoa_cluster::{Cluster, ClusterConfig, LostReason, NodeId, NodeInfo, NodeLoad};

/// A `nats-server` child process, killed on drop.
struct Server(Child);

impl Server {
    /// Starts JetStream on `127.0.0.1:port` storing in `dir`; `None` if there is no binary.
    fn start(port: u16, dir: &Path) -> Option<Self> {
        let child = Command::new("nats-server")
            .args(["-a", "127.0.0.1", "-p", &port.to_string(), "-js", "-sd"])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let server = Self(child);
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "nats-server did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(server)
    }

    /// Like a crash.
    fn kill(mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn info(node: &str) -> NodeInfo {
    NodeInfo {
        id: NodeId::new(node).unwrap(),
        http_addr: String::new(),
        media_addr: String::new(),
        load: NodeLoad::default(),
        started_at_ms: 0,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nats_restart_keeps_the_view_loses_leases_and_resumes() {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let dir = tempfile::tempdir().expect("store dir");
    let Some(server) = Server::start(port, dir.path()) else {
        let _ = writeln!(
            std::io::stderr(),
            "outage: skipped: no nats-server on the PATH"
        );
        return;
    };
    let config = ClusterConfig::new(format!("nats://127.0.0.1:{port}"));
    let a = Cluster::connect(config.clone()).await.unwrap();
    let b = Cluster::connect(config.clone()).await.unwrap();
    let reg_a = a.join(info("a")).await.unwrap();
    let reg_b = b.join(info("b")).await.unwrap();
    let leases = a.leases(NodeId::new("a").unwrap()).await.unwrap();
    let lease = leases.claim("room").await.unwrap().unwrap();
    let keeper = leases.keep(lease.clone());
    let mut view = reg_a.membership();
    tokio::time::timeout(Duration::from_secs(5), view.wait_for(|m| m.len() == 2))
        .await
        .expect("a sees b")
        .unwrap();

    // NATS dies for 4 s: the lease is reported lost, the view is kept.
    server.kill();
    let killed = Instant::now();
    let reason = tokio::time::timeout(Duration::from_secs(4), keeper.lost())
        .await
        .expect("the keeper reports the loss");
    eprintln!("lease lost {:?} after NATS died", killed.elapsed());
    assert_eq!(reason, LostReason::Unreachable);
    tokio::time::sleep(Duration::from_secs(4).saturating_sub(killed.elapsed())).await;
    assert_eq!(
        reg_a.nodes().len(),
        2,
        "the view is kept while NATS is away"
    );

    // NATS is back: renewals resume, nobody is dropped, and the feed works again.
    let _server = Server::start(port, dir.path()).expect("restart nats-server");
    let back = Instant::now();
    let again = loop {
        match leases.claim("room").await {
            Ok(Some(lease)) => break lease,
            Ok(None) | Err(_) => {
                assert!(
                    back.elapsed() < Duration::from_secs(10),
                    "no claim after restart"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    eprintln!("claimed again {:?} after NATS came back", back.elapsed());
    assert!(
        again.epoch > lease.epoch,
        "epochs grow across a NATS restart: {} > {}",
        again.epoch,
        lease.epoch
    );
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(
        reg_a.nodes().len(),
        2,
        "renewals resumed: {:?}",
        reg_a.nodes()
    );
    reg_b.leave().await.unwrap();
    tokio::time::timeout(Duration::from_secs(2), view.wait_for(|m| m.len() == 1))
        .await
        .expect("the feed works after the restart")
        .unwrap();
    reg_a.leave().await.unwrap();
}
