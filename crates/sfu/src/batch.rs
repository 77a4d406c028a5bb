//! Batched UDP sends: one `sendmmsg(2)` per up to [`SEND_BATCH`] datagrams on Linux, one
//! `send_to` per datagram elsewhere.
//!
//! A forwarded packet becomes one datagram per receiver, so the kernel entry is paid per
//! datagram with plain `send_to`; `sendmmsg` pays it once per batch (on these machines the
//! loopback fan-out ceiling rose from ~200k to ~250k packets/s).
//!
//! Destinations are canonical (IPv4 as IPv4); on an IPv6 (dual-stack) socket an IPv4 destination
//! is written v4-mapped ([`crate::net::on_wire`]).

use std::io;

use tokio::io::Interest;
use tokio::net::UdpSocket;

use crate::core::Transmit;

/// Most datagrams handed to the kernel in one call.
pub const SEND_BATCH: usize = 64;

/// Sends every datagram of `batch`, waiting for the socket when its buffer is full. A datagram
/// the kernel refuses (e.g. unreachable destination) is logged and skipped, as a server must.
pub(crate) async fn send_all(socket: &UdpSocket, v6: bool, batch: &[Transmit]) {
    let mut sent = 0;
    while sent < batch.len() {
        let rest = &batch[sent..];
        match socket.try_io(Interest::WRITABLE, || send_some(socket, v6, rest)) {
            Ok(n) => sent += n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                if let Err(e) = socket.writable().await {
                    tracing::debug!("sfu socket not writable: {e}");
                    return;
                }
            }
            Err(e) => {
                tracing::debug!(dest = %rest[0].destination, "sfu send error: {e}");
                sent += 1;
            }
        }
    }
}

/// Sends a prefix of `batch` (at least one datagram, or an error about the first one).
#[cfg(target_os = "linux")]
fn send_some(socket: &UdpSocket, v6: bool, batch: &[Transmit]) -> io::Result<usize> {
    use std::os::fd::AsRawFd;
    linux::sendmmsg(socket.as_raw_fd(), v6, batch)
}

/// Sends a prefix of `batch` (at least one datagram, or an error about the first one).
#[cfg(not(target_os = "linux"))]
fn send_some(socket: &UdpSocket, v6: bool, batch: &[Transmit]) -> io::Result<usize> {
    let t = &batch[0];
    let dest = crate::net::on_wire(t.destination, v6);
    socket.try_send_to(&t.contents, dest).map(|_| 1)
}

/// Longest a sender thread waits for the socket to drain before dropping the rest of a batch.
const MAX_STALLS: u32 = 50;

/// [`send_all`] for a sender thread: a non-blocking std socket, waiting in `poll(2)` (100 ms at a
/// time, at most [`MAX_STALLS`] times) when the socket buffer is full.
pub(crate) fn send_all_blocking(socket: &std::net::UdpSocket, v6: bool, batch: &[Transmit]) {
    let (mut sent, mut stalls) = (0, 0);
    while sent < batch.len() {
        let rest = &batch[sent..];
        match send_some_std(socket, v6, rest) {
            Ok(n) => {
                sent += n;
                stalls = 0;
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                stalls += 1;
                if stalls > MAX_STALLS {
                    tracing::debug!(dropped = rest.len(), "sfu socket stuck: batch dropped");
                    return;
                }
                wait_writable(socket);
            }
            Err(e) => {
                tracing::debug!(dest = %rest[0].destination, "sfu send error: {e}");
                sent += 1;
            }
        }
    }
}

#[cfg(target_os = "linux")]
fn send_some_std(socket: &std::net::UdpSocket, v6: bool, batch: &[Transmit]) -> io::Result<usize> {
    use std::os::fd::AsRawFd;
    linux::sendmmsg(socket.as_raw_fd(), v6, batch)
}

#[cfg(not(target_os = "linux"))]
fn send_some_std(socket: &std::net::UdpSocket, v6: bool, batch: &[Transmit]) -> io::Result<usize> {
    let t = &batch[0];
    let dest = crate::net::on_wire(t.destination, v6);
    socket.send_to(&t.contents, dest).map(|_| 1)
}

