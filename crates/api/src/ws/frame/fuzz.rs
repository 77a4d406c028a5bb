//! Fuzzing [`parse`](super::parse): generated frames, most of them valid commands mutated in
//! structure (fields dropped, retyped, nested, `id`s of every kind, unknown and huge types) or in
//! bytes (cut, spliced, flipped), some arbitrary text. Whatever the frame, parsing returns a
//! command or a short refusal: no panic, a refusal's message stays within
//! [`MAX_MESSAGE`](super::MAX_MESSAGE) characters plus the cut mark, an accepted command
//! round-trips, an accepted `id` is within bounds.
//!
//! The suite runs a short pass. The long pass is ignored by default:
//! `STOA_FUZZ_CASES=10000000 cargo test -p stoa-api --release --lib fuzz_long -- --ignored --nocapture`
//! (`STOA_FUZZ_SEED` picks the seed; without `--release` it is slower, same figures); it prints
//! the figures.

#![allow(clippy::print_stdout, reason = "the fuzz run prints what it found")]

use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use serde_json::{json, Map, Value};
use stoa_proto::ws::{ClientMessage, CommandId};

use super::{parse, MAX_MESSAGE};

const TYPES: &[&str] = &[
    "join_room",
    "leave_room",
    "offer",
    "raise_hand",
    "lower_hand",
    "invite_to_speak",
    "accept_speak_invite",
    "decline_speak_invite",
    "move_to_audience",
    "mute",
    "set_muted",
    "remove",
    "make_moderator",
    "react",
    "pin_link",
    "unpin_link",
];
const FIELDS: &[&str] = &[
    "type", "id", "room_id", "sdp", "user_id", "muted", "reaction", "url", "title",
];
const REACTIONS: &[&str] = &["clap", "laugh", "heart", "fire", "thinking", "hundred"];

/// A valid command of a random kind, as JSON.
fn command(rng: &mut StdRng) -> Value {
    let kind = *TYPES.choose(rng).expect("types");
    let mut fields = Map::new();
    fields.insert("type".into(), json!(kind));
    match kind {
        "join_room" => {
            fields.insert("room_id".into(), json!(text(rng, 12)));
        }
        "offer" => {
            fields.insert("sdp".into(), json!(text(rng, 200)));
        }
        "invite_to_speak" | "move_to_audience" | "mute" | "remove" | "make_moderator" => {
            fields.insert("user_id".into(), json!(rng.random::<i64>()));
        }
        "set_muted" => {
            fields.insert("muted".into(), json!(rng.random::<bool>()));
        }
        "react" => {
            fields.insert("reaction".into(), json!(REACTIONS.choose(rng)));
        }
        "pin_link" => {
            fields.insert("url".into(), json!(format!("https://{}", text(rng, 30))));
            if rng.random() {
                fields.insert("title".into(), json!(text(rng, 30)));
            }
        }
        _ => {}
    }
    Value::Object(fields)
}

/// Random text up to `max` characters: ASCII, quotes and backticks, escapes, any Unicode.
fn text(rng: &mut StdRng, max: usize) -> String {
    let len = rng.random_range(0..=max);
    (0..len)
        .map(|_| match rng.random_range(0..10) {
            0 => *['`', '"', '\\', '\u{0}', '\u{202e}', '…']
                .choose(rng)
                .expect("chars"),
            1 => rng.random::<char>(),
            _ => rng.random_range(b' '..=b'~') as char,
        })
        .collect()
}

/// A random JSON value, nested at most `depth` deep.
fn value(rng: &mut StdRng, depth: u32) -> Value {
    match rng.random_range(0..if depth == 0 { 6 } else { 8 }) {
        0 => Value::Null,
        1 => json!(rng.random::<bool>()),
        2 => json!(rng.random::<i64>()),
        3 => json!(rng.random::<f64>() * 1e12),
        4 => json!(u64::MAX - rng.random_range(0..1000)),
        5 => json!(text(rng, 80)),
        6 => Value::Array(
            (0..rng.random_range(0..4))
                .map(|_| value(rng, depth - 1))
                .collect(),
        ),
        _ => {
            let mut map = Map::new();
            for _ in 0..rng.random_range(0..4) {
                let key = FIELDS.choose(rng).expect("fields").to_string();
                map.insert(key, value(rng, depth - 1));
            }
            Value::Object(map)
        }
    }
}

/// An `id`: valid ones, and every way of being invalid.
fn id(rng: &mut StdRng) -> Value {
    match rng.random_range(0..6) {
        0 => json!(rng.random::<i64>()),
        1 => json!(text(rng, CommandId::MAX_CHARS)),
        2 => json!("x".repeat(rng.random_range(60..200))),
        _ => value(rng, 2),
    }
}

