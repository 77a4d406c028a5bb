//! The client's address, for rate limits: the socket peer's, or — when the peer is one of the
//! operator's trusted reverse proxies (`--trusted-proxies`) — the rightmost `X-Forwarded-For`
//! hop that is not itself a trusted proxy. Hops a client wrote itself sit to the left of the
//! ones its proxies appended, so they are never believed over the proxies' own entries.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use ipnet::IpNet;

use crate::AppState;

/// Header a reverse proxy appends the address it received a request from to.
const X_FORWARDED_FOR: &str = "x-forwarded-for";

/// The networks whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies {
    nets: Vec<IpNet>,
}

impl TrustedProxies {
    /// Trusts proxies in `nets` (none: the socket peer is always the client).
    pub fn new(nets: Vec<IpNet>) -> Self {
        Self { nets }
    }

    /// Whether `ip` is one of the trusted proxies.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.nets.iter().any(|net| net.contains(&ip))
    }

    /// The client address of a request that arrived from `peer` with `headers`.
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = peer.to_canonical();
        if !self.trusts(client) {
            return client;
        }
        // Header lines in order, each a comma-separated list: the rightmost hop is the latest.
        let hops: Vec<&str> = headers
            .get_all(X_FORWARDED_FOR)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        for hop in hops.iter().rev() {
            let Some(ip) = parse_hop(hop) else {
                // Unreadable: nothing left of it can be believed; the last trusted hop answers.
                return client;
            };
            client = ip;
            if !self.trusts(ip) {
                return ip;
            }
        }
        client
    }
}

/// An address as proxies write it: `1.2.3.4`, `2001:db8::1`, `1.2.3.4:5678` or `[2001:db8::1]:80`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .map(|ip| ip.to_canonical())
}

/// Parses a trusted network: a CIDR (`10.0.0.0/8`, `fd00::/8`) or a single address.
pub fn parse_net(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("{text:?} is not an IP network (e.g. 10.0.0.0/8) or address"))
}

/// The client's address (see the module documentation).
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
        Ok(ClientIp(
            state.trusted_proxies.client_ip(peer, &parts.headers),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(lines: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for line in lines {
            map.append(X_FORWARDED_FOR, HeaderValue::from_str(line).unwrap());
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client() {
        let proxies = TrustedProxies::default();
        let forged = headers(&["203.0.113.9"]);
        assert_eq!(proxies.client_ip(ip("127.0.0.1"), &forged), ip("127.0.0.1"));
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let proxies = TrustedProxies::new(vec![
            parse_net("10.0.0.0/8").unwrap(),
            parse_net("127.0.0.1").unwrap(),
        ]);
        // The client forged the first entry; its proxy appended the real address, then an
        // inner trusted proxy appended the outer one.
        let chain = headers(&["198.51.100.1, 203.0.113.9", "10.1.2.3"]);
        assert_eq!(
            proxies.client_ip(ip("127.0.0.1"), &chain),
            ip("203.0.113.9")
        );
        // A peer outside the trusted networks is the client whatever it claims.
        assert_eq!(proxies.client_ip(ip("192.0.2.7"), &chain), ip("192.0.2.7"));
        // Only trusted hops: the leftmost of them.
        let inner = headers(&["10.0.0.5, 10.0.0.6"]);
        assert_eq!(proxies.client_ip(ip("127.0.0.1"), &inner), ip("10.0.0.5"));
        // No header: the proxy itself.
        assert_eq!(
            proxies.client_ip(ip("127.0.0.1"), &HeaderMap::new()),
            ip("127.0.0.1")
        );
        // Ports, brackets and IPv4-mapped addresses.
        let ported = headers(&["[2001:db8::1]:443", "::ffff:10.0.0.9"]);
        assert_eq!(
            proxies.client_ip(ip("::ffff:127.0.0.1"), &ported),
            ip("2001:db8::1")
        );
    }

    #[test]
    fn an_unreadable_hop_stops_the_walk_at_the_last_trusted_one() {
        let proxies = TrustedProxies::new(vec![parse_net("127.0.0.0/8").unwrap()]);
        let chain = headers(&["203.0.113.9, garbage, 127.0.0.2"]);
        assert_eq!(proxies.client_ip(ip("127.0.0.1"), &chain), ip("127.0.0.2"));
    }

    #[test]
    fn networks_parse_as_cidrs_or_addresses() {
        assert!(parse_net("10.0.0.0/8").is_ok());
        assert!(parse_net(" fd00::/8 ").is_ok());
        assert_eq!(parse_net("192.0.2.1").unwrap().prefix_len(), 32);
        assert!(parse_net("10.0.0.0/33").is_err());
        assert!(parse_net("proxy.example").is_err());
    }
}
