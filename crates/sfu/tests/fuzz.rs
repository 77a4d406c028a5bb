//! Fuzzing of the SFU's parsers on stable Rust: structured mutations of real seeds (STUN
//! requests, DTLS records, SRTP and SRTCP packets captured from real str0m clients; SDP offers as
//! the client crate, the test clients and Chromium make them), fed to:
//!
//! * `datagram_path`: [`Sfu::handle_datagram`] of a live core (peers kept on str0m and settled
//!   peers), from mapped and unknown sources; mutated STUN is often re-signed with the peer's
//!   real password, so authentic-but-odd requests reach str0m and Stoa's responder;
//! * `datagram_parsers`: the parsers behind it, directly (demux, STUN check and responder,
//!   RTP/RTCP demux, SRTP unprotect with the right keys so mutated RTP headers reach the RTP
//!   parser);
//! * `sdp_shape`: Stoa's offer parser (`offer.rs`) alone;
//! * `sdp_offers`: the offer path: shape, str0m's SDP parser, and for a sample [`Sfu::connect`]
//!   (building the peer and its answer).
//!
//! Short pass (the normal suite): `cargo test -p stoa-sfu --test fuzz`.
//! Long pass: `STOA_FUZZ_INPUTS=10000000 nice -n 19 cargo test -p stoa-sfu --release --test fuzz
//! -- --ignored --nocapture` (inputs per target; `STOA_FUZZ_SEED` picks the
//! seed, `STOA_FUZZ_TARGETS=sdp_shape,sdp_offers` a subset). Each target reports inputs, time, panics and the process's RSS before and after.

#[allow(dead_code)]
#[path = "../benches/support/mod.rs"]
mod world;

#[path = "fuzz_support/mutate.rs"]
mod mutate;

#[path = "fuzz_support/runner.rs"]
mod runner;

use std::net::SocketAddr;
use std::time::Instant;

use aws_lc_rs::hmac;
use mutate::{mutate, mutate_sdp, Rng};
use runner::{inputs, run, seed, selected};
use stoa_proto::{RoomId, UserId, AUDIO_SLOTS};
use stoa_sfu::srtp::{InboundSrtp, OutboundSrtp, Profile};
use stoa_sfu::{demux, fuzzing, stun_auth, EgressMode, Sfu};
use str0m::change::SdpOffer;
use str0m::ice::{StunMessage, TransId};
use str0m::media::{Direction, MediaKind};
use str0m::{Candidate, RtcConfig};
use world::World;

/// Largest datagram the driver reads.
const MAX_DATAGRAM: usize = 2048;
/// Largest offer fed (the service refuses bigger ones long before).
const MAX_SDP: usize = 16 * 1024;
/// Inputs per target in the short pass.
const SHORT: u64 = 3_000;
/// Offers both parsers take that go on to build a peer: one in this many.
const BUILD_ONE_IN: u64 = 8;
const CHROMIUM_OFFER: &str = include_str!("fuzz_support/chromium_offer.sdp");

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha1_hmac(key: &[u8], payloads: &[&[u8]]) -> [u8; 20] {
    let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, key);
    let mut ctx = hmac::Context::with_key(&key);
    for p in payloads {
        ctx.update(p);
    }
    let mut out = [0; 20];
    out.copy_from_slice(ctx.sign().as_ref());
    out
}

/// A binding request as an ICE agent sends it.
fn stun_request(username: &str, pwd: &str, rng: &mut Rng) -> Vec<u8> {
    let msg = StunMessage::binding_request(
        username,
        TransId::new(),
        rng.chance(1, 2),
        rng.next(),
        rng.next() as u32,
        rng.chance(1, 2),
    );
    let mut buf = vec![0_u8; 1500];
    let n = msg
        .to_bytes(Some(pwd.as_bytes()), &mut buf, sha1_hmac)
        .expect("serialize");
    buf.truncate(n);
    buf
}

