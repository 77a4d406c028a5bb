//! The `stoa` server as a library: [`start`] wires the store, the SFU, the service and the
//! HTTP edge together on the given addresses and returns a [`Running`] server, which the
//! binary (and the integration tests, on ephemeral ports) drive until shutdown.
//!
//! Every background task (the service's, the SFU's, the certificate's, the admin socket's, the
//! listeners') is spawned through one [`Background`]: [`Running::shutdown`] stops the rooms,
//! then the listeners and WebSockets, then cancels and waits for the rest (bounded by
//! [`BACKGROUND_WITHIN`]) before it closes the store.

pub mod admin;
pub mod admin_socket;
pub mod backup;
pub mod cluster;
pub mod config;
pub mod config_file;
pub mod data_dir;
pub mod tls;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use stoa_service::{Background, ServiceConfig, Stoa};
use stoa_sfu::SfuConfig;
use stoa_store::{PgStore, SqliteSettings, SqliteStore, Store};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::{LogFormat, ServeConfig};

/// How long shutdown waits for the background tasks once the rooms and the listeners stopped
/// (the process exits within 10 s of SIGTERM).
pub const BACKGROUND_WITHIN: Duration = Duration::from_secs(3);

/// Errors while starting the server.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The HTTP listener could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    /// The database could not be opened or migrated.
    #[error("database: {0}")]
    Store(#[from] stoa_store::StoreError),
    /// The SFU could not start.
    #[error("media: {0}")]
    Sfu(#[from] stoa_sfu::SfuError),
    /// The service could not start.
    #[error("service: {0}")]
    Service(#[from] stoa_service::ServiceError),
    /// The HTTPS certificate could not be loaded.
    #[error("TLS: {0}")]
    Tls(#[from] tls::TlsError),
    /// The configuration is inconsistent.
    #[error("configuration: {0}")]
    Config(String),
    /// Another server (or an operator command) holds the data directory.
    #[error("data directory: {0}")]
    DataDir(#[from] data_dir::LockError),
}

/// A started server.
pub struct Running {
    /// Where the app (API, WebSocket, web client) is served: the HTTPS address when TLS is on,
    /// else the plain-HTTP one.
    pub http_addr: SocketAddr,
    /// The HTTPS listener's address, when TLS is on.
    pub https_addr: Option<SocketAddr>,
    /// The plain-HTTP app listener's address, if one is open.
    pub plain_http_addr: Option<SocketAddr>,
    /// The redirect-to-HTTPS listener's address, if one is open.
    pub redirect_addr: Option<SocketAddr>,
    /// Where the separate `/metrics` listener is (with `--metrics`).
    pub metrics_addr: Option<SocketAddr>,
    /// Where the SFU's UDP socket is bound.
    pub media_addr: SocketAddr,
    /// The base URL used in links.
    pub public_url: String,
    /// On an empty database: the one-time link that makes its user the first admin.
    pub bootstrap_invite: Option<String>,
    /// The service (tests use it to inspect state).
    pub stoa: Stoa,
    /// In cluster mode: this node's connection to the others and its registry entry.
    pub cluster: Option<cluster::ClusterNode>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
    admin_socket: Option<admin_socket::AdminSocket>,
    /// Held until the server is dropped: no second server, no restore, meanwhile.
    _lock: Option<data_dir::DataDirLock>,
    /// The `--metrics` listener's task and its stop signal.
    metrics: Option<(oneshot::Sender<()>, JoinHandle<std::io::Result<()>>)>,
}

impl Running {
    /// Stops the rooms (each stores what it still has queued), stops accepting requests, lets
    /// in-flight ones finish and waits for the HTTP task, stops every background task (waiting
    /// at most [`BACKGROUND_WITHIN`]), then closes the store (on SQLite: the write-ahead log is
    /// checkpointed and truncated).
    pub async fn shutdown(mut self) -> std::io::Result<()> {
        if let Some(socket) = self.admin_socket.take() {
            socket.stop();
        }
        // Rooms first: connections closing during the stop are not members leaving.
        self.stoa.rooms().stop_rooms().await;
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let served = (&mut self.task).await.unwrap_or(Ok(()));
        if let Some((stop, task)) = self.metrics.take() {
            let _ = stop.send(());
            let _ = task.await;
        }
        self.stoa.background().shutdown(BACKGROUND_WITHIN).await;
        if let Some(node) = self.cluster.take() {
            node.leave().await;
        }
        self.stoa.store().close().await;
        served
    }

    /// Waits until the HTTP server stops by itself (it does not unless it fails).
    pub async fn wait(mut self) -> std::io::Result<()> {
        (&mut self.task).await.unwrap_or(Ok(()))
    }

    /// `https://` or `http://` and [`Self::http_addr`]: where a client on this machine reaches
    /// the app.
    pub fn base_url(&self) -> String {
        let scheme = if self.https_addr.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}", self.http_addr)
    }

    /// A sender that triggers graceful shutdown (for signal handlers).
    pub fn take_shutdown(&mut self) -> Option<oneshot::Sender<()>> {
        self.shutdown.take()
    }
}

/// Opens the store named by the configuration's database URL: `sqlite:…` (the default, a file
/// under the data directory) or `postgres://…` / `postgresql://…`. Any other scheme is a
/// configuration error naming the scheme (never the whole URL, which may hold a password).
pub async fn open_store(config: &ServeConfig) -> Result<Arc<dyn Store>, StartError> {
    open_database(
        &config.database_url(),
        config.data_dir.as_deref(),
        config.sqlite_max_pages,
    )
    .await
}

/// Opens the store at `url` (see [`open_store`]), creating `data_dir` for SQLite, with an
/// optional SQLite size quota in pages.
pub async fn open_database(
    url: &str,
    data_dir: Option<&std::path::Path>,
    sqlite_max_pages: Option<u32>,
) -> Result<Arc<dyn Store>, StartError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Arc::new(PgStore::open(url).await?));
    }
    if !url.starts_with("sqlite:") {
        let scheme = url.split_once(':').map_or("(none)", |(scheme, _)| scheme);
        return Err(StartError::Config(format!(
            "unsupported database URL scheme {scheme:?}: use sqlite:, postgres:// or postgresql://"
        )));
    }
    if let Some(dir) = data_dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| StartError::Config(format!("cannot create {}: {e}", dir.display())))?;
    }
    let settings = SqliteSettings {
        max_pages: sqlite_max_pages,
    };
    Ok(Arc::new(SqliteStore::open_with(url, settings).await?))
}

