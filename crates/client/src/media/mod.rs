//! WebRTC audio: [`PendingMedia`] builds the offer (one send-only microphone m-line followed by
//! [`stoa_proto::AUDIO_SLOTS`] receive-only m-lines) and accepts the answer; [`MediaSession`] is
//! the running connection, whose loop lives in `driver`, with the received audio in `recv`.
//! With TURN servers from `room_state`, `relay` adds a TURN relay candidate (or, with
//! [`IceTransportPolicy::Relay`], makes it the only one).

mod driver;
mod negotiate;
mod recv;
mod relay;
mod session;

pub use negotiate::PendingMedia;
pub use relay::{IceTransportPolicy, RelayError, RelayStats, TurnServer};

use std::sync::Arc;
use std::time::Instant;

/// Told when each microphone frame is written, e.g. the load generator's send log, which
/// computes forward delay from it.
pub trait SendRecorder: std::fmt::Debug + Send + Sync {
    /// The frame with RTP timestamp `rtp_timestamp` was written at `at`.
    fn frame_sent(&self, rtp_timestamp: u32, at: Instant);
}

/// Options of a [`MediaSession`]: its microphone and which ICE candidates it offers.
#[derive(Debug, Clone, Default)]
pub struct MediaOptions {
    /// The RTP timestamp of the first frame.
    pub rtp_base: u32,
    /// Where to record when each frame was written (for forward delay measurements).
    pub send_log: Option<Arc<dyn SendRecorder>>,
    /// Host and relay candidates ([`IceTransportPolicy::All`], the default) or only the TURN
    /// relay ([`IceTransportPolicy::Relay`]).
    pub ice_transport: IceTransportPolicy,
}

impl MediaOptions {
    /// Default options with all media through a TURN relay.
    pub fn relay_only() -> Self {
        Self {
            ice_transport: IceTransportPolicy::Relay,
            ..Self::default()
        }
    }
}
pub use recv::{SlotStats, RING_SECONDS};
pub use session::{MediaSession, HEAR_WINDOW};
