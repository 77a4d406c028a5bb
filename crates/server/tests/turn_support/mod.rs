//! A real TURN server for the TURN tests: Debian's coturn on loopback with `use-auth-secret`,
//! and a webrtc-rs TURN client to probe it.

#![allow(dead_code)]

use std::net::UdpSocket as StdUdpSocket;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::UdpSocket;

/// A coturn process listening on `127.0.0.1:port` (UDP), stopped and reaped on drop.
pub struct Coturn {
    child: Child,
    pub port: u16,
    _dir: tempfile::TempDir,
}

impl Coturn {
    pub fn start(secret: &str) -> Coturn {
        let dir = tempfile::tempdir().expect("temp dir");
        // An ephemeral port the kernel just handed out (coturn takes a port number, not a
        // socket); relays stay on loopback too.
        let port = StdUdpSocket::bind("127.0.0.1:0")
            .and_then(|s| s.local_addr())
            .expect("free port")
            .port();
        let child = Command::new("turnserver")
            .args([
                "-n",
                "--listening-ip=127.0.0.1",
                "--relay-ip=127.0.0.1",
                &format!("--listening-port={port}"),
                "--use-auth-secret",
                &format!("--static-auth-secret={secret}"),
                "--realm=stoa.test",
                "--no-cli",
                "--no-tls",
                "--no-dtls",
                "--allow-loopback-peers",
                "--no-software-attribute",
                "--simple-log",
                "--log-file=stdout",
            ])
            .arg(format!("--userdb={}", dir.path().join("turndb").display()))
            .arg(format!("--pidfile={}", dir.path().join("pid").display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("turnserver runs (Debian package coturn; scripts/setup installs it)");
        Coturn {
            child,
            port,
            _dir: dir,
        }
    }

    pub fn url(&self) -> String {
        format!("turn:127.0.0.1:{}?transport=udp", self.port)
    }

    /// Waits until coturn answers a STUN binding request (bounded).
    pub async fn wait_ready(&self) {
        let addr = format!("127.0.0.1:{}", self.port);
        for _ in 0..100 {
            let client = turn_client(&addr, "probe", "probe").await;
            let answered = tokio::time::timeout(
                Duration::from_millis(500),
                client.send_binding_request_to(&addr),
            )
            .await;
            let _ = client.close().await;
            if matches!(answered, Ok(Ok(_))) {
                return;
            }
        }
        panic!("coturn did not answer on {addr}");
    }
}

impl Drop for Coturn {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub async fn turn_client(server: &str, username: &str, password: &str) -> turn::client::Client {
    let conn = UdpSocket::bind("127.0.0.1:0").await.expect("client socket");
    let client = turn::client::Client::new(turn::client::ClientConfig {
        stun_serv_addr: server.to_string(),
        turn_serv_addr: server.to_string(),
        username: username.to_string(),
        password: password.to_string(),
        realm: String::new(),
        software: String::new(),
        rto_in_ms: 0,
        conn: Arc::new(conn),
        vnet: None,
    })
    .await
    .expect("turn client");
    client.listen().await.expect("turn client listens");
    client
}
