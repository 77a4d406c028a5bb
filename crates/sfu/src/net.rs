//! The media socket and its addresses: binding (dual stack by default), the host candidates the
//! SFU advertises, and the conversion between what the socket sees and what the core sees.
//!
//! On a dual-stack IPv6 socket (`[::]` with `IPV6_V6ONLY` off) an IPv4 client's datagrams come
//! from v4-mapped addresses (`::ffff:192.0.2.7`). The core only ever sees *canonical* addresses
//! ([`canonical`]: plain IPv4 for those), so a client has one address whatever the socket, and
//! STUN answers carry its real family. On the way out, [`on_wire`] maps IPv4 destinations back
//! when the socket is IPv6. Both are one branch, no allocation.
//!
//! With a wildcard bind the kernel picks each reply's source address by route: on a host with
//! several addresses on one network, set `public_ip` or bind one address (`IP_PKTINFO` is not
//! used).

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};

use socket2::{Domain, Protocol, Socket, Type};

use crate::SfuError;

/// The address the core sees for a datagram's source: v4-mapped IPv6 becomes IPv4.
#[inline]
pub fn canonical(addr: SocketAddr) -> SocketAddr {
    match addr {
        SocketAddr::V6(a) => match a.ip().to_ipv4_mapped() {
            Some(v4) => SocketAddr::new(IpAddr::V4(v4), a.port()),
            None => addr,
        },
        SocketAddr::V4(_) => addr,
    }
}

/// The address to hand the kernel for `dest` on a socket of the given family: an IPv4
/// destination on an IPv6 socket becomes v4-mapped.
#[inline]
pub fn on_wire(dest: SocketAddr, v6_socket: bool) -> SocketAddr {
    match dest {
        SocketAddr::V4(a) if v6_socket => {
            SocketAddr::new(IpAddr::V6(a.ip().to_ipv6_mapped()), a.port())
        }
        _ => dest,
    }
}

/// The bound media socket and what it can reach.
#[derive(Debug)]
pub struct MediaSocket {
    /// The socket (non-blocking).
    pub socket: UdpSocket,
    /// IPv6 socket (IPv4 destinations must be v4-mapped).
    pub v6: bool,
    /// Reaches IPv4 peers (an IPv4 socket, or a dual-stack IPv6 one).
    pub ipv4: bool,
    /// Reaches IPv6 peers.
    pub ipv6: bool,
}

/// Binds `addr`. An unspecified IPv6 address (`[::]`) becomes a dual-stack socket; if IPv6 is
/// unavailable on this host, it falls back to `0.0.0.0` on the same port.
pub fn bind(addr: SocketAddr) -> io::Result<MediaSocket> {
    let unspecified_v6 = matches!(addr, SocketAddr::V6(a) if a.ip().is_unspecified());
    if unspecified_v6 {
        match bind_dual_stack(addr) {
            Ok(socket) => {
                return Ok(MediaSocket {
                    socket,
                    v6: true,
                    ipv4: true,
                    ipv6: true,
                })
            }
            Err(e)
                if !matches!(
                    e.kind(),
                    io::ErrorKind::AddrInUse | io::ErrorKind::PermissionDenied
                ) =>
            {
                tracing::info!("no IPv6 for the media socket ({e}); binding 0.0.0.0");
                let v4 = SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), addr.port());
                return bind(v4);
            }
            Err(e) => return Err(e),
        }
    }
    let socket = UdpSocket::bind(addr)?;
    socket.set_nonblocking(true)?;
    let v6 = addr.is_ipv6();
    Ok(MediaSocket {
        socket,
        v6,
        ipv4: !v6,
        ipv6: v6,
    })
}

fn bind_dual_stack(addr: SocketAddr) -> io::Result<UdpSocket> {
    let socket = Socket::new(Domain::IPV6, Type::DGRAM, Some(Protocol::UDP))?;
    socket.set_only_v6(false)?;
    socket.set_nonblocking(true)?;
    socket.bind(&addr.into())?;
    Ok(socket.into())
}

