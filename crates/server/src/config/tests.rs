//! `stoa serve` flags as clap parses them.

use super::*;
use clap::Parser;

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    serve: ServeConfig,
}

#[test]
fn media_defaults_to_all_interfaces_and_public_ips_repeat() {
    let cli = Cli::try_parse_from([
        "stoa",
        "--public-ip",
        "203.0.113.9,2001:db8::9",
        "--public-ip=198.51.100.7",
    ])
    .expect("parses");
    assert_eq!(cli.serve.media, "[::]:50000".parse().unwrap());
    let ips: Vec<String> = cli
        .serve
        .public_ip
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(ips, ["203.0.113.9", "2001:db8::9", "198.51.100.7"]);
    assert!(Cli::try_parse_from(["stoa", "--public-ip", "media.example"]).is_err());
}

#[test]
fn turn_flags_make_checked_ice_servers() {
    let none = Cli::try_parse_from(["stoa"]).expect("parses");
    assert!(none.serve.turn().unwrap().is_none(), "no TURN by default");
    assert_eq!(none.serve.turn_ttl, Duration::from_secs(12 * 3600));
    let cli = Cli::try_parse_from([
        "stoa",
        "--turn-url",
        "turn:turn.example.org:3478?transport=udp",
        "--turn-url=turns:turn.example.org:5349?transport=tcp",
        "--turn-secret",
        "s3cret",
        "--turn-ttl-secs",
        "600",
    ])
    .expect("parses");
    let turn = cli.serve.turn().unwrap().expect("configured");
    assert_eq!(turn.urls.len(), 2);
    assert_eq!(turn.ttl, Duration::from_secs(600));
    let no_secret = Cli::try_parse_from(["stoa", "--turn-url", "turn:t:3478"]).expect("parses");
    assert!(
        no_secret.serve.turn().is_err(),
        "TURN without a secret is refused"
    );
}

#[test]
fn trusted_proxies_are_comma_separated_and_repeatable() {
    let cli = Cli::try_parse_from([
        "stoa",
        "--trusted-proxies",
        "10.0.0.0/8, 127.0.0.1",
        "--trusted-proxies=fd00::/8",
    ])
    .expect("parses");
    let nets: Vec<String> = cli
        .serve
        .trusted_proxies
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(nets, ["10.0.0.0/8", "127.0.0.1/32", "fd00::/8"]);
    assert!(Cli::try_parse_from(["stoa", "--trusted-proxies", "proxy.example"]).is_err());
    let none = Cli::try_parse_from(["stoa"]).expect("parses");
    assert!(
        none.serve.trusted_proxies.is_empty(),
        "nothing trusted by default"
    );
}

#[test]
fn listeners_follow_the_tls_settings() {
    let parse = |args: &[&str]| {
        let mut all = vec!["stoa"];
        all.extend_from_slice(args);
        Cli::try_parse_from(all).map(|cli| cli.serve)
    };
    let plain = parse(&[]).unwrap();
    assert_eq!(
        plain.listen_addrs().unwrap(),
        ListenAddrs {
            http: Some("127.0.0.1:8080".parse().unwrap()),
            https: None,
            redirect: None
        }
    );
    assert!(plain.cert_source().is_none());
    // TLS from files: HTTPS on [::]:443, plain HTTP only when asked for.
    let files = parse(&["--tls-cert", "c.pem", "--tls-key", "k.pem"]).unwrap();
    assert_eq!(
        files.listen_addrs().unwrap(),
        ListenAddrs {
            http: None,
            https: Some("[::]:443".parse().unwrap()),
            redirect: None
        }
    );
    assert!(matches!(
        files.cert_source(),
        Some(CertSource::Files { .. })
    ));
    // ACME: domains repeatable and comma-separated, state under the data directory.
    let acme = parse(&[
        "--acme-domain",
        "a.example,b.example",
        "--acme-domain",
        "c.example",
        "--https",
        "127.0.0.1:8443",
        "--redirect-http",
        "127.0.0.1:8080",
        "--data-dir",
        "/srv/stoa",
    ])
    .unwrap();
    let Some(CertSource::Acme(settings)) = acme.cert_source() else {
        panic!("ACME expected");
    };
    assert_eq!(settings.domains, ["a.example", "b.example", "c.example"]);
    assert_eq!(settings.directory, crate::tls::acme::LETS_ENCRYPT);
    assert_eq!(settings.state_dir, PathBuf::from("/srv/stoa/acme"));
    assert_eq!(
        acme.listen_addrs().unwrap(),
        ListenAddrs {
            http: None,
            https: Some("127.0.0.1:8443".parse().unwrap()),
            redirect: Some("127.0.0.1:8080".parse().unwrap())
        }
    );
    // Refused: HTTPS without a certificate, half a pair, files and ACME together.
    assert!(parse(&["--https", "127.0.0.1:443"])
        .unwrap()
        .listen_addrs()
        .is_err());
    assert!(parse(&["--redirect-http", "127.0.0.1:80"])
        .unwrap()
        .listen_addrs()
        .is_err());
    assert!(parse(&["--tls-cert", "c.pem"]).is_err());
    let http01 = ["--acme-domain", "a.example", "--acme-challenge", "http-01"];
    assert!(parse(&http01).unwrap().listen_addrs().is_err());
    assert!(parse(&[
        "--tls-cert",
        "c",
        "--tls-key",
        "k",
        "--acme-domain",
        "a.example"
    ])
    .is_err());
}

#[test]
fn metrics_listener_and_log_format_are_optional_flags() {
    let cli = Cli::try_parse_from([
        "stoa",
        "--metrics",
        "127.0.0.1:9100",
        "--log-format",
        "json",
    ])
    .expect("parses");
    assert_eq!(
        cli.serve.metrics,
        Some(SocketAddr::from(([127, 0, 0, 1], 9100)))
    );
    assert_eq!(cli.serve.log_format, LogFormat::Json);
    let none = Cli::try_parse_from(["stoa"]).expect("parses");
    assert_eq!(
        (none.serve.metrics, none.serve.log_format),
        (None, LogFormat::Text)
    );
    assert!(Cli::try_parse_from(["stoa", "--log-format", "xml"]).is_err());
}
