//! A small structured mutator for the fuzz harness: a seeded PRNG, byte-level mutations of a
//! valid seed (bit flips, interesting values in length fields, cuts, inserts, splices) and
//! line-level mutations of SDP text.

/// splitmix64: fast, seeded, reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `num / den`.
    pub fn chance(&mut self, num: u64, den: u64) -> bool {
        self.next() % den < num
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const BYTES: &[u8] = &[
    0, 1, 2, 3, 4, 0x0f, 0x10, 0x14, 0x16, 0x17, 0x1f, 0x20, 0x3f, 0x40, 0x5f, 0x7f, 0x80, 0x81,
    0x8f, 0x90, 0xa0, 0xbe, 0xbf, 0xc0, 0xc8, 0xc9, 0xde, 0xfe, 0xff,
];

const WORDS: &[u16] = &[
    0, 1, 2, 3, 4, 5, 8, 12, 16, 20, 24, 0x7f, 0x80, 0xff, 0x100, 0x3ff, 0x7ff, 0x7fff, 0x8000,
    0xfffc, 0xfffe, 0xffff, 0xbede, 0x1000, 0x100f, 0x0001, 0x0101, 0x0006, 0x0008, 0x0024, 0x0025,
    0x8028, 0x8029, 0x802a, 0xc057, 0xfefd, 0xfeff,
];

/// Writes into `out` a mutation of `seed`: 1–4 operations, sometimes a splice with another of
/// `others`, at most `max_len` bytes.
pub fn mutate(rng: &mut Rng, seed: &[u8], others: &[Vec<u8>], max_len: usize, out: &mut Vec<u8>) {
    out.clear();
    out.extend_from_slice(seed);
    for _ in 0..1 + rng.below(4) {
        let len = out.len();
        match rng.below(11) {
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                out[i] = *rng.pick(BYTES);
            }
            2 if len > 1 => {
                // A 16-bit field: lengths, attribute types, profiles, ports.
                let i = rng.below(len - 1);
                let w = rng
                    .pick(WORDS)
                    .wrapping_add(rng.below(3) as u16)
                    .wrapping_sub(1);
                out[i..i + 2].copy_from_slice(&w.to_be_bytes());
            }
            3 if len > 0 => {
                let at = rng.below(len);
                let n = 1 + rng.below((len - at).min(32));
                out.drain(at..at + n);
            }
            4 => {
                let at = rng.below(len + 1);
                let n = 1 + rng.below(16);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                out.splice(at..at, bytes);
            }
            5 if len > 0 => {
                let at = rng.below(len);
                let n = 1 + rng.below((len - at).min(64));
                let chunk = out[at..at + n].to_vec();
                let to = rng.below(len + 1);
                out.splice(to..to, chunk);
            }
            6 if len > 0 => out.truncate(rng.below(len)),
            7 if !others.is_empty() => {
                let other = rng.pick(others);
                let cut = rng.below(len + 1);
                let from = rng.below(other.len() + 1);
                out.truncate(cut);
                out.extend_from_slice(&other[from..]);
            }
            8 if len > 3 => {
                // Arithmetic on a byte (counts, lengths off by a little).
                let i = rng.below(len);
                out[i] = out[i].wrapping_add(rng.below(9) as u8).wrapping_sub(4);
            }
            9 if len > 4 => {
                // A 32-bit field set to an extreme.
                let i = rng.below(len - 3);
                let v = *rng.pick(&[0u32, 1, 0x7fff_ffff, 0x8000_0000, u32::MAX]);
                out[i..i + 4].copy_from_slice(&v.to_be_bytes());
            }
            _ => {
                let n = rng.below(8);
                out.extend((0..n).map(|_| *rng.pick(BYTES)));
            }
        }
    }
    out.truncate(max_len);
}

