//! The crate's error type.

/// Everything that can go wrong in the SFU's public API.
#[derive(thiserror::Error, Debug)]
pub enum SfuError {
    /// The SDP offer is malformed or does not have the shape Stoa needs (one microphone m-line
    /// followed by `AUDIO_SLOTS` receive-only audio m-lines).
    #[error("bad offer: {0}")]
    BadOffer(String),
    /// The UDP socket failed.
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    /// Too many media connections are still being set up on this SFU: a new one is refused at
    /// once rather than left to time out ([`crate::SfuConfig::max_connecting`]).
    #[error("this server is setting up {connecting} media connections already: retry in a moment")]
    Busy {
        /// Connections being set up when this one was refused.
        connecting: u64,
    },
    /// The SFU driver has stopped.
    #[error("the SFU has stopped")]
    Closed,
    /// The bind address/public IP combination is not allowed (e.g. an unspecified bind address
    /// without an explicit public IP).
    #[error("bad config: {0}")]
    Config(String),
    /// str0m rejected something we asked of it.
    #[error("webrtc: {0}")]
    Rtc(#[from] str0m::RtcError),
}