async fn bind(addr: SocketAddr) -> Result<(TcpListener, SocketAddr), StartError> {
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| StartError::Listen { addr, source })?;
    let bound = listener
        .local_addr()
        .map_err(|source| StartError::Listen { addr, source })?;
    Ok((listener, bound))
}

async fn bind_optional(
    addr: Option<SocketAddr>,
) -> Result<Option<(TcpListener, SocketAddr)>, StartError> {
    match addr {
        Some(addr) => Ok(Some(bind(addr).await?)),
        None => Ok(None),
    }
}

/// Starts everything: store, SFU, service, HTTP (and HTTPS, and the redirect listener).
pub async fn start(config: ServeConfig) -> Result<Running, StartError> {
    let addrs = config.listen_addrs().map_err(StartError::Config)?;
    let background = Background::new();
    let plain = bind_optional(addrs.http).await?;
    let secure = bind_optional(addrs.https).await?;
    let redirect = bind_optional(addrs.redirect).await?;
    let cert_source = config.cert_source();
    let tls = cert_source
        .as_ref()
        .map(|source| tls::Tls::start(source, &background))
        .transpose()?;
    let plain_http_addr = plain.as_ref().map(|(_, addr)| *addr);
    let https_addr = secure.as_ref().map(|(_, addr)| *addr);
    let redirect_addr = redirect.as_ref().map(|(_, addr)| *addr);
    let http_addr = https_addr
        .or(plain_http_addr)
        .ok_or_else(|| StartError::Config("no listener for the app".into()))?;
    let metrics_listener = match config.metrics {
        Some(addr) => Some(
            TcpListener::bind(addr)
                .await
                .map_err(|source| StartError::Listen { addr, source })?,
        ),
        None => None,
    };
    // Before the SFU starts: its send loop registers its histogram with the recorder.
    stoa_api::telemetry::metrics::recorder();
    let public_url = match (&config.public_url, &tls, &cert_source, https_addr) {
        (Some(url), ..) => url.clone(),
        (None, Some(tls), Some(source), Some(addr)) => tls.default_public_url(source, addr),
        _ => format!("http://{http_addr}"),
    };
    let turn = config
        .turn()
        .map_err(|e| StartError::Config(e.to_string()))?;
    let lock = match config.data_dir.as_deref() {
        Some(dir) => Some(data_dir::DataDirLock::acquire(dir)?),
        None => None,
    };
    let store = open_store(&config).await?;
    let sfu_config = SfuConfig {
        bind: config.media,
        public_ips: config.public_ip.clone(),
        egress: config.sfu_egress,
        send_threads: config
            .sfu_send_threads
            .unwrap_or_else(stoa_sfu::default_send_threads),
        settle_after: config.sfu_settle.then_some(stoa_sfu::settle::SETTLE_AFTER),
        max_connecting: config.sfu_max_connecting,
    };
    let (sfu, sfu_events) =
        stoa_sfu::start_tracked(sfu_config, background.tracker(), background.token().clone())
            .await?;
    let media_addr = sfu.local_addr();
    let cluster = cluster::connect(&config).await?;
    let ownership = match &cluster {
        Some((cluster, peers)) => cluster::ownership(cluster, peers.node_id()).await?,
        None => stoa_service::rooms::RoomOwnership::Local,
    };
    let service_config = ServiceConfig {
        public_url: public_url.clone(),
        reconnect_grace: config.reconnect_grace,
        host_grace: config.host_grace,
        clock: config.clock.clone(),
        turn,
        ownership,
    };
    let (cluster, peers) = cluster.unzip();
    let node_id = peers.as_ref().map(|p| p.node_id().to_owned());
    let stoa = Stoa::start_with_peers(
        background.clone(),
        store,
        sfu,
        sfu_events,
        service_config,
        peers,
    )
    .await?;
    let cluster = match (cluster, node_id) {
        (Some(cluster), Some(id)) => {
            Some(cluster::join(cluster, &id, http_addr, media_addr, &stoa, &background).await?)
        }
        _ => None,
    };
    let bootstrap_invite = stoa.accounts().bootstrap_invite().await?;
    let admin_socket = config.data_dir.as_deref().and_then(|dir| {
        let path = dir.join(data_dir::ADMIN_SOCKET);
        admin_socket::AdminSocket::bind(&path, stoa.clone())
            .inspect_err(|err| {
                tracing::warn!(path = %path.display(), %err, "no admin socket: `stoa admin` cannot reach this server");
            })
            .ok()
    });
    let (shutdown_tx, shutdown_rx) = oneshot::channel::<()>();
    let api_config = stoa_api::ApiConfig {
        auth_attempts_per_minute: config.auth_attempts_per_minute,
        sign_in_failures_per_account: config.sign_in_failures_per_account,
        trusted_proxies: config.trusted_proxies.clone(),
    };
    let listeners = Listeners {
        plain: plain.map(|(listener, _)| listener),
        secure: match (secure, &tls) {
            (Some((listener, _)), Some(tls)) => Some(
                tls::listener::TlsListener::new(listener, tls.config.clone(), &background)
                    .map_err(|source| StartError::Listen {
                        addr: http_addr,
                        source,
                    })?,
            ),
            _ => None,
        },
        redirect: redirect.map(|(listener, _)| listener),
        http01: tls
            .as_ref()
            .map(|tls| tls.http01.clone())
            .unwrap_or_default(),
        https_port: https_addr.map_or(443, |a| a.port()),
        maintenance: tls,
    };
    let app = stoa_api::App::new(stoa.clone(), &api_config);
    let task = background.spawn(
        "http",
        serve_all(app, listeners, async move {
            let _ = shutdown_rx.await;
        }),
    );
    let metrics_addr = metrics_listener
        .as_ref()
        .and_then(|listener| listener.local_addr().ok());
    let metrics = metrics_listener.map(|listener| {
        let (stop, stopped) = oneshot::channel::<()>();
        let stoa = stoa.clone();
        let task = background.spawn(
            "metrics listener",
            stoa_api::telemetry::metrics::serve(listener, stoa, async move {
                let _ = stopped.await;
            }),
        );
        (stop, task)
    });
    Ok(Running {
        metrics_addr,
        metrics,
        http_addr,
        https_addr,
        plain_http_addr,
        redirect_addr,
        media_addr,
        public_url,
        bootstrap_invite,
        stoa,
        cluster,
        shutdown: Some(shutdown_tx),
        task,
        admin_socket,
        _lock: lock,
    })
}

