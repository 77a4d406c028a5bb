//! Offer/answer: a str0m [`Rtc`] (regular ICE agent, not ice-lite) bound to `127.0.0.1:0`,
//! optionally with a TURN relay candidate.

use std::net::{Ipv4Addr, SocketAddr, UdpSocket as StdUdpSocket};
use std::sync::Arc;
use std::time::Instant;

use stoa_proto::ws::IceServer;
use str0m::change::{SdpAnswer, SdpOffer, SdpPendingOffer};
use str0m::media::{Direction, MediaKind, Mid};
use str0m::{Candidate, Rtc, RtcConfig};
use tokio::sync::{oneshot, watch};

use crate::audio::{AudioSource, FrameDecoder, FrameEncoder, ToneGenerator};
use crate::error::ClientError;
use crate::media::driver::Driver;
use crate::media::relay::{IceTransportPolicy, Relay, RelayError, TurnServer};
use crate::media::session::{MediaSession, Shared};
use crate::media::MediaOptions;

/// A peer connection whose offer is made and whose answer is awaited.
///
/// Use this directly when the offer travels some other way than [`crate::Signaling`] (for
/// example straight into an in-process SFU); otherwise see [`MediaSession::connect`].
pub struct PendingMedia {
    rtc: Rtc,
    socket: StdUdpSocket,
    local: SocketAddr,
    pending: SdpPendingOffer,
    mic: Mid,
    slot_mids: Vec<Mid>,
    offer: String,
    relay: Option<Relay>,
}

impl std::fmt::Debug for PendingMedia {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingMedia")
            .field("local", &self.local)
            .field("relay", &self.relay)
            .finish()
    }
}

impl PendingMedia {
    /// Binds a UDP socket on `127.0.0.1:0` and builds the offer, with that address as the only
    /// host candidate.
    pub fn new() -> Result<Self, ClientError> {
        Self::with_config(RtcConfig::new(), stoa_proto::AUDIO_SLOTS)
    }

    /// Like [`PendingMedia::new`] with the microphone m-line only (no receive slots): a pure
    /// sender, for servers other than Stoa (the Janus benchmark's publisher).
    pub fn new_sender() -> Result<Self, ClientError> {
        Self::with_config(RtcConfig::new(), 0)
    }

    /// Like [`PendingMedia::new`], for a counting listener (the load generator's, which drives
    /// the connection itself after [`PendingMedia::into_parts`]): str0m in RTP mode, so sampled
    /// packets arrive as raw RTP whatever the gaps between them.
    pub fn new_counting() -> Result<Self, ClientError> {
        Self::with_config(RtcConfig::new().set_rtp_mode(true), stoa_proto::AUDIO_SLOTS)
    }

    /// Like [`PendingMedia::new`], with the candidates `policy` asks for: with
    /// [`IceTransportPolicy::All`] the host candidate plus a relay on the first usable TURN
    /// server of `ice_servers` if there is one (a failed allocation is logged and skipped); with
    /// [`IceTransportPolicy::Relay`] only that relay (an error if it cannot be allocated).
    pub async fn with_ice(
        ice_servers: &[IceServer],
        policy: IceTransportPolicy,
    ) -> Result<Self, ClientError> {
        let relay = match (TurnServer::pick(ice_servers), policy) {
            (Some(server), _) => match Relay::allocate(&server).await {
                Ok(relay) => Some(relay),
                Err(e) if policy == IceTransportPolicy::All => {
                    tracing::warn!(%e, host = %server.host, "no TURN relay; host candidate only");
                    None
                }
                Err(e) => return Err(e.into()),
            },
            (None, IceTransportPolicy::All) => None,
            (None, IceTransportPolicy::Relay) => return Err(RelayError::NoTurnServer.into()),
        };
        let host = policy == IceTransportPolicy::All;
        Self::build(RtcConfig::new(), stoa_proto::AUDIO_SLOTS, host, relay)
    }

    fn with_config(config: RtcConfig, slots: usize) -> Result<Self, ClientError> {
        Self::build(config, slots, true, None)
    }

    /// Binds the host socket and makes the offer with the host candidate (if `host`) and the
    /// relay's candidate (if any).
    fn build(
        config: RtcConfig,
        slots: usize,
        host: bool,
        relay: Option<Relay>,
    ) -> Result<Self, ClientError> {
        let socket = StdUdpSocket::bind((Ipv4Addr::LOCALHOST, 0))?;
        socket.set_nonblocking(true)?;
        let local = socket.local_addr()?;
        let mut rtc = config.build(Instant::now());
        if host {
            let candidate =
                Candidate::host(local, "udp").map_err(|e| ClientError::Media(e.to_string()))?;
            rtc.add_local_candidate(candidate);
        }
        if let Some(relay) = &relay {
            rtc.add_local_candidate(relay.candidate()?);
        }
        let mut change = rtc.sdp_api();
        let mic = change.add_media(MediaKind::Audio, Direction::SendOnly, None, None, None);
        let slot_mids = (0..slots)
            .map(|_| change.add_media(MediaKind::Audio, Direction::RecvOnly, None, None, None))
            .collect();
        let (offer, pending) = change
            .apply()
            .ok_or_else(|| ClientError::Media("no offer produced".into()))?;
        Ok(Self {
            rtc,
            socket,
            local,
            pending,
            mic,
            slot_mids,
            offer: offer.to_sdp_string(),
            relay,
        })
    }

