//! Loopback ICE for Janus: Janus 1.1.2 skips loopback interfaces when gathering, so the bench
//! compiles (with `cc`, into a temp dir) an `LD_PRELOAD` shim around `getifaddrs` that clears
//! `IFF_LOOPBACK`, and refuses any SDP that offers a candidate other than 127.0.0.1.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

/// The shim's C source.
pub const SOURCE: &str = r#"#define _GNU_SOURCE
#include <dlfcn.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stddef.h>

int getifaddrs(struct ifaddrs **ifap) {
    static int (*real)(struct ifaddrs **) = NULL;
    if (!real)
        real = (int (*)(struct ifaddrs **))dlsym(RTLD_NEXT, "getifaddrs");
    if (!real)
        return -1;
    int r = real(ifap);
    if (r == 0)
        for (struct ifaddrs *i = *ifap; i != NULL; i = i->ifa_next)
            i->ifa_flags &= ~IFF_LOOPBACK;
    return r;
}
"#;

/// Compiles the shim into `dir`; returns the shared object's path.
pub fn compile(dir: &Path) -> anyhow::Result<PathBuf> {
    let src = dir.join("loopback_shim.c");
    let out = dir.join("loopback_shim.so");
    std::fs::write(&src, SOURCE)?;
    let status = std::process::Command::new("cc")
        .args(["-shared", "-fPIC", "-O2", "-o"])
        .arg(&out)
        .arg(&src)
        .arg("-ldl")
        .status()
        .context("running cc (a C compiler is needed for the Janus loopback shim)")?;
    if !status.success() {
        bail!("cc failed to build the Janus loopback shim ({status})");
    }
    Ok(out)
}

/// The connection addresses of the `a=candidate` lines of `sdp`.
pub fn candidate_addresses(sdp: &str) -> Vec<String> {
    sdp.lines()
        .filter_map(|l| l.trim().strip_prefix("a=candidate:"))
        .filter_map(|c| c.split_whitespace().nth(4).map(str::to_owned))
        .collect()
}

/// Fails unless `sdp` offers at least one candidate and every candidate is on 127.0.0.1.
pub fn check_candidates(sdp: &str) -> anyhow::Result<()> {
    let addrs = candidate_addresses(sdp);
    if addrs.is_empty() {
        bail!("Janus's SDP carries no ICE candidate");
    }
    if let Some(bad) = addrs.iter().find(|a| *a != "127.0.0.1") {
        bail!("Janus's SDP offers candidate {bad}, not 127.0.0.1: refusing to run off loopback");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n\
        a=candidate:1 1 udp 2015363327 127.0.0.1 20001 typ host\r\na=end-of-candidates\r\n";

    #[test]
    fn loopback_only_passes() {
        assert_eq!(candidate_addresses(GOOD), vec!["127.0.0.1".to_owned()]);
        check_candidates(GOOD).unwrap();
    }

    #[test]
    fn other_addresses_or_none_are_refused() {
        let lan = format!("{GOOD}a=candidate:2 1 udp 2015363327 192.168.1.5 20002 typ host\r\n");
        assert!(check_candidates(&lan).is_err());
        let v6 = "a=candidate:3 1 udp 1 fe80::1 20003 typ host\r\n";
        assert!(check_candidates(v6).is_err());
        assert!(check_candidates("v=0\r\n").is_err());
    }

    #[test]
    fn source_wraps_getifaddrs() {
        assert!(SOURCE.contains("dlsym(RTLD_NEXT, \"getifaddrs\")"));
        assert!(SOURCE.contains("~IFF_LOOPBACK"));
    }
}