/// The listeners of a started server.
struct Listeners {
    plain: Option<TcpListener>,
    secure: Option<tls::listener::TlsListener>,
    redirect: Option<TcpListener>,
    http01: tls::http01::Http01Answers,
    https_port: u16,
    /// The certificate watcher or ACME renewal, stopped with the server.
    maintenance: Option<tls::Tls>,
}

/// Serves the app on its listeners until `shutdown` resolves (or one of them fails), then stops
/// them all, closes the WebSockets, and returns the first failure.
async fn serve_all(
    app: stoa_api::App,
    listeners: Listeners,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let (stop, stopped) = tokio::sync::watch::channel(());
    let until_stopped = move || {
        let mut stopped = stopped.clone();
        async move {
            // Resolves when `stop` is dropped.
            let _ = stopped.changed().await;
        }
    };
    let mut servers = tokio::task::JoinSet::new();
    if let Some(listener) = listeners.plain {
        let (app, stopped) = (app.clone(), until_stopped());
        servers.spawn(async move {
            app.serve_on(listener, stoa_api::Transport::Plain, stopped)
                .await
        });
    }
    if let Some(listener) = listeners.secure {
        let (app, stopped) = (app.clone(), until_stopped());
        servers.spawn(async move {
            app.serve_on(listener, stoa_api::Transport::Tls, stopped)
                .await
        });
    }
    if let Some(listener) = listeners.redirect {
        servers.spawn(tls::redirect::serve(
            listener,
            listeners.https_port,
            listeners.http01.clone(),
            until_stopped(),
        ));
    }
    let mut result = Ok(());
    tokio::select! {
        _ = shutdown => {}
        Some(early) = servers.join_next() => {
            result = early.unwrap_or(Ok(()));
        }
    }
    drop(stop);
    while let Some(done) = servers.join_next().await {
        if let (Ok(()), Ok(Err(e))) = (&result, done) {
            result = Err(e);
        }
    }
    app.websockets_closed().await;
    drop(listeners.maintenance);
    result
}
