//! ACME for real against Pebble (Let's Encrypt's test CA, Debian package `pebble`) on loopback:
//! Stoa creates an account, orders a certificate for `stoa.test`, answers the TLS-ALPN-01
//! challenge on its own HTTPS listener (or HTTP-01 on its redirect listener), and serves the
//! issued certificate, which a client trusting only Pebble's root accepts. Restarted with Pebble
//! gone, Stoa serves the stored certificate (no new order); against a fresh Pebble that forgot
//! the stored account, it makes a new one. Names resolve through
//! `pebble-challtestsrv`'s DNS on loopback, which answers 127.0.0.1 for every name. Skipped
//! (with a message) when `pebble` is absent.

mod tls_support;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use stoa_server::tls::acme::AcmeChallenge;
use stoa_server::ServeConfig;
use tokio::process::{Child, Command};

const DOMAIN: &str = "stoa.test";

fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// A loopback port free for TCP and UDP right now.
fn free_port() -> u16 {
    loop {
        let tcp = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = tcp.local_addr().unwrap().port();
        if std::net::UdpSocket::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

/// Waits until something accepts TCP connections on `port` (bounded).
async fn wait_listening(port: u16, what: &str) {
    for _ in 0..400 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what} never listened on port {port}");
}

fn spawn_logged(program: &Path, args: &[&str], log: &Path, envs: &[(&str, &str)]) -> Child {
    let out = std::fs::File::create(log).expect("log file");
    Command::new(program)
        .args(args)
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .stdout(out.try_clone().expect("log"))
        .stderr(out)
        .kill_on_drop(true)
        .spawn()
        .expect("spawn")
}

/// A CA and a certificate it signed for Pebble's own listeners (`localhost`, `127.0.0.1`):
/// returns (CA PEM, certificate PEM, key PEM).
fn pebble_listener_cert() -> (String, String, String) {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "stoa test CA for pebble");
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let key = rcgen::KeyPair::generate().unwrap();
    let params =
        rcgen::CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
            .unwrap();
    let cert = params.signed_by(&key, &issuer).unwrap();
    (ca.pem(), cert.pem(), key.serialize_pem())
}

/// Pebble and its DNS on loopback ports of their own (killed on drop), and what a client of
/// it needs.
struct PebbleCa {
    pebble: Child,
    dns: Child,
    /// The ACME directory URL.
    directory: String,
    /// The root Stoa trusts for the directory (it signed Pebble's listener certificate).
    listener_ca: PathBuf,
    /// Pebble's issuing root (PEM), fetched from its management interface.
    root_pem: String,
    _work: tempfile::TempDir,
}

