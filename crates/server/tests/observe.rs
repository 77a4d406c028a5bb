//! Watching Stoa run: `/metrics` scraped from a real server with a real room (bots over real
//! WebRTC), the loopback-only rule on the main listener, the `--metrics` listener, request ids,
//! the health and readiness probes, and the Grafana dashboard's metric names.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use common::{Bot, TestServer, T};
use stoa_client::{AudioSource, MediaSession};
use stoa_server::ServeConfig;
use tower::ServiceExt;

/// One scrape: each sample line's value by its series (`name{labels}`), and the names the
/// `# TYPE` lines declare.
struct Scrape {
    samples: HashMap<String, f64>,
    names: BTreeSet<String>,
}

impl Scrape {
    fn parse(text: &str) -> Scrape {
        let mut samples = HashMap::new();
        let mut names = BTreeSet::new();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                names.insert(rest.split(' ').next().unwrap_or_default().to_string());
            } else if !line.starts_with('#') && !line.is_empty() {
                let (series, value) = line.rsplit_once(' ').expect("`series value`");
                samples.insert(series.to_string(), value.parse().expect("a number"));
            }
        }
        Scrape { samples, names }
    }

    /// The value of one series (0 when absent).
    fn value(&self, series: &str) -> f64 {
        self.samples.get(series).copied().unwrap_or(0.0)
    }

    /// The sum over every series of `name` whose labels contain all of `labels`.
    fn sum(&self, name: &str, labels: &[&str]) -> f64 {
        self.samples
            .iter()
            .filter(|(series, _)| {
                let (n, rest) = series.split_once('{').unwrap_or((series, ""));
                n == name && labels.iter().all(|label| rest.contains(label))
            })
            .map(|(_, v)| v)
            .sum()
    }
}

async fn scrape(url: &str) -> Scrape {
    let response = reqwest::get(url).await.expect("scrape");
    assert_eq!(response.status(), 200, "{url}");
    Scrape::parse(&response.text().await.expect("body"))
}

async fn media(bot: &mut Bot, source: AudioSource) -> MediaSession {
    let media = MediaSession::connect(&mut bot.ws, source)
        .await
        .expect("media session");
    media.wait_connected(T).await.expect("media connects");
    media
}

fn with_metrics_listener(dir: &tempfile::TempDir) -> ServeConfig {
    let mut config = ServeConfig::for_tests(dir.path().to_path_buf());
    config.metrics = Some(SocketAddr::from(([127, 0, 0, 1], 0)));
    config
}

