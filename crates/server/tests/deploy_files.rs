//! The files in `deploy/` are what an operator installs: the systemd unit must pass
//! `systemd-analyze verify` (skipped, saying so, where the tool is absent) and give the clean
//! stop its time, and the example configuration must name only real `stoa serve` flags (a typo
//! there would be ignored silently by the server).

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

fn deploy_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../deploy")
        .join(name)
}

#[test]
fn the_systemd_unit_passes_systemd_analyze_verify() {
    let unit = std::fs::read_to_string(deploy_file("stoa.service")).expect("deploy/stoa.service");

    // The stop timeout leaves the clean stop (at most 10 s) room before SIGKILL.
    let stop_secs: u64 = unit
        .lines()
        .find_map(|l| l.strip_prefix("TimeoutStopSec="))
        .expect("TimeoutStopSec set")
        .trim()
        .parse()
        .expect("whole seconds");
    assert!(stop_secs > 10, "TimeoutStopSec={stop_secs}");
    assert!(unit.contains("ExecStart=/usr/local/bin/stoa serve --config /etc/stoa/stoa.toml"));

    if Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        let _ = writeln!(
            std::io::stderr(),
            "deploy_files: skipped: systemd-analyze is not installed"
        );
        return;
    }
    // verify also checks that ExecStart's binary exists: point it at the one just built.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stoa.service");
    let local = unit.replace("/usr/local/bin/stoa", env!("CARGO_BIN_EXE_stoa"));
    std::fs::write(&path, local).expect("write unit");
    let out = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .output()
        .expect("systemd-analyze runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Unknown or misspelt keys are only warnings: any line about the unit fails the test.
    let about_unit: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("stoa.service"))
        .collect();
    assert!(
        out.status.success() && about_unit.is_empty(),
        "systemd-analyze verify: {stderr}"
    );
}

#[test]
fn the_example_configuration_names_only_serve_flags() {
    let text = std::fs::read_to_string(deploy_file("stoa.toml")).expect("deploy/stoa.toml");
    let table: toml::Table = text.parse().expect("valid TOML");
    assert!(!table.is_empty());
    let help = Command::new(env!("CARGO_BIN_EXE_stoa"))
        .args(["serve", "--help"])
        .output()
        .expect("stoa runs");
    let help = String::from_utf8_lossy(&help.stdout);
    for key in table.keys() {
        assert!(
            help.contains(&format!("--{key} ")),
            "deploy/stoa.toml: {key} is not a `stoa serve` flag"
        );
    }
    // What the examples there promise the operator.
    assert_eq!(table["data-dir"].as_str(), Some("/var/lib/stoa"));
}
