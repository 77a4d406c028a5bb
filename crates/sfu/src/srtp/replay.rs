//! Receiver-side packet index estimation (RFC 3711 §3.3.1, Appendix A) and the replay window
//! (RFC 3711 §3.3.2) of one inbound SRTP stream.

use super::SrtpError;

/// Packets the replay window remembers behind the highest index (RFC 3711 §3.3.2 minimum).
pub(super) const WINDOW_SIZE: u64 = 64;

/// Where the tracked stream stands: its SSRC, the highest authenticated packet index
/// (ROC · 2^16 + SEQ) and which of the [`WINDOW_SIZE`] indices up to it were seen
/// (bit `i` = index `highest - i`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tracked {
    ssrc: u32,
    highest: u64,
    window: u64,
}

/// Index estimation and replay state of the one stream an inbound association tracks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct ReplayState {
    tracked: Option<Tracked>,
}

impl ReplayState {
    /// Estimates the packet index of a packet with `ssrc` and `seq` and checks it against the
    /// replay window, without changing anything. A packet of an untracked SSRC starts a new
    /// stream at ROC 0 (its tracking replaces the current one once it authenticates).
    pub(super) fn check(&self, ssrc: u32, seq: u16) -> Result<u64, SrtpError> {
        let Some(t) = self.tracked.filter(|t| t.ssrc == ssrc) else {
            return Ok(u64::from(seq));
        };
        let roc = t.highest >> 16;
        let s_l = t.highest & 0xffff;
        let seq64 = u64::from(seq);
        // RFC 3711 Appendix A: pick the ROC among ROC-1, ROC, ROC+1 that brings the index
        // closest to the highest one.
        let v = if s_l < 32768 {
            if seq64 > s_l + 32768 {
                // Before a wrap we already passed; a negative ROC means older than the stream.
                roc.checked_sub(1).ok_or(SrtpError::Replay)?
            } else {
                roc
            }
        } else if s_l - 32768 > seq64 {
            roc + 1
        } else {
            roc
        };
        let index = (v << 16) | seq64;
        if index <= t.highest {
            let age = t.highest - index;
            if age >= WINDOW_SIZE || t.window & (1 << age) != 0 {
                return Err(SrtpError::Replay);
            }
        }
        Ok(index)
    }

    /// Records that the packet of `ssrc` with `index` (as returned by [`Self::check`])
    /// authenticated: advances the highest index and marks it seen.
    pub(super) fn commit(&mut self, ssrc: u32, index: u64) {
        match &mut self.tracked {
            Some(t) if t.ssrc == ssrc => {
                if index > t.highest {
                    let shift = index - t.highest;
                    t.window = if shift >= WINDOW_SIZE {
                        0
                    } else {
                        t.window << shift
                    };
                    t.window |= 1;
                    t.highest = index;
                } else {
                    t.window |= 1 << (t.highest - index);
                }
            }
            _ => {
                self.tracked = Some(Tracked {
                    ssrc,
                    highest: index,
                    window: 1,
                });
            }
        }
    }
}
