//! Points `STOA_WEB_DIR` at the built web client (`web/dist`), or at a placeholder page that
//! explains how to build it, so the crate compiles on a fresh clone either way.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let dist = manifest.join("../../web/dist");
    println!("cargo:rerun-if-changed={}", dist.display());
    println!(
        "cargo:rerun-if-changed={}",
        dist.join("index.html").display()
    );
    let dir = if dist.join("index.html").is_file() {
        dist.canonicalize().expect("web/dist exists")
    } else {
        let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("web");
        std::fs::create_dir_all(&out).expect("create placeholder dir");
        std::fs::write(
            out.join("index.html"),
            "<!doctype html><title>Stoa</title><p>The web client was not built. Run \
             <code>npm --prefix web ci &amp;&amp; npm --prefix web run build</code>, then \
             rebuild stoa.</p>",
        )
        .expect("write placeholder");
        out
    };
    println!("cargo:rustc-env=STOA_WEB_DIR={}", dir.display());
}
