//! TURN relay for the media loop: a UDP allocation on a TURN server whose relayed address
//! becomes a local `relay` ICE candidate of the str0m connection.
//!
//! The TURN protocol is webrtc-rs's `turn` client (also what the server's tests allocate with):
//! it authenticates with the long-term credentials Stoa hands out in `room_state`, creates the
//! permission for a peer (and binds a channel) on the first datagram sent to it, and refreshes
//! the allocation (at half its lifetime), the permissions (every 2 minutes) and the channel
//! bindings (after 5 minutes) on its own. The driver only routes: str0m transmits whose source
//! is the relayed address go out through [`Relay::send_to`] (Send indication, then ChannelData),
//! and what [`Relay::recv_from`] returns is fed to str0m as sent by the peer to the relayed
//! address. Closing (or dropping) the relay releases the allocation (a Refresh with lifetime 0).
//!
//! Only `turn:` URLs with UDP transport are used: TURN over TCP/TLS would need a framed stream
//! under the TURN client, which the `turn` crate does not provide.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use stoa_proto::ws::IceServer;
use str0m::Candidate;
use tokio::net::UdpSocket;
use webrtc_util::Conn;

/// How long the TURN server gets to grant an allocation.
const ALLOCATE_TIMEOUT: Duration = Duration::from_secs(5);
/// The default port of `turn:` URLs (RFC 7065).
const DEFAULT_TURN_PORT: u16 = 3478;

/// Which ICE candidates a media connection offers, like `RTCPeerConnection`'s
/// `iceTransportPolicy`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum IceTransportPolicy {
    /// The host candidate, plus a TURN relay candidate when the room gave TURN servers (an
    /// allocation that fails is logged and skipped).
    #[default]
    All,
    /// Only a TURN relay candidate: all media goes through the TURN server. Connecting fails
    /// when no TURN server is given or none grants an allocation.
    Relay,
}

/// Why no relay could be set up.
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    /// The ICE servers hold no `turn:` URL with UDP transport and credentials.
    #[error("no usable TURN server (a turn: URL with transport=udp, username and credential)")]
    NoTurnServer,
    /// A TURN URL could not be parsed.
    #[error("bad TURN URL {0:?}")]
    BadUrl(String),
    /// The TURN server's host name did not resolve.
    #[error("TURN server {host} does not resolve: {source}")]
    Resolve {
        /// The host name.
        host: String,
        /// The resolver's error.
        source: std::io::Error,
    },
    /// The local socket for the TURN server could not be made.
    #[error("TURN socket: {0}")]
    Socket(#[from] std::io::Error),
    /// The TURN server refused (wrong credentials, quota) or the protocol failed.
    #[error("TURN: {0}")]
    Turn(#[from] turn::Error),
    /// Sending or receiving through the allocation failed.
    #[error("TURN relay: {0}")]
    Relay(#[from] webrtc_util::Error),
    /// The TURN server did not answer the allocation in time.
    #[error("TURN server {0} granted no allocation within {ALLOCATE_TIMEOUT:?}")]
    Timeout(SocketAddr),
    /// str0m refused the relayed address as a candidate.
    #[error("relay candidate: {0}")]
    Candidate(String),
}

/// A TURN server to allocate on: one `turn:` URL of an [`IceServer`] and its credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnServer {
    /// Host name or IP address.
    pub host: String,
    /// UDP port.
    pub port: u16,
    /// TURN username (`<expiry>:<user id>` with Stoa's TURN REST credentials).
    pub username: String,
    /// TURN password.
    pub credential: String,
}

impl TurnServer {
    /// The first `turn:` URL with UDP transport (explicit or default) that has credentials.
    pub fn pick(ice_servers: &[IceServer]) -> Option<TurnServer> {
        ice_servers.iter().find_map(|server| {
            let (Some(username), Some(credential)) = (&server.username, &server.credential) else {
                return None;
            };
            server
                .urls
                .iter()
                .find_map(|url| match parse_turn_udp(url) {
                    Ok(Some((host, port))) => Some(TurnServer {
                        host,
                        port,
                        username: username.clone(),
                        credential: credential.clone(),
                    }),
                    Ok(None) => None,
                    Err(e) => {
                        tracing::debug!(%e, "skipping TURN URL");
                        None
                    }
                })
        })
    }

    async fn resolve(&self) -> Result<SocketAddr, RelayError> {
        let mut addrs = tokio::net::lookup_host((self.host.as_str(), self.port))
            .await
            .map_err(|source| RelayError::Resolve {
                host: self.host.clone(),
                source,
            })?;
        addrs.next().ok_or_else(|| RelayError::Resolve {
            host: self.host.clone(),
            source: std::io::Error::other("no address"),
        })
    }
}

/// `turn:host[:port][?transport=udp]` → `Some((host, port))`; `None` for other schemes
/// (`stun:`, `turns:`) and transports; an error for a malformed `turn:` URL.
fn parse_turn_udp(url: &str) -> Result<Option<(String, u16)>, RelayError> {
    let Some(rest) = url.strip_prefix("turn:") else {
        return Ok(None);
    };
    let bad = || RelayError::BadUrl(url.to_owned());
    let (authority, query) = rest.split_once('?').unwrap_or((rest, ""));
    let udp = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| k.eq_ignore_ascii_case("transport"))
        .is_none_or(|(_, v)| v.eq_ignore_ascii_case("udp"));
    if !udp {
        return Ok(None);
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (host, after) = v6.split_once(']').ok_or_else(bad)?;
        (host, after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(bad());
    }
    let port = match port {
        Some(p) => p.parse().map_err(|_| bad())?,
        None => DEFAULT_TURN_PORT,
    };
    Ok(Some((host.to_owned(), port)))
}

/// Counters and addresses of a media connection's TURN relay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelayStats {
    /// The TURN server.
    pub server: SocketAddr,
    /// The relayed address the TURN server allocated (the relay candidate).
    pub relayed: SocketAddr,
    /// Datagrams str0m sent through the relay.
    pub datagrams_sent: u64,
    /// Datagrams that arrived through the relay (from a peer with a permission).
    pub datagrams_received: u64,
}

