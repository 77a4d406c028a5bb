//! Sender threads: a big fan-out is sent by more than one core.
//!
//! One forwarded packet becomes a datagram per listener, and on this kind of machine the
//! kernel's send path costs more than everything else the SFU does for it (see
//! `docs/performance.md`). The driver keeps the sans-IO core on one task; when one flush holds
//! more than [`SPLIT_AT`] datagrams it hands whole batches to these threads, which send them
//! with `sendmmsg` on clones of the SFU's socket (UDP sends on one socket from several threads
//! are safe and do not serialise in the kernel), and hand the buffers back for reuse. Small
//! flushes (signaling, a few listeners) stay on the driver: no cross-thread hop.

use std::io;
use std::net::UdpSocket;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

use crate::batch::send_all_blocking;
use crate::core::Transmit;

/// A flush with more datagrams than this is shared with the sender threads.
pub const SPLIT_AT: usize = 128;
/// Batches queued per sender thread before the driver sends inline instead.
const QUEUE_DEPTH: usize = 64;

/// The pool of sender threads of one SFU.
pub(crate) struct Senders {
    jobs: Vec<SyncSender<Vec<Transmit>>>,
    done: Receiver<Vec<Transmit>>,
    next: usize,
    _threads: Vec<JoinHandle<()>>,
}

impl Senders {
    /// Starts `threads` sender threads, each with its own clone of `socket` (non-blocking; `v6`:
    /// an IPv6 socket, IPv4 destinations are sent v4-mapped).
    pub(crate) fn start(socket: &UdpSocket, v6: bool, threads: usize) -> io::Result<Self> {
        let (done_tx, done) = mpsc::channel();
        let mut jobs = Vec::with_capacity(threads);
        let mut handles = Vec::with_capacity(threads);
        for i in 0..threads {
            let socket = socket.try_clone()?;
            let (job_tx, job_rx) = mpsc::sync_channel::<Vec<Transmit>>(QUEUE_DEPTH);
            let done_tx = done_tx.clone();
            let handle = std::thread::Builder::new()
                .name(format!("sfu-send-{i}"))
                .spawn(move || {
                    // Ends when the driver (every job sender) is gone.
                    while let Ok(batch) = job_rx.recv() {
                        send_all_blocking(&socket, v6, &batch);
                        if done_tx.send(batch).is_err() {
                            break;
                        }
                    }
                })?;
            jobs.push(job_tx);
            handles.push(handle);
        }
        Ok(Self {
            jobs,
            done,
            next: 0,
            _threads: handles,
        })
    }

    /// Number of sender threads.
    pub(crate) fn len(&self) -> usize {
        self.jobs.len()
    }

    /// Hands `batch` to the next sender thread; gives it back if every queue is full.
    pub(crate) fn offer(&mut self, batch: Vec<Transmit>) -> Result<(), Vec<Transmit>> {
        let mut batch = batch;
        for _ in 0..self.jobs.len() {
            let i = self.next;
            self.next = (self.next + 1) % self.jobs.len();
            match self.jobs[i].try_send(batch) {
                Ok(()) => return Ok(()),
                Err(mpsc::TrySendError::Full(b)) | Err(mpsc::TrySendError::Disconnected(b)) => {
                    batch = b;
                }
            }
        }
        Err(batch)
    }

    /// A batch the threads finished sending (its buffers can be reused), if any.
    pub(crate) fn finished(&self) -> Option<Vec<Transmit>> {
        self.done.try_recv().ok()
    }
}
