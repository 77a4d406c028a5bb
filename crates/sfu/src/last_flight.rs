//! The SFU's last DTLS flight to a peer, kept so a settled peer can still answer a client that
//! lost it. A DTLS client whose final flight went unanswered retransmits its own flight, and the
//! server must send its last flight again (RFC 6347 §4.2.4; RFC 9147 §5.8 for DTLS 1.3's ACK);
//! str0m does that while it holds the connection, and once the peer settled ([`crate::settle`])
//! this copy does it.
//!
//! A flight is every DTLS datagram the SFU sent since the client's last DTLS datagram; only the
//! most recent flight is kept (a few hundred bytes).

use std::time::{Duration, Instant};

/// Most bytes kept: a final flight is ChangeCipherSpec + Finished (or an ACK), well below this.
const MAX_BYTES: usize = 4096;
/// Sent again at most this often, however many datagrams the client's retransmission has.
const MIN_INTERVAL: Duration = Duration::from_millis(250);

/// Whether `bytes` is a DTLS record (RFC 7983: first byte 20–63).
pub(crate) fn is_dtls(bytes: &[u8]) -> bool {
    matches!(bytes.first(), Some(20..=63))
}

/// The latest DTLS flight sent to one peer.
#[derive(Debug, Default)]
pub(crate) struct LastFlight {
    datagrams: Vec<Box<[u8]>>,
    /// The client spoke since the kept flight was sent: the next datagram starts a new one.
    answered: bool,
    replayed_at: Option<Instant>,
}

impl LastFlight {
    /// Notes a datagram sent to the peer (anything but DTLS is ignored).
    pub(crate) fn on_sent(&mut self, bytes: &[u8]) {
        if !is_dtls(bytes) {
            return;
        }
        if self.answered {
            self.datagrams.clear();
            self.answered = false;
        }
        let kept: usize = self.datagrams.iter().map(|d| d.len()).sum();
        if kept + bytes.len() <= MAX_BYTES {
            self.datagrams.push(bytes.into());
        }
    }

    /// Notes a datagram received from the peer (anything but DTLS is ignored).
    pub(crate) fn on_received(&mut self, bytes: &[u8]) {
        if is_dtls(bytes) {
            self.answered = true;
        }
    }

    /// The flight to send again now that the client retransmitted, unless it was sent again
    /// less than [`MIN_INTERVAL`] ago.
    pub(crate) fn replay(&mut self, now: Instant) -> &[Box<[u8]>] {
        if self
            .replayed_at
            .is_some_and(|at| now.saturating_duration_since(at) < MIN_INTERVAL)
        {
            return &[];
        }
        self.replayed_at = Some(now);
        &self.datagrams
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HANDSHAKE: &[u8] = &[22, 0xfe, 0xfd, 1];
    const CCS_FINISHED: &[u8] = &[20, 0xfe, 0xfd, 2];
    const STUN: &[u8] = &[0, 1, 0, 0];
    const RTP: &[u8] = &[0x80, 111, 0, 1];

    #[test]
    fn keeps_what_was_sent_since_the_client_last_spoke() {
        let mut flight = LastFlight::default();
        flight.on_sent(HANDSHAKE);
        flight.on_received(HANDSHAKE);
        flight.on_sent(CCS_FINISHED);
        flight.on_sent(STUN);
        flight.on_sent(RTP);
        flight.on_received(STUN);
        let now = Instant::now();
        assert_eq!(flight.replay(now), &[Box::from(CCS_FINISHED)]);
    }

    #[test]
    fn a_retransmission_burst_gets_one_answer() {
        let mut flight = LastFlight::default();
        flight.on_sent(CCS_FINISHED);
        let now = Instant::now();
        assert_eq!(flight.replay(now).len(), 1);
        assert!(flight.replay(now + Duration::from_millis(10)).is_empty());
        assert_eq!(flight.replay(now + MIN_INTERVAL).len(), 1);
    }

    #[test]
    fn stays_small() {
        let mut flight = LastFlight::default();
        let big = [22u8; 1500];
        for _ in 0..10 {
            flight.on_sent(&big);
        }
        let kept: usize = flight.replay(Instant::now()).iter().map(|d| d.len()).sum();
        assert!(kept <= MAX_BYTES);
        assert!(!is_dtls(STUN) && !is_dtls(RTP) && is_dtls(HANDSHAKE));
    }
}
