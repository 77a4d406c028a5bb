//! `stoa serve` settings: flags, each with a `STOA_*` environment variable and a key of the
//! configuration file (the long flag name; see [`crate::config_file`]).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::tls::acme::{AcmeChallenge, AcmeSettings};
use crate::tls::CertSource;

mod forms;

/// How to run the server. Its serde form is the configuration file's: keys are the long flag
/// names, values what the flags take.
#[derive(Debug, Clone, clap::Args, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ServeConfig {
    /// Where the embedded database lives.
    #[arg(long, env = "STOA_DATA_DIR", default_value = "stoa-data")]
    pub data_dir: Option<PathBuf>,
    /// Database URL; defaults to the SQLite file `stoa.db` in the data directory.
    #[arg(long, env = "STOA_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Plain-HTTP address of the app (API, WebSocket, web client). Default 127.0.0.1:8080 when
    /// no TLS is configured; with TLS, served only when given.
    #[arg(long, env = "STOA_HTTP")]
    pub http: Option<SocketAddr>,
    /// HTTPS address of the app. Default [::]:443 when TLS is configured (--tls-cert and
    /// --tls-key, or --acme-domain).
    #[arg(long, env = "STOA_HTTPS")]
    pub https: Option<SocketAddr>,
    /// Certificate chain (PEM, leaf first) for HTTPS; picked up again when the file changes.
    #[arg(long = "tls-cert", env = "STOA_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// Private key (PEM) of --tls-cert.
    #[arg(long = "tls-key", env = "STOA_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// A domain to get a certificate for over ACME (repeatable or comma-separated); kept in
    /// <data-dir>/acme and renewed before it expires.
    #[arg(
        long = "acme-domain",
        env = "STOA_ACME_DOMAIN",
        value_delimiter = ',',
        conflicts_with = "tls_cert"
    )]
    #[serde(with = "forms::list")]
    pub acme_domain: Vec<String>,
    /// Contact address given to the ACME CA (expiry and policy mail).
    #[arg(long = "acme-email", env = "STOA_ACME_EMAIL")]
    pub acme_email: Option<String>,
    /// The ACME directory URL.
    #[arg(long = "acme-directory", env = "STOA_ACME_DIRECTORY",
        default_value = crate::tls::acme::LETS_ENCRYPT)]
    pub acme_directory: String,
    /// A PEM root certificate trusted (instead of the system's roots) when talking to the ACME
    /// directory, e.g. a test CA's.
    #[arg(long = "acme-ca-root", env = "STOA_ACME_CA_ROOT")]
    pub acme_ca_root: Option<PathBuf>,
    /// How the ACME CA validates the domains: `tls-alpn-01` (on the HTTPS listener) or
    /// `http-01` (on the --redirect-http listener, which must then be port 80 for a real CA).
    #[arg(
        long = "acme-challenge",
        env = "STOA_ACME_CHALLENGE",
        default_value = "tls-alpn-01"
    )]
    #[serde(with = "forms::choice")]
    pub acme_challenge: AcmeChallenge,
    /// Optional plain-HTTP address that only redirects (308) to the HTTPS address.
    #[arg(long = "redirect-http", env = "STOA_REDIRECT_HTTP")]
    pub redirect_http: Option<SocketAddr>,
    /// UDP address of the SFU. `[::]` (the default) is one dual-stack socket on every
    /// interface, advertising each usable local address; a loopback address accepts media from
    /// loopback sources only.
    #[arg(long, env = "STOA_MEDIA", default_value = "[::]:50000")]
    pub media: SocketAddr,
    /// The IPs clients send media to, instead of the local addresses (repeatable or
    /// comma-separated; e.g. the public address of a cloud machine behind 1:1 NAT).
    #[arg(long = "public-ip", env = "STOA_PUBLIC_IP", value_delimiter = ',')]
    #[serde(with = "forms::list")]
    pub public_ip: Vec<IpAddr>,
    /// A TURN (or STUN) server URL handed to clients (repeatable or comma-separated), e.g.
    /// `turn:turn.example.org:3478?transport=udp` or `turns:turn.example.org:5349?transport=tcp`.
    #[arg(long = "turn-url", env = "STOA_TURN_URL", value_delimiter = ',')]
    #[serde(with = "forms::list")]
    pub turn_url: Vec<String>,
    /// The secret shared with the TURN server (coturn `static-auth-secret` with
    /// `use-auth-secret`); each member gets credentials made from it.
    #[arg(long = "turn-secret", env = "STOA_TURN_SECRET", hide_env_values = true)]
    pub turn_secret: Option<String>,
    /// Seconds the issued TURN credentials stay valid.
    #[arg(long = "turn-ttl-secs", env = "STOA_TURN_TTL_SECS", default_value = "43200", value_parser = parse_secs)]
    #[serde(rename = "turn-ttl-secs", with = "forms::secs")]
    pub turn_ttl: Duration,
    /// The URL members reach this server at (for invite links); defaults to http://<--http>.
    #[arg(long, env = "STOA_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Seconds a disconnected member keeps their place and role in a room.
    #[arg(long = "reconnect-grace-secs", env = "STOA_RECONNECT_GRACE_SECS", default_value = "20", value_parser = parse_secs)]
    #[serde(rename = "reconnect-grace-secs", with = "forms::secs")]
    pub reconnect_grace: Duration,
    /// Attempts allowed per client address per minute for each of sign-in, sign-up, invite
    /// check and waitlist reservation (each its own budget).
    #[arg(long, env = "STOA_AUTH_ATTEMPTS_PER_MINUTE", default_value = "20")]
    pub auth_attempts_per_minute: u32,
    /// Failed sign-ins allowed per account per 15 minutes, from any address; then sign-ins to
    /// it are refused until the 15 minutes end.
    #[arg(long, env = "STOA_SIGN_IN_FAILURES_PER_ACCOUNT", default_value = "10")]
    pub sign_in_failures_per_account: u32,
    /// Reverse proxies (CIDRs or addresses; comma-separated, repeatable) whose
    /// `X-Forwarded-For` names the client. Without them the socket peer is the client.
    #[arg(long = "trusted-proxies", env = "STOA_TRUSTED_PROXIES", value_delimiter = ',',
        value_parser = stoa_api::client_ip::parse_net)]
    #[serde(with = "forms::proxies")]
    pub trusted_proxies: Vec<stoa_api::IpNet>,
    /// Seconds a room waits for its last moderator's dropped connection before handing it to
    /// the longest-standing speaker.
    #[arg(long = "host-grace-secs", env = "STOA_HOST_GRACE_SECS", default_value = "30", value_parser = parse_secs)]
    #[serde(rename = "host-grace-secs", with = "forms::secs")]
    pub host_grace: Duration,
    /// The service clock (tests swap in a manual one).
    #[arg(skip)]
    #[serde(skip)]
    pub clock: stoa_service::Clock,
    /// How the SFU sends forwarded audio: `direct` (Stoa writes and protects the packets) or
    /// `str0m` (str0m's per-packet send path, for comparison in `stoa-bench room`).
    #[arg(long = "sfu-egress", env = "STOA_SFU_EGRESS", default_value = "direct")]
    #[serde(with = "forms::egress")]
    pub sfu_egress: stoa_sfu::EgressMode,
    /// Threads that send big fan-outs besides the SFU task (default: one per core beyond the
    /// first, at most 3; 0 sends everything from the SFU task).
    #[arg(long = "sfu-send-threads", env = "STOA_SFU_SEND_THREADS")]
    pub sfu_send_threads: Option<usize>,
    /// Media connections that may be in set-up (ICE and DTLS) at once; a further offer is
    /// refused at once with `server_busy` rather than left to time out (docs/protocol.md).
    #[arg(
        long = "sfu-max-connecting",
        env = "STOA_SFU_MAX_CONNECTING",
        default_value_t = stoa_sfu::DEFAULT_MAX_CONNECTING
    )]
    pub sfu_max_connecting: u64,
    /// Release each peer's str0m connection a second or two after it connected (Stoa then
    /// answers its STUN and decrypts its microphone itself); `false` keeps str0m for every peer
    /// (for comparison in `stoa-bench room`).
    #[arg(long = "sfu-settle", env = "STOA_SFU_SETTLE", default_value_t = true, action = clap::ArgAction::Set)]
    pub sfu_settle: bool,
    /// The largest the SQLite database may grow, in 4 KiB pages (a quota; unset: only the disk
    /// limits it). Writes beyond it are refused with `507 storage_full`, reads keep working.
    #[arg(long = "sqlite-max-pages", env = "STOA_SQLITE_MAX_PAGES")]
    pub sqlite_max_pages: Option<u32>,
    /// A separate listener for Prometheus `/metrics` (nothing else is served there). Without
    /// it, `/metrics` on the main listener answers requests from this machine only.
    #[arg(long = "metrics", env = "STOA_METRICS")]
    pub metrics: Option<SocketAddr>,
    /// Log lines as `text` (for people) or `json` (one object per line, for log collectors).
    #[arg(long = "log-format", env = "STOA_LOG_FORMAT", default_value = "text")]
    #[serde(with = "forms::choice")]
    pub log_format: LogFormat,
    /// Cluster mode: the NATS server (with JetStream) the nodes share, e.g.
    /// `nats://10.0.0.5:4222`. Needs a shared PostgreSQL `--database-url`. Without it Stoa is
    /// one node and needs nothing else.
    #[arg(long = "nats-url", env = "STOA_NATS_URL")]
    pub nats_url: Option<String>,
    /// Cluster mode: the prefix of every NATS bucket and subject, so several clusters (or tests)
    /// can share one NATS server.
    #[arg(long = "nats-prefix", env = "STOA_NATS_PREFIX", default_value = "stoa")]
    pub nats_prefix: String,
    /// Cluster mode: this node's name among the nodes (letters, digits, `-`, `_`); by default
    /// the one kept in <data-dir>/node-id, made up at the first start.
    #[arg(long = "node-id", env = "STOA_NODE_ID")]
    pub node_id: Option<String>,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

