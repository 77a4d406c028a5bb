//! One client connection: its str0m `Rtc`, its m-lines, and its per-slot send state.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use stoa_proto::{UserId, AUDIO_SLOTS};
use str0m::change::SdpOffer;
use str0m::crypto::dtls::DtlsCert;
use str0m::format::Codec;
use str0m::media::{Mid, Pt};
use str0m::rtp::{Extension, ExtensionValues, RtpWrite};
use str0m::{Candidate, IceCreds, Rtc, RtcConfig};

use crate::bundle_only::accept_bundle_only;
use crate::core::Transmit;
use crate::dtls_keys::{self, KeySlot};
use crate::egress::{EgressMode, MidBytes, Outgoing, PeerEgress, SlotStream};
use crate::forward::Incoming;
use crate::ice_lite::IceResponder;
use crate::last_flight::LastFlight;
use crate::level::VoiceLevel;
use crate::offer::{candidates_in_every_section, parse_offer_shape, OfferShape};
use crate::rewrite::{SlotRewriter, SourceKey};
use crate::room::RoomIdx;
use crate::settle::Settled;
use crate::SfuError;

/// Builds peer connections: holds what every `Rtc` shares (the DTLS certificate and the local
/// host candidates). Cheap to clone, usable outside the SFU loop (building an `Rtc` and its
/// answer costs far more than forwarding a packet, so it should not stall the loop).
#[derive(Clone)]
pub struct PeerFactory {
    cert: DtlsCert,
    candidates: Arc<[SocketAddr]>,
    /// The first IPv4 / IPv6 candidate: what a datagram of that family arrived on, for str0m.
    local_v4: Option<SocketAddr>,
    local_v6: Option<SocketAddr>,
    egress: EgressMode,
}

/// A peer connection built from an offer, not yet added to the SFU.
pub struct NewPeer {
    pub(crate) rtc: Rtc,
    pub(crate) ufrag: String,
    /// The local ICE password (a settled peer answers STUN with it).
    pub(crate) ice_pwd: String,
    /// The client's ICE ufrag, from its offer.
    pub(crate) remote_ufrag: Option<String>,
    pub(crate) mic: Mid,
    pub(crate) slots: [SlotOut; AUDIO_SLOTS],
    pub(crate) keys: Arc<KeySlot>,
    pub(crate) egress: EgressMode,
}

impl std::fmt::Debug for NewPeer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewPeer")
            .field("ufrag", &self.ufrag)
            .finish()
    }
}

impl PeerFactory {
    /// A factory whose peers advertise `candidate` (the SFU socket's public address).
    pub fn new(candidate: SocketAddr) -> Result<Self, SfuError> {
        Self::with_candidates(vec![candidate])
    }

    /// A factory whose peers advertise every one of `candidates` (host candidates, in order of
    /// preference; at least one).
    pub fn with_candidates(candidates: Vec<SocketAddr>) -> Result<Self, SfuError> {
        if candidates.is_empty() {
            return Err(SfuError::Config("no host candidate".into()));
        }
        for c in &candidates {
            Candidate::host(*c, "udp")
                .map_err(|e| SfuError::Config(format!("bad candidate {c}: {e}")))?;
        }
        let provider = str0m::crypto::from_feature_flags();
        let cert = provider
            .dtls_provider
            .generate_certificate()
            .ok_or_else(|| SfuError::Config("cannot generate a DTLS certificate".into()))?;
        Ok(Self {
            cert,
            local_v4: candidates.iter().copied().find(SocketAddr::is_ipv4),
            local_v6: candidates.iter().copied().find(SocketAddr::is_ipv6),
            candidates: candidates.into(),
            egress: EgressMode::default(),
        })
    }

    /// The same factory, its peers' forwarded audio leaving by `egress`.
    pub fn with_egress(mut self, egress: EgressMode) -> Self {
        self.egress = egress;
        self
    }

