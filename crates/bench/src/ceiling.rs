//! The raw loopback ceiling: one thread sends same-size packets round-robin to the listener bots'
//! sockets with `sendmmsg` (no crypto, no SFU); the listener pool counts what arrives (packets
//! carry [`RAW_SSRC`], which the bots count apart and never hand to str0m). The sender's own
//! CPU time per packet is the floor of what any SFU pays here to put one packet on loopback
//! (the kernel's send path, and on loopback the receive path too, runs in the sender).

use std::io;
use std::net::{SocketAddr, SocketAddrV4, UdpSocket};
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

use crate::counting::{write_rtp_header, ListenerPool, RtpHeader, RAW_SSRC};
use crate::stats::{rate, ratio};

/// What the ceiling phase measured.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ceiling {
    /// Raw packets per second the listeners received.
    pub received_pps: Option<f64>,
    /// Raw packets per second the sender pushed.
    pub sent_pps: Option<f64>,
    /// The sender thread's CPU microseconds per packet sent.
    pub cpu_us_per_packet: Option<f64>,
}

/// Runs the ceiling phase for `secs` against `destinations` with `size`-byte packets; `pool`
/// counts what arrives.
pub async fn measure(
    pool: &ListenerPool,
    destinations: Vec<SocketAddr>,
    size: usize,
    secs: Duration,
) -> anyhow::Result<Ceiling> {
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = pool.snapshot().raw_packets;
    let t = Instant::now();
    let blast = tokio::task::spawn_blocking(move || blast(&destinations, size, secs)).await??;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let elapsed = t.elapsed();
    let got = pool.snapshot().raw_packets - before;
    Ok(Ceiling {
        received_pps: Some(rate(got, elapsed)),
        sent_pps: Some(rate(blast.sent, elapsed)),
        cpu_us_per_packet: ratio(blast.cpu.as_secs_f64() * 1e6, blast.sent as f64),
    })
}

/// What one [`blast`] did.
#[derive(Debug, Clone, Copy)]
pub struct Blast {
    /// Packets the kernel accepted.
    pub sent: u64,
    /// The sending thread's CPU time.
    pub cpu: Duration,
}

/// CPU time of the calling thread.
fn thread_cpu() -> Duration {
    // SAFETY: clock_gettime writes into the timespec it is given.
    let mut ts: libc::timespec = unsafe { std::mem::zeroed() };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Messages per `sendmmsg` call.
const BATCH: usize = 256;

fn sockaddr(addr: SocketAddrV4) -> libc::sockaddr_in {
    libc::sockaddr_in {
        sin_family: libc::AF_INET as libc::sa_family_t,
        sin_port: addr.port().to_be(),
        sin_addr: libc::in_addr {
            s_addr: u32::from(*addr.ip()).to_be(),
        },
        sin_zero: [0; 8],
    }
}

/// Sends `size`-byte packets to `destinations` (IPv4 only) round-robin for `duration`;
/// returns how many the kernel accepted and the thread's CPU time doing it.
pub fn blast(destinations: &[SocketAddr], size: usize, duration: Duration) -> io::Result<Blast> {
    let addrs: Vec<libc::sockaddr_in> = destinations
        .iter()
        .filter_map(|a| match a {
            SocketAddr::V4(v4) => Some(sockaddr(*v4)),
            SocketAddr::V6(_) => None,
        })
        .collect();
    if addrs.is_empty() {
        return Ok(Blast {
            sent: 0,
            cpu: Duration::ZERO,
        });
    }
    let socket = UdpSocket::bind("127.0.0.1:0")?;
    let mut payload = vec![0u8; size.max(12)];
    write_rtp_header(
        &mut payload,
        RtpHeader {
            pt: 111,
            seq: 0,
            ts: 0,
            ssrc: RAW_SSRC,
        },
    );
    let mut iov = libc::iovec {
        iov_base: payload.as_mut_ptr().cast(),
        iov_len: payload.len(),
    };
    let cpu_before = thread_cpu();
    let deadline = Instant::now() + duration;
    let mut next = 0usize;
    let mut sent = 0u64;
    let mut msgs: Vec<libc::mmsghdr> = Vec::with_capacity(BATCH);
    while Instant::now() < deadline {
        msgs.clear();
        for _ in 0..BATCH {
            let addr = &addrs[next % addrs.len()];
            next = next.wrapping_add(1);
            // SAFETY: an all-zero msghdr is valid; the pointers set below outlive the call.
            let mut hdr: libc::msghdr = unsafe { std::mem::zeroed() };
            hdr.msg_name = (addr as *const libc::sockaddr_in).cast_mut().cast();
            hdr.msg_namelen = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
            hdr.msg_iov = &mut iov;
            hdr.msg_iovlen = 1;
            msgs.push(libc::mmsghdr {
                msg_hdr: hdr,
                msg_len: 0,
            });
        }
        // SAFETY: `msgs` holds BATCH initialised headers pointing at live buffers.
        let n = unsafe {
            libc::sendmmsg(
                socket.as_raw_fd(),
                msgs.as_mut_ptr(),
                msgs.len() as libc::c_uint,
                0,
            )
        };
        if n < 0 {
            let err = io::Error::last_os_error();
            match err.kind() {
                io::ErrorKind::Interrupted | io::ErrorKind::WouldBlock => continue,
                // A full receiver queue can surface as ECONNREFUSED/ENOBUFS: keep going.
                _ if err.raw_os_error() == Some(libc::ENOBUFS) => continue,
                _ if err.kind() == io::ErrorKind::ConnectionRefused => continue,
                _ => return Err(err),
            }
        }
        sent += n.max(0) as u64;
    }
    Ok(Blast {
        sent,
        cpu: thread_cpu().saturating_sub(cpu_before),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blasts_raw_packets_to_every_destination() {
        let receivers: Vec<UdpSocket> = (0..3)
            .map(|_| UdpSocket::bind("127.0.0.1:0").expect("bind"))
            .collect();
        for r in &receivers {
            r.set_read_timeout(Some(Duration::from_secs(2)))
                .expect("timeout");
        }
        let dests: Vec<SocketAddr> = receivers
            .iter()
            .map(|r| r.local_addr().expect("addr"))
            .collect();
        let blast = blast(&dests, 100, Duration::from_millis(1)).expect("blast");
        assert!(blast.sent >= BATCH as u64);
        assert!(
            blast.cpu > Duration::ZERO,
            "the sender's CPU time is measured"
        );
        for r in &receivers {
            let mut buf = [0u8; 200];
            let n = r.recv(&mut buf).expect("each receiver gets packets");
            assert_eq!(n, 100);
            let h = crate::counting::parse_rtp(&buf[..n]).expect("rtp header");
            assert_eq!(h.ssrc, RAW_SSRC);
        }
    }
}