impl PebbleCa {
    /// Starts Pebble with its directory on `acme_port`, validating TLS-ALPN-01 on `tls_port`
    /// and HTTP-01 on `http_port`; `None` (after saying so) when the programs are not installed.
    async fn start(acme_port: u16, tls_port: u16, http_port: u16) -> Option<PebbleCa> {
        let (Some(pebble_bin), Some(dns_bin)) =
            (find_program("pebble"), find_program("pebble-challtestsrv"))
        else {
            eprintln!(
                "SKIPPED: the `pebble` and `pebble-challtestsrv` programs are not installed \
                 (Debian package `pebble`; scripts/setup installs it)"
            );
            return None;
        };
        let work = tempfile::tempdir().unwrap();
        let (ca_pem, cert_pem, key_pem) = pebble_listener_cert();
        let listener_ca = work.path().join("pebble-listener-ca.pem");
        std::fs::write(&listener_ca, &ca_pem).unwrap();
        std::fs::write(work.path().join("pebble-cert.pem"), &cert_pem).unwrap();
        std::fs::write(work.path().join("pebble-key.pem"), &key_pem).unwrap();

        // DNS: every name is 127.0.0.1 (no AAAA answers, so no IPv6 attempt).
        let (dns_port, dns_mgmt) = (free_port(), free_port());
        let dns = spawn_logged(
            &dns_bin,
            &[
                "-defaultIPv4",
                "127.0.0.1",
                "-defaultIPv6",
                "",
                "-dns01",
                &format!("127.0.0.1:{dns_port}"),
                "-http01",
                "",
                "-https01",
                "",
                "-tlsalpn01",
                "",
                "-management",
                &format!("127.0.0.1:{dns_mgmt}"),
            ],
            &work.path().join("challtestsrv.log"),
            &[],
        );
        wait_listening(dns_mgmt, "pebble-challtestsrv").await;

        let mgmt_port = free_port();
        let config = serde_json::json!({"pebble": {
            "listenAddress": format!("127.0.0.1:{acme_port}"),
            "managementListenAddress": format!("127.0.0.1:{mgmt_port}"),
            "certificate": work.path().join("pebble-cert.pem"),
            "privateKey": work.path().join("pebble-key.pem"),
            "httpPort": http_port,
            "tlsPort": tls_port,
            "ocspResponderURL": "",
            "externalAccountBindingRequired": false,
        }});
        let config_path = work.path().join("pebble-config.json");
        std::fs::write(&config_path, config.to_string()).unwrap();
        let pebble = spawn_logged(
            &pebble_bin,
            &[
                "-config",
                config_path.to_str().unwrap(),
                "-dnsserver",
                &format!("127.0.0.1:{dns_port}"),
            ],
            &work.path().join("pebble.log"),
            &[("PEBBLE_VA_NOSLEEP", "1"), ("PEBBLE_WFE_NONCEREJECT", "0")],
        );
        wait_listening(acme_port, "pebble").await;
        wait_listening(mgmt_port, "pebble's management interface").await;
        let trusts_listener_ca = reqwest::Client::builder()
            .tls_built_in_root_certs(false)
            .add_root_certificate(reqwest::Certificate::from_pem(ca_pem.as_bytes()).unwrap())
            .build()
            .unwrap();
        let root_pem = trusts_listener_ca
            .get(format!("https://127.0.0.1:{mgmt_port}/roots/0"))
            .send()
            .await
            .expect("pebble's root")
            .text()
            .await
            .unwrap();
        Some(PebbleCa {
            pebble,
            dns,
            directory: format!("https://127.0.0.1:{acme_port}/dir"),
            listener_ca,
            root_pem,
            _work: work,
        })
    }

    /// Stoa's settings: HTTPS on `https_port`, a certificate for [`DOMAIN`] from this CA.
    fn stoa_config(&self, data: &Path, https_port: u16) -> ServeConfig {
        let mut config = ServeConfig::for_tests(data.to_path_buf());
        config.http = None;
        config.https = Some(SocketAddr::from(([127, 0, 0, 1], https_port)));
        config.acme_domain = vec![DOMAIN.to_string()];
        config.acme_email = Some("ops@stoa.test".to_string());
        config.acme_directory = self.directory.clone();
        config.acme_ca_root = Some(self.listener_ca.clone());
        config
    }

    /// A rustls client configuration trusting only Pebble's root.
    fn client_config(&self) -> std::sync::Arc<rustls::ClientConfig> {
        let root = rustls::pki_types::CertificateDer::from_pem_slice(self.root_pem.as_bytes())
            .expect("root PEM");
        tls_support::client_config(&[root.as_ref()])
    }

    /// An HTTPS client trusting only Pebble's root, reaching [`DOMAIN`] at `addr`.
    fn https_client(&self, addr: SocketAddr) -> reqwest::Client {
        reqwest::Client::builder()
            .tls_built_in_root_certs(false)
            .add_root_certificate(reqwest::Certificate::from_pem(self.root_pem.as_bytes()).unwrap())
            .resolve(DOMAIN, addr)
            .build()
            .unwrap()
    }

    async fn stop(mut self) {
        self.pebble.kill().await.expect("stop pebble");
        self.dns.kill().await.expect("stop the DNS");
    }
}

/// `GET https://stoa.test:PORT/api/health` through a client trusting only Pebble: 200 + HSTS.
async fn assert_served(ca: &PebbleCa, addr: SocketAddr) {
    let resp = ca
        .https_client(addr)
        .get(format!("https://{DOMAIN}:{}/api/health", addr.port()))
        .send()
        .await
        .expect("HTTPS with Pebble's certificate");
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.headers()["strict-transport-security"],
        "max-age=31536000"
    );
}

