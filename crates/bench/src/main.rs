//! The `stoa-bench` binary: Stoa's benchmarks, each printing figures (see `docs/performance.md`).

#![allow(clippy::print_stdout, reason = "the benchmarks print their figures")]

use anyhow::Context;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "stoa-bench", version, about = "Measure Stoa and print figures")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Join time: WebSocket open -> first audio packet at a new listener.
    Join(stoa_bench::join::JoinBench),
    /// SFU load: M speakers to N listeners over real WebRTC, against the loopback ceiling.
    Room(stoa_bench::room::RoomBench),
    /// The ranked hallway and member search in a seeded world (100k members, 1M follows).
    Hallway(stoa_bench::hallway::HallwayBench),
    /// Server memory per idle authenticated WebSocket session.
    Ws(stoa_bench::ws::WsBench),
    /// Three nodes in cluster mode: cross-node event latency and fail-over time.
    Cluster(stoa_bench::cluster::ClusterBench),
}

fn main() -> std::process::ExitCode {
    match run_main() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("stoa-bench: error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run_main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_logs();
    let runtime = tokio::runtime::Runtime::new().context("starting the runtime")?;
    let result = runtime.block_on(run(cli.command));
    // Blocking work still running must not keep the process from exiting.
    runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    result
}

/// Logs go to stderr, filtered by `STOA_LOG` (default: warnings only, so the terminal keeps the
/// progress bars and figures).
fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("STOA_LOG")
        .unwrap_or_else(|_| "warn,sqlx=error".into());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Join(opts) => stoa_bench::join::run(opts).await,
        Command::Room(opts) => stoa_bench::room::run(opts).await,
        Command::Hallway(opts) => stoa_bench::hallway::run(opts).await,
        Command::Ws(opts) => stoa_bench::ws::run(opts).await,
        Command::Cluster(opts) => stoa_bench::cluster::run(opts).await,
    }
}
