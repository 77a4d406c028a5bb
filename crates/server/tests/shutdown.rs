//! Stopping the `stoa` binary with SIGTERM: every open WebSocket gets close 1012 "restarting" (so
//! clients reconnect at once instead of seeing the connection cut), and the process exits 0 within
//! 10 s.

mod binary_support;
mod ws_support;

use std::time::{Duration, Instant};

use binary_support::Stdout;
use tokio::process::Child;

/// Starts `stoa serve` on ephemeral loopback ports; returns it, its standard output, its HTTP
/// address and the bootstrap invite code.
async fn start(dir: &std::path::Path) -> (Child, Stdout, std::net::SocketAddr, String) {
    binary_support::spawn(&mut binary_support::serve_command(dir)).await
}

#[tokio::test]
async fn sigterm_closes_websockets_with_1012_and_exits_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut server, _stdout, addr, code) = start(dir.path()).await;
    let signup = binary_support::sign_up_admin(addr, &code, "signup").await;
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
