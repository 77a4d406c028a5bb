//! # stoa-cluster
//!
//! Coordination between the nodes of a Stoa cluster, kept in NATS JetStream key-value buckets.
//! Every bucket and subject is namespaced by [`ClusterConfig::prefix`] (default `stoa`).
//!
//! ## Buckets
//!
//! | bucket            | key      | value                                   | TTL (`max_age`) | storage |
//! |-------------------|----------|-----------------------------------------|-----------------|---------|
//! | `{prefix}_nodes`  | node id  | [`NodeInfo`] JSON (addresses, load)     | 3 s             | file    |
//! | `{prefix}_leases` | room id  | `{"node": …, "epoch": …}`               | 3 s             | file    |
//!
//! Both keep one revision per key, on file storage: a single NATS server forgets memory streams
//! when it restarts, and the leases' revision counter must survive restarts (see fencing).
//! Entries are renewed every second ([`RENEW_EVERY`]).
//!
//! - **Node registry** ([`Registry`]): a node [joins](Cluster::join) by writing its entry, then
//!   renews it every second; a node that stops renewing (crash, `kill -9`, partition) is gone
//!   within 3 s, and a clean [`leave`](Registry::leave) deletes it at once. Each node watches the
//!   bucket for a local view (`nodes`, `least_loaded`, a `watch` that moves on membership).
//!   A 2.9 server does not tell watchers when `max_age` removes an entry, so the view also drops
//!   a node it has not heard from for 3 s, counted on its own monotonic clock from the arrival
//!   of the node's last renewal.
//! - **Room leases** ([`Leases`]): each live room has one origin node. A claim is a KV `create`,
//!   which fails while a live holder exists, so of nodes racing for a room exactly one wins.
//!   A [`LeaseKeeper`] renews it every second with a compare-and-set on the key's revision.
//!   The claim stores epoch 0 (its own revision is not known before it is written); renewals
//!   store the real epoch, and readers take a 0 to mean the entry's revision.
//!
//! ## Why node clocks do not matter
//!
//! Expiry is the NATS server's: an entry disappears `max_age` after its last write by the
//! server's clock. Nodes never compare timestamps; they measure only their own intervals on a
//! monotonic clock (renew every 1 s, "no renewal for 2.5 s" = lease lost, "not heard from for
//! 3 s" = node gone in the local view). A node whose wall clock is 2 s off behaves exactly the
//! same: nothing it writes carries a time anyone acts on (`started_at_ms` is informational).
//!
//! ## Fencing
//!
//! A lease's **epoch** is the revision of the `create` that claimed it: the stream sequence,
//! which only grows, so a later owner of a room always has a greater epoch than any earlier one
//! (the leases bucket uses file storage so the sequence survives a NATS restart). The epoch is
//! the fencing token: storage writes for a room carry it and are refused when a greater one has
//! been seen, so a stale owner that wakes up (paused process, partition) cannot act. The owner
//! itself stops acting as soon as its keeper reports the lease lost: when a renewal's
//! compare-and-set fails (the key moved or vanished) or when no renewal succeeded for 2.5 s
//! ([`LOST_AFTER`]), half a second before another node could claim it.
//!
//! ## NATS outages
//!
//! The client reconnects by itself. Renewals retry quietly (one warning per outage); the
//! registry keeps its last view while its own renewals are not coming back through the feed,
//! and re-creates its watcher when the feed ends or falls silent. Leases cannot survive an
//! outage longer than 2.5 s: their owners are told and must stop.
//!
//! Buckets are created as streams directly rather than with async-nats' `create_key_value`,
//! which reads account info in a shape a 2.9 server does not send (see `Cluster::bucket`).

mod cluster;
mod config;
mod error;
mod keeper;
mod lease;
mod node;
mod outage;
mod registry;
mod view;

pub use cluster::{Cluster, ENTRY_TTL, LEASES_BUCKET, NODES_BUCKET, RENEW_EVERY};
pub use config::{ClusterConfig, DEFAULT_PREFIX};
pub use error::{ClusterError, Result};
pub use keeper::{LeaseKeeper, LostReason, LOST_AFTER};
pub use lease::{Lease, LeaseHolder, Leases};
pub use node::{NodeId, NodeInfo, NodeLoad};
pub use registry::Registry;
pub use view::Members;
