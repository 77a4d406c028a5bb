//! The raw loopback ceiling: one thread sends same-size packets round-robin to the listener bots'
//! sockets with `sendmmsg` (no crypto, no SFU); the listener pool counts what arrives (packets
//! carry [`RAW_SSRC`], which the bots count apart and never hand to str0m). The sender's own
//! CPU time per packet is the floor of what any SFU pays here to put one packet on loopback
//! (the kernel's send path, and on loopback the receive path too, runs in the sender).
//!
//! The blast runs flat out, so the listener thread never sleeps and packets that find a full
//! socket are dropped early: cheaper per packet than what an SFU pays at its own rate. The
//! **paced floor** ([`paced`]) sends exactly the window's pattern instead — one datagram to every
//! listener per round, as many rounds per second as the SFU forwarded (50 for one speaker's
//! 20 ms frames), in [`PACED_BATCH`]-datagram `sendmmsg` calls like the SFU's — so the kernel's
//! share (sends, loopback delivery, waking the sleeping listener thread) is the one the SFU
//! met, and what the SFU pays above it is its own work.

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
    /// The paced floor's CPU microseconds per packet sent (the window's rate and pattern).
    pub paced_cpu_us_per_packet: Option<f64>,
    /// Of the paced floor's packets, the share the listeners received (%).
    pub paced_delivered_pct: Option<f64>,
}

/// Runs the ceiling phase for `secs` against `destinations` with `size`-byte packets; `pool`
/// counts what arrives. With `rounds_per_sec` (the window's forwarded packets per second per
/// listener), the paced floor follows for `secs` too.
pub async fn measure(
    pool: &ListenerPool,
    destinations: Vec<SocketAddr>,
    size: usize,
    secs: Duration,
    rounds_per_sec: Option<f64>,
) -> anyhow::Result<Ceiling> {
    // Let the listener thread drain what the SFU sent last.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = pool.snapshot().raw_packets;
    let t = Instant::now();
    let dests = destinations.clone();
    let blast = tokio::task::spawn_blocking(move || blast(&dests, size, secs)).await??;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let elapsed = t.elapsed();
    let got = pool.snapshot().raw_packets - before;
    let mut ceiling = Ceiling {
        received_pps: Some(rate(got, elapsed)),
        sent_pps: Some(rate(blast.sent, elapsed)),
        cpu_us_per_packet: ratio(blast.cpu.as_secs_f64() * 1e6, blast.sent as f64),
        ..Ceiling::default()
    };
    if let Some(rounds) = rounds_per_sec.filter(|r| *r > 0.0) {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let before = pool.snapshot().raw_packets;
        let paced =
            tokio::task::spawn_blocking(move || paced(&destinations, size, rounds, secs)).await??;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let got = pool.snapshot().raw_packets - before;
        ceiling.paced_cpu_us_per_packet = ratio(paced.cpu.as_secs_f64() * 1e6, paced.sent as f64);
        ceiling.paced_delivered_pct = ratio(got as f64 * 100.0, paced.sent as f64);
    }
    Ok(ceiling)
}

/// What one [`blast`] or [`paced`] run did.
#[derive(Debug, Clone, Copy)]
pub struct Blast {
    /// Datagrams the kernel accepted.
    pub sent: u64,
    /// The sending thread's CPU time.
    pub cpu: Duration,
}

