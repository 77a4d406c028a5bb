//! TURN credentials against a real TURN server: the test starts Debian's coturn on loopback with
//! `use-auth-secret`, starts Stoa with the same secret, and allocates a relay with the
//! credentials Stoa hands a member in `room_state` (the webrtc-rs TURN client). Wrong and
//! expired credentials are refused by coturn.

mod common;

use std::net::UdpSocket as StdUdpSocket;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::TestServer;
use stoa_server::ServeConfig;
use stoa_service::turn::credential;
use tokio::net::UdpSocket;

const SECRET: &str = "correct horse battery staple";

/// A coturn process listening on `127.0.0.1:port` (UDP), stopped and reaped on drop.
struct Coturn {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Coturn {
    fn start(secret: &str) -> Coturn {
        let dir = tempfile::tempdir().expect("temp dir");
        // An ephemeral port the kernel just handed out (coturn takes a port number, not a
        // socket); relays stay on loopback too.
        let port = StdUdpSocket::bind("127.0.0.1:0")
            .and_then(|s| s.local_addr())
            .expect("free port")
            .port();
        let child = Command::new("turnserver")
            .args([
                "-n",
                "--listening-ip=127.0.0.1",
                "--relay-ip=127.0.0.1",
                &format!("--listening-port={port}"),
                "--use-auth-secret",
                &format!("--static-auth-secret={secret}"),
                "--realm=stoa.test",
                "--no-cli",
                "--no-tls",
                "--no-dtls",
                "--allow-loopback-peers",
                "--no-software-attribute",
                "--simple-log",
                "--log-file=stdout",
            ])
            .arg(format!("--userdb={}", dir.path().join("turndb").display()))
            .arg(format!("--pidfile={}", dir.path().join("pid").display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("turnserver runs (Debian package coturn; scripts/setup installs it)");
        Coturn {
            child,
            port,
            _dir: dir,
        }
    }

    fn url(&self) -> String {
        format!("turn:127.0.0.1:{}?transport=udp", self.port)
    }

    /// Waits until coturn answers a STUN binding request (bounded).
    async fn wait_ready(&self) {
        let addr = format!("127.0.0.1:{}", self.port);
        for _ in 0..100 {
            let client = turn_client(&addr, "probe", "probe").await;
            let answered = tokio::time::timeout(
                Duration::from_millis(500),
                client.send_binding_request_to(&addr),
            )
            .await;
            let _ = client.close().await;
            if matches!(answered, Ok(Ok(_))) {
                return;
            }
        }
        panic!("coturn did not answer on {addr}");
    }
}

impl Drop for Coturn {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn turn_client(server: &str, username: &str, password: &str) -> turn::client::Client {
    let conn = UdpSocket::bind("127.0.0.1:0").await.expect("client socket");
    let client = turn::client::Client::new(turn::client::ClientConfig {
        stun_serv_addr: server.to_string(),
        turn_serv_addr: server.to_string(),
        username: username.to_string(),
        password: password.to_string(),
        realm: String::new(),
        software: String::new(),
        rto_in_ms: 0,
        conn: Arc::new(conn),
        vnet: None,
    })
    .await
    .expect("turn client");
    client.listen().await.expect("turn client listens");
    client
}

/// Whether coturn grants an allocation to `username`/`password` (bounded in time).
async fn allocates(server: &str, username: &str, password: &str) -> bool {
    let client = turn_client(server, username, password).await;
    let result = tokio::time::timeout(Duration::from_secs(10), client.allocate()).await;
    let granted = match result {
        Ok(Ok(relay)) => {
            use webrtc_util::Conn;
            let relayed = relay.local_addr().expect("relayed address");
            assert!(relayed.ip().is_loopback(), "relay on loopback: {relayed}");
            let _ = relay.close().await;
            true
        }
        Ok(Err(e)) => {
            eprintln!("allocation refused: {e}");
            false
        }
        Err(_) => panic!("no answer to the allocation within 10 s"),
    };
    let _ = client.close().await;
    granted
}

#[tokio::test]
async fn coturn_accepts_the_credentials_stoa_issues_and_refuses_wrong_or_expired_ones() {
    let coturn = Coturn::start(SECRET);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = ServeConfig::for_tests(dir.path().to_path_buf());
    config.turn_url = vec![coturn.url()];
    config.turn_secret = Some(SECRET.to_string());
    config.turn_ttl = Duration::from_secs(600);
    let server = TestServer::start_with(dir, config).await;
    let admin = server.admin().await;
    let room = server.room(&admin, "Through TURN").await;
    let bot = server.joined(&admin, &room).await;

    // room_state brought one TURN server with `<expiry>:<user id>` credentials.
    let servers = bot.ws.ice_servers().to_vec();
    assert_eq!(servers.len(), 1, "{servers:?}");
    assert_eq!(servers[0].urls, [coturn.url()]);
    let username = servers[0].username.clone().expect("username");
    let password = servers[0].credential.clone().expect("credential");
    let (expiry, user) = username.split_once(':').expect("expiry:user");
    assert_eq!(user, bot.id.0.to_string());
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let expiry: u64 = expiry.parse().expect("unix time");
    assert!(
        (now + 590..=now + 610).contains(&expiry),
        "expires in --turn-ttl-secs"
    );

    coturn.wait_ready().await;
    let addr = format!("127.0.0.1:{}", coturn.port);
    assert!(
        allocates(&addr, &username, &password).await,
        "Stoa's credentials open a relay"
    );
    assert!(
        !allocates(&addr, &username, "d3JvbmcgcGFzc3dvcmQ=").await,
        "a wrong credential is refused"
    );
    let expired = format!("{}:{}", now - 60, bot.id.0);
    assert!(
        !allocates(&addr, &expired, &credential(SECRET, &expired)).await,
        "an expired username is refused, even correctly signed"
    );
    let other_secret = credential("another secret", &username);
    assert!(
        !allocates(&addr, &username, &other_secret).await,
        "credentials made with another secret are refused"
    );
    server.stop().await;
}

#[tokio::test]
async fn without_turn_urls_clients_get_no_ice_servers() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let room = server.room(&admin, "Direct").await;
    let bot = server.joined(&admin, &room).await;
    assert!(bot.ws.ice_servers().is_empty());
    server.stop().await;
}
