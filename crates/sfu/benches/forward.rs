//! Per-packet cost of the forwarding path through the sans-IO core (no sockets).
//!
//! One publisher → R receivers (100 and 1,000), really connected (ICE, DTLS, SRTP) in memory on
//! virtual time. One iteration = one SRTP packet from the publisher into [`stoa_sfu::Sfu`] and
//! all R SRTP datagrams out of it. Criterion's throughput is in forwarded packets; the line
//! `ns/forwarded packet` is printed per receiver count as well.
//!
//! `cargo bench -p stoa-sfu --bench forward`
//!
//! After criterion it prints what an edge of a room on another node costs the origin against
//! what a listener costs it (`relay: …`); `STOA_FWD_RELAY_ONLY=1` prints only that.
//!
//! For callgrind (instruction counts are repeatable, wall-clock here is not), set
//! `STOA_FWD_PROFILE=<packets>` (and optionally `STOA_FWD_RECEIVERS`, default 100, and
//! `STOA_FWD_EGRESS=direct|str0m`, default direct, and `STOA_FWD_EDGES`, edges of the room on
//! other nodes, default 0): the binary then
//! skips criterion, sets up, and forwards that many packets through `core_step_inner`:
//!
//! ```text
//! STOA_FWD_PROFILE=200 valgrind --tool=callgrind --collect-atstart=no \
//!   --toggle-collect='*core_step_inner*' target/release/deps/forward-<hash>
//! ```

#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

mod support;

use std::time::Duration;

use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};
use stoa_sfu::EgressMode;
use support::World;

fn forward(c: &mut Criterion) {
    let mut group = c.benchmark_group("forward");
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(4));
    for (egress, receivers) in [
        (EgressMode::Direct, 100usize),
        (EgressMode::Direct, 1000),
        (EgressMode::Str0m, 100),
        (EgressMode::Str0m, 1000),
    ] {
        let mut world = World::with_egress(receivers, egress);
        let (mut total, mut forwarded) = (Duration::ZERO, 0u64);
        group.throughput(Throughput::Elements(receivers as u64));
        group.bench_with_input(
            BenchmarkId::new(format!("{egress:?}"), receivers),
            &receivers,
            |b, &r| {
                b.iter_custom(|iters| {
                    let mut spent = Duration::ZERO;
                    for _ in 0..iters {
                        let (t, out) = world.forward_one();
                        assert!(out >= r as u64, "{out} datagrams for {r} receivers");
                        spent += t;
                        total += t;
                        forwarded += out;
                    }
                    spent
                });
            },
        );
        println!(
            "forward/{egress:?}/{receivers}: {:.0} ns/forwarded packet over {forwarded} packets",
            total.as_nanos() as f64 / forwarded.max(1) as f64
        );
    }
    group.finish();
}

/// Forwards `packets` packets to `receivers` (and `edges` edges) without criterion (for
/// callgrind).
fn profile(packets: u64, receivers: usize, edges: usize, egress: EgressMode) {
    let mut world = World::with_egress(receivers, egress);
    world.attach_edges(edges);
    let (mut total, mut forwarded) = (Duration::ZERO, 0u64);
    for _ in 0..packets {
        let (t, out) = world.forward_one();
        total += t;
        forwarded += out;
    }
    println!(
        "profile: {packets} packets to {receivers} receivers: {forwarded} datagrams, {:.0} ns/forwarded packet",
        total.as_nanos() as f64 / forwarded.max(1) as f64
    );
}

/// What an edge costs the origin against what a listener costs it, both at the margin: the same
/// room forwarded to `L` listeners, to `L + E` listeners, and to `L` listeners and `E` edges
/// (each packet sealed once per edge). The worlds take turns in batches and each keeps its
/// fastest batch, so that other load on the machine does not land on one side only.
fn relay_cost() {
    const ROUNDS: usize = 40;
    const BATCH: u64 = 100;
    const LISTENERS: usize = 200;
    const EDGES: usize = 100;
    let mut worlds = [
        World::with_egress(LISTENERS, EgressMode::Direct),
        World::with_egress(LISTENERS + EDGES, EgressMode::Direct),
        World::with_egress(LISTENERS, EgressMode::Direct),
    ];
    worlds[2].attach_edges(EDGES);
    let mut best = [(f64::MAX, 0u64); 3];
    for _ in 0..ROUNDS {
        for (world, best) in worlds.iter_mut().zip(&mut best) {
            let (mut total, mut out) = (Duration::ZERO, 0u64);
            for _ in 0..BATCH {
                let (t, n) = world.forward_one();
                total += t;
                out += n;
            }
            let per_packet = total.as_nanos() as f64 / BATCH as f64;
            if per_packet < best.0 {
                *best = (per_packet, out / BATCH);
            }
        }
    }
    let [base, more, edged] = best;
    let per_listener = (more.0 - base.0) / (more.1 - base.1).max(1) as f64;
    let per_edge = (edged.0 - base.0) / (edged.1 - base.1).max(1) as f64;
    println!(
        "relay: {LISTENERS} listeners {:.0} ns/packet; {} listeners {:.0} ns/packet \
         ({per_listener:.0} ns per extra listener); {LISTENERS} listeners + {EDGES} edges {:.0} \
         ns/packet ({per_edge:.0} ns per edge): an edge costs {:.2}x a listener",
        base.0,
        LISTENERS + EDGES,
        more.0,
        edged.0,
        per_edge / per_listener
    );
}

criterion_group!(benches, forward);

fn main() {
    if let Some(packets) = std::env::var("STOA_FWD_PROFILE")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        let receivers = std::env::var("STOA_FWD_RECEIVERS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(100);
        let egress = std::env::var("STOA_FWD_EGRESS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or_default();
        let edges = std::env::var("STOA_FWD_EDGES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        profile(packets, receivers, edges, egress);
        return;
    }
    if std::env::var_os("STOA_FWD_RELAY_ONLY").is_some() {
        relay_cost();
        return;
    }
    benches();
    relay_cost();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
