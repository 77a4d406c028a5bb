//! Memory the sans-IO core holds per peer, in stages (no sockets, virtual time).
//!
//! Prints figures, asserts nothing. Two counters:
//! * *Rust heap*: live bytes through a counting `#[global_allocator]` (str0m, our state);
//! * *malloc in use*: glibc `mallinfo2` (Rust heap plus C allocations: aws-lc's DTLS/SRTP state).
//!
//! Each stage's figure is what the core frees when it is dropped (or its peers removed), divided
//! by the number of peers, so the in-memory clients' own memory is not counted.
//!
//! `cargo bench -p stoa-sfu --bench memory` (`STOA_MEM_PEERS`, default 1000).

#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Instant;

use stoa_proto::{RoomId, UserId, AUDIO_SLOTS};
use stoa_sfu::Sfu;
use str0m::media::{Direction, MediaKind};
use str0m::{Candidate, Rtc, RtcConfig};
use support::World;

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is forwarded to `System` unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        System.dealloc(ptr, layout);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[derive(Clone, Copy)]
struct Snap {
    rust: isize,
    malloc: isize,
}

fn snap() -> Snap {
    // SAFETY: mallinfo2 only reads the allocator's statistics.
    let mi = unsafe { libc::mallinfo2() };
    Snap {
        rust: LIVE.load(Ordering::Relaxed),
        malloc: (mi.uordblks + mi.hblkhd) as isize,
    }
}

fn report(stage: &str, before: Snap, after: Snap, peers: usize) {
    let rust = (before.rust - after.rust) as f64 / peers as f64 / 1024.0;
    let all = (before.malloc - after.malloc) as f64 / peers as f64 / 1024.0;
    println!(
        "{stage:<52} Rust heap {rust:7.1} KiB/peer   malloc {all:7.1} KiB/peer   (C/other {:6.1})",
        all - rust
    );
}

fn offer(now: Instant, i: usize) -> String {
    let mut rtc = RtcConfig::new()
        .clear_codecs()
        .enable_opus(true, false)
        .build(now);
    let addr = format!("127.0.0.1:{}", 40_000 + i).parse().expect("addr");
    rtc.add_local_candidate(Candidate::host(addr, "udp").expect("candidate"));
    let mut api = rtc.sdp_api();
    api.add_media(MediaKind::Audio, Direction::SendOnly, None, None, None);
    for _ in 0..AUDIO_SLOTS {
        api.add_media(MediaKind::Audio, Direction::RecvOnly, None, None, None);
    }
    api.apply().expect("offer").0.to_sdp_string()
}

fn fresh_sfu(now: Instant) -> Sfu {
    Sfu::new("127.0.0.1:3478".parse().expect("addr"), true, now).expect("sfu")
}

fn main() {
    let peers: usize = std::env::var("STOA_MEM_PEERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    println!(
        "size_of: Rtc {} B, Peer {} B",
        std::mem::size_of::<Rtc>(),
        std::mem::size_of::<stoa_sfu::peer::Peer>()
    );

    // Stage 1: peers built from offers and added, no ICE/DTLS yet.
    let now = Instant::now();
    let offers: Vec<String> = (0..peers).map(|i| offer(now, i)).collect();
    let mut sfu = fresh_sfu(now);
    let room = RoomId("mem".into());
    let s0 = snap();
    for (i, o) in offers.iter().enumerate() {
        sfu.connect(now, room.clone(), UserId(i as i64 + 1), o, i == 0)
            .expect("connect");
    }
    let s1 = snap();
    report("added, not connected (grow)", s1, s0, peers);
    for i in 0..peers {
        sfu.remove_peer(&room, UserId(i as i64 + 1));
    }
    while sfu.poll_transmit().is_some() {}
    let s2 = snap();
    report("added, not connected (freed by remove_peer)", s1, s2, peers);
    drop(sfu);
    drop(offers);

    // Stage 2: connected (ICE, DTLS, SRTP), 3 packets forwarded.
    let mut world = World::with_egress(peers - 1, stoa_sfu::EgressMode::default());
    let a = snap();
    let _ = std::mem::replace(&mut world.sfu, fresh_sfu(world.now));
    let b = snap();
    report("connected, 3 packets forwarded", a, b, peers);
    drop(world);

    // Stage 3: connected, then 10 s of audio (500 packets) forwarded to everyone.
    let mut world = World::with_egress(peers - 1, stoa_sfu::EgressMode::default());
    for _ in 0..500 {
        world.forward_one();
    }
    let a = snap();
    let _ = std::mem::replace(&mut world.sfu, fresh_sfu(world.now));
    let b = snap();
    report("connected, 10 s of audio forwarded", a, b, peers);
}
