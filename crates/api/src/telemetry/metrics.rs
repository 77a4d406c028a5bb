//! Prometheus metrics. One recorder per process (the `metrics` facade's global one, built
//! here with no HTTP listener of its own), rendered on request at `/metrics`: on the separate
//! `--metrics` listener ([`serve`]), or on the main listener for loopback callers only
//! ([`loopback_metrics`]).
//!
//! Counts that describe a server's state (rooms, peers, WebSockets, the SFU's packet
//! counters) are read from the service when scraped, so the media path does no extra work.
//! Histograms and request counters are recorded where things happen: per HTTP request
//! ([`track_http`]), per store call (`stoa_store::timing`), per SFU send batch, per join.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, Unit};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use stoa_proto::ErrorCode;
use stoa_service::telemetry::SEND_BATCH_SIZE as BATCH_SIZE_METRIC;
use stoa_service::telemetry::{DB_QUERY_SECONDS, ERRORS_TOTAL, JOIN_SECONDS, ROOM_WRITE_FAILURES};
use stoa_service::Stoa;
use tokio::net::TcpListener;

use crate::{ApiError, AppState};

/// Gauge: live rooms.
pub const ROOMS: &str = "stoa_rooms";
/// Gauge: SFU peers by `state` (`connecting`, `connected`, `settled`).
pub const PEERS: &str = "stoa_peers";
/// Gauge: members with at least one open signaling WebSocket.
pub const MEMBERS_ONLINE: &str = "stoa_members_online";
/// Gauge: open signaling WebSockets.
pub const WEBSOCKETS: &str = "stoa_websockets";
/// Counter: RTP packets received from microphones.
pub const PACKETS_IN: &str = "stoa_sfu_packets_in_total";
/// Counter: RTP packets written to listeners (one per listener per packet).
pub const PACKETS_FORWARDED: &str = "stoa_sfu_packets_forwarded_total";
/// Counter: packets dropped, by `reason`.
pub const PACKETS_DROPPED: &str = "stoa_sfu_packets_dropped_total";
/// Counter: media offers refused with `server_busy` (too many connections in set-up).
pub const OFFERS_REFUSED_BUSY: &str = "stoa_sfu_offers_refused_busy_total";
/// Counter: HTTP requests by `method`, `route` (the route template) and `status`.
pub const HTTP_REQUESTS: &str = "stoa_http_requests_total";
/// Histogram: seconds to answer an HTTP request, by `route`.
pub const HTTP_SECONDS: &str = "stoa_http_request_duration_seconds";

/// Every metric Stoa exports (the Grafana dashboard uses only these).
pub const ALL: &[&str] = &[
    ROOMS,
    PEERS,
    MEMBERS_ONLINE,
    WEBSOCKETS,
    PACKETS_IN,
    PACKETS_FORWARDED,
    PACKETS_DROPPED,
    OFFERS_REFUSED_BUSY,
    BATCH_SIZE_METRIC,
    JOIN_SECONDS,
    HTTP_REQUESTS,
    HTTP_SECONDS,
    DB_QUERY_SECONDS,
    ERRORS_TOTAL,
    ROOM_WRITE_FAILURES,
];

/// How often histograms are folded and idle data dropped when nobody scrapes.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// The process's recorder, installed on first use.
pub fn recorder() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let handle = build()
            .install_recorder()
            .unwrap_or_else(|_| build().build_recorder().handle());
        describe();
        let upkeep = handle.clone();
        // The recorder lives as long as the process; so does its upkeep.
        let _ = std::thread::Builder::new()
            .name("metrics-upkeep".into())
            .spawn(move || loop {
                std::thread::sleep(UPKEEP_EVERY);
                upkeep.run_upkeep();
            });
        handle
    })
}

/// Histogram buckets for each histogram (true Prometheus histograms, not summaries).
fn build() -> PrometheusBuilder {
    let buckets: [(&str, &[f64]); 4] = [
        (
            HTTP_SECONDS,
            &[
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ],
        ),
        (
            DB_QUERY_SECONDS,
            &[
                0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0,
            ],
        ),
        (
            JOIN_SECONDS,
            &[
                0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0,
            ],
        ),
        (BATCH_SIZE_METRIC, &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0]),
    ];
    buckets
        .into_iter()
        .fold(PrometheusBuilder::new(), |builder, (name, values)| {
            builder
                .set_buckets_for_metric(Matcher::Full(name.to_string()), values)
                .expect("bucket lists are not empty")
        })
}