/// Waits up to 100 ms for `socket` to accept more datagrams.
#[cfg(unix)]
fn wait_writable(socket: &std::net::UdpSocket) {
    use std::os::fd::AsRawFd;
    let mut fds = libc::pollfd {
        fd: socket.as_raw_fd(),
        events: libc::POLLOUT,
        revents: 0,
    };
    // SAFETY: one valid pollfd for the duration of the call.
    unsafe { libc::poll(&mut fds, 1, 100) };
}

#[cfg(not(unix))]
fn wait_writable(_socket: &std::net::UdpSocket) {
    std::thread::sleep(std::time::Duration::from_millis(1));
}

#[cfg(target_os = "linux")]
mod linux {
    use std::io;
    use std::mem::{size_of, zeroed};
    use std::net::SocketAddr;
    use std::os::fd::RawFd;

    use super::SEND_BATCH;
    use crate::core::Transmit;

    /// Writes `addr` (v4-mapped on an IPv6 socket, `v6`) into `out` and returns its length.
    fn sockaddr(addr: &SocketAddr, v6: bool, out: &mut libc::sockaddr_storage) -> libc::socklen_t {
        let out = out as *mut libc::sockaddr_storage;
        match &crate::net::on_wire(*addr, v6) {
            SocketAddr::V4(a) => {
                let sin = libc::sockaddr_in {
                    sin_family: libc::AF_INET as libc::sa_family_t,
                    sin_port: a.port().to_be(),
                    sin_addr: libc::in_addr {
                        s_addr: u32::from_ne_bytes(a.ip().octets()),
                    },
                    sin_zero: [0; 8],
                };
                // SAFETY: sockaddr_storage is larger than and aligned for every sockaddr type.
                unsafe { out.cast::<libc::sockaddr_in>().write(sin) };
                size_of::<libc::sockaddr_in>() as libc::socklen_t
            }
            SocketAddr::V6(a) => {
                let sin6 = libc::sockaddr_in6 {
                    sin6_family: libc::AF_INET6 as libc::sa_family_t,
                    sin6_port: a.port().to_be(),
                    sin6_flowinfo: a.flowinfo(),
                    sin6_addr: libc::in6_addr {
                        s6_addr: a.ip().octets(),
                    },
                    sin6_scope_id: a.scope_id(),
                };
                // SAFETY: as above.
                unsafe { out.cast::<libc::sockaddr_in6>().write(sin6) };
                size_of::<libc::sockaddr_in6>() as libc::socklen_t
            }
        }
    }