/// One address of a local interface, as far as candidate selection cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalIp {
    /// The address.
    pub ip: IpAddr,
    /// The interface is up and running.
    pub up: bool,
}

/// The addresses of this host's interfaces (empty if they cannot be listed).
pub fn local_ips() -> Vec<LocalIp> {
    match if_addrs::get_if_addrs() {
        Ok(list) => list
            .iter()
            .map(|i| LocalIp {
                ip: i.ip(),
                up: i.is_oper_up(),
            })
            .collect(),
        Err(e) => {
            tracing::warn!("cannot list network interfaces: {e}");
            Vec::new()
        }
    }
}

/// Whether a local address is worth advertising to clients: on an interface that is up, not
/// loopback, not link-local, not unspecified or multicast.
pub fn usable(local: &LocalIp) -> bool {
    let ip = local.ip;
    local.up
        && !ip.is_loopback()
        && !ip.is_unspecified()
        && !ip.is_multicast()
        && match ip {
            IpAddr::V4(v4) => !v4.is_link_local() && !v4.is_broadcast(),
            IpAddr::V6(v6) => !is_v6_link_local(&v6) && v6.to_ipv4_mapped().is_none(),
        }
}

fn is_v6_link_local(ip: &Ipv6Addr) -> bool {
    ip.segments()[0] & 0xffc0 == 0xfe80
}