/// HELP text for every metric.
fn describe() {
    describe_gauge!(ROOMS, "Live rooms.");
    describe_gauge!(
        PEERS,
        "SFU peers by state: connecting (ICE/DTLS not up yet), connected, settled (connected, served without str0m)."
    );
    describe_gauge!(
        MEMBERS_ONLINE,
        "Members with at least one open signaling WebSocket."
    );
    describe_gauge!(WEBSOCKETS, "Open signaling WebSockets.");
    describe_counter!(
        PACKETS_IN,
        "RTP packets received from microphones (forwarded or not)."
    );
    describe_counter!(
        PACKETS_FORWARDED,
        "RTP packets written to listeners (one per listener per packet)."
    );
    describe_counter!(
        PACKETS_DROPPED,
        "Packets dropped by reason: audience and muted (RTP from members who may not speak), unknown (datagrams from no known peer), stun_auth and srtp_auth (failed authentication)."
    );
    describe_counter!(
        OFFERS_REFUSED_BUSY,
        "Media offers refused at once with server_busy: the node was setting up as many connections as --sfu-max-connecting allows."
    );
    describe_histogram!(
        BATCH_SIZE_METRIC,
        Unit::Count,
        "Datagrams per send batch (sendmmsg), one sample per batch."
    );
    describe_histogram!(
        JOIN_SECONDS,
        Unit::Seconds,
        "Seconds from a member's join_room to their media connection being up."
    );
    describe_counter!(
        HTTP_REQUESTS,
        "HTTP requests by method, route template and status."
    );
    describe_histogram!(
        HTTP_SECONDS,
        Unit::Seconds,
        "Seconds to answer HTTP requests, by route template."
    );
    describe_histogram!(
        DB_QUERY_SECONDS,
        Unit::Seconds,
        "Seconds per database call, by store operation."
    );
    describe_counter!(
        ERRORS_TOTAL,
        "Errors sent to clients, by error code and via (http or ws)."
    );
    describe_counter!(
        ROOM_WRITE_FAILURES,
        "Room writes (saved state, moderation log, moderators, kind, admissions, end) that failed, by op."
    );
}

/// Scrapes are one at a time: each sets the gauges from its own server, then renders.
static SCRAPE: Mutex<()> = Mutex::new(());

/// The Prometheus text exposition of `stoa`'s metrics.
pub fn render(stoa: &Stoa) -> String {
    let handle = recorder();
    let _one_at_a_time = SCRAPE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    sample(stoa);
    handle.render()
}

/// Copies the service's and the SFU's counts into the registry.
fn sample(stoa: &Stoa) {
    let service = stoa.presence().gauges();
    let sfu = stoa.sfu().stats();
    gauge!(ROOMS).set(service.rooms as f64);
    gauge!(MEMBERS_ONLINE).set(service.members_online as f64);
    gauge!(WEBSOCKETS).set(service.sessions as f64);
    let connected = sfu.peers_connected.min(sfu.peers);
    let settled = sfu.peers_settled.min(connected);
    for (state, n) in [
        ("connecting", sfu.peers - connected),
        ("connected", connected - settled),
        ("settled", settled),
    ] {
        gauge!(PEERS, "state" => state).set(n as f64);
    }
    counter!(PACKETS_IN).absolute(sfu.packets_in);
    counter!(PACKETS_FORWARDED).absolute(sfu.packets_forwarded);
    let muted = sfu.dropped_muted.min(sfu.dropped_not_allowed);
    for (reason, n) in [
        ("audience", sfu.dropped_not_allowed - muted),
        ("muted", muted),
        ("unknown", sfu.dropped_unknown),
        ("stun_auth", sfu.rejected_stun),
        ("srtp_auth", sfu.rejected_srtp),
    ] {
        counter!(PACKETS_DROPPED, "reason" => reason).absolute(n);
    }
    counter!(OFFERS_REFUSED_BUSY).absolute(sfu.refused_busy);
}

fn exposition(stoa: &Stoa) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        render(stoa),
    )
        .into_response()
}

/// `/metrics` on the main listener: only for callers on this machine (the socket peer is a
/// loopback address and no proxy forwarded the request); anyone else gets `403`, and so does
/// everyone when the server that runs the router does not say who the peer is.
pub(crate) async fn loopback_metrics(State(state): State<AppState>, request: Request) -> Response {
    let forwarded = ["x-forwarded-for", "forwarded", "x-real-ip"]
        .iter()
        .any(|name| request.headers().contains_key(*name));
    let local = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .is_some_and(|ConnectInfo(peer)| peer.ip().to_canonical().is_loopback());
    if !local || forwarded {
        return ApiError::new(
            ErrorCode::Forbidden,
            "metrics are served to this machine only (or use --metrics ADDR)",
        )
        .into_response();
    }
    exposition(&state.stoa)
}

/// The `--metrics` listener's application: `/metrics` and nothing else.
pub fn router(stoa: Stoa) -> Router {
    Router::new()
        .route(
            "/metrics",
            get(|State(stoa): State<Stoa>| async move { exposition(&stoa) }),
        )
        .with_state(stoa)
}

/// Serves [`router`] on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    stoa: Stoa,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    recorder();
    axum::serve(listener, router(stoa))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Counts and times each request by its route template (never the raw path).
pub(crate) async fn track_http(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("fallback", MatchedPath::as_str)
        .to_owned();
    let method = method_label(request.method());
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    histogram_http(&route, started.elapsed());
    counter!(HTTP_REQUESTS, "method" => method, "route" => route, "status" => status).increment(1);
    response
}

fn histogram_http(route: &str, took: Duration) {
    metrics::histogram!(HTTP_SECONDS, "route" => route.to_owned()).record(took.as_secs_f64());
}

/// Standard methods by name; anything else one label (clients choose methods).
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}