    /// The first (preferred) host candidate every peer advertises.
    pub fn candidate(&self) -> SocketAddr {
        self.candidates[0]
    }

    /// Every host candidate each peer advertises.
    pub fn candidates(&self) -> &[SocketAddr] {
        &self.candidates
    }

    /// The local candidate a datagram from `src` (canonical) counts as received on: the
    /// first candidate of its family (the socket does not say which local address it hit).
    /// `None` when no candidate has that family: such a datagram was not meant for us.
    #[inline]
    pub fn local_for(&self, src: SocketAddr) -> Option<SocketAddr> {
        if src.is_ipv4() {
            self.local_v4
        } else {
            self.local_v6
        }
    }

    /// Checks the offer's shape, builds an ICE-lite RTP-mode `Rtc` and returns it with the SDP
    /// answer. The answer must only be sent after the peer was added to the SFU.
    /// Bundle-only sections (Firefox's receive slots) count as bundled ones.
    pub fn build(&self, now: Instant, offer_sdp: &str) -> Result<(NewPeer, String), SfuError> {
        let offer_sdp = accept_bundle_only(offer_sdp);
        let shape = parse_offer_shape(&offer_sdp)?;
        let offer =
            SdpOffer::from_sdp_string(&offer_sdp).map_err(|e| SfuError::BadOffer(e.to_string()))?;
        let creds = IceCreds::new();
        let ufrag = creds.ufrag.clone();
        let ice_pwd = creds.pass.clone();
        let keys = Arc::new(KeySlot::default());
        let config = RtcConfig::new()
            .set_crypto_provider(dtls_keys::provider())
            .set_ice_lite(true)
            .set_rtp_mode(true)
            .clear_codecs()
            .enable_opus(true, false)
            // Audio only, fixed-rate Opus: the level (for slots, and forwarded) and the mid (to
            // demux) are all we use. No transport-cc / abs-send-time: no bandwidth estimation to
            // feed, and each forwarded packet is cheaper to write and smaller on the wire.
            .clear_extension_map()
            .set_extension(1, Extension::AudioLevel)
            .set_extension(4, Extension::RtpMid)
            .set_dtls_cert(self.cert.clone())
            .set_local_ice_credentials(creds);
        let mut rtc = dtls_keys::build_with_slot(keys.clone(), || config.build(now));
        for c in self.candidates.iter() {
            let candidate = Candidate::host(*c, "udp")
                .map_err(|e| SfuError::Config(format!("bad candidate {c}: {e}")))?;
            rtc.add_local_candidate(candidate);
        }
        let answer = rtc
            .sdp_api()
            .accept_offer(offer)
            .map_err(|e| SfuError::BadOffer(e.to_string()))?;
        let slots = slot_outs(&rtc, &shape)?;
        let new = NewPeer {
            rtc,
            ufrag,
            ice_pwd,
            remote_ufrag: shape.ice_ufrag.clone(),
            mic: shape.mic,
            slots,
            keys,
            egress: self.egress,
        };
        Ok((new, candidates_in_every_section(&answer.to_sdp_string())))
    }
}

/// The receiver's Opus payload type on `mid`, as negotiated.
fn opus_pt(rtc: &Rtc, mid: Mid) -> Option<Pt> {
    let media = rtc.media(mid)?;
    let params = rtc.codec_config().params();
    media.remote_pts().iter().copied().find(|pt| {
        params
            .iter()
            .any(|p| p.pt() == *pt && p.spec().codec == Codec::Opus)
    })
}

fn slot_outs(rtc: &Rtc, shape: &OfferShape) -> Result<[SlotOut; AUDIO_SLOTS], SfuError> {
    let mut out = Vec::with_capacity(AUDIO_SLOTS);
    for mid in shape.slots {
        let pt = opus_pt(rtc, mid)
            .ok_or_else(|| SfuError::BadOffer(format!("no Opus on receive m-line {mid}")))?;
        out.push(SlotOut {
            mid,
            mid_bytes: mid.into(),
            pt,
            ssrc: None,
            rewriter: SlotRewriter::default(),
        });
    }
    out.try_into()
        .map_err(|_| SfuError::BadOffer("slot count".into()))
}