#[tokio::test]
async fn stoa_gets_its_certificate_from_pebble_and_reuses_it_after_a_restart() {
    let (acme_port, stoa_port) = (free_port(), free_port());
    let Some(ca) = PebbleCa::start(acme_port, stoa_port, free_port()).await else {
        return;
    };
    tls_support::logs();
    let data = tempfile::tempdir().unwrap();
    let running = stoa_server::start(ca.stoa_config(data.path(), stoa_port))
        .await
        .expect("stoa starts");
    assert_eq!(running.public_url, format!("https://{DOMAIN}:{stoa_port}"));
    let issued = wait_for_certificate(running.http_addr, ca.client_config()).await;
    assert_served(&ca, running.http_addr).await;
    running.shutdown().await.expect("clean stop");

    // Private material on disk is the owner's alone.
    assert_private_files(&data.path().join("acme"));

    // Pebble gone: a restarted Stoa serves the stored certificate without ordering.
    let trusts_pebble = ca.client_config();
    let config = ca.stoa_config(data.path(), 0);
    ca.stop().await;
    let from = tls_support::log_len();
    let restarted = stoa_server::start(config).await.expect("stoa restarts");
    let stream = tls_support::connect(restarted.http_addr, DOMAIN, trusts_pebble)
        .await
        .expect("TLS with the stored certificate");
    assert_eq!(
        tls_support::peer_leaf(&stream),
        issued,
        "the same certificate"
    );
    tls_support::wait_for_log("using the stored certificate", from, Duration::from_secs(5)).await;
    restarted.shutdown().await.expect("clean stop");

    // A new Pebble at the same directory URL knows nothing of the stored account: without a
    // stored certificate, Stoa makes a new account and gets one.
    let stoa_port = free_port();
    let ca = PebbleCa::start(acme_port, stoa_port, free_port())
        .await
        .expect("pebble again");
    remove_stored_certificates(&data.path().join("acme"));
    let from = tls_support::log_len();
    let running = stoa_server::start(ca.stoa_config(data.path(), stoa_port))
        .await
        .expect("stoa starts");
    wait_for_certificate(running.http_addr, ca.client_config()).await;
    assert_served(&ca, running.http_addr).await;
    tls_support::wait_for_log(
        "no longer knows the stored account",
        from,
        Duration::from_secs(5),
    )
    .await;
    running.shutdown().await.expect("clean stop");
    ca.stop().await;
}

/// Deletes the stored certificates and keys under `dir`, keeping the account.
fn remove_stored_certificates(dir: &Path) {
    for sub in std::fs::read_dir(dir).expect("acme dir") {
        for file in std::fs::read_dir(sub.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            if path.to_string_lossy().ends_with(".pem") {
                std::fs::remove_file(path).unwrap();
            }
        }
    }
}

#[tokio::test]
async fn http_01_is_answered_on_the_redirect_listener() {
    let redirect_port = free_port();
    let Some(ca) = PebbleCa::start(free_port(), free_port(), redirect_port).await else {
        return;
    };
    tls_support::logs();
    let data = tempfile::tempdir().unwrap();
    let mut config = ca.stoa_config(data.path(), 0);
    config.acme_challenge = AcmeChallenge::Http01;
    config.redirect_http = Some(SocketAddr::from(([127, 0, 0, 1], redirect_port)));
    let running = stoa_server::start(config).await.expect("stoa starts");
    wait_for_certificate(running.http_addr, ca.client_config()).await;
    assert_served(&ca, running.http_addr).await;
    // Once validated, the challenge path answers nothing.
    let resp = reqwest::get(format!(
        "http://127.0.0.1:{redirect_port}/.well-known/acme-challenge/anything"
    ))
    .await
    .expect("plain request");
    assert_eq!(resp.status(), 404);
    running.shutdown().await.expect("clean stop");
    ca.stop().await;
}

/// Waits until Stoa presents a certificate for [`DOMAIN`] that `config` accepts (bounded);
/// returns its leaf.
async fn wait_for_certificate(
    addr: SocketAddr,
    config: std::sync::Arc<rustls::ClientConfig>,
) -> Vec<u8> {
    for _ in 0..1200 {
        if let Ok(stream) = tls_support::connect(addr, DOMAIN, config.clone()).await {
            return tls_support::peer_leaf(&stream);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("Stoa never presented a certificate from Pebble");
}

/// Every file under `dir` holding a key or credentials has mode 0600.
fn assert_private_files(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut seen = 0;
    for sub in std::fs::read_dir(dir).expect("acme dir") {
        for file in std::fs::read_dir(sub.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", path.display());
            seen += 1;
        }
    }
    assert!(seen >= 3, "account, certificate and key are stored");
}
