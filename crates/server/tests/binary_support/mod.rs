//! Running the real `stoa` binary in a test: the command, and reading its start-up lines.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, ChildStdout, Command};

/// Its standard output, kept open while it runs.
pub type Stdout = tokio::io::Lines<BufReader<ChildStdout>>;

/// `stoa serve` on ephemeral loopback ports with its data in `dir`, standard output piped,
/// killed if dropped before it exits; add flags and variables before [`spawn`].
pub fn serve_command(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_stoa"));
    command
        .args(["serve", "--http", "127.0.0.1:0", "--media", "127.0.0.1:0"])
        .arg("--data-dir")
        .arg(dir)
        .env("STOA_LOG", "warn")
        .env_remove("STOA_CONFIG")
        .stdout(Stdio::piped())
        .kill_on_drop(true);
    command
}

/// Starts it and reads its standard output until it has named its HTTP address and the
/// bootstrap invite (30 s at most); returns the process, the rest of its output, the address
/// and the invite code.
pub async fn spawn(command: &mut Command) -> (Child, Stdout, SocketAddr, String) {
    let mut child = command.spawn().expect("stoa starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let (mut addr, mut code) = (None, None);
    let read = async {
        while let Some(line) = lines.next_line().await.expect("stdout") {
            if let Some(rest) = line.strip_prefix("stoa: listening on http://") {
                addr = Some(rest.trim().parse().expect("address"));
            }
            if let Some(link) = line.strip_prefix("stoa: bootstrap invite: ") {
                code = link.rsplit('/').next().map(str::to_string);
            }
            if addr.is_some() && code.is_some() {
                return;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(30), read)
        .await
        .expect("stoa prints its address");
    (
        child,
        lines,
        addr.expect("listening line"),
        code.expect("bootstrap invite"),
    )
}

/// Signs up the first admin at `addr` with the bootstrap invite `code`, sending `request_id`
/// as `x-request-id`; returns the answer (`token`, `user`).
pub async fn sign_up_admin(addr: SocketAddr, code: &str, request_id: &str) -> serde_json::Value {
    let signup: serde_json::Value = reqwest::Client::new()
        .post(format!("http://{addr}/api/auth/signup"))
        .header("x-request-id", request_id)
        .json(
            &serde_json::json!({"invite_code": code, "username": "admin",
                                  "display_name": "Admin", "password": "password123"}),
        )
        .send()
        .await
        .expect("signup")
        .json()
        .await
        .expect("json");
    assert!(signup["token"].is_string(), "signed up: {signup}");
    signup
}