/// Send state of one receive slot of a peer.
#[derive(Debug, Clone)]
pub struct SlotOut {
    mid: Mid,
    /// `mid` as the direct egress writes it.
    mid_bytes: MidBytes,
    pt: Pt,
    /// The SSRC str0m allocated for the m-line's send stream (looked up on first use).
    ssrc: Option<u32>,
    rewriter: SlotRewriter,
}

/// What [`Peer::write_slot`] did with a packet.
#[derive(Debug)]
pub(crate) enum Written {
    /// Nothing (not connected, no stream, or a stale packet).
    Nothing,
    /// Handed to str0m: the peer must be polled.
    ToRtc,
    /// Written and protected by Stoa: send it.
    Direct(Transmit),
}

/// A live peer inside the SFU core.
pub struct Peer {
    pub(crate) user: UserId,
    pub(crate) room: RoomIdx,
    /// str0m's connection; `None` once the peer [settled](crate::settle) (the SFU then answers
    /// its STUN and decrypts its microphone itself).
    pub(crate) rtc: Option<Box<Rtc>>,
    pub(crate) settled: Option<Box<Settled>>,
    pub(crate) ufrag: String,
    /// Checks the peer's STUN requests ([`crate::stun_auth`]) and, once settled, answers them.
    pub(crate) ice: IceResponder,
    pub(crate) mic: Mid,
    /// When str0m reported the connection up.
    pub(crate) connected_at: Option<Instant>,
    /// The latest DTLS flight sent, for a settled peer to send again ([`LastFlight`]).
    pub(crate) last_flight: LastFlight,
    /// The last (extended) sequence number received from this peer's microphone (forwarded or
    /// not), and its SSRC.
    pub(crate) last_in: Option<(u32, u64)>,
    /// Source addresses authentic STUN came from, oldest first (at most
    /// [`crate::demux::MAX_ADDRS_PER_PEER`]; to clean the demux map on removal).
    pub(crate) addrs: Vec<SocketAddr>,
    pub(crate) publish: crate::Publish,
    pub(crate) connected: bool,
    pub(crate) level: VoiceLevel,
    pub(crate) slots: [SlotOut; AUDIO_SLOTS],
    /// How forwarded audio leaves for this peer.
    pub(crate) egress_mode: EgressMode,
    /// Stoa's own egress state (used with [`EgressMode::Direct`]).
    pub(crate) egress: PeerEgress,
    /// The peer's str0m timeout, if it has one pending.
    pub(crate) deadline: Option<Instant>,
    /// The live timer-heap entry for this peer (never later than `deadline`). Only an EARLIER
    /// deadline pushes a new entry, so the heap holds about one entry per peer even when str0m's
    /// timeout moves at every packet.
    pub(crate) scheduled: Option<Instant>,
    /// Written to since it was last polled.
    pub(crate) dirty: bool,
    /// When the peer was added (for the connect timeout).
    pub(crate) created_at: Instant,
    /// When the last datagram from the peer arrived (for the idle timeout).
    pub(crate) last_rx: Instant,
}

impl Peer {
    pub(crate) fn new(
        new: NewPeer,
        user: UserId,
        room: RoomIdx,
        publish: crate::Publish,
        now: Instant,
    ) -> (Self, String) {
        let ufrag = new.ufrag.clone();
        let peer = Peer {
            user,
            room,
            rtc: Some(Box::new(new.rtc)),
            settled: None,
            ice: IceResponder::new(new.ufrag.clone(), new.ice_pwd)
                .with_remote_ufrag(new.remote_ufrag),
            ufrag: new.ufrag,
            mic: new.mic,
            connected_at: None,
            last_flight: LastFlight::default(),
            last_in: None,
            addrs: Vec::new(),
            publish,
            connected: false,
            level: VoiceLevel::default(),
            slots: new.slots,
            egress_mode: new.egress,
            egress: PeerEgress::new(new.keys),
            deadline: None,
            scheduled: None,
            dirty: false,
            created_at: now,
            last_rx: now,
        };
        (peer, ufrag)
    }

