//! The server under test as a child process (`stoa serve` on ephemeral loopback ports), and what
//! `/proc` says about a process: CPU time (utime + stime), resident memory, per-thread CPU.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use anyhow::{bail, Context};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// How long the child may take to print its address.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// A `stoa serve` child; killed when dropped.
#[derive(Debug)]
pub struct ChildServer {
    child: Child,
    /// Its process id.
    pub pid: u32,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl ChildServer {
    /// Starts `exe serve` on `data_dir` with ephemeral loopback ports and waits for its address.
    pub async fn spawn(exe: &Path, data_dir: &Path) -> anyhow::Result<Self> {
        let mut child = Command::new(exe)
            .arg("serve")
            .arg("--data-dir")
            .arg(data_dir)
            .args(["--http", "127.0.0.1:0", "--media", "127.0.0.1:0"])
            .args(["--auth-attempts-per-minute", "1000000"])
            .env_remove("STOA_CONFIG")
            .env(
                "STOA_LOG",
                std::env::var("STOA_BENCH_SERVER_LOG").unwrap_or("error".into()),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {}", exe.display()))?;
        let pid = child.id().context("child has no pid")?;
        let stdout = child.stdout.take().context("child stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let base = tokio::time::timeout(START_TIMEOUT, async {
            while let Some(line) = lines.next_line().await? {
                if let Some(url) = line.strip_prefix("stoa: listening on ") {
                    return Ok(url.trim().to_owned());
                }
            }
            bail!("server exited before listening")
        })
        .await
        .context("server did not start in time")??;
        // Keep draining its stdout so it never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(Self { child, pid, base })
    }

    /// Stops the child (SIGKILL) and reaps it.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

/// The `stoa` executable to start: `explicit` if given, else the `stoa` in the directory of this
/// executable (`target/release/stoa` beside `target/release/stoa-bench`).
pub fn stoa_exe(explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(path) = explicit {
        return Ok(path.to_path_buf());
    }
    let me = std::env::current_exe().context("locating stoa-bench")?;
    let beside = me.with_file_name(format!("stoa{}", std::env::consts::EXE_SUFFIX));
    if !beside.is_file() {
        bail!(
            "no `stoa` binary at {}: build it beside stoa-bench (`cargo build --release -p stoa \
             -p stoa-bench`) or pass --stoa-exe PATH",
            beside.display()
        );
    }
    Ok(beside)
}

fn clock_ticks_per_second() -> u64 {
    // SAFETY: sysconf has no preconditions.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    u64::try_from(ticks).ok().filter(|t| *t > 0).unwrap_or(100)
}

/// utime + stime from the text of a `/proc/.../stat` file.
pub fn parse_stat_cpu(stat: &str) -> Option<Duration> {
    // The command name may contain spaces; fields restart after its closing parenthesis.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // `rest` starts at field 3 (state); utime and stime are fields 14 and 15.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    let ticks = clock_ticks_per_second();
    Some(Duration::from_micros((utime + stime) * 1_000_000 / ticks))
}

/// CPU time (user + system) a process has used so far.
pub fn process_cpu(pid: u32) -> Option<Duration> {
    parse_stat_cpu(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)
}

/// CPU time used by this process's threads whose name starts with `prefix`.
pub fn own_threads_cpu(prefix: &str) -> Duration {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Duration::ZERO;
    };
    tasks
        .flatten()
        .filter(|t| {
            std::fs::read_to_string(t.path().join("comm"))
                .is_ok_and(|comm| comm.starts_with(prefix))
        })
        .filter_map(|t| parse_stat_cpu(&std::fs::read_to_string(t.path().join("stat")).ok()?))
        .sum()
}

/// Raises this process's open-file limit to its hard limit (thousands of bots each hold a UDP
/// and a TCP socket; a child server inherits the raised limit).
pub fn raise_fd_limit() {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `lim` is a valid rlimit to fill and then pass back.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 && lim.rlim_cur < lim.rlim_max {
            lim.rlim_cur = lim.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        }
    }
}

/// VmRSS from the text of a `/proc/.../status` file, in bytes.
pub fn parse_status_rss(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Resident memory of a process, in bytes.
pub fn process_rss(pid: u32) -> Option<u64> {
    parse_status_rss(&std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_proc_files() {
        let ticks = clock_ticks_per_second();
        let stat = format!(
            "42 (stoa serve) S 1 42 42 0 -1 4194560 100 0 0 0 {} {} 0 0 20 0 9 0 1 2 3",
            3 * ticks,
            ticks / 2
        );
        assert_eq!(parse_stat_cpu(&stat), Some(Duration::from_millis(3500)));
        assert_eq!(parse_stat_cpu("garbage"), None);
        let status = "Name:\tstoa\nVmPeak:\t  9000 kB\nVmRSS:\t  1234 kB\nThreads:\t3\n";
        assert_eq!(parse_status_rss(status), Some(1234 * 1024));
        assert!(process_cpu(std::process::id()).is_some());
        assert!(process_rss(std::process::id()).unwrap_or(0) > 0);
    }
}