/// Changes the structure of a command.
fn mutate_structure(rng: &mut StdRng, command: &mut Value) {
    let Value::Object(fields) = command else {
        return;
    };
    for _ in 0..rng.random_range(1..4) {
        let key = FIELDS.choose(rng).expect("fields").to_string();
        match rng.random_range(0..6) {
            0 => {
                fields.remove(&key);
            }
            1 => {
                fields.insert(key, value(rng, 3));
            }
            2 => {
                fields.insert("id".into(), id(rng));
            }
            3 => {
                let kind = match rng.random_range(0..3) {
                    0 => text(rng, 40),
                    1 => "t".repeat(rng.random_range(1..8_000)),
                    _ => TYPES.choose(rng).expect("types").to_uppercase(),
                };
                fields.insert("type".into(), json!(kind));
            }
            4 => {
                let inner = std::mem::take(fields);
                fields.insert(key, Value::Object(inner));
            }
            _ => {
                fields.insert(text(rng, 10), value(rng, 1));
            }
        }
    }
}

/// Changes the bytes of a frame (keeping it a string: the socket only hands over UTF-8).
fn mutate_bytes(rng: &mut StdRng, frame: &str) -> String {
    let mut chars: Vec<char> = frame.chars().collect();
    for _ in 0..rng.random_range(1..4) {
        let at = rng.random_range(0..=chars.len());
        match rng.random_range(0..5) {
            0 => chars.truncate(at),
            1 => chars.insert(
                at,
                *['{', '}', '[', ']', '"', ':', ',', '\\']
                    .choose(rng)
                    .expect("c"),
            ),
            2 if at < chars.len() => chars[at] = rng.random::<char>(),
            3 => {
                let end = rng.random_range(at..=chars.len());
                let copy: Vec<char> = chars[at..end].to_vec();
                chars.splice(at..at, copy);
            }
            _ => {
                let nest = rng.random_range(1..200);
                chars.splice(at..at, "[".repeat(nest).chars());
            }
        }
    }
    chars.into_iter().collect()
}

/// One generated frame.
fn frame(rng: &mut StdRng) -> String {
    match rng.random_range(0..10) {
        0..=2 => {
            let mut command = command(rng);
            if rng.random() {
                if let Value::Object(fields) = &mut command {
                    fields.insert("id".into(), id(rng));
                }
            }
            command.to_string()
        }
        3..=6 => {
            let mut command = command(rng);
            mutate_structure(rng, &mut command);
            command.to_string()
        }
        7 | 8 => {
            let valid = command(rng).to_string();
            mutate_bytes(rng, &valid)
        }
        _ => text(rng, 300),
    }
}

/// Checks one frame; returns whether it was accepted.
fn check(frame: &str) -> bool {
    match parse(frame) {
        Ok(command) => {
            let again = serde_json::to_string(&command.message).expect("serializes");
            let back: ClientMessage = serde_json::from_str(&again).expect("round-trips");
            assert_eq!(back, command.message, "{frame}");
            if let Some(CommandId::Text(id)) = &command.id {
                assert!(id.chars().count() <= CommandId::MAX_CHARS, "{frame}");
            }
            true
        }
        Err(refusal) => {
            let chars = refusal.message.chars().count();
            assert!(chars <= MAX_MESSAGE + 1, "{chars} characters: {frame:.200}");
            false
        }
    }
}

/// Runs `cases` generated frames from `seed`; returns how many were accepted.
fn run(seed: u64, cases: u64) -> u64 {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..cases).filter(|_| check(&frame(&mut rng))).count() as u64
}

#[test]
fn fuzz_short_pass() {
    let accepted = run(1, 20_000);
    // The generator reaches both sides.
    assert!(accepted > 2_000 && accepted < 18_000, "{accepted} accepted");
}

/// Peak resident memory of this process, in KiB (Linux).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
#[ignore = "long: STOA_FUZZ_CASES=10000000 cargo test -p stoa-api --release --lib fuzz_long -- --ignored --nocapture"]
fn fuzz_long() {
    let var = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (cases, seed) = (var("STOA_FUZZ_CASES", 10_000_000), var("STOA_FUZZ_SEED", 7));
    let started = std::time::Instant::now();
    let before = peak_rss_kib();
    let accepted = run(seed, cases);
    let after = peak_rss_kib();
    println!(
        "ws frame fuzz: {cases} inputs (seed {seed}), {accepted} accepted, {} refused, 0 panics, \
         {:.1} s, peak RSS {before:?} -> {after:?} KiB",
        cases - accepted,
        started.elapsed().as_secs_f64()
    );
    if let (Some(before), Some(after)) = (before, after) {
        assert!(
            after < before + 256 * 1024,
            "memory grew: {before} -> {after} KiB"
        );
    }
}

proptest! {
    #[test]
    fn any_text_is_a_command_or_a_short_refusal(text in "\\PC{0,400}") {
        check(&text);
    }

    #[test]
    fn any_tagged_object_is_a_command_or_a_short_refusal(
        kind in "[a-z_]{0,24}|\\PC{0,100}",
        id in proptest::option::of(any::<i64>().prop_map(Value::from)
            .boxed()
            .prop_union("\\PC{0,100}".prop_map(Value::from).boxed())),
        field in "[a-z_]{1,10}",
        content in any::<i64>(),
    ) {
        let mut fields = Map::new();
        fields.insert("type".into(), json!(kind));
        fields.insert(field, json!(content));
        if let Some(id) = id {
            fields.insert("id".into(), id);
        }
        check(&Value::Object(fields).to_string());
    }
}
