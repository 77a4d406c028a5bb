//! SRTP key derivation (RFC 3711 §4.3) with `key_derivation_rate` 0.
//!
//! The PRF is AES in counter mode keyed by the master key (AES-128 for 16-byte master keys,
//! AES-256 for 32-byte ones, RFC 6188 §7 / RFC 7714 §11): `x = master_salt XOR (label || r)`
//! with `r = 0`, and the output is the keystream for the IV `x · 2^16`, i.e. AES-CTR over zeros.
//! A 12-byte (GCM) master salt is padded on the right with zeros to 112 bits, as libsrtp does.

use aws_lc_rs::cipher::{EncryptingKey, EncryptionContext, UnboundCipherKey, AES_128, AES_256};
use aws_lc_rs::iv::FixedLength;
use zeroize::Zeroizing;

use super::SrtpError;

/// Label of the SRTP encryption key.
pub(super) const LABEL_RTP_ENCRYPTION: u8 = 0x00;
/// Label of the SRTP authentication key.
pub(super) const LABEL_RTP_AUTH: u8 = 0x01;
/// Label of the SRTP salting key.
pub(super) const LABEL_RTP_SALT: u8 = 0x02;

/// Longest master salt the PRF accepts (112 bits).
const MAX_SALT_LEN: usize = 14;

/// Fills `out` with `PRF_n(master_key, x)` for `label` (RFC 3711 §4.3.1, §4.3.3).
pub(super) fn derive(
    master_key: &[u8],
    master_salt: &[u8],
    label: u8,
    out: &mut [u8],
) -> Result<(), SrtpError> {
    let algorithm = match master_key.len() {
        16 => &AES_128,
        32 => &AES_256,
        n => return Err(SrtpError::BadKeyLength(n)),
    };
    if master_salt.len() > MAX_SALT_LEN {
        return Err(SrtpError::BadSaltLength(master_salt.len()));
    }
    // x = key_id XOR master_salt, key_id = label || r (48 bits, here 0) right-aligned in
    // 112 bits, so the label lands on byte 7. The last two bytes are the block counter.
    let mut iv = Zeroizing::new([0u8; 16]);
    iv[..master_salt.len()].copy_from_slice(master_salt);
    iv[7] ^= label;
    let key = UnboundCipherKey::new(algorithm, master_key).map_err(|_| SrtpError::Crypto)?;
    let key = EncryptingKey::ctr(key).map_err(|_| SrtpError::Crypto)?;
    out.fill(0);
    key.less_safe_encrypt(out, EncryptionContext::Iv128(FixedLength::from(*iv)))
        .map_err(|_| SrtpError::Crypto)?;
    Ok(())
}