/// The listeners a configuration asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListenAddrs {
    /// The plain-HTTP app listener.
    pub http: Option<SocketAddr>,
    /// The HTTPS app listener.
    pub https: Option<SocketAddr>,
    /// The plain listener that redirects to HTTPS.
    pub redirect: Option<SocketAddr>,
}

/// A non-negative number of seconds (`20`, `2.5`).
pub(crate) fn parse_secs(text: &str) -> Result<Duration, String> {
    text.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("{text:?} is not a number of seconds"))
}

impl ServeConfig {
    /// The ICE servers clients get (`None` without `--turn-url`), checked.
    pub fn turn(
        &self,
    ) -> Result<Option<stoa_service::TurnConfig>, stoa_service::turn::TurnConfigError> {
        stoa_service::TurnConfig::new(
            self.turn_url.clone(),
            self.turn_secret.clone(),
            self.turn_ttl,
        )
    }

    /// The database URL in effect.
    pub fn database_url(&self) -> String {
        if let Some(url) = &self.database_url {
            return url.clone();
        }
        format!("sqlite://{}", self.data_dir().join("stoa.db").display())
    }

    /// The data directory in effect.
    pub fn data_dir(&self) -> PathBuf {
        self.data_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("stoa-data"))
    }

    /// Where the HTTPS certificate comes from, if TLS is configured.
    pub fn cert_source(&self) -> Option<CertSource> {
        if let (Some(cert), Some(key)) = (&self.tls_cert, &self.tls_key) {
            return Some(CertSource::Files {
                cert: cert.clone(),
                key: key.clone(),
            });
        }
        if self.acme_domain.is_empty() {
            return None;
        }
        Some(CertSource::Acme(AcmeSettings {
            domains: self
                .acme_domain
                .iter()
                .map(|d| d.trim().to_owned())
                .collect(),
            email: self.acme_email.clone(),
            directory: self.acme_directory.clone(),
            ca_root: self.acme_ca_root.clone(),
            state_dir: self.data_dir().join("acme"),
            challenge: self.acme_challenge,
            http01: Default::default(),
        }))
    }

    /// The listeners to open, checked for consistency.
    pub fn listen_addrs(&self) -> Result<ListenAddrs, String> {
        // The flags check these pairs themselves; a configuration file's keys get here unchecked.
        if self.tls_cert.is_some() != self.tls_key.is_some() {
            return Err("--tls-cert and --tls-key go together: give both".into());
        }
        if self.tls_cert.is_some() && !self.acme_domain.is_empty() {
            return Err("--tls-cert and --acme-domain exclude each other: choose one".into());
        }
        let tls = self.tls_cert.is_some() || !self.acme_domain.is_empty();
        if !tls && (self.https.is_some() || self.redirect_http.is_some()) {
            return Err(
                "--https and --redirect-http need a certificate: --tls-cert and \
                 --tls-key, or --acme-domain"
                    .into(),
            );
        }
        if self.acme_challenge == AcmeChallenge::Http01 && self.redirect_http.is_none() {
            return Err("--acme-challenge http-01 is answered on --redirect-http: give it".into());
        }
        if !tls {
            let http = self
                .http
                .unwrap_or(SocketAddr::from(([127, 0, 0, 1], 8080)));
            return Ok(ListenAddrs {
                http: Some(http),
                https: None,
                redirect: None,
            });
        }
        let https = self
            .https
            .unwrap_or(SocketAddr::from((std::net::Ipv6Addr::UNSPECIFIED, 443)));
        Ok(ListenAddrs {
            http: self.http,
            https: Some(https),
            redirect: self.redirect_http,
        })
    }

    /// Settings for tests: ephemeral loopback ports, a given data directory, a short grace.
    pub fn for_tests(data_dir: PathBuf) -> Self {
        Self {
            data_dir: Some(data_dir),
            database_url: None,
            http: Some(SocketAddr::from(([127, 0, 0, 1], 0))),
            https: None,
            tls_cert: None,
            tls_key: None,
            acme_domain: Vec::new(),
            acme_email: None,
            acme_directory: crate::tls::acme::LETS_ENCRYPT.to_owned(),
            acme_ca_root: None,
            acme_challenge: AcmeChallenge::default(),
            redirect_http: None,
            media: SocketAddr::from(([127, 0, 0, 1], 0)),
            public_ip: Vec::new(),
            turn_url: Vec::new(),
            turn_secret: None,
            turn_ttl: stoa_service::turn::DEFAULT_TTL,
            public_url: None,
            reconnect_grace: Duration::from_secs(3),
            auth_attempts_per_minute: 10_000,
            sign_in_failures_per_account: stoa_api::limits::SIGN_IN_FAILURES_PER_ACCOUNT,
            trusted_proxies: Vec::new(),
            host_grace: Duration::from_secs(30),
            clock: stoa_service::Clock::System,
            sfu_egress: stoa_sfu::EgressMode::default(),
            sfu_send_threads: None,
            sfu_max_connecting: stoa_sfu::DEFAULT_MAX_CONNECTING,
            sfu_settle: true,
            sqlite_max_pages: None,
            metrics: None,
            log_format: LogFormat::Text,
            nats_url: None,
            nats_prefix: "stoa".to_owned(),
            node_id: None,
        }
    }
}

#[cfg(test)]
mod tests;
