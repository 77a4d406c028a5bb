//! Bundle-only m-sections (RFC 9143 §7.2.1): an offerer may give a section port 0 with
//! `a=bundle-only`, meaning "accept me only inside the BUNDLE group". Firefox does this for every
//! audio m-line after the first (its default `balanced` bundle policy), so its receive slots
//! arrive as `m=audio 0 … a=bundle-only`. Stoa always bundles (one transport per peer), so such a
//! section is accepted as an ordinary bundled one: [`accept_bundle_only`] rewrites it to port 9
//! without the attribute before the offer is read, by Stoa's shape check and by str0m (which
//! would otherwise take port 0 as "rejected" and make the slot inactive).

use std::borrow::Cow;

/// `sdp` with each m-section that has port 0, `a=bundle-only` and a mid in the session's
/// `a=group:BUNDLE` turned into a plain bundled section (port 9, no `a=bundle-only`). Other
/// sections, port-0 ones outside the group among them (really rejected), are left as they are;
/// an offer without such sections comes back borrowed. Line endings follow the input.
pub fn accept_bundle_only(sdp: &str) -> Cow<'_, str> {
    let lines: Vec<&str> = sdp.lines().map(|l| l.trim_end_matches('\r')).collect();
    let bundle: Vec<&str> = lines
        .iter()
        .take_while(|l| !l.starts_with("m="))
        .filter_map(|l| l.strip_prefix("a=group:BUNDLE"))
        .flat_map(str::split_whitespace)
        .collect();
    // Start (m= line index) and end of each m-section.
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("m="))
        .collect();
    let mut rewrite = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let body = &lines[start + 1..end];
        let port_zero = lines[start].split_whitespace().nth(1) == Some("0");
        let bundle_only = body.contains(&"a=bundle-only");
        let bundled = body
            .iter()
            .filter_map(|l| l.strip_prefix("a=mid:"))
            .any(|mid| bundle.contains(&mid.trim()));
        if port_zero && bundle_only && bundled {
            rewrite.push(start);
        }
    }
    if rewrite.is_empty() {
        return Cow::Borrowed(sdp);
    }
    let eol = if sdp.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = String::with_capacity(sdp.len());
    let mut in_rewritten = false;
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("m=") {
            in_rewritten = rewrite.contains(&i);
            if in_rewritten {
                let mut parts: Vec<&str> = line.split(' ').collect();
                parts[1] = "9";
                out.push_str(&parts.join(" "));
                out.push_str(eol);
                continue;
            }
        } else if in_rewritten && *line == "a=bundle-only" {
            continue;
        }
        out.push_str(line);
        out.push_str(eol);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::offer::parse_offer_shape;
    use crate::peer::PeerFactory;
    use std::time::Instant;

    /// Firefox ESR 153's offer for Stoa's peer connection (a sendonly microphone, three
    /// recvonly slots, `balanced` bundle policy).
    const FIREFOX_OFFER: &str = include_str!("../tests/fuzz_support/firefox_offer.sdp");

    fn firefox_offer() -> String {
        FIREFOX_OFFER.replace('\n', "\r\n")
    }

    #[test]
    fn firefox_bundle_only_slots_become_bundled_sections() {
        let offer = firefox_offer();
        // As sent, the slots look rejected: no shape.
        assert!(parse_offer_shape(&offer).is_err());
        let fixed = accept_bundle_only(&offer);
        assert!(!fixed.contains("a=bundle-only"));
        let ports: Vec<&str> = fixed
            .lines()
            .filter_map(|l| l.strip_prefix("m=audio "))
            .map(|l| l.split(' ').next().unwrap_or_default())
            .collect();
        assert_eq!(ports, ["9", "9", "9", "9"]);
        assert!(fixed.ends_with("\r\n") && !fixed.contains("\n\n"));
        // Nothing else changed.
        let others = |sdp: &str| -> Vec<String> {
            sdp.lines()
                .filter(|l| !l.starts_with("m=") && *l != "a=bundle-only")
                .map(str::to_string)
                .collect()
        };
        assert_eq!(others(&fixed), others(&offer));
        let shape = parse_offer_shape(&fixed).unwrap();
        assert_eq!(&*shape.mic, "0");
        let slots: Vec<&str> = shape.slots.iter().map(|m| &**m).collect();
        assert_eq!(slots, ["1", "2", "3"]);
    }

    #[test]
    fn a_peer_is_built_from_firefox_offer_with_every_slot_sending() {
        let factory = PeerFactory::new("127.0.0.1:40000".parse().unwrap()).unwrap();
        let (_, answer) = factory.build(Instant::now(), &firefox_offer()).unwrap();
        let sections: Vec<(&str, &str)> = answer
            .split("m=audio ")
            .skip(1)
            .map(|s| {
                let port = s.split(' ').next().unwrap_or_default();
                let dir = ["a=recvonly", "a=sendonly", "a=sendrecv", "a=inactive"]
                    .into_iter()
                    .find(|d| s.lines().any(|l| l == *d))
                    .unwrap_or("none");
                (port, dir)
            })
            .collect();
        // The microphone is received, each slot sends, none of them rejected.
        assert_eq!(
            sections,
            [
                ("9", "a=recvonly"),
                ("9", "a=sendonly"),
                ("9", "a=sendonly"),
                ("9", "a=sendonly")
            ],
            "{answer}"
        );
        let candidates = answer
            .lines()
            .filter(|l| l.starts_with("a=candidate:"))
            .count();
        assert_eq!(candidates, 4, "a candidate in each section: {answer}");
    }

    #[test]
    fn rejected_and_unbundled_sections_stay_rejected() {
        let section = |port: &str, mid: &str, extra: &str| {
            format!("m=audio {port} UDP/TLS/RTP/SAVPF 111\r\na=mid:{mid}\r\n{extra}a=recvonly\r\n")
        };
        let head = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n";
        // Port 0 without bundle-only (rejected), bundle-only outside the group: untouched.
        let offer = format!(
            "{head}{}{}{}",
            section("9", "0", ""),
            section("0", "1", ""),
            section("0", "2", "a=bundle-only\r\n"),
        );
        assert!(matches!(accept_bundle_only(&offer), Cow::Borrowed(_)));
        let chromium = include_str!("../tests/fuzz_support/chromium_offer.sdp");
        assert!(matches!(accept_bundle_only(chromium), Cow::Borrowed(_)));
    }
}