/// Counters shared between the relay (in the media loop) and the session handle.
#[derive(Debug)]
pub(crate) struct RelayCounters {
    server: SocketAddr,
    relayed: SocketAddr,
    sent: AtomicU64,
    received: AtomicU64,
}

impl RelayCounters {
    pub(crate) fn stats(&self) -> RelayStats {
        RelayStats {
            server: self.server,
            relayed: self.relayed,
            datagrams_sent: self.sent.load(Ordering::Relaxed),
            datagrams_received: self.received.load(Ordering::Relaxed),
        }
    }
}

/// A live TURN allocation. Released by [`Relay::close`], or in the background when dropped.
pub(crate) struct Relay {
    client: turn::client::Client,
    conn: Option<Arc<dyn Conn + Send + Sync>>,
    /// The local socket address that talks to the TURN server.
    local: SocketAddr,
    counters: Arc<RelayCounters>,
}

impl std::fmt::Debug for Relay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Relay")
            .field("local", &self.local)
            .field("counters", &self.counters)
            .finish()
    }
}

impl Relay {
    /// Allocates a UDP relay on `server` (bounded by a 5 s timeout).
    pub(crate) async fn allocate(server: &TurnServer) -> Result<Relay, RelayError> {
        let server_addr = server.resolve().await?;
        // Talk to a loopback TURN server from loopback (network rule), to others from any
        // interface of the same family.
        let bind_ip = match server_addr.ip() {
            ip if ip.is_loopback() => ip,
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
        };
        let socket = UdpSocket::bind((bind_ip, 0)).await?;
        let local = socket.local_addr()?;
        let client = turn::client::Client::new(turn::client::ClientConfig {
            stun_serv_addr: server_addr.to_string(),
            turn_serv_addr: server_addr.to_string(),
            username: server.username.clone(),
            password: server.credential.clone(),
            realm: String::new(),
            software: String::new(),
            rto_in_ms: 0,
            conn: Arc::new(socket),
            vnet: None,
        })
        .await?;
        client.listen().await?;
        let conn = match tokio::time::timeout(ALLOCATE_TIMEOUT, client.allocate()).await {
            Ok(Ok(conn)) => conn,
            Ok(Err(e)) => {
                let _ = client.close().await;
                return Err(e.into());
            }
            Err(_) => {
                let _ = client.close().await;
                return Err(RelayError::Timeout(server_addr));
            }
        };
        let relayed = conn.local_addr()?;
        tracing::debug!(%server_addr, %relayed, "TURN allocation granted");
        Ok(Relay {
            client,
            conn: Some(Arc::new(conn)),
            local,
            counters: Arc::new(RelayCounters {
                server: server_addr,
                relayed,
                sent: AtomicU64::new(0),
                received: AtomicU64::new(0),
            }),
        })
    }

