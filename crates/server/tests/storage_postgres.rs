//! PostgreSQL going away while Stoa serves: requests fail within seconds with
//! `503 storage_unavailable` and a `Retry-After` header, the server keeps running, recovers by
//! itself once the database is back, and loses nothing it acknowledged.
//!
//! The machine's PostgreSQL is shared with other tests, so it is never stopped: Stoa reaches it
//! through a TCP proxy in this test, and "stopping" PostgreSQL means cutting every proxied
//! connection and refusing new ones; "restarting" means accepting again.
//!
//! Runs only when `STOA_TEST_POSTGRES_URL` names a database (as the store suite does), e.g.
//! `STOA_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test`; otherwise it says skipped.

mod common;

use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::{code, TestServer};
use serde_json::{json, Value};
use sqlx::{Connection, PgConnection};
use stoa_server::ServeConfig;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

/// The variable naming the test database.
const URL_VAR: &str = "STOA_TEST_POSTGRES_URL";

/// How long a request may take while the database is away (the pool gives up after 3 s).
const FAIL_WITHIN: Duration = Duration::from_secs(10);

/// A TCP proxy to PostgreSQL that can play a database stop and restart.
struct PgProxy {
    addr: SocketAddr,
    state: Arc<Mutex<ProxyState>>,
    accept: tokio::task::JoinHandle<()>,
}

/// Whether the proxy forwards, and its live connections (cut on stop).
struct ProxyState {
    up: bool,
    connections: Vec<AbortHandle>,
}

impl PgProxy {
    /// Listens on an ephemeral loopback port and forwards to `target`.
    async fn start(target: SocketAddr) -> PgProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let addr = listener.local_addr().expect("proxy address");
        let state = Arc::new(Mutex::new(ProxyState {
            up: true,
            connections: Vec::new(),
        }));
        let shared = state.clone();
        let accept = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let mut state = shared.lock().expect("proxy state");
                if !state.up {
                    // Refused: the connection is closed before a byte is answered.
                    drop(inbound);
                    continue;
                }
                let task = tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                state.connections.retain(|c| !c.is_finished());
                state.connections.push(task.abort_handle());
            }
        });
        PgProxy {
            addr,
            state,
            accept,
        }
    }

    /// "Stops PostgreSQL": cuts every connection and refuses new ones.
    fn stop(&self) {
        let mut state = self.state.lock().expect("proxy state");
        state.up = false;
        for connection in state.connections.drain(..) {
            connection.abort();
        }
    }

    /// "Restarts PostgreSQL": accepts connections again.
    fn restart(&self) {
        self.state.lock().expect("proxy state").up = true;
    }
}

impl Drop for PgProxy {
    fn drop(&mut self) {
        self.stop();
        self.accept.abort();
    }
}

/// The test database's URL, or `None` (after saying so) when the variable is unset.
fn database_url() -> Option<String> {
    match std::env::var(URL_VAR) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            let _ = writeln!(
                std::io::stderr(),
                "storage_postgres: skipped: set {URL_VAR} \
                 (e.g. postgres://postgres@127.0.0.1:5432/test) to run it"
            );
            None
        }
    }
}

/// A schema name no other test run uses.
fn fresh_schema_name() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("stoa_test_outage_{}_{nanos}", std::process::id())
}

/// Runs `sql` on a direct connection to `url`.
async fn run_sql(url: &str, sql: &str) {
    let mut conn = PgConnection::connect(url).await.expect("connect directly");
    sqlx::query(sql).execute(&mut conn).await.expect(sql);
    conn.close().await.expect("close");
}

/// `url` with its host and port replaced by the proxy's, and every connection in `schema`.
fn proxied_url(url: &str, proxy: SocketAddr, schema: &str) -> String {
    let mut url = reqwest::Url::parse(url).expect("database URL");
    url.set_host(Some(&proxy.ip().to_string())).expect("host");
    url.set_port(Some(proxy.port())).expect("port");
    url.query_pairs_mut()
        .append_pair("options[search_path]", schema);
    url.to_string()
}

/// Where `url` points (host and port, default 5432).
async fn target_of(url: &str) -> SocketAddr {
    let url = reqwest::Url::parse(url).expect("database URL");
    let host = url.host_str().unwrap_or("127.0.0.1").to_string();
    let port = url.port().unwrap_or(5432);
    let mut addrs = tokio::net::lookup_host((host.as_str(), port))
        .await
        .expect("resolve database host");
    addrs.next().expect("database address")
}

/// An event request.
fn event(title: &str) -> Value {
    let starts_at = chrono::Utc::now() + chrono::Duration::days(2);
    json!({"title": title, "starts_at": starts_at})
}

/// Schedules an event that must be acknowledged; returns its id and title.
async fn schedule(server: &TestServer, token: &str, title: String) -> (i64, String) {
    let (status, body) = server.post("/api/events", Some(token), event(&title)).await;
    assert_eq!(status, 200, "{title}: {body}");
    (body["id"].as_i64().expect("id"), title)
}

/// Sends a request while the database is away and checks the answer: fast, 503
/// `storage_unavailable`, with a `Retry-After` of a few seconds.
async fn expect_unavailable(request: reqwest::RequestBuilder) {
    let started = Instant::now();
    let resp = request.send().await.expect("the server answers");
    let took = started.elapsed();
    let status = resp.status().as_u16();
    let retry_after = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    assert_eq!(
        (status, code(&body)),
        (503, "storage_unavailable"),
        "{body}"
    );
    assert!(
        matches!(retry_after, Some(1..=30)),
        "Retry-After: {retry_after:?}"
    );
    assert!(took < FAIL_WITHIN, "answered after {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_going_away_is_503_with_retry_after_and_recovers_by_itself() {
    let Some(url) = database_url() else { return };
    let schema = fresh_schema_name();
    run_sql(&url, &format!("CREATE SCHEMA \"{schema}\"")).await;
    let proxy = PgProxy::start(target_of(&url).await).await;

    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = ServeConfig::for_tests(dir.path().to_path_buf());
    config.database_url = Some(proxied_url(&url, proxy.addr, &schema));
    let server = TestServer::start_with(dir, config).await;
    let admin = server.admin().await;

    let mut acknowledged: Vec<(i64, String)> = Vec::new();
    for i in 0..3 {
        acknowledged.push(schedule(&server, &admin, format!("before the outage {i}")).await);
    }

    proxy.stop();
    let base = server.base();
    for _ in 0..2 {
        expect_unavailable(
            server
                .http
                .post(format!("{base}/api/events"))
                .bearer_auth(&admin)
                .json(&event("during the outage")),
        )
        .await;
        expect_unavailable(
            server
                .http
                .get(format!("{base}/api/me"))
                .bearer_auth(&admin),
        )
        .await;
    }

    // Back: the very next requests succeed (broken pooled connections are replaced).
    proxy.restart();
    for i in 0..3 {
        acknowledged.push(schedule(&server, &admin, format!("after the outage {i}")).await);
    }
    for (id, title) in &acknowledged {
        let (status, body) = server.get(&format!("/api/events/{id}"), Some(&admin)).await;
        assert_eq!(
            status, 200,
            "acknowledged event {id} ({title}) lost: {body}"
        );
        assert_eq!(body["title"].as_str(), Some(title.as_str()), "{body}");
    }
    let (status, body) = server.get("/api/events/upcoming", Some(&admin)).await;
    assert_eq!(status, 200, "{body}");

    server.stop().await;
    drop(proxy);
    run_sql(&url, &format!("DROP SCHEMA \"{schema}\" CASCADE")).await;
}
