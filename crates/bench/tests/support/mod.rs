//! The `stoa` binary the benchmarks start as their server. An integration test sees only its
//! own package's binaries (`CARGO_BIN_EXE_*`) and `stoa` belongs to another. `scripts/test` runs
//! `cargo test --workspace`, which builds `stoa` (its own integration tests need it) before any
//! test runs, and names that binary in `STOA_BIN`: the benchmarks use it as it is. Without
//! `STOA_BIN` (`cargo test -p stoa-bench`), cargo builds it on first use (a no-op when it is up
//! to date), in this build's target directory and profile.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The path of an up-to-date `stoa` binary: `$STOA_BIN`, else one built now.
pub fn stoa_exe() -> PathBuf {
    static EXE: OnceLock<PathBuf> = OnceLock::new();
    EXE.get_or_init(|| match std::env::var_os("STOA_BIN") {
        Some(exe) => {
            let exe = PathBuf::from(exe);
            assert!(exe.is_file(), "STOA_BIN={} is no file", exe.display());
            exe
        }
        None => build_stoa(),
    })
    .clone()
}

/// Builds `stoa` with `cargo build --package stoa`: its features may differ from this test
/// build's (a package's dev-dependencies count only when it is tested), so this can recompile
/// shared crates; `STOA_BIN` avoids that.
fn build_stoa() -> PathBuf {
    // This test runs as `<target>/<profile dir>/deps/<test>-<hash>`.
    let me = std::env::current_exe().expect("test executable");
    let profile_dir = me
        .parent()
        .and_then(Path::parent)
        .expect("<target>/<profile>/deps");
    let target_dir = profile_dir.parent().expect("<target>");
    let profile = match profile_dir.file_name().and_then(|n| n.to_str()) {
        Some("debug") | None => "dev",
        Some(other) => other,
    };
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--package", "stoa", "--bin", "stoa"])
        .args(["--profile", profile])
        .arg("--target-dir")
        .arg(target_dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("running cargo build");
    assert!(status.success(), "cargo build --package stoa failed");
    let exe = profile_dir.join(format!("stoa{}", std::env::consts::EXE_SUFFIX));
    assert!(exe.is_file(), "no {} after the build", exe.display());
    exe
}
