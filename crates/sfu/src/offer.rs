//! Checks that an SDP offer has the shape Stoa needs and finds its m-lines.
//!
//! The shape: the FIRST audio m-line on which the client sends (`sendonly` or `sendrecv`) is its
//! microphone; the next `AUDIO_SLOTS` `recvonly` audio m-lines after it are its receive slots, in
//! order. Other m-lines (rejected ones with port 0, data channels, extra audio) are ignored.
//!
//! It also completes the answer: str0m lists the ICE candidates in the first m-section only
//! (enough with BUNDLE), but some clients read them from the last one
//! ([`candidates_in_every_section`]).

use stoa_proto::AUDIO_SLOTS;
use str0m::media::Mid;

use crate::SfuError;

/// The m-lines of an accepted offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferShape {
    /// The client's microphone (the SFU receives on it).
    pub mic: Mid,
    /// The receive slots: slot `i` is the `i`-th receive-only m-line after the microphone.
    pub slots: [Mid; AUDIO_SLOTS],
    /// The client's ICE ufrag (the first `a=ice-ufrag`), the right half of the USERNAME of
    /// its STUN requests.
    pub ice_ufrag: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}

#[derive(Debug)]
struct Section {
    audio: bool,
    rejected: bool,
    dir: Dir,
    mid: Option<String>,
}

/// Finds the microphone and slot m-lines of `sdp`, or says why the offer does not fit.
pub fn parse_offer_shape(sdp: &str) -> Result<OfferShape, SfuError> {
    let sections = sections(sdp);
    let mut mic: Option<Mid> = None;
    let mut slots: Vec<Mid> = Vec::with_capacity(AUDIO_SLOTS);
    for s in sections.iter().filter(|s| s.audio && !s.rejected) {
        let Some(mid) = s.mid.as_deref() else {
            return Err(SfuError::BadOffer("audio m-line without a=mid".into()));
        };
        if mic.is_none() {
            if matches!(s.dir, Dir::SendOnly | Dir::SendRecv) {
                mic = Some(Mid::from(mid));
            }
        } else if s.dir == Dir::RecvOnly && slots.len() < AUDIO_SLOTS {
            slots.push(Mid::from(mid));
        }
    }
    let mic = mic.ok_or_else(|| {
        SfuError::BadOffer("no audio m-line the client sends on (microphone)".into())
    })?;
    let found = slots.len();
    let slots: [Mid; AUDIO_SLOTS] = slots.try_into().map_err(|_| {
        SfuError::BadOffer(format!(
            "need {AUDIO_SLOTS} recvonly audio m-lines after the microphone, found {found}"
        ))
    })?;
    let ice_ufrag = sdp
        .lines()
        .find_map(|l| l.trim().strip_prefix("a=ice-ufrag:"))
        .map(str::to_string);
    Ok(OfferShape {
        mic,
        slots,
        ice_ufrag,
    })
}

/// `sdp` with every `a=candidate` (and `a=end-of-candidates`) line of any m-section repeated in
/// each accepted m-section that lacks it. Line endings follow the input (`\r\n` in SDP).
pub fn candidates_in_every_section(sdp: &str) -> String {
    let is_ice_line =
        |l: &str| l.starts_with("a=candidate:") || l.trim_end() == "a=end-of-candidates";
    let mut ice: Vec<&str> = Vec::new();
    for line in sdp.lines().map(str::trim_end).filter(|l| is_ice_line(l)) {
        if !ice.contains(&line) {
            ice.push(line);
        }
    }
    if ice.is_empty() {
        return sdp.to_string();
    }
    let eol = if sdp.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = String::with_capacity(sdp.len() * 2);
    // The ICE lines the current m-section has; `None` before the first m-line.
    let mut section: Option<(bool, Vec<&str>)> = None;
    let close = |out: &mut String, section: &Option<(bool, Vec<&str>)>| {
        if let Some((rejected, has)) = section {
            if !rejected {
                for l in ice.iter().filter(|l| !has.contains(l)) {
                    out.push_str(l);
                    out.push_str(eol);
                }
            }
        }
    };
    for line in sdp.lines().map(str::trim_end) {
        if let Some(m) = line.strip_prefix("m=") {
            close(&mut out, &section);
            let rejected = m.split_whitespace().nth(1) == Some("0");
            section = Some((rejected, Vec::new()));
        } else if let Some((_, has)) = section.as_mut() {
            if is_ice_line(line) {
                has.push(line);
            }
        }
        out.push_str(line);
        out.push_str(eol);
    }
    close(&mut out, &section);
    out
}

