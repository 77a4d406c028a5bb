//! The three-node cluster the `cluster` tests run against: one schema in the test PostgreSQL
//! ([`pg`]), three `stoa serve` processes on it ([`node`]), and HAProxy in front ([`lb`]). The
//! tests reach the cluster only through HAProxy, pinning a request to a node with the
//! `X-Stoa-Node: nN` header ([`Cluster::client`]) and reading which node answered from
//! `X-Stoa-Upstream` ([`Reply::upstream`]).
//!
//! Everything it starts stops by itself: the processes are killed when dropped, the temp
//! directory is removed, and the schema is dropped ([`Cluster::stop`] at the end of a test, or
//! the drop of a test that panicked, which also prints every log).

#![allow(dead_code)]

pub mod lb;
pub mod nats;
pub mod node;
pub mod pg;
pub mod room;

use std::net::{SocketAddr, TcpListener, UdpSocket};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;
use serde_json::{json, Value};
use stoa_client::ApiClient;

use lb::Haproxy;
use node::Node;
use pg::Schema;

/// How many nodes.
pub const NODES: usize = 3;

/// Signaling round trips through the load balancer.
pub const SIGNALING_WITHIN: Duration = Duration::from_secs(10);

/// How long what one node does may take to show on another (a loaded test machine).
pub const ACROSS_WITHIN: Duration = Duration::from_secs(10);

/// How long a room's takeover may take: the lease expires 3 s after the last renewal, the
/// survivors look every second; generous for a loaded machine.
pub const TAKEOVER_WITHIN: Duration = Duration::from_secs(15);

/// How long HAProxy may take to see a node go down or come up (checks every 300 ms, 2 failures
/// to go down, 1 success to come up; generous for a loaded machine).
pub const LB_NOTICES_WITHIN: Duration = Duration::from_secs(10);

/// The load balancer's name of node `n` (1-based): `n1`, `n2`, `n3`.
pub fn name(n: usize) -> String {
    format!("n{n}")
}

/// An answer through the load balancer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// The JSON body, `null` when there is none.
    pub body: Value,
    /// The node that answered (`X-Stoa-Upstream`), empty when HAProxy answered itself.
    pub upstream: String,
}

/// Sends `method path` (with `body` as JSON) through `api`, so with its token and pin.
pub async fn call(api: &ApiClient, method: Method, path: &str, body: Option<Value>) -> Reply {
    let mut request = api.request(method, path).timeout(Duration::from_secs(10));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let resp = request.send().await.expect("the load balancer answers");
    let status = resp.status().as_u16();
    let upstream = upstream_of(resp.headers());
    let body = resp.json().await.unwrap_or(Value::Null);
    Reply {
        status,
        body,
        upstream,
    }
}

