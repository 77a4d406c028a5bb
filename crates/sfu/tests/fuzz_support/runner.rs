//! The fuzz runner: input counts and seed from the environment, target selection, progress
//! lines, CPU time and RSS before and after, and the panic count of a target's pass.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use crate::mutate::Rng;
use crate::{hex, MAX_SDP};

pub(crate) fn inputs(default: u64) -> u64 {
    std::env::var("STOA_FUZZ_INPUTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub(crate) fn seed() -> u64 {
    std::env::var("STOA_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5f0a_2026)
}

/// Resident and peak resident set size of this process, KiB.
pub(crate) fn rss_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// CPU time this process has used (user + system), seconds.
pub(crate) fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only fills the struct it is given.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

/// Whether `target` is to run (`STOA_FUZZ_TARGETS`, comma separated; all if unset).
pub(crate) fn selected(target: &str) -> bool {
    std::env::var("STOA_FUZZ_TARGETS").map_or(true, |v| v.split(',').any(|t| t == target))
}

/// Inputs between two progress lines of a long pass (or less, see [`PROGRESS_INTERVAL`]).
pub(crate) const PROGRESS_EVERY: u64 = 1 << 20;
/// Longest wall time between two progress lines.
pub(crate) const PROGRESS_INTERVAL: std::time::Duration = std::time::Duration::from_secs(60);

/// Runs `step` `n` times, each on its own input (kept in `input` for the report), catching
/// panics; prints the figures (and progress on the way) and returns the number of panics.
pub(crate) fn run(name: &str, n: u64, mut step: impl FnMut(&mut Rng, &mut Vec<u8>)) -> u64 {
    if !selected(name) {
        return 0;
    }
    let mut rng = Rng::new(seed() ^ name.len() as u64);
    let mut input = Vec::with_capacity(MAX_SDP);
    let (rss_before, _) = rss_kib();
    let (started, cpu) = (Instant::now(), cpu_seconds());
    let mut panics = 0;
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut last_progress = Instant::now();
    for i in 0..n {
        let due = i % 1024 == 0 && last_progress.elapsed() >= PROGRESS_INTERVAL;
        if i > 0 && (i % PROGRESS_EVERY == 0 || due) {
            last_progress = Instant::now();
            eprintln!(
                "fuzz {name}: {i} inputs, {panics} panics, {:.0} s CPU, RSS {} KiB",
                cpu_seconds() - cpu,
                rss_kib().0
            );
        }
        let r = catch_unwind(AssertUnwindSafe(|| step(&mut rng, &mut input)));
        if let Err(e) = r {
            panics += 1;
            if panics <= 5 {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                eprintln!("{name}: PANIC {msg:?} on input {}", hex(&input));
            }
        }
    }
    std::panic::set_hook(quiet);
    let took = started.elapsed();
    let (rss_after, peak) = rss_kib();
    let cpu = cpu_seconds() - cpu;
    eprintln!(
        "fuzz {name}: {n} inputs in {took:.1?} ({cpu:.1} s CPU, {:.2} µs CPU each), {panics} \
         panics, RSS {rss_before} KiB before, {rss_after} KiB after, peak {peak} KiB",
        cpu * 1e6 / n.max(1) as f64
    );
    panics
}