/// Makes a mutated STUN message authentic again where its shape allows: fixes the header
/// length, recomputes MESSAGE-INTEGRITY with `pwd` and a FINGERPRINT right after it.
fn resign(bytes: &mut [u8], pwd: &str) {
    if bytes.len() < 20 {
        return;
    }
    let len = (bytes.len() - 20) as u16;
    bytes[2..4].copy_from_slice(&len.to_be_bytes());
    let mut pos = 20;
    while pos + 4 <= bytes.len() {
        let typ = u16::from_be_bytes([bytes[pos], bytes[pos + 1]]);
        let alen = usize::from(u16::from_be_bytes([bytes[pos + 2], bytes[pos + 3]]));
        if typ == 0x0008 && alen == 20 && pos + 24 <= bytes.len() {
            let mi_len = (pos + 24 - 20) as u16;
            let tag = sha1_hmac(
                pwd.as_bytes(),
                &[&bytes[..2], &mi_len.to_be_bytes(), &bytes[4..pos]],
            );
            bytes[pos + 4..pos + 24].copy_from_slice(&tag);
            let fp = pos + 24;
            if fp + 8 == bytes.len() && bytes[fp..fp + 4] == [0x80, 0x28, 0, 4] {
                let crc = crc32fast::hash(&bytes[..fp]) ^ 0x5354_554e;
                bytes[fp + 4..].copy_from_slice(&crc.to_be_bytes());
            }
            return;
        }
        pos += 4 + alen.div_ceil(4) * 4;
    }
}

/// Plain RTP packets with the header features the parsers handle: CSRCs, one- and two-byte
/// extensions, padding.
fn plain_rtp_seeds() -> Vec<Vec<u8>> {
    let mut seeds = Vec::new();
    for (csrcs, ext, pad) in [
        (0u8, None, 0u8),
        (
            2,
            Some((0xBEDEu16, vec![0x10, 0x85, 0x32, 1, 2, 3, 0, 0])),
            0,
        ),
        (1, Some((0x1000, vec![1, 1, 0x85, 0, 4, 2, 0xaa, 0xbb])), 3),
        (0, Some((0xBEDE, vec![0x10, 0xff, 0xf0, 0x10])), 1),
    ] {
        let mut p = vec![
            0x80 | csrcs,
            111,
            0x12,
            0x34,
            0,
            0,
            3,
            0xc0,
            0xde,
            0xad,
            0xbe,
            0xef,
        ];
        for c in 0..csrcs {
            p.extend_from_slice(&[0, 0, 0, c]);
        }
        if let Some((profile, body)) = ext {
            p[0] |= 0x10;
            p.extend_from_slice(&profile.to_be_bytes());
            p.extend_from_slice(&((body.len() / 4) as u16).to_be_bytes());
            p.extend_from_slice(&body);
        }
        p.extend_from_slice(&[0x58; 40]);
        if pad > 0 {
            p[0] |= 0x20;
            p.extend(std::iter::repeat_n(0, usize::from(pad) - 1));
            p.push(pad);
        }
        seeds.push(p);
    }
    seeds
}

/// Length of the RTP header `p` declares, if it fits (as SRTP protection needs it).
fn header_len(p: &[u8]) -> Option<usize> {
    let mut len = 12 + 4 * usize::from(*p.first()? & 0x0f);
    if p[0] & 0x10 != 0 {
        let words = p.get(len + 2..len + 4)?;
        len += 4 + 4 * usize::from(u16::from_be_bytes([words[0], words[1]]));
    }
    (p.len() >= len && p[0] >> 6 == 2).then_some(len)
}

fn datagram_parsers(n: u64) -> u64 {
    if !selected("datagram_parsers") {
        return 0;
    }
    const UFRAG: &str = "fuzzUfrag";
    const PWD: &str = "fuzzpasswordfuzzpassword";
    let mut w = World::with_egress(1, EgressMode::Direct);
    for _ in 0..100 {
        w.send_and_deliver(0);
    }
    let mut seeds: Vec<Vec<u8>> = w.captured().to_vec();
    seeds.extend(plain_rtp_seeds());
    let mut rng = Rng::new(seed());
    for _ in 0..8 {
        seeds.push(stun_request(&format!("{UFRAG}:remote"), PWD, &mut rng));
    }
    let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, PWD.as_bytes());
    let responder = fuzzing::Responder::new(UFRAG, PWD);
    let material = [7u8; 88];
    let profiles = [
        Profile::AeadAes256Gcm,
        Profile::AeadAes128Gcm,
        Profile::Aes128CmSha1_80,
    ];
    let pairs: Vec<(OutboundSrtp, InboundSrtp)> = profiles
        .iter()
        .map(|&p| {
            let m = &material[..p.keying_material_len()];
            (
                OutboundSrtp::from_keying_material(p, m, true).expect("keys"),
                InboundSrtp::from_keying_material(p, m, false).expect("keys"),
            )
        })
        .collect();
    let mut pairs = pairs;
    let src: SocketAddr = "127.0.0.1:40000".parse().expect("addr");
    let mut out = Vec::with_capacity(256);
    let mut scratch = Vec::with_capacity(MAX_DATAGRAM + 64);
    let (mut authentic, mut answered, mut rtp, mut decrypted) = (0u64, 0u64, 0u64, 0u64);
    let panics = run("datagram_parsers", n, |rng, input| {
        let seed = rng.pick(&seeds);
        mutate(rng, seed, &seeds, MAX_DATAGRAM, input);
        if input.first().is_some_and(|b| *b < 4) && rng.chance(1, 3) {
            resign(input, PWD);
        }
        let _ = demux::is_stun(input);
        let _ = demux::stun_local_ufrag(input);
        let _ = stun_auth::verify_binding_request(input, UFRAG, Some("remote"), &key);
        let (ok, reply) = responder.handle(input, src, &mut out);
        authentic += u64::from(ok);
        answered += u64::from(reply);
        let _ = fuzzing::is_rtcp(input);
        rtp += u64::from(fuzzing::rtp_in(input, Some(1 + rng.below(14) as u8)).is_some());
        let (tx, rx) = &mut pairs[rng.below(3)];
        scratch.clear();
        scratch.extend_from_slice(input);
        let _ = rx.unprotect_rtp(&mut scratch);
        // The same bytes as plain RTP, protected with the right keys: the mutated header gets
        // past authentication into the RTP parser.
        if let Some(h) = header_len(input) {
            scratch.clear();
            scratch.extend_from_slice(input);
            tx.protect_rtp(&mut scratch, h, rng.below(3) as u32);
            if let Ok(len) = rx.unprotect_rtp(&mut scratch) {
                decrypted += 1;
                let _ = fuzzing::rtp_in(&scratch[..len], Some(1));
            }
        }
    });
    eprintln!(
        "fuzz datagram_parsers: {authentic} authentic STUN ({answered} answered), {rtp} parsed \
         as RTP, {decrypted} re-protected RTP authenticated"
    );
    panics
}

