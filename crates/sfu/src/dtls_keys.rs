//! Observes the DTLS-SRTP keying material str0m negotiates with a peer, so the SFU can protect
//! the audio it forwards to that peer itself ([`crate::egress`]) instead of going through
//! str0m's per-packet send path.
//!
//! str0m's crypto is pluggable through its public `CryptoProvider`: every peer's `Rtc` is built
//! with [`provider`], whose DTLS factory wraps str0m's own. The wrapper changes nothing; when the
//! handshake exports the keying material it copies it into the peer's [`KeySlot`]. The factory
//! is a `'static` value shared by all peers, so the slot is handed over through a thread-local
//! set only while one `Rtc` is being built ([`build_with_slot`]).

use std::cell::RefCell;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use str0m::crypto::dtls::{
    DtlsCert, DtlsImplError, DtlsInstance, DtlsOutput, DtlsProvider, DtlsVersion, ProtocolVersion,
    SrtpProfile,
};
use str0m::crypto::{CryptoError, CryptoProvider};

use zeroize::Zeroizing;

use crate::srtp::Profile;

/// What DTLS-SRTP exported for one association. The keying material is wiped when the value is
/// dropped, and never printed.
#[derive(Clone)]
pub struct ExportedKeys {
    /// The negotiated protection profile.
    pub profile: Profile,
    /// The keying material (RFC 5764 §4.2 layout), zeroized on drop.
    pub material: Zeroizing<Vec<u8>>,
    /// We are the DTLS client (we send with the client half).
    pub client: bool,
}

impl std::fmt::Debug for ExportedKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportedKeys")
            .field("profile", &self.profile)
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

/// Its only secret, `material`, is [`Zeroizing`].
impl zeroize::ZeroizeOnDrop for ExportedKeys {}

/// Where one peer's exported keys land; empty until its handshake completes, or when the
/// negotiated profile is one Stoa does not protect itself.
#[derive(Debug, Default)]
pub struct KeySlot(Mutex<Option<ExportedKeys>>);

impl KeySlot {
    /// The exported keys, once the handshake produced them.
    pub fn get(&self) -> Option<ExportedKeys> {
        self.0.lock().ok()?.clone()
    }

    fn set(&self, keys: ExportedKeys) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(keys);
        }
    }
}

thread_local! {
    /// The slot the next DTLS instance built on this thread reports to.
    static NEXT_SLOT: RefCell<Option<Arc<KeySlot>>> = const { RefCell::new(None) };
}

/// Runs `build`, which must build exactly one `Rtc` with [`provider`]: that `Rtc`'s DTLS
/// instance reports its keys to `slot`.
pub fn build_with_slot<T>(slot: Arc<KeySlot>, build: impl FnOnce() -> T) -> T {
    NEXT_SLOT.with(|next| *next.borrow_mut() = Some(slot));
    let built = build();
    NEXT_SLOT.with(|next| next.borrow_mut().take());
    built
}

/// str0m's default provider with the key-observing DTLS factory.
pub fn provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    PROVIDER
        .get_or_init(|| {
            Arc::new(CryptoProvider {
                dtls_provider: &OBSERVING,
                ..base().clone()
            })
        })
        .clone()
}

fn base() -> &'static CryptoProvider {
    static BASE: OnceLock<CryptoProvider> = OnceLock::new();
    BASE.get_or_init(str0m::crypto::from_feature_flags)
}

static OBSERVING: ObservingDtls = ObservingDtls;

/// The DTLS factory: str0m's, with instances that report their keys.
#[derive(Debug)]
struct ObservingDtls;

impl DtlsProvider for ObservingDtls {
    fn generate_certificate(&self) -> Option<DtlsCert> {
        base().dtls_provider.generate_certificate()
    }

    fn new_dtls(
        &self,
        cert: &DtlsCert,
        now: Instant,
        dtls_version: DtlsVersion,
        mtu: Option<usize>,
    ) -> Result<Box<dyn DtlsInstance>, CryptoError> {
        let inner = base()
            .dtls_provider
            .new_dtls(cert, now, dtls_version, mtu)?;
        match NEXT_SLOT.with(|next| next.borrow_mut().take()) {
            Some(slot) => Ok(Box::new(ObservedInstance { inner, slot })),
            None => Ok(inner),
        }
    }

    fn is_test(&self) -> bool {
        base().dtls_provider.is_test()
    }
}

/// One DTLS instance, unchanged, except that exported keys are copied to `slot`.
#[derive(Debug)]
struct ObservedInstance {
    inner: Box<dyn DtlsInstance>,
    slot: Arc<KeySlot>,
}

fn profile_of(profile: SrtpProfile) -> Option<Profile> {
    match profile {
        SrtpProfile::AES128_CM_SHA1_80 => Some(Profile::Aes128CmSha1_80),
        SrtpProfile::AEAD_AES_128_GCM => Some(Profile::AeadAes128Gcm),
        SrtpProfile::AEAD_AES_256_GCM => Some(Profile::AeadAes256Gcm),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

impl DtlsInstance for ObservedInstance {
    fn set_active(&mut self, active: bool) {
        self.inner.set_active(active);
    }

    fn handle_packet(&mut self, packet: &[u8]) -> Result<(), DtlsImplError> {
        self.inner.handle_packet(packet)
    }

    fn poll_output<'a>(&mut self, buf: &'a mut [u8]) -> DtlsOutput<'a> {
        let out = self.inner.poll_output(buf);
        if let DtlsOutput::KeyingMaterial(material, profile) = &out {
            if let Some(profile) = profile_of(*profile) {
                self.slot.set(ExportedKeys {
                    profile,
                    material: Zeroizing::new(material.to_vec()),
                    client: self.inner.is_active(),
                });
            }
        }
        out
    }

    fn handle_timeout(&mut self, now: Instant) -> Result<(), DtlsImplError> {
        self.inner.handle_timeout(now)
    }

    fn send_application_data(&mut self, data: &[u8]) -> Result<usize, DtlsImplError> {
        self.inner.send_application_data(data)
    }

    fn is_active(&self) -> bool {
        self.inner.is_active()
    }

    fn protocol_version(&self) -> Option<ProtocolVersion> {
        self.inner.protocol_version()
    }

    fn is_closing(&self) -> bool {
        self.inner.is_closing()
    }

    fn is_closed(&self) -> bool {
        self.inner.is_closed()
    }

    fn close(&mut self) -> Result<(), DtlsImplError> {
        self.inner.close()
    }
}
