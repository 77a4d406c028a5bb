//! The default media address (`[::]`, every interface) on a network of the test's own: a thread
//! moves into a fresh network namespace (`unshare(CLONE_NEWNET)`), adds a veth pair with
//! 10.77.9.1, 10.77.9.2 and fd77:9::1, and runs the SFU there. Nothing reaches the machine's
//! real interfaces; the namespace and its veth pair vanish when the thread ends.
//!
//! Checks: the SFU offers one host candidate per usable address of both families (not
//! loopback, not link-local), accepts media from non-loopback sources, and an IPv4 speaker is
//! heard by an IPv6 listener through the one dual-stack socket.

mod support;

use std::process::Command;
use std::time::Duration;

use stoa_sfu::{start, EgressMode, SfuConfig, SfuEvent};
use support::{pump_until, talk, TestClient};

/// Runs `ip` with `args` (in the calling thread's network namespace).
fn ip(args: &str) -> Result<(), String> {
    let out = Command::new("ip")
        .args(args.split_whitespace())
        .output()
        .map_err(|e| format!("ip {args}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "ip {args}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(())
}

/// Moves this thread into a new network namespace with `lo` and a veth pair.
fn private_network() -> Result<(), String> {
    // SAFETY: unshare(2) with CLONE_NEWNET changes only the calling thread's namespace.
    if unsafe { libc::unshare(libc::CLONE_NEWNET) } != 0 {
        return Err(format!(
            "unshare(CLONE_NEWNET): {}",
            std::io::Error::last_os_error()
        ));
    }
    ip("link set lo up")?;
    ip("link add stoa-a type veth peer name stoa-b")?;
    ip("addr add 10.77.9.1/24 dev stoa-a")?;
    ip("addr add 10.77.9.2/24 dev stoa-b")?;
    ip("-6 addr add fd77:9::1/64 dev stoa-a nodad")?;
    ip("link set stoa-a up")?;
    ip("link set stoa-b up")?;
    Ok(())
}

#[test]
fn wildcard_bind_offers_every_address_and_carries_ipv4_and_ipv6_clients() {
    let run = std::thread::spawn(|| {
        if let Err(e) = private_network() {
            // Creating a namespace needs root (CAP_SYS_ADMIN), as in CI.
            eprintln!("skipped: no private network namespace here ({e})");
            return;
        }
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(in_private_network());
    });
    run.join().expect("test thread");
}

async fn in_private_network() {
    let (sfu, mut events) = start(SfuConfig {
        bind: "[::]:0".parse().unwrap(),
        public_ips: Vec::new(),
        egress: EgressMode::Direct,
        send_threads: 1,
        settle_after: Some(stoa_sfu::settle::SETTLE_AFTER),
        max_connecting: stoa_sfu::DEFAULT_MAX_CONNECTING,
    })
    .await
    .expect("sfu starts on [::]");
    let port = sfu.local_addr().port();
    let candidates = sfu.candidates();
    assert!(
        candidates
            .windows(2)
            .all(|w| w[0].is_ipv4() || w[1].is_ipv6()),
        "IPv4 first: {candidates:?}"
    );
    let mut offered: Vec<String> = candidates.iter().map(ToString::to_string).collect();
    offered.sort();
    assert_eq!(
        offered,
        [
            format!("10.77.9.1:{port}"),
            format!("10.77.9.2:{port}"),
            format!("[fd77:9::1]:{port}"),
        ],
        "one candidate per usable address; no loopback, no link-local"
    );

    let mut seen = Vec::new();
    let mut speaker = TestClient::connect_from(&sfu, "net", 1, true, "10.77.9.2:0").await;
    let mut listener = TestClient::connect_from(&sfu, "net", 2, false, "[fd77:9::1]:0").await;
    let mut clients = [&mut speaker, &mut listener];
    let up = pump_until(
        &mut clients,
        &mut events,
        &mut seen,
        Duration::from_secs(10),
        |cs, evs| {
            cs.iter().all(|c| c.connected)
                && evs
                    .iter()
                    .filter(|e| matches!(e, SfuEvent::Connected { .. }))
                    .count()
                    >= 2
        },
    )
    .await;
    assert!(up, "both clients connect; events: {seen:?}");

    talk(0, &mut clients, &mut events, &mut seen, 30, 5).await;
    let got = &clients[1].got;
    assert!(got.len() >= 25, "the IPv6 listener got {} of 30", got.len());
    assert!(
        got.iter().all(|g| g.data[..2] == [0x58, 5]),
        "payload intact"
    );
}