#[tokio::test]
async fn metrics_show_the_room_its_peers_and_the_forwarded_packets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = with_metrics_listener(&dir);
    let server = TestServer::start_with(dir, config).await;
    let (admin_token, [bob_token, carol_token]) = server.people(["bob", "carol"]).await;
    let room = server.room(&admin_token, "Watched").await;

    // A speaker, a listener who hears them, and an audience member whose audio is dropped.
    let mut admin = server.joined(&admin_token, &room).await;
    let _speaker = media(&mut admin, AudioSource::tone(440.0)).await;
    let mut bob = server.joined(&bob_token, &room).await;
    let listener = media(&mut bob, AudioSource::Silence).await;
    listener
        .wait_for_tone(440.0, T)
        .await
        .expect("bob hears the speaker");
    let mut carol = server.joined(&carol_token, &room).await;
    let audience = media(&mut carol, AudioSource::tone(880.0)).await;
    // An error a client sees, counted by its code.
    let (status, _) = server.get("/api/no-such-thing", None).await;
    assert_eq!(status, 404);

    let main = format!("{}/metrics", server.base());
    let deadline = Instant::now() + T;
    let m = loop {
        let m = scrape(&main).await;
        let settled_or_connected =
            m.value(r#"stoa_peers{state="connected"}"#) + m.value(r#"stoa_peers{state="settled"}"#);
        let ready = settled_or_connected == 3.0
            && audience.frames_sent() >= 25
            && m.value("stoa_sfu_packets_forwarded_total") >= 25.0;
        if ready || Instant::now() > deadline {
            break m;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(m.value("stoa_rooms"), 1.0, "one live room");
    assert_eq!(
        m.value(r#"stoa_peers{state="connected"}"#) + m.value(r#"stoa_peers{state="settled"}"#),
        3.0,
        "three media connections up"
    );
    assert_eq!(m.value(r#"stoa_peers{state="connecting"}"#), 0.0);
    assert_eq!(m.value("stoa_members_online"), 3.0);
    assert_eq!(m.value("stoa_websockets"), 3.0);
    let packets_in = m.value("stoa_sfu_packets_in_total");
    let forwarded = m.value("stoa_sfu_packets_forwarded_total");
    assert!(
        packets_in >= 25.0,
        "half a second of audio came in: {packets_in}"
    );
    assert!(forwarded >= 25.0, "and went out to listeners: {forwarded}");
    assert!(
        m.value(r#"stoa_sfu_packets_dropped_total{reason="audience"}"#) > 0.0,
        "the audience's audio is dropped as such"
    );
    assert_eq!(
        m.value(r#"stoa_sfu_packets_dropped_total{reason="muted"}"#),
        0.0
    );
    assert_eq!(
        m.value(r#"stoa_sfu_packets_dropped_total{reason="stun_auth"}"#),
        0.0
    );
    assert!(
        m.value("stoa_join_seconds_count") >= 3.0,
        "three joins timed"
    );
    let join_sum = m.value("stoa_join_seconds_sum");
    assert!(
        join_sum > 0.0 && join_sum < 3.0 * T.as_secs_f64(),
        "{join_sum}"
    );
    assert!(m.value("stoa_sfu_send_batch_size_count") > 0.0);
    assert!(
        m.sum(
            "stoa_http_requests_total",
            &[r#"route="/api/rooms""#, r#"status="201""#]
        ) >= 1.0,
        "the room's creation, by route template"
    );
    assert!(
        m.sum(
            "stoa_http_requests_total",
            &[r#"route="/api/users/{username}""#]
        ) == 0.0
            && !m.samples.keys().any(|s| s.contains("/api/users/bob")),
        "never a raw path"
    );
    assert!(m.sum("stoa_db_query_seconds_count", &[r#"op="create_room""#]) >= 1.0);
    assert!(
        m.sum(
            "stoa_errors_total",
            &[r#"code="not_found""#, r#"via="http""#]
        ) >= 1.0
    );

    // The same on the --metrics listener, which serves nothing else.
    let metrics_addr = server.running.metrics_addr.expect("--metrics listener");
    let separate = scrape(&format!("http://{metrics_addr}/metrics")).await;
    assert_eq!(separate.value("stoa_rooms"), 1.0);
    let other = reqwest::get(format!("http://{metrics_addr}/api/health"))
        .await
        .expect("request");
    assert_eq!(other.status(), 404);

    // Every metric the Grafana dashboard uses is one Stoa exports.
    let used = dashboard_metrics();
    assert!(used.len() >= 10, "the dashboard uses the metrics: {used:?}");
    let missing: Vec<_> = used.difference(&m.names).collect();
    assert!(
        missing.is_empty(),
        "dashboard metrics Stoa does not export: {missing:?}"
    );
    let exported: BTreeSet<String> = stoa_api::telemetry::metrics::ALL
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        m.names.intersection(&exported).count(),
        exported.len(),
        "all exported: {:?}",
        m.names
    );
    server.stop().await;
}

/// The metric names in `deploy/grafana/stoa.json`'s queries (histogram suffixes removed).
fn dashboard_metrics() -> BTreeSet<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../deploy/grafana/stoa.json"
    );
    let text = std::fs::read_to_string(path).expect("dashboard file");
    let dashboard: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let mut exprs = Vec::new();
    collect_exprs(&dashboard, &mut exprs);
    assert!(!exprs.is_empty(), "the dashboard has queries");
    let mut names = BTreeSet::new();
    for expr in exprs {
        let mut rest = expr.as_str();
        while let Some(at) = rest.find("stoa_") {
            let tail = &rest[at..];
            let end = tail
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(tail.len());
            let name = &tail[..end];
            let base = ["_bucket", "_count", "_sum"]
                .iter()
                .find_map(|suffix| name.strip_suffix(suffix))
                .unwrap_or(name);
            names.insert(base.to_string());
            rest = &tail[end..];
        }
    }
    names
}

fn collect_exprs(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("expr", serde_json::Value::String(expr)) => out.push(expr.clone()),
                    _ => collect_exprs(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_exprs(v, out)),
        _ => {}
    }
}

/// Calls the main application as if the request came from `peer`.
async fn metrics_from(
    server: &TestServer,
    peer: Option<[u8; 4]>,
    forwarded_for: Option<&str>,
) -> (u16, serde_json::Value) {
    let app = stoa_api::router(server.running.stoa.clone(), &api_config());
    let mut request = Request::get("/metrics");
    if let Some(client) = forwarded_for {
        request = request.header("x-forwarded-for", client);
    }
    let mut request = request.body(Body::empty()).expect("request");
    if let Some(peer) = peer {
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from((peer, 40_000))));
    }
    let response = app.oneshot(request).await.expect("answer");
    let status = response.status().as_u16();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .expect("body");
    (
        status,
        serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
    )
}

fn api_config() -> stoa_api::ApiConfig {
    stoa_api::ApiConfig {
        auth_attempts_per_minute: 100,
        sign_in_failures_per_account: 10,
        trusted_proxies: Vec::new(),
    }
}

#[tokio::test]
async fn metrics_on_the_main_listener_are_for_this_machine_only() {
    let server = TestServer::start().await;
    let (status, body) = metrics_from(&server, Some([192, 0, 2, 10]), None).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(common::code(&body), "forbidden");
    // A proxy on this machine forwarding someone else's request is refused too.
    let (status, body) = metrics_from(&server, Some([127, 0, 0, 1]), Some("192.0.2.10")).await;
    assert_eq!(status, 403, "{body}");
    // So is everyone when the peer is not known.
    let (status, _) = metrics_from(&server, None, None).await;
    assert_eq!(status, 403);
    let (status, _) = metrics_from(&server, Some([127, 0, 0, 1]), None).await;
    assert_eq!(status, 200);
    server.stop().await;
}

#[tokio::test]
async fn requests_carry_an_id_echoed_in_the_response() {
    let server = TestServer::start().await;
    let url = format!("{}/api/health", server.base());
    let response = reqwest::get(&url).await.expect("request");
    let id = response
        .headers()
        .get("x-request-id")
        .expect("an id is generated")
        .to_str()
        .expect("text")
        .to_string();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let response = server
        .http
        .get(&url)
        .header("x-request-id", "from-the-proxy-42")
        .send()
        .await
        .expect("request");
    assert_eq!(response.headers()["x-request-id"], "from-the-proxy-42");
    server.stop().await;
}

#[tokio::test]
async fn ready_needs_the_database_while_health_only_needs_the_process() {
    let server = TestServer::start().await;
    let (status, body) = server.get("/api/ready", None).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));

    // The database stops answering (its pool is closed): not ready, yet alive.
    server.running.stoa.store().close().await;
    let (status, body) = server.get("/api/ready", None).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(common::code(&body), "not_ready");
    let (status, body) = server.get("/api/health", None).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
    server.stop().await;
}
