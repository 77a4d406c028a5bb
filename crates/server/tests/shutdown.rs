//! Stopping the `stoa` binary with SIGTERM: every open WebSocket gets close 1012 "restarting" (so
//! clients reconnect at once instead of seeing the connection cut), and the process exits 0 within
//! 10 s.

mod ws_support;

use std::time::{Duration, Instant};

use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// Its standard output, kept open while it runs.
type Stdout = tokio::io::Lines<BufReader<tokio::process::ChildStdout>>;

/// Starts `stoa serve` on ephemeral loopback ports (killed if dropped before it exits); returns
/// it, its standard output, its HTTP address and the bootstrap invite code.
async fn start(dir: &std::path::Path) -> (Child, Stdout, std::net::SocketAddr, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stoa"))
        .args(["serve", "--http", "127.0.0.1:0", "--media", "127.0.0.1:0"])
        .arg("--data-dir")
        .arg(dir)
        .env("STOA_LOG", "warn")
        .env_remove("STOA_CONFIG")
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("stoa starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let (mut addr, mut code) = (None, None);
    let read = async {
        while let Some(line) = lines.next_line().await.expect("stdout") {
            if let Some(rest) = line.strip_prefix("stoa: listening on http://") {
                addr = Some(rest.trim().parse().expect("address"));
            }
            if let Some(link) = line.strip_prefix("stoa: bootstrap invite: ") {
                code = link.rsplit('/').next().map(str::to_string);
            }
            if addr.is_some() && code.is_some() {
                return;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(30), read)
        .await
        .expect("stoa prints its address");
    (
        child,
        lines,
        addr.expect("listening line"),
        code.expect("bootstrap invite"),
    )
}

#[tokio::test]
async fn sigterm_closes_websockets_with_1012_and_exits_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut server, _stdout, addr, code) = start(dir.path()).await;
    let signup: serde_json::Value = reqwest::Client::new()
        .post(format!("http://{addr}/api/auth/signup"))
        .json(
            &json!({"invite_code": code, "username": "admin", "display_name": "Admin",
                      "password": "password123"}),
        )
        .send()
        .await
        .expect("signup")
        .json()
        .await
        .expect("json");
    let token = signup["token"].as_str().expect("token");
    let mut ws = ws_support::connect(addr, token, None).await;
    ws_support::read_until(
        &mut ws,
        |t| t.contains(r#""type":"hello""#),
        Duration::from_secs(5),
    )
    .await;

    let pid = libc::pid_t::try_from(server.id().expect("running")).expect("pid");
    let sent = Instant::now();
    // SAFETY: signalling a child process this test started and still owns.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let ending = ws_support::read_to_close(&mut ws, Duration::from_secs(10), false).await;
    assert_eq!(ending.close, Some((1012, "restarting".to_string())));

    let status = tokio::time::timeout(Duration::from_secs(10), server.wait())
        .await
        .expect("exited within 10 s")
        .expect("exit status");
    assert!(status.success(), "{status}");
    assert!(sent.elapsed() < Duration::from_secs(10));
}
