//! Reading a socket's queued datagrams in batches (`recvmmsg`) together with the kernel's receive
//! timestamps (`SO_TIMESTAMPNS`): when each datagram reached the listener's socket, whatever the
//! pool thread was doing then. Forward delay ends there, so it measures the SFU and the network,
//! not how soon a busy load generator got round to reading.

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6, UdpSocket};
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

/// Datagrams read per `recvmmsg` call.
pub(crate) const BATCH: usize = 8;
/// Largest datagram kept (audio packets are ~200 bytes; DTLS flights stay below this).
const DATAGRAM: usize = 2048;
/// Control buffer per datagram, in `u64`s (aligned for `cmsghdr`): room for one timespec.
const CONTROL_WORDS: usize = 8;

/// Asks the kernel to stamp every datagram `socket` receives (`SO_TIMESTAMPNS`).
pub(crate) fn enable_timestamps(socket: &UdpSocket) -> io::Result<()> {
    let on: libc::c_int = 1;
    // SAFETY: valid descriptor; `on` lives across the call and its size is passed.
    let rc = unsafe {
        libc::setsockopt(
            socket.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_TIMESTAMPNS,
            (&on as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if rc < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Maps the kernel's `CLOCK_REALTIME` stamps onto [`Instant`] (`CLOCK_MONOTONIC`), from one pair
/// of readings taken close together.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClockMap {
    instant: Instant,
    realtime_ns: i128,
}

impl ClockMap {
    /// Reads both clocks now.
    pub(crate) fn now() -> Self {
        let instant = Instant::now();
        Self {
            instant,
            realtime_ns: realtime_ns(),
        }
    }

    /// The instant of a realtime stamp in nanoseconds.
    pub(crate) fn instant_of(&self, stamp_ns: i128) -> Instant {
        let delta = stamp_ns - self.realtime_ns;
        let magnitude = Duration::from_nanos(u64::try_from(delta.unsigned_abs()).unwrap_or(0));
        if delta >= 0 {
            self.instant + magnitude
        } else {
            self.instant.checked_sub(magnitude).unwrap_or(self.instant)
        }
    }
}

fn realtime_ns() -> i128 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_REALTIME, &mut ts) };
    timespec_ns(&ts)
}

fn timespec_ns(ts: &libc::timespec) -> i128 {
    i128::from(ts.tv_sec) * 1_000_000_000 + i128::from(ts.tv_nsec)
}

/// One datagram of the last batch.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Datagram<'a> {
    pub data: &'a [u8],
    pub source: SocketAddr,
    /// When it reached the socket (the kernel's stamp; the read time if there was none).
    pub arrived: Instant,
}

/// Buffers for one `recvmmsg` of up to [`BATCH`] datagrams, reused for every socket.
pub(crate) struct BatchReceiver {
    data: Box<[[u8; DATAGRAM]; BATCH]>,
    names: [libc::sockaddr_storage; BATCH],
    controls: [[u64; CONTROL_WORDS]; BATCH],
    lens: [usize; BATCH],
    stamps: [Option<i128>; BATCH],
    count: usize,
    read_at: Instant,
    clock: ClockMap,
}

impl std::fmt::Debug for BatchReceiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchReceiver")
            .field("count", &self.count)
            .finish()
    }
}

impl Default for BatchReceiver {
    fn default() -> Self {
        Self {
            data: Box::new([[0; DATAGRAM]; BATCH]),
            // SAFETY: an all-zero sockaddr_storage is a valid (AF_UNSPEC) value.
            names: unsafe { std::mem::zeroed() },
            controls: [[0; CONTROL_WORDS]; BATCH],
            lens: [0; BATCH],
            stamps: [None; BATCH],
            count: 0,
            read_at: Instant::now(),
            clock: ClockMap::now(),
        }
    }
}

impl BatchReceiver {
    /// Re-reads the clocks that map kernel stamps to instants (once per pool turn).
    pub(crate) fn refresh_clock(&mut self) {
        self.clock = ClockMap::now();
    }