/// The IPs of the host candidates: exactly `public` when given (deduplicated, in order);
/// otherwise the bound IP when it is a specific address; otherwise (a wildcard bind) every
/// [`usable`] local address the socket can reach, IPv4 first.
pub fn candidate_ips(
    socket: &MediaSocket,
    bound: IpAddr,
    public: &[IpAddr],
    local: &[LocalIp],
) -> Result<Vec<IpAddr>, SfuError> {
    let reachable = |ip: &IpAddr| {
        if ip.is_ipv4() {
            socket.ipv4
        } else {
            socket.ipv6
        }
    };
    let mut out: Vec<IpAddr> = Vec::new();
    if !public.is_empty() {
        for ip in public {
            if !reachable(ip) {
                return Err(SfuError::Config(format!(
                    "public IP {ip} is of a family the media socket ({bound}) cannot reach"
                )));
            }
            if !out.contains(ip) {
                out.push(*ip);
            }
        }
        return Ok(out);
    }
    if !bound.is_unspecified() {
        return Ok(vec![canonical(SocketAddr::new(bound, 0)).ip()]);
    }
    for l in local.iter().filter(|l| usable(l) && reachable(&l.ip)) {
        if !out.contains(&l.ip) {
            out.push(l.ip);
        }
    }
    out.sort_by_key(|ip| ip.is_ipv6());
    if out.is_empty() {
        // No network (a laptop offline): only this machine can reach us anyway.
        let lo = if socket.ipv4 {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        } else {
            IpAddr::V6(Ipv6Addr::LOCALHOST)
        };
        tracing::warn!(
            "no usable network address for media bound to {bound}: offering {lo} only \
             (set a public IP to serve other machines)"
        );
        out.push(lo);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sock(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn up(s: &str) -> LocalIp {
        LocalIp {
            ip: ip(s),
            up: true,
        }
    }

    fn dual() -> MediaSocket {
        MediaSocket {
            socket: UdpSocket::bind("127.0.0.1:0").unwrap(),
            v6: true,
            ipv4: true,
            ipv6: true,
        }
    }

    fn v4_only() -> MediaSocket {
        MediaSocket {
            v6: false,
            ipv6: false,
            ..dual()
        }
    }

    #[test]
    fn v4_mapped_sources_become_ipv4_and_go_back_mapped() {
        let mapped = sock("[::ffff:192.0.2.7]:5000");
        assert_eq!(canonical(mapped), sock("192.0.2.7:5000"));
        assert_eq!(on_wire(sock("192.0.2.7:5000"), true), mapped);
        assert_eq!(
            on_wire(sock("192.0.2.7:5000"), false),
            sock("192.0.2.7:5000")
        );
        // Real IPv6 and IPv4 addresses pass through unchanged.
        for a in ["[2001:db8::1]:9", "[::1]:9", "10.77.0.1:9"] {
            assert_eq!(canonical(sock(a)), sock(a));
            assert_eq!(on_wire(sock(a), true).ip().to_canonical(), sock(a).ip());
        }
        assert_eq!(canonical(sock("[::ffff:127.0.0.1]:1")), sock("127.0.0.1:1"));
    }

    #[test]
    fn wildcard_bind_advertises_every_usable_address_of_both_families() {
        let local = [
            up("127.0.0.1"),
            up("::1"),
            up("192.0.2.2"),
            up("fe80::fc:ff:fe00:1"),
            up("169.254.3.4"),
            up("2001:db8::2"),
            LocalIp {
                ip: ip("10.9.9.9"),
                up: false,
            },
            up("10.77.0.1"),
            up("192.0.2.2"),
        ];
        let ips = candidate_ips(&dual(), ip("::"), &[], &local).unwrap();
        assert_eq!(ips, [ip("192.0.2.2"), ip("10.77.0.1"), ip("2001:db8::2")]);
        let ips = candidate_ips(&v4_only(), ip("0.0.0.0"), &[], &local).unwrap();
        assert_eq!(ips, [ip("192.0.2.2"), ip("10.77.0.1")]);
    }

    #[test]
    fn public_ips_replace_discovery_exactly() {
        let local = [up("10.0.0.5")];
        let public = [ip("203.0.113.9"), ip("2001:db8::9"), ip("203.0.113.9")];
        let ips = candidate_ips(&dual(), ip("::"), &public, &local).unwrap();
        assert_eq!(ips, [ip("203.0.113.9"), ip("2001:db8::9")]);
        let err = candidate_ips(&v4_only(), ip("0.0.0.0"), &public, &local).unwrap_err();
        assert!(err.to_string().contains("2001:db8::9"), "{err}");
    }

    #[test]
    fn a_specific_bind_is_its_own_candidate() {
        let local = [up("192.0.2.2")];
        let ips = candidate_ips(&v4_only(), ip("127.0.0.1"), &[], &local).unwrap();
        assert_eq!(ips, [ip("127.0.0.1")]);
        let ips = candidate_ips(&dual(), ip("::1"), &[], &local).unwrap();
        assert_eq!(ips, [ip("::1")]);
    }

    #[test]
    fn a_wildcard_bind_without_a_network_offers_loopback() {
        let local = [up("127.0.0.1"), up("fe80::1")];
        let ips = candidate_ips(&dual(), ip("::"), &[], &local).unwrap();
        assert_eq!(ips, [ip("127.0.0.1")]);
        let v6_only = MediaSocket {
            ipv4: false,
            ..dual()
        };
        assert_eq!(
            candidate_ips(&v6_only, ip("::"), &[], &[]).unwrap(),
            [ip("::1")]
        );
    }

    #[test]
    fn dual_stack_socket_receives_ipv4_as_mapped_and_sends_back() {
        let Ok(ms) = bind(sock("[::]:0")) else {
            return;
        };
        if !ms.v6 {
            return; // no IPv6 on this machine: the fallback is tested by binding at all
        }
        let port = ms.socket.local_addr().unwrap().port();
        let client = UdpSocket::bind("127.0.0.1:0").unwrap();
        client
            .set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        client.send_to(b"ping", ("127.0.0.1", port)).unwrap();
        ms.socket.set_nonblocking(false).unwrap();
        ms.socket
            .set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        let mut buf = [0u8; 16];
        let (n, from) = ms.socket.recv_from(&mut buf).unwrap();
        assert_eq!(&buf[..n], b"ping");
        assert!(from.is_ipv6(), "the socket sees {from}");
        let seen = canonical(from);
        assert_eq!(seen, client.local_addr().unwrap());
        ms.socket.send_to(b"pong", on_wire(seen, ms.v6)).unwrap();
        let (n, from) = client.recv_from(&mut buf).unwrap();
        assert_eq!(&buf[..n], b"pong");
        assert_eq!(from.port(), port);
    }
}
