//! The connection to NATS and the key-value buckets the cluster keeps its state in.

use std::time::Duration;

use async_nats::jetstream::stream::{self, StorageType};
use async_nats::jetstream::{self, kv};

use crate::config::ClusterConfig;
use crate::error::{within, ClusterError, Result};
use crate::lease::Leases;
use crate::node::{NodeId, NodeInfo};
use crate::registry::Registry;

/// How long an entry lives after its last write, in both buckets: a node or a lease holder that
/// stops renewing is gone this long after its last renewal, by the NATS server's clock alone.
pub const ENTRY_TTL: Duration = Duration::from_secs(3);
/// How often nodes and lease holders renew their entries.
pub const RENEW_EVERY: Duration = Duration::from_secs(1);
/// The bucket (under the prefix) holding one entry per live node.
pub const NODES_BUCKET: &str = "nodes";
/// The bucket (under the prefix) holding one lease per live room.
pub const LEASES_BUCKET: &str = "leases";
/// The longest we wait for NATS to answer one request.
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(2);
/// Reconnection delay per failed attempt, up to four steps.
const RECONNECT_STEP: Duration = Duration::from_millis(250);

/// A connection to the cluster's NATS: opens the registry and the leases.
///
/// Cloning is cheap and shares the connection, which reconnects by itself after NATS restarts.
#[derive(Clone, Debug)]
pub struct Cluster {
    config: ClusterConfig,
    client: async_nats::Client,
    jetstream: jetstream::Context,
}

impl Cluster {
    /// Connects to `config.nats_url`. Fails if no server answers the first time; later outages
    /// are ridden out by reconnecting.
    pub async fn connect(config: ClusterConfig) -> Result<Self> {
        config.validate()?;
        let client = async_nats::ConnectOptions::new()
            .name(format!("stoa-cluster:{}", config.prefix))
            .connection_timeout(REQUEST_TIMEOUT)
            .max_reconnects(None)
            // Back within a second of NATS returning (the default backs off to 4 s; a lease
            // is lost after 2.5 s without renewal).
            .reconnect_delay_callback(|attempts| {
                RECONNECT_STEP.saturating_mul(attempts.min(4) as u32)
            })
            .connect(config.nats_url.as_str())
            .await
            .map_err(|source| ClusterError::Connect {
                url: config.nats_url.clone(),
                source,
            })?;
        let mut jetstream = jetstream::new(client.clone());
        jetstream.set_timeout(REQUEST_TIMEOUT);
        Ok(Self {
            config,
            client,
            jetstream,
        })
    }

    /// The configuration this cluster was opened with.
    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }

    /// The NATS client, for subjects other parts of the cluster use (`config().subject(..)`).
    pub fn client(&self) -> &async_nats::Client {
        &self.client
    }

    /// Registers `info` as a live node and starts renewing it and watching the others.
    pub async fn join(&self, info: NodeInfo) -> Result<Registry> {
        // File storage: a single NATS server forgets memory streams, config and all, when it
        // restarts, and renewals would then fail until the bucket is made again.
        let bucket = self.bucket(NODES_BUCKET, StorageType::File).await?;
        Registry::join(self.client.clone(), bucket, info).await
    }

    /// The room leases, claimed and renewed as `node`.
    pub async fn leases(&self, node: NodeId) -> Result<Leases> {
        // File storage: the stream's sequence, which numbers the epochs, must survive a NATS
        // restart so that a later owner's epoch is always greater.
        let bucket = self.bucket(LEASES_BUCKET, StorageType::File).await?;
        Ok(Leases::new(bucket, node))
    }

    /// Deletes this prefix's buckets (tests clean up with it). Missing buckets are fine.
    pub async fn delete_buckets(&self) -> Result<()> {
        for name in [NODES_BUCKET, LEASES_BUCKET] {
            let bucket = self.config.bucket(name);
            let deleted =
                tokio::time::timeout(REQUEST_TIMEOUT, self.jetstream.delete_key_value(&bucket))
                    .await
                    .map_err(|_| ClusterError::Timeout {
                        op: "delete bucket",
                        after: REQUEST_TIMEOUT,
                    })?;
            if let Err(err) = deleted {
                // A bucket never created is not an error (10059: stream not found).
                let text = format!("{err:?} {err}");
                if !(text.contains("10059") || text.contains("not found")) {
                    return Err(ClusterError::nats("delete bucket", err));
                }
            }
        }
        Ok(())
    }

    /// Opens the bucket `name` (under the prefix) with the cluster's TTL, creating it or
    /// bringing its settings up to date.
    ///
    /// The bucket's stream is made here, with the settings async-nats gives key-value buckets,
    /// rather than by `create_key_value`: that one reads the account info first, which fails
    /// against a 2.9 server (async-nats ≥ 0.41 requires fields 2.9 does not send).
    async fn bucket(&self, name: &str, storage: StorageType) -> Result<kv::Store> {
        let bucket = self.config.bucket(name);
        let config = stream::Config {
            name: format!("KV_{bucket}"),
            description: Some(format!("stoa cluster: {name}")),
            subjects: vec![format!("$KV.{bucket}.>")],
            max_messages_per_subject: 1,
            max_age: ENTRY_TTL,
            duplicate_window: ENTRY_TTL,
            storage,
            num_replicas: 1,
            discard: stream::DiscardPolicy::New,
            allow_rollup: true,
            deny_delete: true,
            allow_direct: true,
            ..Default::default()
        };
        within("open bucket", REQUEST_TIMEOUT * 3, async {
            if self.jetstream.create_stream(config.clone()).await.is_err() {
                // It exists with other settings (or a peer created it just now): update it.
                self.jetstream
                    .update_stream(config)
                    .await
                    .map_err(|err| ClusterError::nats("open bucket", err))?;
            }
            self.jetstream
                .get_key_value(bucket)
                .await
                .map_err(|err| ClusterError::nats("open bucket", err))
        })
        .await
    }
}
