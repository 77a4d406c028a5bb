//! `stoa-bench join`: how long a listener waits for sound. Starts a server in a temp directory
//! (loopback, ephemeral ports), puts one speaker with a tone on stage, then joins listeners one
//! at a time and measures WebSocket open → first audio packet received.

use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use stoa_client::{ApiClient, AudioSource, MediaSession};
use stoa_proto::rest::SignupRequest;
use stoa_proto::RoomKind;
use stoa_server::ServeConfig;

use crate::stats::percentile;

/// Options of `stoa-bench join`.
#[derive(Debug, Clone, clap::Args)]
pub struct JoinBench {
    /// How many listener joins to measure.
    #[arg(long, default_value = "20")]
    pub joins: usize,
}

const T: Duration = Duration::from_secs(10);

async fn signup(base: &str, code: &str, username: &str) -> anyhow::Result<ApiClient> {
    let mut api = ApiClient::new(base);
    api.signup(&SignupRequest {
        invite_code: code.to_string(),
        username: username.to_string(),
        display_name: username.to_string(),
        password: "bench-password".to_string(),
    })
    .await
    .with_context(|| format!("sign up {username}"))?;
    Ok(api)
}

/// Runs the benchmark and prints the figures.
pub async fn run(opts: JoinBench) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let server = stoa_server::start(ServeConfig::for_tests(dir.path().to_path_buf())).await?;
    let base = format!("http://{}", server.http_addr);
    let code = server
        .bootstrap_invite
        .as_deref()
        .and_then(|l| l.rsplit('/').next());
    let admin = signup(&base, code.context("bootstrap invite")?, "host").await?;
    let room = admin.create_room("bench", RoomKind::Open).await?.id;
    let mut host_ws = admin.signaling().await?;
    host_ws.join_room(&room, T).await?;
    let speaker = MediaSession::connect(&mut host_ws, AudioSource::tone(440.0)).await?;
    speaker.wait_connected(T).await?;

    let mut samples = Vec::with_capacity(opts.joins);
    for i in 0..opts.joins {
        let invite = admin.create_invite().await?;
        let listener = signup(&base, &invite.code, &format!("listener{i}")).await?;
        let started = Instant::now();
        let mut ws = listener.signaling().await?;
        ws.join_room(&room, T).await?;
        let media = MediaSession::connect(&mut ws, AudioSource::Silence).await?;
        let first = loop {
            if let Some(at) = media.first_packet_at() {
                break at;
            }
            if started.elapsed() > T {
                bail!("listener {i} got no audio within {T:?}");
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        };
        samples.push(first.saturating_duration_since(started));
        media.close();
        ws.close().await.ok();
    }
    let ms = |d: Option<Duration>| d.map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0);
    println!(
        "join time (WebSocket open -> first audio packet), {} joins on loopback:",
        samples.len()
    );
    println!("  p50 {:.1} ms", ms(percentile(&samples, 50.0)));
    println!("  p99 {:.1} ms", ms(percentile(&samples, 99.0)));
    println!(
        "  min {:.1} ms, max {:.1} ms",
        ms(samples.iter().min().copied()),
        ms(samples.iter().max().copied())
    );
    speaker.close();
    server.shutdown().await?;
    Ok(())
}
