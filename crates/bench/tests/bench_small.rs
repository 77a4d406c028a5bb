//! A small `stoa-bench room` run (1 speaker → 50 listeners, a few seconds) asserting only
//! correctness, never timing: every listener received the speaker's audio, sampled packets
//! decode as Opus, and the SFU forwarded nothing from an audience member who sends anyway.

#![allow(clippy::print_stdout, reason = "shows the bench's output")]

mod support;

use stoa_bench::room::{execute, RoomBench};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_speaker_fifty_listeners() {
    let report = execute(RoomBench {
        listeners: 50,
        speakers: 1,
        duration: 3.0,
        join_rate: 100.0,
        ceiling: 0.5,
        audience_sender: true,
        stoa_exe: Some(support::stoa_exe()),
        quiet: true,
        ..RoomBench::default()
    })
    .await
    .expect("bench runs");
    println!("{}", report.table());
    assert_eq!(report.join_failures, 0, "{:?}", report.first_join_error);
    assert_eq!(
        report.listeners_with_audio, 50,
        "every listener hears the speaker"
    );
    assert!(report.decoded_samples > 0, "sampled packets decode as Opus");
    assert_eq!(report.decode_errors, 0);
    assert_eq!(
        report.audience_packets_received,
        Some(0),
        "no listener received the audience member's packets"
    );
    assert_eq!(
        report.max_streams_per_listener, 1,
        "one speaker fills one receive slot: nothing else was forwarded"
    );
    assert!(
        report.delay_samples > 0,
        "speaker timestamps reach the listeners unchanged"
    );
    assert!(
        report.ceiling_pps.unwrap_or(0.0) > 0.0,
        "raw packets reach the listeners"
    );
}

/// A small `stoa-bench ws` run: every session opens, gets `hello` and is still open when the
/// server's memory is read (figures are printed, not asserted).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_websockets_open_and_stay_open() {
    let report = stoa_bench::ws::execute(&stoa_bench::ws::WsBench {
        connections: 40,
        concurrency: 10,
        settle: 0.2,
        stoa_exe: Some(support::stoa_exe()),
        json: None,
        quiet: true,
    })
    .await
    .expect("bench runs");
    println!("{}", report.table());
    assert_eq!(report.connections, 40, "every session stayed open");
    assert!(report.rss_before_kib > 0 && report.rss_after_kib > 0);
}