/// The node named in `X-Stoa-Upstream` of `headers` (empty when absent).
pub fn upstream_of(headers: &reqwest::header::HeaderMap) -> String {
    headers
        .get(lb::UPSTREAM)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Three nodes behind HAProxy on one database, and the first admin's token.
pub struct Cluster {
    // Dropped in this order: the processes, then the schema, then the directory.
    pub nodes: Vec<Node>,
    pub lb: Haproxy,
    /// The first admin (signed up through the load balancer; username `admin`).
    pub admin: String,
    http: reqwest::Client,
    schema: Schema,
    /// In cluster mode: the test's NATS namespace (its buckets are deleted at the stop).
    nats: Option<nats::Nats>,
    dir: tempfile::TempDir,
}

/// Loopback addresses free right now: one TCP port for the load balancer, and an HTTP (TCP)
/// and a media (UDP) port per node. All are held until all are chosen, so they differ.
fn free_addrs() -> (SocketAddr, Vec<(SocketAddr, SocketAddr)>) {
    let tcp = || TcpListener::bind("127.0.0.1:0").expect("free TCP port");
    let lb = tcp();
    let held: Vec<(TcpListener, UdpSocket)> = (0..NODES)
        .map(|_| {
            let udp = UdpSocket::bind("127.0.0.1:0").expect("free UDP port");
            (tcp(), udp)
        })
        .collect();
    let addrs = held
        .iter()
        .map(|(t, u)| {
            (
                t.local_addr().expect("address"),
                u.local_addr().expect("address"),
            )
        })
        .collect();
    (lb.local_addr().expect("address"), addrs)
}

impl Cluster {
    /// Starts the cluster, or says `<test>: skipped: …` and returns `None` when PostgreSQL
    /// ([`pg::URL_VAR`]) or HAProxy is missing.
    pub async fn start(test: &str) -> Option<Cluster> {
        Self::start_with(test, |_| Vec::new()).await
    }

    /// The cluster in cluster mode: every node on the shared NATS under this test's prefix
    /// (`--nats-url`, `--nats-prefix`, `--node-id nN`). Skipped like [`Cluster::start`], and when
    /// no NATS answers.
    pub async fn start_clustered(test: &str) -> Option<Cluster> {
        let nats = match nats::Nats::open().await {
            Ok(nats) => nats,
            Err(why) => {
                eprintln!("{test}: skipped: {why}");
                return None;
            }
        };
        let args = |n| nats.node_args(n);
        let mut cluster = Self::start_with(test, args).await?;
        cluster.nats = Some(nats);
        Some(cluster)
    }

    /// [`Cluster::start`] with more `stoa serve` flags for node `n` (1-based), e.g. the cluster
    /// mode's `--nats-url`, `--nats-prefix` and `--node-id`; kept for its restarts.
    pub async fn start_with(
        test: &str,
        node_args: impl Fn(usize) -> Vec<String>,
    ) -> Option<Cluster> {
        if !lb::installed() {
            eprintln!("{test}: skipped: haproxy is not installed (scripts/setup installs it)");
            return None;
        }
        let schema = match Schema::create().await {
            Ok(schema) => schema,
            Err(why) => {
                eprintln!("{test}: skipped: {why}");
                return None;
            }
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let http = reqwest::Client::new();
        let (lb_addr, addrs) = free_addrs();
        let public_url = format!("http://{lb_addr}");
        let mut nodes: Vec<Node> = addrs
            .iter()
            .enumerate()
            .map(|(i, (web, media))| {
                Node::new(
                    &name(i + 1),
                    dir.path(),
                    *web,
                    *media,
                    &schema.node_url(),
                    &public_url,
                    node_args(i + 1),
                )
            })
            .collect();
        // The first node alone applies the migrations to the empty schema, then the others
        // start together.
        nodes[0].spawn();
        nodes[0].wait_healthy(&http).await;
        for node in &mut nodes[1..] {
            node.spawn();
        }
        for node in &mut nodes[1..] {
            node.wait_healthy(&http).await;
        }
        let servers: Vec<(String, SocketAddr)> =
            nodes.iter().map(|n| (n.name.clone(), n.http)).collect();
        let lb = Haproxy::start(dir.path(), lb_addr, &servers);
        let mut cluster = Cluster {
            nodes,
            lb,
            admin: String::new(),
            http,
            schema,
            nats: None,
            dir,
        };
        for n in 1..=NODES {
            cluster
                .wait_upstream(n, |up| up == name(n), LB_NOTICES_WITHIN)
                .await;
        }
        cluster.admin = cluster.sign_up_admin().await;
        Some(cluster)
    }

    /// The first admin: `stoa admin invite` on node 1's data directory (through its admin
    /// socket, so the running node makes the invite in the shared database), then sign-up
    /// through the load balancer. Deterministic whichever node printed a bootstrap invite last
    /// (each node starting on an empty database makes one and revokes the older).
    async fn sign_up_admin(&self) -> String {
        let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_stoa"))
            .args(["admin", "invite", "--data-dir"])
            .arg(&self.nodes[0].dir)
            .env_remove("STOA_CONFIG")
            .env_remove("STOA_DATABASE_URL")
            .kill_on_drop(true)
            .output();
        let out = tokio::time::timeout(Duration::from_secs(30), out)
            .await
            .expect("stoa admin invite within 30 s")
            .expect("stoa admin runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "stoa admin invite: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let code = stdout
            .trim()
            .rsplit('/')
            .next()
            .expect("an invite link")
            .to_string();
        let mut api = self.client(None);
        let signup = call(
            &api,
            Method::POST,
            "/api/auth/signup",
            Some(json!({"invite_code": code, "username": "admin",
                        "display_name": "Admin", "password": "password123"})),
        )
        .await;
        assert_eq!(signup.status, 201, "admin sign-up: {:?}", signup);
        let token = signup.body["token"].as_str().expect("token").to_string();
        api = api.with_token(token.clone());
        let me = call(&api, Method::GET, "/api/me", None).await;
        assert_eq!(me.body["is_admin"], true, "{me:?}");
        token
    }

    /// Signs up `username` (invited by the admin) through node `pin`; returns their token.
    pub async fn sign_up(&self, username: &str, pin: usize) -> String {
        let admin = self.member(None, &self.admin);
        let invite = call(&admin, Method::POST, "/api/invites", None).await;
        assert_eq!(invite.status, 201, "{invite:?}");
        let signup = call(
            &self.client(Some(pin)),
            Method::POST,
            "/api/auth/signup",
            Some(
                json!({"invite_code": invite.body["code"], "username": username,
                        "display_name": username, "password": "password123"}),
            ),
        )
        .await;
        assert_eq!(signup.status, 201, "{signup:?}");
        signup.body["token"].as_str().expect("token").to_string()
    }

    /// `token`'s WebSocket through the load balancer, on node `pin`, after `hello`.
    pub async fn socket_on(&self, token: &str, pin: usize) -> stoa_client::Signaling {
        let mut ws = self
            .member(Some(pin), token)
            .signaling()
            .await
            .expect("websocket through the load balancer");
        assert_eq!(upstream_of(ws.handshake_headers()), name(pin));
        ws.hello(SIGNALING_WITHIN).await.expect("hello");
        ws
    }

    /// Opens an open room titled `title` as the admin, through node `pin`; returns its id.
    pub async fn open_room(&self, title: &str, pin: usize) -> stoa_proto::RoomId {
        let room = call(
            &self.member(Some(pin), &self.admin),
            Method::POST,
            "/api/rooms",
            Some(json!({"title": title, "kind": "open"})),
        )
        .await;
        assert_eq!(
            (room.status, room.upstream.clone()),
            (201, name(pin)),
            "{room:?}"
        );
        stoa_proto::RoomId(room.body["id"].as_str().expect("id").to_string())
    }

    /// Whether node `n`'s hallway, as `token`'s member sees it, lists room `id`.
    pub async fn hallway_of(&self, n: usize, token: &str, id: &str) -> bool {
        let hallway = call(
            &self.member(Some(n), token),
            Method::GET,
            "/api/rooms",
            None,
        )
        .await;
        assert_eq!(
            (hallway.status, hallway.upstream.clone()),
            (200, name(n)),
            "{hallway:?}"
        );
        hallway.body["rooms"]
            .as_array()
            .expect("rooms")
            .iter()
            .any(|room| room["id"] == id)
    }

    /// Polls node `n`'s `GET /api/rooms` as `token`'s member until it lists `id` (or not, as
    /// `want` says); returns how long it took.
    pub async fn wait_hallway(&self, n: usize, token: &str, id: &str, want: bool) -> Duration {
        let started = Instant::now();
        while self.hallway_of(n, token, id).await != want {
            assert!(
                started.elapsed() < ACROSS_WITHIN,
                "n{n}'s hallway: room listed={want} not within {ACROSS_WITHIN:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        started.elapsed()
    }

    /// How many live rooms node `n` runs itself (its `stoa_rooms` gauge, read on its own address).
    pub async fn rooms_run_by(&self, n: usize) -> u32 {
        let url = format!("http://{}/metrics", self.node(n).http);
        let text = self
            .http
            .get(&url)
            .send()
            .await
            .and_then(|resp| resp.error_for_status())
            .expect("metrics")
            .text()
            .await
            .expect("metrics text");
        text.lines()
            .find_map(|line| line.strip_prefix("stoa_rooms "))
            .and_then(|value| value.trim().parse::<f64>().ok())
            .map_or(0, |value| value as u32)
    }

    /// The load balancer's base URL (the only address clients use).
    pub fn base(&self) -> String {
        self.lb.base()
    }

    /// An API client through the load balancer, pinned to node `pin` (1-based) if given; its
    /// WebSocket is pinned too.
    pub fn client(&self, pin: Option<usize>) -> ApiClient {
        let api = ApiClient::new(&self.base());
        match pin {
            Some(n) => api.with_header(
                HeaderName::from_static(lb::PIN),
                HeaderValue::from_str(&name(n)).expect("node name"),
            ),
            None => api,
        }
    }

    /// [`Cluster::client`] signed in with `token`.
    pub fn member(&self, pin: Option<usize>, token: &str) -> ApiClient {
        self.client(pin).with_token(token.to_string())
    }

    /// Node `n` (1-based).
    pub fn node(&self, n: usize) -> &Node {
        &self.nodes[n - 1]
    }

    /// Polls `GET /api/health` pinned to node `pin` until it is answered (200) by an upstream
    /// for which `want` holds; returns that upstream and how long it took. Panics after
    /// `within`.
    pub async fn wait_upstream(
        &mut self,
        pin: usize,
        want: impl Fn(&str) -> bool,
        within: Duration,
    ) -> (String, Duration) {
        let started = Instant::now();
        let api = self.client(Some(pin));
        loop {
            self.lb.assert_running();
            let answer = api
                .request(Method::GET, "/api/health")
                .timeout(Duration::from_secs(2))
                .send()
                .await;
            let last = match answer {
                Ok(resp) => {
                    let upstream = upstream_of(resp.headers());
                    if resp.status().is_success() && want(&upstream) {
                        return (upstream, started.elapsed());
                    }
                    format!("{} from {upstream:?}", resp.status())
                }
                Err(e) => e.to_string(),
            };
            assert!(
                started.elapsed() < within,
                "requests pinned to {} not answered as wanted within {within:?} (last: {last})",
                name(pin)
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// `kill -9` node `n`.
    pub async fn kill(&mut self, n: usize) {
        self.nodes[n - 1].kill().await;
    }

    /// Stops node `n` cleanly (SIGTERM), as for an upgrade: a drain.
    pub async fn drain(&mut self, n: usize) {
        self.nodes[n - 1].terminate().await;
    }

    /// Starts node `n` again with the same flags and waits until it answers `/api/health`
    /// itself (HAProxy notices it afterwards: see [`Cluster::wait_upstream`]).
    pub async fn restart(&mut self, n: usize) {
        let node = &mut self.nodes[n - 1];
        node.spawn();
        node.wait_healthy(&self.http).await;
    }

    /// Stops everything and drops the schema; the end of every test.
    pub async fn stop(mut self) {
        for node in &mut self.nodes {
            node.kill().await;
        }
        self.lb.stop().await;
        self.schema.drop_now().await;
        if let Some(nats) = &self.nats {
            nats.clean_up().await;
        }
    }

    /// Prints every log (the nodes' and HAProxy's) to stderr.
    pub fn print_logs(&self) {
        for node in &self.nodes {
            eprintln!(
                "---- {} ({}, log {}) ----\n{}",
                node.name,
                node.http,
                node.log_path().display(),
                node.log_text()
            );
        }
        eprintln!(
            "---- haproxy ({}) ----\n{}",
            self.lb.addr,
            self.lb.log_text()
        );
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.print_logs();
        }
    }
}