/// SDP lines a mutated offer may gain.
const SDP_LINES: &[&str] = &[
    "a=sendonly",
    "a=recvonly",
    "a=sendrecv",
    "a=inactive",
    "a=mid:",
    "a=mid:0",
    "a=mid:a-very-long-mid-value-beyond-sixteen-bytes",
    "m=audio 9 UDP/TLS/RTP/SAVPF 111",
    "m=audio 0 UDP/TLS/RTP/SAVPF 111",
    "m=audio 9 UDP/TLS/RTP/SAVPF",
    "m=video 9 UDP/TLS/RTP/SAVPF 96",
    "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
    "m=",
    "a=rtpmap:111 opus/48000/2",
    "a=rtpmap:111 opus/0/0",
    "a=rtpmap:0 PCMU/8000",
    "a=fmtp:111 minptime=10;useinbandfec=1",
    "a=fmtp:111",
    "a=rtcp-fb:111 transport-cc",
    "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
    "a=extmap:15 urn:ietf:params:rtp-hdrext:sdes:mid",
    "a=extmap:0 urn:ietf:params:rtp-hdrext:sdes:mid",
    "a=extmap:4294967295 x",
    "a=ssrc:1 cname:x",
    "a=ssrc:4294967295 msid:a b",
    "a=ssrc-group:FID 1 2",
    "a=group:BUNDLE 0 1 2 3",
    "a=group:BUNDLE",
    "a=msid:- t",
    "a=rtcp-mux",
    "a=rtcp-rsize",
    "a=setup:actpass",
    "a=setup:active",
    "a=setup:passive",
    "a=ice-ufrag:x",
    "a=ice-pwd:y",
    "a=ice-options:trickle",
    "a=ice-lite",
    "a=fingerprint:sha-256 00",
    "a=fingerprint:sha-1 AB:CD",
    "a=candidate:1 1 udp 2122260223 127.0.0.1 40000 typ host",
    "a=candidate:1 1 udp 1 999.0.0.1 70000 typ relay raddr x rport y",
    "a=candidate:",
    "a=end-of-candidates",
    "c=IN IP4 0.0.0.0",
    "c=IN IP6 ::1",
    "b=AS:30",
    "t=0 0",
    "v=0",
    "",
];

/// Line-level mutation of an SDP `seed` (1–4 operations), sometimes followed by a byte-level
/// one; at most `max_len` bytes.
pub fn mutate_sdp(
    rng: &mut Rng,
    seed: &str,
    others: &[Vec<u8>],
    max_len: usize,
    out: &mut Vec<u8>,
) {
    let mut lines: Vec<String> = seed.lines().map(str::to_string).collect();
    for _ in 0..1 + rng.below(4) {
        let n = lines.len();
        match rng.below(7) {
            0 if n > 0 => {
                lines.remove(rng.below(n));
            }
            1 if n > 0 => {
                let l = lines[rng.below(n)].clone();
                lines.insert(rng.below(n + 1), l);
            }
            2 if n > 1 => {
                let (a, b) = (rng.below(n), rng.below(n));
                lines.swap(a, b);
            }
            3 => {
                let l = rng.pick(SDP_LINES).to_string();
                lines.insert(rng.below(n + 1), l);
            }
            4 if n > 0 => {
                // Replace one whitespace/colon separated token of a line.
                let i = rng.below(n);
                let mut parts: Vec<String> = lines[i]
                    .split([' ', ':', '/'])
                    .map(str::to_string)
                    .collect();
                let k = rng.below(parts.len());
                parts[k] = rng
                    .pick(&[
                        "",
                        "0",
                        "-1",
                        "65536",
                        "4294967296",
                        "111",
                        "opus",
                        "audio",
                        "x",
                    ])
                    .to_string();
                lines[i] = parts.join(" ");
            }
            5 if n > 0 => {
                let i = rng.below(n);
                let mut bytes = std::mem::take(&mut lines[i]).into_bytes();
                let seed = bytes.clone();
                mutate(rng, &seed, &[], 512, &mut bytes);
                lines[i] = String::from_utf8_lossy(&bytes).into_owned();
            }
            _ if n > 0 => {
                // Repeat a line many times (many m-lines, many candidates).
                let l = lines[rng.below(n)].clone();
                let at = rng.below(n + 1);
                for _ in 0..rng.below(64) {
                    lines.insert(at, l.clone());
                }
            }
            _ => {}
        }
    }
    out.clear();
    let sep = if rng.chance(1, 8) { "\n" } else { "\r\n" };
    for l in &lines {
        out.extend_from_slice(l.as_bytes());
        out.extend_from_slice(sep.as_bytes());
    }
    if rng.chance(1, 8) {
        let seed = out.clone();
        mutate(rng, &seed, others, max_len, out);
    }
    out.truncate(max_len);
}