    /// Writes a forwarded packet on receive slot `slot`: directly (see [`crate::egress`]) into
    /// a datagram built in `buf` when the peer is ready for it, else through str0m.
    pub(crate) fn write_slot(
        &mut self,
        slot: usize,
        source: SourceKey,
        pkt: &Incoming<'_>,
        now: Instant,
        buf: impl FnOnce() -> Vec<u8>,
    ) -> Written {
        if !self.connected {
            return Written::Nothing;
        }
        let direct = self.egress_mode == EgressMode::Direct && self.prepare_direct();
        let Some(out) = self.slots.get_mut(slot) else {
            return Written::Nothing;
        };
        let Some((seq, ts)) = out.rewriter.rewrite(source, pkt.seq, pkt.timestamp) else {
            return Written::Nothing;
        };
        let level = pkt.level.map(|level| (level, pkt.voice.unwrap_or(false)));
        if direct {
            if let (Some(ssrc), Some(destination)) = (out.ssrc, self.egress.destination) {
                let stream = SlotStream {
                    mid: out.mid_bytes,
                    pt: out.pt,
                    ssrc,
                };
                let outgoing = Outgoing {
                    seq,
                    timestamp: ts,
                    marker: pkt.marker,
                    level,
                    payload: pkt.payload,
                };
                let mut contents = buf();
                if self.egress.write(stream, &outgoing, &mut contents) {
                    return Written::Direct(Transmit {
                        destination,
                        contents,
                    });
                }
            }
        }
        let Some(rtc) = self.rtc.as_deref_mut() else {
            return Written::Nothing;
        };
        let mut api = rtc.direct_api();
        let Some(tx) = api.stream_tx_by_mid(out.mid, None) else {
            return Written::Nothing;
        };
        let mut ext_vals = ExtensionValues::default();
        if let Some((level, voice)) = level {
            // str0m writes the extension only if both are set (and the receiver negotiated it).
            ext_vals.audio_level = Some(level);
            ext_vals.voice_activity = Some(voice);
        }
        let payload = pkt
            .shared
            .cloned()
            .unwrap_or_else(|| Arc::from(pkt.payload));
        let write = RtpWrite::new(out.pt, seq.into(), ts, now, payload)
            .marker(pkt.marker)
            .ext_vals(ext_vals);
        tx.write_rtp(write);
        Written::ToRtc
    }

    /// Whether forwarded packets can take the direct path: keys exported, destination known,
    /// every slot's send SSRC looked up (once).
    pub(crate) fn prepare_direct(&mut self) -> bool {
        let Some(rtc) = self.rtc.as_deref_mut() else {
            // Settled: it was ready when it settled, and stays so.
            return self.egress.ready();
        };
        if !self.egress.prepare(rtc, self.slots[0].mid) {
            return false;
        }
        if self.slots.iter().all(|s| s.ssrc.is_some()) {
            return true;
        }
        let mut api = rtc.direct_api();
        for out in &mut self.slots {
            match api.stream_tx_by_mid(out.mid, None) {
                Some(tx) => out.ssrc = Some(*tx.ssrc()),
                None => {
                    self.egress.unsupported();
                    return false;
                }
            }
        }
        // From here on every forwarded packet takes the direct path: str0m's send streams are
        // dead weight (an RTX cache and send state per slot, sender reports with zero counts).
        // str0m declares them only when SDP is applied, so they stay gone.
        for out in &self.slots {
            if let Some(ssrc) = out.ssrc {
                api.remove_stream_tx(ssrc.into());
            }
        }
        true
    }
}
