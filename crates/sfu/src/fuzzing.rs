//! Entry points for the fuzz harness (`tests/fuzz.rs`) into parsers of the datagram path that
//! are not public API. Not for use outside tests; may change at any time.

use std::net::SocketAddr;

use crate::ice_lite::IceResponder;
use crate::rtp_in::{is_rtcp as rtcp, RtpIn};

/// Parses a plain RTP packet as a settled peer's microphone path does; returns the payload
/// length if it is accepted.
pub fn rtp_in(packet: &[u8], audio_level_id: Option<u8>) -> Option<usize> {
    RtpIn::parse(packet, audio_level_id).map(|r| r.payload.len())
}

/// Whether the RTP/RTCP demultiplexing of the settled path takes `packet` for RTCP.
pub fn is_rtcp(packet: &[u8]) -> bool {
    rtcp(packet)
}

/// A settled peer's STUN responder with fixed credentials.
pub struct Responder(IceResponder);

impl Responder {
    /// A responder whose local ICE credentials are `ufrag` and `pwd`.
    pub fn new(ufrag: &str, pwd: &str) -> Self {
        Self(IceResponder::new(ufrag.into(), pwd.into()))
    }

    /// What the core does with a STUN datagram naming this peer: check it, and if authentic,
    /// answer it into `out`. Returns whether it was authentic and whether it was answered.
    pub fn handle(&self, bytes: &[u8], src: SocketAddr, out: &mut Vec<u8>) -> (bool, bool) {
        let authentic = self.0.verify(bytes);
        let answered = self.0.answer(bytes, src, out).is_some();
        (authentic, answered)
    }
}