    /// The SDP offer to send.
    pub fn offer_sdp(&self) -> &str {
        &self.offer
    }

    /// The local UDP address of the host candidate (always on 127.0.0.1; unused when only the
    /// relay is offered).
    pub fn local_addr(&self) -> SocketAddr {
        self.local
    }

    /// Applies the SDP answer and starts the media loop (must run inside a tokio runtime).
    pub fn accept(
        self,
        answer_sdp: &str,
        source: AudioSource,
    ) -> Result<MediaSession, ClientError> {
        self.accept_with(answer_sdp, source, MediaOptions::default())
    }

    /// Applies the SDP answer and returns the str0m connection, its (nonblocking) socket and
    /// address, for a loop other than [`MediaSession`]'s (the load generator's counting
    /// listeners).
    pub fn into_parts(
        self,
        answer_sdp: &str,
    ) -> Result<(Rtc, StdUdpSocket, SocketAddr), ClientError> {
        let rtc = Self::apply_answer(self.rtc, self.pending, answer_sdp)?;
        Ok((rtc, self.socket, self.local))
    }

    /// Answers a server's offer with a counting listener's connection (str0m in RTP mode on
    /// `127.0.0.1:0`): returns the connection, its (nonblocking) socket and address, and the
    /// answer SDP. For servers that offer to subscribers (Janus's VideoRoom).
    pub fn answer_counting(
        offer_sdp: &str,
    ) -> Result<(Rtc, StdUdpSocket, SocketAddr, String), ClientError> {
        let offer = SdpOffer::from_sdp_string(offer_sdp)
            .map_err(|e| ClientError::Media(format!("bad offer: {e}")))?;
        let socket = StdUdpSocket::bind((Ipv4Addr::LOCALHOST, 0))?;
        socket.set_nonblocking(true)?;
        let local = socket.local_addr()?;
        let mut rtc = RtcConfig::new().set_rtp_mode(true).build(Instant::now());
        let candidate =
            Candidate::host(local, "udp").map_err(|e| ClientError::Media(e.to_string()))?;
        rtc.add_local_candidate(candidate);
        let answer = rtc.sdp_api().accept_offer(offer)?;
        Ok((rtc, socket, local, answer.to_sdp_string()))
    }

    fn apply_answer(
        mut rtc: Rtc,
        pending: SdpPendingOffer,
        answer_sdp: &str,
    ) -> Result<Rtc, ClientError> {
        let answer = SdpAnswer::from_sdp_string(answer_sdp)
            .map_err(|e| ClientError::Media(format!("bad answer: {e}")))?;
        rtc.sdp_api().accept_answer(pending, answer)?;
        Ok(rtc)
    }

    /// Like [`PendingMedia::accept`], with [`MediaOptions`].
    pub fn accept_with(
        self,
        answer_sdp: &str,
        source: AudioSource,
        options: MediaOptions,
    ) -> Result<MediaSession, ClientError> {
        let rtc = Self::apply_answer(self.rtc, self.pending, answer_sdp)?;
        let socket = tokio::net::UdpSocket::from_std(self.socket)?;
        let shared = Arc::new(Shared::new(source, self.slot_mids.len()));
        let decoders = self
            .slot_mids
            .iter()
            .map(|_| FrameDecoder::new())
            .collect::<Result<_, _>>()?;
        let (connected_tx, connected_rx) = watch::channel(false);
        let (stop_tx, stop_rx) = oneshot::channel();
        let relay_counters = self.relay.as_ref().map(Relay::counters);
        let driver = Driver {
            rtc,
            socket,
            local: self.local,
            mic: self.mic,
            slot_mids: self.slot_mids,
            shared: Arc::clone(&shared),
            connected: connected_tx,
            decoders,
            encoder: FrameEncoder::new()?,
            generator: ToneGenerator::default(),
            frames_written: 0,
            options,
            opus_pt: None,
            write_failed: false,
            relay: self.relay,
        };
        let task = tokio::spawn(driver.run(stop_rx));
        Ok(MediaSession::new(
            shared,
            self.local,
            connected_rx,
            stop_tx,
            task,
            relay_counters,
        ))
    }
}
