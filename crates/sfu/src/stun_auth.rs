//! Checks that a STUN binding request is authentic before it may change anything: map its
//! source address to a peer ([`crate::demux`]), refresh the peer's liveness (RFC 7675 consent),
//! reach str0m, or move where media is sent.
//!
//! A request is authentic when it is a binding request (RFC 5389 §6) whose USERNAME is the
//! peer's local ufrag, a colon and the client's ufrag from its offer, that carries PRIORITY (RFC 8445 §7.1.1), whose
//! MESSAGE-INTEGRITY (HMAC-SHA1 with the local ICE password, RFC 5389 §15.4) verifies, and
//! whose last attribute is a FINGERPRINT (RFC 5389 §15.5, required for ICE by RFC 8445 §7.1)
//! that matches. These are the checks str0m's ICE-lite agent makes (it skips FINGERPRINT), so
//! what passes here is what str0m accepts.
//!
//! The check reads the datagram in place: it allocates nothing and costs one pass over at most
//! one datagram (cheap header and attribute checks first, then CRC-32, then one HMAC), whatever
//! the number of peers or addresses. A request that fails it changes no state.

use aws_lc_rs::hmac;

const MAGIC_COOKIE: [u8; 4] = [0x21, 0x12, 0xA4, 0x42];
const HEADER_LEN: usize = 20;
const BINDING_REQUEST: [u8; 2] = [0x00, 0x01];
const ATTR_USERNAME: u16 = 0x0006;
const ATTR_MESSAGE_INTEGRITY: u16 = 0x0008;
const ATTR_PRIORITY: u16 = 0x0024;
const ATTR_FINGERPRINT: u16 = 0x8028;
const INTEGRITY_LEN: usize = 20;
const FINGERPRINT_XOR: u32 = 0x5354_554e;

/// Where the attributes the check needs sit inside a request.
struct Layout<'a> {
    username: &'a [u8],
    /// Offset of the MESSAGE-INTEGRITY attribute (its type field).
    integrity_at: usize,
}

/// Walks the attributes of a binding request of exactly `bytes.len()` bytes; `None` unless
/// USERNAME, PRIORITY and MESSAGE-INTEGRITY are present, and FINGERPRINT is the last attribute,
/// right after MESSAGE-INTEGRITY.
fn layout(bytes: &[u8]) -> Option<Layout<'_>> {
    if bytes.len() < HEADER_LEN || bytes[..2] != BINDING_REQUEST || bytes[4..8] != MAGIC_COOKIE {
        return None;
    }
    let declared = usize::from(u16::from_be_bytes([bytes[2], bytes[3]]));
    if declared + HEADER_LEN != bytes.len() || declared % 4 != 0 {
        return None;
    }
    let (mut username, mut priority, mut integrity_at) = (None, false, None);
    let mut pos = HEADER_LEN;
    while pos < bytes.len() {
        let head = bytes.get(pos..pos + 4)?;
        let typ = u16::from_be_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_be_bytes([head[2], head[3]]));
        let value = bytes.get(pos + 4..pos + 4 + len)?;
        if let Some(at) = integrity_at {
            // Only FINGERPRINT may follow MESSAGE-INTEGRITY, and it ends the message.
            let last = pos + 8 == bytes.len();
            if typ != ATTR_FINGERPRINT || len != 4 || !last || pos != at + 4 + INTEGRITY_LEN {
                return None;
            }
            return Some(Layout {
                username: username?,
                integrity_at: priority.then_some(at)?,
            });
        }
        match typ {
            ATTR_USERNAME => username = Some(value),
            ATTR_PRIORITY => priority = len == 4,
            ATTR_MESSAGE_INTEGRITY if len == INTEGRITY_LEN => integrity_at = Some(pos),
            ATTR_MESSAGE_INTEGRITY | ATTR_FINGERPRINT => return None,
            _ => {}
        }
        pos += 4 + len.div_ceil(4) * 4;
    }
    None
}

/// Whether the FINGERPRINT that ends `bytes` (its last 8 bytes) matches the rest.
fn fingerprint_matches(bytes: &[u8]) -> bool {
    let (covered, attr) = bytes.split_at(bytes.len() - 8);
    let value = u32::from_be_bytes([attr[4], attr[5], attr[6], attr[7]]);
    crc32fast::hash(covered) ^ FINGERPRINT_XOR == value
}

/// Whether `bytes` is an authentic binding request for the peer whose local ICE ufrag is
/// `ufrag`, whose client's ufrag is `remote` (any if `None`) and whose local password gives
/// `key` (HMAC-SHA1). See the module docs.
pub fn verify_binding_request(
    bytes: &[u8],
    ufrag: &str,
    remote: Option<&str>,
    key: &hmac::Key,
) -> bool {
    let Some(layout) = layout(bytes) else {
        return false;
    };
    let ours = layout
        .username
        .strip_prefix(ufrag.as_bytes())
        .and_then(|rest| rest.strip_prefix(b":"))
        .is_some_and(|rest| remote.is_none_or(|r| rest == r.as_bytes()));
    if !ours || !fingerprint_matches(bytes) {
        return false;
    }
    // RFC 5389 §15.4: the HMAC covers the message up to MESSAGE-INTEGRITY, with the header's
    // length field counting up to the end of MESSAGE-INTEGRITY.
    let at = layout.integrity_at;
    let length = u16::try_from(at + 4 + INTEGRITY_LEN - HEADER_LEN).unwrap_or(u16::MAX);
    let mut ctx = hmac::Context::with_key(key);
    ctx.update(&bytes[..2]);
    ctx.update(&length.to_be_bytes());
    ctx.update(&bytes[4..at]);
    let tag = ctx.sign();
    let expected = &bytes[at + 4..at + 4 + INTEGRITY_LEN];
    // Constant time: a mismatch does not tell how many bytes matched.
    tag.as_ref()
        .iter()
        .zip(expected)
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

#[cfg(test)]
#[path = "stun_auth_tests.rs"]
mod tests;
