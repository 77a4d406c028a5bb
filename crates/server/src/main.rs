//! The `stoa` binary: `stoa serve` runs everything in one process; `stoa admin`, `stoa backup`
//! and `stoa restore` are the operator's tools beside it.

#![allow(
    clippy::print_stdout,
    reason = "the operator's commands print their results"
)]

use std::path::Path;

use anyhow::Context;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};
use stoa_server::config_file;
use stoa_server::ServeConfig;

#[derive(Parser)]
#[command(name = "stoa", version, about = "Invite-only live audio rooms")]
struct Cli {
    /// A TOML file of `serve` settings (keys are the long flag names); flags and `STOA_*`
    /// variables override it.
    #[arg(long, global = true, env = "STOA_CONFIG")]
    config: Option<std::path::PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server: HTTP API, WebSocket signaling, SFU and web client.
    Serve(Box<ServeConfig>),
    /// Operator commands (through the running server when there is one).
    Admin(AdminArgs),
    /// Write a consistent backup of the SQLite database (safe while the server runs).
    Backup(FileArgs),
    /// Replace the SQLite database with a backup (the server must be stopped).
    Restore(FileArgs),
}

#[derive(clap::Args)]
struct AdminArgs {
    #[command(flatten)]
    data: stoa_server::data_dir::DataArgs,
    #[command(subcommand)]
    command: stoa_server::admin::AdminCommand,
}

#[derive(clap::Args)]
struct FileArgs {
    /// The backup file.
    file: std::path::PathBuf,
    #[command(flatten)]
    data: stoa_server::data_dir::DataArgs,
}

fn main() -> std::process::ExitCode {
    match run_main() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("stoa: error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run_main() -> anyhow::Result<()> {
    let matches = Cli::command().get_matches();
    let mut cli = Cli::from_arg_matches(&matches)
        .unwrap_or_else(|err| err.format(&mut Cli::command()).exit());
    if let (Some(path), Some((_, command_matches))) = (cli.config.clone(), matches.subcommand()) {
        cli.command = with_file(cli.command, command_matches, &path)?;
    }
    init_logs(&cli.command);
    let runtime = tokio::runtime::Runtime::new().context("starting the runtime")?;
    let result = runtime.block_on(run(cli.command));
    // Blocking work still running must not keep a stopped server from exiting.
    runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    result
}

/// `command` with the configuration file at `path` under its flags and `STOA_*` variables.
fn with_file(command: Command, matches: &ArgMatches, path: &Path) -> anyhow::Result<Command> {
    // The operator commands' data flags are global: their values sit with the innermost command.
    let innermost = |mut m: &ArgMatches| {
        while let Some((_, inner)) = m.subcommand() {
            m = inner;
        }
        m.clone()
    };
    Ok(match command {
        Command::Serve(config) => {
            Command::Serve(Box::new(config_file::apply(*config, matches, path)?))
        }
        Command::Admin(mut args) => {
            args.data = config_file::apply(args.data, &innermost(matches), path)?;
            Command::Admin(args)
        }
        Command::Backup(mut args) => {
            args.data = config_file::apply(args.data, matches, path)?;
            Command::Backup(args)
        }
        Command::Restore(mut args) => {
            args.data = config_file::apply(args.data, matches, path)?;
            Command::Restore(args)
        }
    })
}

/// Logs go to stderr, filtered by `STOA_LOG` (default [`default_log_filter`]), as text or as
/// one JSON object per line (`serve --log-format json`).
fn init_logs(command: &Command) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("STOA_LOG")
        .unwrap_or_else(|_| default_log_filter(command).into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match command {
        Command::Serve(config) if config.log_format == stoa_server::LogFormat::Json => logs
            .json()
            .with_current_span(true)
            .with_span_list(true)
            .init(),
        _ => logs.init(),
    }
}

/// `serve` logs at info; the operator's tools keep the terminal for their output.
fn default_log_filter(command: &Command) -> &'static str {
    match command {
        Command::Serve(_) => "info,sqlx=warn",
        Command::Admin(_) | Command::Backup(_) | Command::Restore(_) => "warn,sqlx=error",
    }
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(config) => serve(*config).await,
        Command::Admin(args) => admin(args).await,
        Command::Backup(args) => backup(args).await,
        Command::Restore(args) => restore(args).await,
    }
}

async fn admin(args: AdminArgs) -> anyhow::Result<()> {
    match stoa_server::admin::run(&args.data, args.command).await? {
        stoa_server::admin::AdminReply::Done { output, note } => {
            println!("{output}");
            if let Some(note) = note {
                eprintln!("stoa: {note}");
            }
            Ok(())
        }
        stoa_server::admin::AdminReply::Failed { message, .. } => anyhow::bail!(message),
    }
}

async fn backup(args: FileArgs) -> anyhow::Result<()> {
    let summary = stoa_server::backup::backup(&args.data, &args.file).await?;
    println!(
        "stoa: backed up {} members (schema {}) to {}",
        summary.members,
        summary.schema_version,
        args.file.display()
    );
    Ok(())
}

async fn restore(args: FileArgs) -> anyhow::Result<()> {
    let restored = stoa_server::backup::restore(&args.data, &args.file).await?;
    println!(
        "stoa: restored {} ({} members, schema {}) as {}",
        args.file.display(),
        restored.summary.members,
        restored.summary.schema_version,
        restored.database.display()
    );
    if let Some(kept) = restored.kept {
        println!("stoa: the previous database is kept as {}", kept.display());
    }
    Ok(())
}

async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    let running = stoa_server::start(config).await.context("starting stoa")?;
    println!("stoa: listening on {}", running.base_url());
    if let (Some(plain), Some(_)) = (running.plain_http_addr, running.https_addr) {
        println!("stoa: also plain http://{plain}");
    }
    if let Some(redirect) = running.redirect_addr {
        println!("stoa: http://{redirect} redirects to https");
    }
    println!("stoa: public URL {}", running.public_url);
    let offered: Vec<String> = running
        .stoa
        .sfu()
        .candidates()
        .iter()
        .map(ToString::to_string)
        .collect();
    println!(
        "stoa: media on udp {} (clients send to {})",
        running.media_addr,
        offered.join(", ")
    );
    if let Some(addr) = running.metrics_addr {
        println!("stoa: metrics on http://{addr}/metrics");
    }
    if let Some(link) = &running.bootstrap_invite {
        println!("stoa: bootstrap invite: {link}");
        println!("stoa: (open it to create the first account, which becomes an admin)");
    }
    wait_for_signal().await;
    tracing::info!("shutting down");
    // One path: stop accepting, close every WebSocket with 1012, finish what is in flight, then
    // whatever `Running::shutdown` does to the store. Bounded, so a stuck part cannot keep the
    // process from exiting.
    match tokio::time::timeout(SHUTDOWN_WITHIN, running.shutdown()).await {
        Ok(done) => done.context("http server"),
        Err(_) => anyhow::bail!("shutdown took longer than {SHUTDOWN_WITHIN:?}"),
    }
}

/// How long a clean stop may take (the process exits within 10 s of SIGTERM).
const SHUTDOWN_WITHIN: std::time::Duration = std::time::Duration::from_secs(9);

async fn wait_for_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