    /// Reads up to [`BATCH`] queued datagrams from `socket` without blocking; returns how many
    /// (0 when none were queued). Fewer than [`BATCH`] means the queue was empty at the time.
    pub(crate) fn recv(&mut self, socket: &UdpSocket) -> io::Result<usize> {
        self.count = 0;
        // SAFETY: zeroed iovec/mmsghdr arrays are valid; every pointer set below points into
        // `self`, which stays borrowed (and unmoved) for the duration of the call.
        let mut iovecs: [libc::iovec; BATCH] = unsafe { std::mem::zeroed() };
        // SAFETY: as above.
        let mut headers: [libc::mmsghdr; BATCH] = unsafe { std::mem::zeroed() };
        for i in 0..BATCH {
            iovecs[i].iov_base = self.data[i].as_mut_ptr().cast();
            iovecs[i].iov_len = DATAGRAM;
            let hdr = &mut headers[i].msg_hdr;
            hdr.msg_name = (&mut self.names[i] as *mut libc::sockaddr_storage).cast();
            hdr.msg_namelen = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
            hdr.msg_iov = &mut iovecs[i];
            hdr.msg_iovlen = 1;
            hdr.msg_control = self.controls[i].as_mut_ptr().cast();
            hdr.msg_controllen = CONTROL_WORDS * 8;
        }
        let n = loop {
            // SAFETY: `headers` describes BATCH valid, writable buffers (see above).
            let n = unsafe {
                libc::recvmmsg(
                    socket.as_raw_fd(),
                    headers.as_mut_ptr(),
                    BATCH as libc::c_uint,
                    libc::MSG_DONTWAIT,
                    std::ptr::null_mut(),
                )
            };
            if n >= 0 {
                break n as usize;
            }
            let err = io::Error::last_os_error();
            match err.kind() {
                io::ErrorKind::Interrupted => continue,
                io::ErrorKind::WouldBlock => return Ok(0),
                _ => return Err(err),
            }
        };
        self.read_at = Instant::now();
        for (i, header) in headers.iter().enumerate().take(n) {
            self.lens[i] = (header.msg_len as usize).min(DATAGRAM);
            self.stamps[i] = stamp_of(&header.msg_hdr);
        }
        self.count = n;
        Ok(n)
    }

    /// Datagram `i` of the last [`BatchReceiver::recv`] (`i` below its count), or `None` if its
    /// source address is not IPv4/IPv6.
    pub(crate) fn get(&self, i: usize) -> Option<Datagram<'_>> {
        if i >= self.count {
            return None;
        }
        let source = socket_addr(&self.names[i])?;
        let arrived = self.stamps[i].map_or(self.read_at, |ns| {
            self.clock.instant_of(ns).min(self.read_at)
        });
        Some(Datagram {
            data: &self.data[i][..self.lens[i]],
            source,
            arrived,
        })
    }
}

/// The `SCM_TIMESTAMPNS` stamp in a received message's control data, in nanoseconds.
fn stamp_of(hdr: &libc::msghdr) -> Option<i128> {
    // SAFETY: the kernel filled `msg_control` up to `msg_controllen`; the CMSG_* macros walk
    // it within those bounds, and a timespec payload is read unaligned.
    unsafe {
        let mut cmsg = libc::CMSG_FIRSTHDR(hdr);
        while !cmsg.is_null() {
            if (*cmsg).cmsg_level == libc::SOL_SOCKET && (*cmsg).cmsg_type == libc::SCM_TIMESTAMPNS
            {
                let ts = std::ptr::read_unaligned(libc::CMSG_DATA(cmsg).cast::<libc::timespec>());
                return Some(timespec_ns(&ts));
            }
            cmsg = libc::CMSG_NXTHDR(hdr, cmsg);
        }
    }
    None
}

