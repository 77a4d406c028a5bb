//! `--config` against the real binary: the file fills in what flags and `STOA_*` variables leave
//! unset (flags > variables > file > defaults), and a bad file stops `stoa serve` naming the key.

#[allow(dead_code)] // only `serve_command` is used here
mod binary_support;

use std::time::Duration;

use tokio::io::AsyncBufReadExt;

/// The lines `stoa serve` prints up to its bootstrap invite (30 s at most).
async fn start_up_lines(command: &mut tokio::process::Command) -> Vec<String> {
    let mut child = command.spawn().expect("stoa starts");
    let mut lines = tokio::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut seen = Vec::new();
    let read = async {
        while let Some(line) = lines.next_line().await.expect("stdout") {
            let done = line.starts_with("stoa: bootstrap invite: ");
            seen.push(line);
            if done {
                return;
            }
        }
        panic!("stoa exited early: {seen:?}");
    };
    tokio::time::timeout(Duration::from_secs(30), read)
        .await
        .expect("stoa prints its start-up lines");
    seen
}

#[tokio::test]
async fn the_file_fills_in_under_variables_and_flags() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("stoa.toml");
    // `http` from the file and the variable would fail (port 1); the flag's wins.
    std::fs::write(
        &config,
        "http = \"127.0.0.1:1\"\npublic-url = \"https://file.example\"\n\
         metrics = \"127.0.0.1:0\"\nreconnect-grace-secs = 30\n",
    )
    .unwrap();
    let mut command = binary_support::serve_command(&dir.path().join("data"));
    command
        .arg("--config")
        .arg(&config)
        .env("STOA_HTTP", "127.0.0.1:1")
        .env("STOA_PUBLIC_URL", "https://env.example");
    let lines = start_up_lines(&mut command).await;
    let has = |prefix: &str| lines.iter().any(|l| l.starts_with(prefix));
    assert!(has("stoa: listening on http://127.0.0.1:"), "{lines:?}");
    assert!(has("stoa: public URL https://env.example"), "{lines:?}");
    assert!(has("stoa: metrics on http://127.0.0.1:"), "{lines:?}");
}

#[tokio::test]
async fn unknown_keys_and_bad_values_stop_serve_naming_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (text, key) in [
        ("htp = \"127.0.0.1:0\"", "htp"),
        ("reconnect-grace-secs = \"soon\"", "reconnect-grace-secs"),
    ] {
        let config = dir.path().join("stoa.toml");
        std::fs::write(&config, text).unwrap();
        let out = binary_support::serve_command(&dir.path().join("data"))
            .arg("--config")
            .arg(&config)
            .output()
            .await
            .expect("stoa runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{text}: started");
        assert!(
            stderr.contains(key) && stderr.contains("stoa.toml"),
            "{text}: {stderr}"
        );
    }
}