fn datagram_path(n: u64) -> u64 {
    if !selected("datagram_path") {
        return 0;
    }
    let build = |settle: bool| {
        let mut w = World::with_egress(2, EgressMode::Direct);
        if !settle {
            w.sfu.set_settle_after(None);
        }
        for _ in 0..if settle { 150 } else { 20 } {
            w.send_and_deliver(0);
        }
        w
    };
    let mut worlds = [build(false), build(true)];
    let mut seeds: Vec<Vec<u8>> = worlds[0].captured().to_vec();
    seeds.extend(worlds[1].captured().iter().cloned());
    for w in &mut worlds {
        for i in 0..3 {
            seeds.extend(w.mic_datagrams(i));
        }
    }
    let mut rebuilt = 0u64;
    let mut k = 0u64;
    let panics = run("datagram_path", n, |rng, input| {
        k += 1;
        let which = rng.below(2);
        let w = &mut worlds[which];
        let client = rng.below(3);
        let seed = rng.pick(&seeds);
        mutate(rng, seed, &seeds, MAX_DATAGRAM, input);
        if input.first().is_some_and(|b| *b < 4) && rng.chance(1, 3) {
            let username = w.stun_username(client);
            let (ufrag, pwd) = w.sfu_ice(client);
            if rng.chance(1, 4) {
                let username = match rng.below(3) {
                    0 => format!("{ufrag}:x{}", rng.next()),
                    _ => username,
                };
                *input = stun_request(&username, pwd, rng);
            }
            resign(input, pwd);
        }
        let src = match rng.below(16) {
            0..=11 => w.addr(client),
            12..=14 => SocketAddr::from(([127, 0, 0, 1 + rng.below(250) as u8], 40_000)),
            _ => SocketAddr::from(([10, 0, 0, 1], 1 + rng.below(65_000) as u16)),
        };
        w.sfu.handle_datagram(w.now, src, input);
        while let Some(t) = w.sfu.poll_transmit() {
            w.sfu.recycle(t);
        }
        if k.is_multiple_of(256) {
            // Real traffic and time go on; a world whose peers the fuzzing broke is rebuilt.
            w.send_and_deliver(0);
            if w.sfu.peer_count() < 3 {
                *w = build(which == 1);
                rebuilt += 1;
            }
        }
    });
    for (w, name) in worlds.iter().zip(["on str0m", "settled"]) {
        eprintln!(
            "fuzz datagram_path ({name}): {:?}",
            w.sfu.counters().snapshot()
        );
    }
    eprintln!("fuzz datagram_path: worlds rebuilt {rebuilt} times");
    panics
}

/// An offer as built with `config`: a sendonly microphone and the receive slots.
fn str0m_offer(config: RtcConfig) -> String {
    let mut rtc = config.build(Instant::now());
    let addr: SocketAddr = "127.0.0.1:40000".parse().expect("addr");
    rtc.add_local_candidate(Candidate::host(addr, "udp").expect("candidate"));
    let mut api = rtc.sdp_api();
    api.add_media(MediaKind::Audio, Direction::SendOnly, None, None, None);
    for _ in 0..AUDIO_SLOTS {
        api.add_media(MediaKind::Audio, Direction::RecvOnly, None, None, None);
    }
    api.apply().expect("offer").0.to_sdp_string()
}