fn sections(sdp: &str) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for line in sdp.lines().map(str::trim) {
        if let Some(m) = line.strip_prefix("m=") {
            let mut parts = m.split_whitespace();
            let audio = parts.next() == Some("audio");
            let rejected = parts.next() == Some("0");
            out.push(Section {
                audio,
                rejected,
                dir: Dir::SendRecv,
                mid: None,
            });
            continue;
        }
        let Some(cur) = out.last_mut() else { continue };
        match line {
            "a=sendrecv" => cur.dir = Dir::SendRecv,
            "a=sendonly" => cur.dir = Dir::SendOnly,
            "a=recvonly" => cur.dir = Dir::RecvOnly,
            "a=inactive" => cur.dir = Dir::Inactive,
            _ => {
                if let Some(mid) = line.strip_prefix("a=mid:") {
                    cur.mid = Some(mid.to_string());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(kind: &str, dir: &str, mid: &str) -> String {
        format!(
            "m={kind} 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:{mid}\r\na={dir}\r\n"
        )
    }

    fn sdp(lines: &[String]) -> String {
        let mut s = String::from("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        for l in lines {
            s.push_str(l);
        }
        s
    }

    #[test]
    fn browser_shape_is_accepted() {
        let offer = sdp(&[
            m("audio", "sendonly", "0"),
            m("audio", "recvonly", "1"),
            m("audio", "recvonly", "2"),
            m("audio", "recvonly", "3"),
        ]);
        let shape = parse_offer_shape(&offer).unwrap();
        assert_eq!(&*shape.mic, "0");
        let slots: Vec<&str> = shape.slots.iter().map(|m| &**m).collect();
        assert_eq!(slots, ["1", "2", "3"]);
    }

    #[test]
    fn sendrecv_mic_and_extra_lines_are_fine() {
        let offer = sdp(&[
            m("audio", "recvonly", "a"), // before the mic: ignored
            m("audio", "sendrecv", "mic"),
            m("video", "recvonly", "v"),
            m("audio", "recvonly", "s0"),
            m("audio", "recvonly", "s1"),
            m("audio", "recvonly", "s2"),
            m("audio", "recvonly", "s3"),
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:d\r\n".to_string(),
        ]);
        let shape = parse_offer_shape(&offer).unwrap();
        assert_eq!(&*shape.mic, "mic");
        let slots: Vec<&str> = shape.slots.iter().map(|m| &**m).collect();
        assert_eq!(slots, ["s0", "s1", "s2"]);
    }

    #[test]
    fn missing_mic_is_rejected() {
        let offer = sdp(&[
            m("audio", "recvonly", "1"),
            m("audio", "recvonly", "2"),
            m("audio", "recvonly", "3"),
        ]);
        let err = parse_offer_shape(&offer).unwrap_err();
        assert!(
            matches!(err, SfuError::BadOffer(ref s) if s.contains("microphone")),
            "{err}"
        );
    }

    #[test]
    fn too_few_slots_is_rejected() {
        let offer = sdp(&[
            m("audio", "sendonly", "0"),
            m("audio", "recvonly", "1"),
            m("audio", "sendrecv", "2"),
        ]);
        let err = parse_offer_shape(&offer).unwrap_err();
        assert!(
            matches!(err, SfuError::BadOffer(ref s) if s.contains("found 1")),
            "{err}"
        );
    }

    #[test]
    fn every_accepted_section_gets_every_candidate() {
        let c1 = "a=candidate:1 1 udp 2130706431 192.0.2.2 50000 typ host";
        let c2 = "a=candidate:2 1 udp 2130706175 2001:db8::2 50000 typ host";
        let mut rejected = m("audio", "recvonly", "9");
        rejected = rejected.replacen(" 9 ", " 0 ", 1);
        let answer = sdp(&[
            format!(
                "{}{c1}\r\n{c2}\r\na=end-of-candidates\r\n",
                m("audio", "recvonly", "0")
            ),
            m("audio", "sendonly", "1"),
            format!("{}{c2}\r\n", m("audio", "sendonly", "2")),
            rejected,
            m("audio", "sendonly", "3"),
        ]);
        let fixed = candidates_in_every_section(&answer);
        assert!(fixed.ends_with("\r\n") && !fixed.contains("\n\n"));
        let sections: Vec<&str> = fixed.split("m=").skip(1).collect();
        assert_eq!(sections.len(), 5);
        for (i, s) in sections.iter().enumerate() {
            let count = |l: &str| s.lines().filter(|x| *x == l).count();
            let want = usize::from(i != 3);
            assert_eq!(count(c1), want, "section {i}: {s}");
            assert_eq!(count(c2), want, "section {i}: {s}");
            assert_eq!(count("a=end-of-candidates"), want, "section {i}: {s}");
        }
        // Nothing else changed.
        let others = |sdp: &str| -> Vec<String> {
            sdp.lines()
                .filter(|l| !l.starts_with("a=candidate") && !l.starts_with("a=end-of"))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(others(&fixed), others(&answer));
        let plain = sdp(&[m("audio", "sendonly", "0")]);
        assert_eq!(candidates_in_every_section(&plain), plain);
    }

    #[test]
    fn rejected_m_lines_do_not_count() {
        let mut rejected = m("audio", "recvonly", "3");
        rejected = rejected.replacen(" 9 ", " 0 ", 1);
        let offer = sdp(&[
            m("audio", "sendonly", "0"),
            m("audio", "recvonly", "1"),
            m("audio", "recvonly", "2"),
            rejected,
        ]);
        assert!(parse_offer_shape(&offer).is_err());
    }
}
