//! WebRTC audio: [`PendingMedia`] builds the offer (one send-only microphone m-line followed by
//! [`stoa_proto::AUDIO_SLOTS`] receive-only m-lines) and accepts the answer; [`MediaSession`] is
//! the running connection, whose loop lives in `driver`, with the received audio in `recv`.

mod driver;
mod negotiate;
mod recv;
mod session;

pub use negotiate::PendingMedia;
pub use recv::{SlotStats, RING_SECONDS};
pub use session::{MediaSession, HEAR_WINDOW};