    /// One `sendmmsg` over the first [`SEND_BATCH`] datagrams of `batch`: how many were sent.
    /// `v6`: the socket is IPv6 (IPv4 destinations are written v4-mapped).
    pub(super) fn sendmmsg(fd: RawFd, v6: bool, batch: &[Transmit]) -> io::Result<usize> {
        let n = batch.len().min(SEND_BATCH);
        // SAFETY: all-zero is a valid value for these plain C structs.
        let mut names: [libc::sockaddr_storage; SEND_BATCH] = unsafe { zeroed() };
        // SAFETY: as above.
        let mut iovs: [libc::iovec; SEND_BATCH] = unsafe { zeroed() };
        // SAFETY: as above (null pointers and zero lengths until filled in below).
        let mut msgs: [libc::mmsghdr; SEND_BATCH] = unsafe { zeroed() };
        for (i, t) in batch[..n].iter().enumerate() {
            let len = sockaddr(&t.destination, v6, &mut names[i]);
            iovs[i] = libc::iovec {
                iov_base: t.contents.as_ptr() as *mut libc::c_void,
                iov_len: t.contents.len(),
            };
            let hdr = &mut msgs[i].msg_hdr;
            hdr.msg_name = (&mut names[i] as *mut libc::sockaddr_storage).cast();
            hdr.msg_namelen = len;
            hdr.msg_iov = &mut iovs[i];
            hdr.msg_iovlen = 1;
        }
        // SAFETY: `msgs[..n]` point into `names`, `iovs` and `batch`, which all outlive the
        // call; the kernel only reads the buffers and writes `msg_len`.
        let r = unsafe { libc::sendmmsg(fd, msgs.as_mut_ptr(), n as libc::c_uint, 0) };
        if r < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(r as usize)
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use std::net::UdpSocket;
        use std::os::fd::AsRawFd;

        #[test]
        fn sends_a_batch_to_several_destinations_in_order() {
            let tx = UdpSocket::bind("127.0.0.1:0").unwrap();
            let rx: Vec<UdpSocket> = (0..3)
                .map(|_| UdpSocket::bind("127.0.0.1:0").unwrap())
                .collect();
            let batch: Vec<Transmit> = (0..6)
                .map(|i| Transmit {
                    destination: rx[i % 3].local_addr().unwrap(),
                    contents: vec![i as u8; 10 + i],
                })
                .collect();
            assert_eq!(sendmmsg(tx.as_raw_fd(), false, &batch).unwrap(), 6);
            let mut buf = [0u8; 64];
            for (k, sock) in rx.iter().enumerate() {
                sock.set_read_timeout(Some(std::time::Duration::from_secs(2)))
                    .unwrap();
                for i in [k, k + 3] {
                    let (n, from) = sock.recv_from(&mut buf).unwrap();
                    assert_eq!(from, tx.local_addr().unwrap());
                    assert_eq!(&buf[..n], &batch[i].contents[..]);
                }
            }
        }

        #[test]
        fn sends_at_most_one_batch_per_call() {
            let tx = UdpSocket::bind("127.0.0.1:0").unwrap();
            let rx = UdpSocket::bind("127.0.0.1:0").unwrap();
            let batch: Vec<Transmit> = (0..SEND_BATCH + 5)
                .map(|_| Transmit {
                    destination: rx.local_addr().unwrap(),
                    contents: vec![1; 8],
                })
                .collect();
            assert_eq!(sendmmsg(tx.as_raw_fd(), false, &batch).unwrap(), SEND_BATCH);
        }

        #[test]
        fn ipv4_destinations_from_a_dual_stack_socket_go_out_v4_mapped() {
            // Binds [::] but sends to loopback only.
            let Ok(ms) = crate::net::bind("[::]:0".parse().unwrap()) else {
                return;
            };
            if !ms.v6 {
                return; // no IPv6: the socket fell back to 0.0.0.0
            }
            let rx = UdpSocket::bind("127.0.0.1:0").unwrap();
            rx.set_read_timeout(Some(std::time::Duration::from_secs(2)))
                .unwrap();
            let batch = [Transmit {
                destination: rx.local_addr().unwrap(),
                contents: b"mapped".to_vec(),
            }];
            assert_eq!(sendmmsg(ms.socket.as_raw_fd(), true, &batch).unwrap(), 1);
            let mut buf = [0u8; 16];
            let (n, from) = rx.recv_from(&mut buf).unwrap();
            assert_eq!(&buf[..n], b"mapped");
            assert_eq!(from.port(), ms.socket.local_addr().unwrap().port());
            // (Linux would also take a plain `sockaddr_in` on a dual-stack socket; other
            // systems refuse it, so the mapping is kept for every platform.)
        }

        #[test]
        fn ipv6_destination_from_ipv6_socket() {
            let Ok(tx) = UdpSocket::bind("[::1]:0") else {
                return; // no IPv6 loopback on this machine
            };
            let rx = UdpSocket::bind("[::1]:0").unwrap();
            rx.set_read_timeout(Some(std::time::Duration::from_secs(2)))
                .unwrap();
            let batch = [Transmit {
                destination: rx.local_addr().unwrap(),
                contents: b"hello".to_vec(),
            }];
            assert_eq!(sendmmsg(tx.as_raw_fd(), false, &batch).unwrap(), 1);
            let mut buf = [0u8; 16];
            let (n, _) = rx.recv_from(&mut buf).unwrap();
            assert_eq!(&buf[..n], b"hello");
        }
    }
}