    /// The relayed address (the candidate's address, the source of str0m's transmits through
    /// the relay and the destination of what arrives from it).
    pub(crate) fn relayed_addr(&self) -> SocketAddr {
        self.counters.relayed
    }

    /// The counters, to share with the session handle.
    pub(crate) fn counters(&self) -> Arc<RelayCounters> {
        Arc::clone(&self.counters)
    }

    /// The local `relay` ICE candidate.
    pub(crate) fn candidate(&self) -> Result<Candidate, RelayError> {
        Candidate::relayed(self.counters.relayed, self.local, "udp")
            .map_err(|e| RelayError::Candidate(e.to_string()))
    }

    /// Sends `data` to `peer` through the relay (creating the permission and channel binding
    /// for `peer` on first use).
    pub(crate) async fn send_to(&self, data: &[u8], peer: SocketAddr) -> Result<(), RelayError> {
        if let Some(conn) = &self.conn {
            conn.send_to(data, peer).await?;
            self.counters.sent.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }

    /// The next datagram relayed to us: its length and the peer that sent it. Cancel-safe.
    pub(crate) async fn recv_from(
        &self,
        buf: &mut [u8],
    ) -> Result<(usize, SocketAddr), RelayError> {
        let Some(conn) = &self.conn else {
            return std::future::pending().await;
        };
        let received = conn.recv_from(buf).await?;
        self.counters.received.fetch_add(1, Ordering::Relaxed);
        Ok(received)
    }

    /// Releases the allocation (Refresh with lifetime 0) and stops the TURN client.
    pub(crate) async fn close(mut self) {
        if let Some(conn) = self.conn.take() {
            release(self.client.clone(), conn).await;
        }
    }
}

async fn release(client: turn::client::Client, conn: Arc<dyn Conn + Send + Sync>) {
    if let Err(e) = conn.close().await {
        tracing::debug!(%e, "releasing the TURN allocation failed");
    }
    let _ = client.close().await;
}

impl Drop for Relay {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else {
            return;
        };
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => {
                handle.spawn(release(self.client.clone(), conn));
            }
            Err(_) => tracing::debug!("TURN allocation dropped outside a runtime; it expires"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(urls: &[&str], creds: bool) -> IceServer {
        IceServer {
            urls: urls.iter().map(|u| u.to_string()).collect(),
            username: creds.then(|| "123:u".to_owned()),
            credential: creds.then(|| "pw".to_owned()),
        }
    }

    #[test]
    fn parses_turn_udp_urls() {
        let p = |u| parse_turn_udp(u).unwrap();
        assert_eq!(p("turn:t.example:3479"), Some(("t.example".into(), 3479)));
        assert_eq!(p("turn:t.example"), Some(("t.example".into(), 3478)));
        assert_eq!(
            p("turn:127.0.0.1:5000?transport=udp"),
            Some(("127.0.0.1".into(), 5000))
        );
        assert_eq!(
            p("turn:[::1]:5000?transport=UDP"),
            Some(("::1".into(), 5000))
        );
        assert_eq!(p("turn:[::1]"), Some(("::1".into(), 3478)));
        assert_eq!(p("turn:t.example:3478?transport=tcp"), None);
        assert_eq!(p("turns:t.example:5349?transport=tcp"), None);
        assert_eq!(p("stun:t.example"), None);
        assert!(parse_turn_udp("turn::3478").is_err());
        assert!(parse_turn_udp("turn:t.example:port").is_err());
        assert!(parse_turn_udp("turn:[::1:3478").is_err());
    }

    #[test]
    fn picks_the_first_udp_turn_url_with_credentials() {
        let servers = [
            server(&["turn:nocreds.example"], false),
            server(
                &[
                    "stun:s.example",
                    "turns:t.example:5349?transport=tcp",
                    "turn:t.example:3478?transport=udp",
                ],
                true,
            ),
        ];
        let picked = TurnServer::pick(&servers).expect("a server");
        assert_eq!(picked.host, "t.example");
        assert_eq!(picked.port, 3478);
        assert_eq!(picked.username, "123:u");
        assert!(TurnServer::pick(&servers[..1]).is_none());
        assert!(TurnServer::pick(&[]).is_none());
    }
}