fn socket_addr(storage: &libc::sockaddr_storage) -> Option<SocketAddr> {
    match i32::from(storage.ss_family) {
        libc::AF_INET => {
            // SAFETY: the family says the storage holds a sockaddr_in.
            let sin =
                unsafe { &*(storage as *const libc::sockaddr_storage).cast::<libc::sockaddr_in>() };
            let ip = Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr));
            Some(SocketAddr::V4(SocketAddrV4::new(
                ip,
                u16::from_be(sin.sin_port),
            )))
        }
        libc::AF_INET6 => {
            // SAFETY: the family says the storage holds a sockaddr_in6.
            let sin6 = unsafe {
                &*(storage as *const libc::sockaddr_storage).cast::<libc::sockaddr_in6>()
            };
            Some(SocketAddr::V6(SocketAddrV6::new(
                Ipv6Addr::from(sin6.sin6_addr.s6_addr),
                u16::from_be(sin6.sin6_port),
                sin6.sin6_flowinfo,
                sin6.sin6_scope_id,
            )))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair() -> (UdpSocket, UdpSocket) {
        let rx = UdpSocket::bind("127.0.0.1:0").unwrap();
        rx.set_nonblocking(true).unwrap();
        let tx = UdpSocket::bind("127.0.0.1:0").unwrap();
        (rx, tx)
    }

    #[test]
    fn reads_a_batch_with_sources_and_kernel_stamps() {
        let (rx, tx) = pair();
        enable_timestamps(&rx).unwrap();
        // The kernel switches network stamping on for everyone a moment later (deferred work).
        std::thread::sleep(Duration::from_millis(50));
        let before = Instant::now();
        for i in 0..3u8 {
            tx.send_to(&[i; 10], rx.local_addr().unwrap()).unwrap();
        }
        std::thread::sleep(Duration::from_millis(30));
        let mut batch = BatchReceiver::default();
        batch.refresh_clock();
        assert_eq!(batch.recv(&rx).unwrap(), 3);
        for i in 0..3 {
            let d = batch.get(i).unwrap();
            assert_eq!(d.data, &[i as u8; 10]);
            assert_eq!(d.source, tx.local_addr().unwrap());
            assert!(batch.stamps[i].is_some(), "no kernel stamp");
            // Stamped on arrival (before the 30 ms sleep ended), not when read.
            assert!(d.arrived >= before.checked_sub(Duration::from_millis(2)).unwrap());
            assert!(
                batch.read_at.duration_since(d.arrived) >= Duration::from_millis(20),
                "stamp {:?} before the read",
                batch.read_at.duration_since(d.arrived)
            );
        }
        assert!(batch.get(3).is_none());
        assert_eq!(batch.recv(&rx).unwrap(), 0, "queue drained");
    }

    #[test]
    fn a_full_batch_leaves_the_rest_queued() {
        let (rx, tx) = pair();
        for i in 0..(BATCH + 2) {
            tx.send_to(&[i as u8], rx.local_addr().unwrap()).unwrap();
        }
        std::thread::sleep(Duration::from_millis(10));
        let mut batch = BatchReceiver::default();
        assert_eq!(batch.recv(&rx).unwrap(), BATCH);
        assert_eq!(batch.recv(&rx).unwrap(), 2);
        assert_eq!(batch.get(1).unwrap().data, &[BATCH as u8 + 1]);
        // Without SO_TIMESTAMPNS the read time stands in.
        assert_eq!(batch.get(0).unwrap().arrived, batch.read_at);
    }

    #[test]
    fn clock_map_places_stamps_around_its_reading() {
        let map = ClockMap::now();
        let later = map.instant_of(map.realtime_ns + 5_000_000);
        assert_eq!(later.duration_since(map.instant), Duration::from_millis(5));
        let earlier = map.instant_of(map.realtime_ns - 3_000_000);
        assert_eq!(
            map.instant.duration_since(earlier),
            Duration::from_millis(3)
        );
    }
}