/// CPU time of the calling thread.
fn thread_cpu() -> Duration {
    // SAFETY: a zeroed timespec is valid; clock_gettime only writes it.
    let mut ts: libc::timespec = unsafe { std::mem::zeroed() };
    // SAFETY: valid pointer to a timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Datagrams per `sendmmsg` call in the blast.
const BATCH: usize = 256;
/// Datagrams per `sendmmsg` call in the paced floor: the SFU's `SEND_BATCH`.
pub const PACED_BATCH: usize = 64;

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

/// A socket sending one same-size raw RTP packet round-robin to a set of IPv4 destinations.
struct RawSender {
    socket: UdpSocket,
    addrs: Vec<libc::sockaddr_in>,
    payload: Vec<u8>,
    next: usize,
}

impl RawSender {
    /// `None` when no destination is IPv4.
    fn new(destinations: &[SocketAddr], size: usize) -> io::Result<Option<Self>> {
        let addrs: Vec<libc::sockaddr_in> = destinations
            .iter()
            .filter_map(|a| match a {
                SocketAddr::V4(v4) => Some(sockaddr(*v4)),
                SocketAddr::V6(_) => None,
            })
            .collect();
        if addrs.is_empty() {
            return Ok(None);
        }
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
        Ok(Some(Self {
            socket: UdpSocket::bind("127.0.0.1:0")?,
            addrs,
            payload,
            next: 0,
        }))
    }

    /// One `sendmmsg` of up to `n` datagrams to the next destinations; how many were sent
    /// (0 when the call failed harmlessly: interrupted, full, refused).
    fn send_batch(&mut self, n: usize) -> io::Result<usize> {
        let mut iov = libc::iovec {
            iov_base: self.payload.as_mut_ptr().cast(),
            iov_len: self.payload.len(),
        };
        let mut msgs: Vec<libc::mmsghdr> = Vec::with_capacity(n);
        for k in 0..n {
            let addr = &self.addrs[(self.next + k) % self.addrs.len()];
            // SAFETY: an all-zero msghdr is valid (no name, no iov); set below.
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
        // SAFETY: `msgs` points at `n` initialised headers whose name and iov outlive the call.
        let sent = unsafe {
            libc::sendmmsg(
                self.socket.as_raw_fd(),
                msgs.as_mut_ptr(),
                msgs.len() as libc::c_uint,
                0,
            )
        };
        if sent < 0 {
            let err = io::Error::last_os_error();
            return match err.kind() {
                io::ErrorKind::Interrupted | io::ErrorKind::WouldBlock => Ok(0),
                _ if err.raw_os_error() == Some(libc::ENOBUFS) => Ok(0),
                // A listener gone meanwhile (ICMP port unreachable on loopback).
                io::ErrorKind::ConnectionRefused => Ok(0),
                _ => Err(err),
            };
        }
        let sent = sent as usize;
        self.next = (self.next + sent) % self.addrs.len();
        Ok(sent)
    }
}

/// Sends `size`-byte RTP-looking packets round-robin to `destinations` (IPv4) with `sendmmsg`,
/// as fast as one thread can, for `duration`.
pub fn blast(destinations: &[SocketAddr], size: usize, duration: Duration) -> io::Result<Blast> {
    let Some(mut raw) = RawSender::new(destinations, size)? else {
        return Ok(Blast {
            sent: 0,
            cpu: Duration::ZERO,
        });
    };
    let cpu_before = thread_cpu();
    let deadline = Instant::now() + duration;
    let mut sent = 0u64;
    while Instant::now() < deadline {
        sent += raw.send_batch(BATCH)? as u64;
    }
    Ok(Blast {
        sent,
        cpu: thread_cpu().saturating_sub(cpu_before),
    })
}

/// The paced floor: `rounds_per_sec` times a second, one datagram to every destination (in
/// [`PACED_BATCH`]-datagram calls), then the thread sleeps until the next round: `duration`
/// worth of rounds. A late round starts at once.
pub fn paced(
    destinations: &[SocketAddr],
    size: usize,
    rounds_per_sec: f64,
    duration: Duration,
) -> io::Result<Blast> {
    let Some(mut raw) = RawSender::new(destinations, size)? else {
        return Ok(Blast {
            sent: 0,
            cpu: Duration::ZERO,
        });
    };
    let rounds_per_sec = rounds_per_sec.max(1.0);
    let period = Duration::from_secs_f64(1.0 / rounds_per_sec);
    let rounds = (duration.as_secs_f64() * rounds_per_sec).ceil() as u32;
    let per_round = raw.addrs.len();
    let cpu_before = thread_cpu();
    let start = Instant::now();
    let mut sent = 0u64;
    for round in 1..=rounds {
        let mut left = per_round;
        // Bounded: a round gives up after as many failed calls as it has batches.
        let mut tries = per_round.div_ceil(PACED_BATCH) * 2;
        while left > 0 && tries > 0 {
            let n = raw.send_batch(left.min(PACED_BATCH))?;
            left -= n;
            sent += n as u64;
            tries -= 1;
        }
        if round == rounds {
            break;
        }
        // The bench's pacing is time itself (a load generator, not a test).
        let due = start + period * round;
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
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

    #[test]
    fn paced_floor_sends_one_datagram_per_destination_per_round() {
        let receivers: Vec<UdpSocket> = (0..5)
            .map(|_| UdpSocket::bind("127.0.0.1:0").expect("bind"))
            .collect();
        let dests: Vec<SocketAddr> = receivers
            .iter()
            .map(|r| r.local_addr().expect("addr"))
            .collect();
        // 20 rounds a second for 120 ms: 3 rounds.
        let run = paced(&dests, 80, 20.0, Duration::from_millis(120)).expect("paced");
        assert_eq!(run.sent, 15, "3 rounds of 5 datagrams");
        for r in &receivers {
            r.set_nonblocking(true).expect("nonblocking");
            let mut buf = [0u8; 200];
            let mut got = 0;
            while r.recv(&mut buf).is_ok() {
                got += 1;
            }
            assert_eq!(got, 3, "one datagram per round to each destination");
        }
    }
}
