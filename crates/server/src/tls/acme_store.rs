//! ACME state on disk, under `<data-dir>/acme/<directory id>/` (one folder per ACME directory
//! URL, so staging and production never share an account):
//! `account.json` (the account's credentials) and, per set of domains,
//! `<domains id>.cert.pem` (the chain, leaf first) and `<domains id>.key.pem`. Private material
//! is written with mode 0600 through a temporary file and a rename, so a crash never leaves a
//! half-written file behind.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::TlsError;

/// The files of one ACME directory and domain set.
#[derive(Debug, Clone)]
pub struct AcmeStore {
    dir: PathBuf,
    domains_id: String,
}

/// A stored certificate chain and its key, both PEM.
#[derive(Debug, Clone)]
pub struct StoredCert {
    /// The chain, leaf first.
    pub chain_pem: String,
    /// The private key.
    pub key_pem: String,
}

fn short_id(text: &str) -> String {
    hex::encode(&Sha256::digest(text.as_bytes())[..8])
}

impl AcmeStore {
    /// The store for `directory_url` and `domains` under `acme_dir`.
    pub fn new(acme_dir: &Path, directory_url: &str, domains: &[String]) -> Self {
        let mut sorted: Vec<String> = domains.iter().map(|d| d.to_ascii_lowercase()).collect();
        sorted.sort();
        sorted.dedup();
        let first = sorted.first().cloned().unwrap_or_default();
        let safe: String = first
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        Self {
            dir: acme_dir.join(short_id(directory_url)),
            domains_id: format!("{safe}-{}", short_id(&sorted.join(","))),
        }
    }

    /// The account's credentials (JSON), if stored.
    pub fn account(&self) -> Result<Option<String>, TlsError> {
        read_optional(&self.dir.join("account.json"))
    }

    /// Stores the account's credentials.
    pub fn save_account(&self, json: &str) -> Result<(), TlsError> {
        write_private(&self.dir.join("account.json"), json.as_bytes())
    }

    fn cert_path(&self) -> PathBuf {
        self.dir.join(format!("{}.cert.pem", self.domains_id))
    }

    fn key_path(&self) -> PathBuf {
        self.dir.join(format!("{}.key.pem", self.domains_id))
    }

    /// The stored certificate and key, if both are there.
    pub fn cert(&self) -> Result<Option<StoredCert>, TlsError> {
        let (Some(chain_pem), Some(key_pem)) = (
            read_optional(&self.cert_path())?,
            read_optional(&self.key_path())?,
        ) else {
            return Ok(None);
        };
        Ok(Some(StoredCert { chain_pem, key_pem }))
    }

    /// Stores a certificate and its key (the key first: a chain is never stored without it).
    pub fn save_cert(&self, cert: &StoredCert) -> Result<(), TlsError> {
        write_private(&self.key_path(), cert.key_pem.as_bytes())?;
        write_private(&self.cert_path(), cert.chain_pem.as_bytes())
    }
}

fn read_optional(path: &Path) -> Result<Option<String>, TlsError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(TlsError::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

/// Writes `bytes` to `path` (mode 0600) through a temporary file renamed into place.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), TlsError> {
    let error = |source| TlsError::Write {
        path: path.to_owned(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(error)?;
    let tmp = path.with_extension("tmp");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(error)?;
    file.write_all(bytes).map_err(error)?;
    file.sync_all().map_err(error)?;
    std::fs::rename(&tmp, path).map_err(error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn files_are_private_and_keyed_by_directory_and_domains() {
        let dir = tempfile::tempdir().unwrap();
        let domains = vec!["b.example".to_string(), "A.example".to_string()];
        let store = AcmeStore::new(dir.path(), "https://acme.example/dir", &domains);
        assert!(store.cert().unwrap().is_none());
        store.save_account("{}").unwrap();
        store
            .save_cert(&StoredCert {
                chain_pem: "chain".into(),
                key_pem: "key".into(),
            })
            .unwrap();
        let same = AcmeStore::new(
            dir.path(),
            "https://acme.example/dir",
            &["a.example".into(), "b.example".into()],
        );
        assert_eq!(same.cert().unwrap().unwrap().key_pem, "key");
        assert_eq!(same.account().unwrap().as_deref(), Some("{}"));
        let other = AcmeStore::new(dir.path(), "https://staging.example/dir", &domains);
        assert!(other.account().unwrap().is_none());
        for path in [
            store.key_path(),
            store.cert_path(),
            store.dir.join("account.json"),
        ] {
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{}", path.display());
        }
    }
}
