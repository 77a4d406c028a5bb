//! WebRTC audio: [`PendingMedia`] builds the offer (one send-only microphone m-line followed by
//! [`stoa_proto::AUDIO_SLOTS`] receive-only m-lines) and accepts the answer; [`MediaSession`] is
//! the running connection, whose loop lives in `driver`, with the received audio in `recv`.

mod driver;
mod negotiate;
mod recv;
mod session;

pub use negotiate::PendingMedia;

use std::sync::Arc;

use crate::counting::SendLog;

/// Options of a [`MediaSession`]'s microphone.
#[derive(Debug, Clone, Default)]
pub struct MediaOptions {
    /// The RTP timestamp of the first frame (e.g. [`SendLog::rtp_base`]).
    pub rtp_base: u32,
    /// Where to record when each frame was written (for forward delay measurements).
    pub send_log: Option<Arc<SendLog>>,
}

impl MediaOptions {
    /// Frames numbered from sender `index`'s base, each send recorded in `log`.
    pub fn logged(log: Arc<SendLog>, index: usize) -> Self {
        Self {
            rtp_base: SendLog::rtp_base(index),
            send_log: Some(log),
        }
    }
}
pub use recv::{SlotStats, RING_SECONDS};
pub use session::{MediaSession, HEAR_WINDOW};