/// Offer seeds: the client crate's offer (str0m defaults), the test clients' (Opus only),
/// Chromium's.
fn offer_seeds() -> [String; 3] {
    [
        str0m_offer(RtcConfig::new().set_rtp_mode(true)),
        str0m_offer(RtcConfig::new().clear_codecs().enable_opus(true, false)),
        CHROMIUM_OFFER.replace('\n', "\r\n"),
    ]
}

/// Stoa's own offer parser ([`stoa_sfu::offer::parse_offer_shape`]) alone: it runs first on
/// every offer, and costs little, so it gets the full count.
fn sdp_shape(n: u64) -> u64 {
    if !selected("sdp_shape") {
        return 0;
    }
    let seeds = offer_seeds();
    let others: Vec<Vec<u8>> = seeds.iter().map(|s| s.clone().into_bytes()).collect();
    let mut taken = 0u64;
    let panics = run("sdp_shape", n, |rng, input| {
        let seed = rng.pick(&seeds);
        mutate_sdp(rng, seed, &others, MAX_SDP, input);
        let sdp = String::from_utf8_lossy(input);
        taken += u64::from(stoa_sfu::offer::parse_offer_shape(&sdp).is_ok());
    });
    eprintln!("fuzz sdp_shape: {taken} of {n} mutated offers have the shape");
    panics
}

/// The whole offer path: Stoa's shape check, str0m's SDP parser, and for a sample of the
/// offers both take, [`Sfu::connect`] (building the peer and its answer).
fn sdp_offers(n: u64) -> u64 {
    if !selected("sdp_offers") {
        return 0;
    }
    let seeds = offer_seeds();
    let others: Vec<Vec<u8>> = seeds.iter().map(|s| s.clone().into_bytes()).collect();
    let now = Instant::now();
    let mut sfu = Sfu::new("127.0.0.1:3478".parse().expect("addr"), true, now).expect("sfu");
    let room = RoomId("fuzz".into());
    let (mut parsed, mut built, mut accepted, mut user) = (0u64, 0u64, 0u64, 0i64);
    let panics = run("sdp_offers", n, |rng, input| {
        let seed = rng.pick(&seeds);
        mutate_sdp(rng, seed, &others, MAX_SDP, input);
        let sdp = String::from_utf8_lossy(input);
        // Every input through both parsers; a sample of those they take all the way through
        // building the peer (an `Rtc` and its answer cost far more than parsing).
        let shape = stoa_sfu::offer::parse_offer_shape(&sdp);
        let offer = SdpOffer::from_sdp_string(&sdp);
        if shape.is_err() || offer.is_err() {
            return;
        }
        parsed += 1;
        if !rng.chance(1, BUILD_ONE_IN) {
            return;
        }
        built += 1;
        user += 1;
        if sfu
            .connect(now, room.clone(), UserId(user), &sdp, rng.chance(1, 2))
            .is_ok()
        {
            accepted += 1;
            sfu.remove_peer(&room, UserId(user));
        }
        while let Some(t) = sfu.poll_transmit() {
            sfu.recycle(t);
        }
    });
    assert_eq!(sfu.peer_count(), 0);
    eprintln!(
        "fuzz sdp_offers: {parsed} of {n} mutated offers parsed, {built} built, {accepted} accepted"
    );
    panics
}

/// One test for all targets: they share the process-wide panic hook.
#[test]
fn fuzz_short() {
    let panics = [
        datagram_parsers(inputs(SHORT * 10)),
        datagram_path(inputs(SHORT * 3)),
        sdp_shape(inputs(SHORT * 3)),
        sdp_offers(inputs(SHORT / 3)),
    ];
    assert_eq!(panics, [0, 0, 0, 0]);
}

/// The long pass. `STOA_FUZZ_SDP_INPUTS` (default: the same count) sets the whole-offer
/// target's count apart: str0m's SDP parser costs about a millisecond per mutated offer here.
#[test]
#[ignore = "long pass: run on purpose, see the module docs"]
fn fuzz_long() {
    let n = inputs(10_000_000);
    let sdp = std::env::var("STOA_FUZZ_SDP_INPUTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    let panics = [
        datagram_parsers(n),
        datagram_path(n),
        sdp_shape(n),
        sdp_offers(sdp),
    ];
    assert_eq!(panics, [0, 0, 0, 0]);
}
