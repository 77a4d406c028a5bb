//! The cluster mode's NATS for the tests: the shared server (`STOA_TEST_NATS_URL`, default
//! `nats://127.0.0.1:4222`) and a subject/bucket prefix of each test's own, whose buckets are
//! deleted when the test ends.

use std::time::Duration;

/// The environment variable naming the tests' NATS.
pub const URL_VAR: &str = "STOA_TEST_NATS_URL";

/// One test's cluster namespace on the shared NATS.
pub struct Nats {
    /// The server's URL.
    pub url: String,
    /// This test's prefix (`t<pid>_<nanos>`): nodes of other tests never hear it.
    pub prefix: String,
}

impl Nats {
    /// The shared NATS with a fresh prefix, or why not (nothing answers).
    pub async fn open() -> Result<Nats, String> {
        let url = std::env::var(URL_VAR).unwrap_or_else(|_| "nats://127.0.0.1:4222".into());
        let hostport = url.trim_start_matches("nats://").to_string();
        let reachable = tokio::time::timeout(
            Duration::from_secs(2),
            tokio::net::TcpStream::connect(hostport.as_str()),
        )
        .await;
        if !matches!(reachable, Ok(Ok(_))) {
            return Err(format!("no NATS answers at {url} (set {URL_VAR})"));
        }
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        Ok(Nats {
            url,
            prefix: format!("t{}_{nanos}", std::process::id()),
        })
    }

    /// The cluster-mode flags of node `n` (1-based): the shared NATS, this prefix, `nN` as id.
    pub fn node_args(&self, n: usize) -> Vec<String> {
        vec![
            "--nats-url".into(),
            self.url.clone(),
            "--nats-prefix".into(),
            self.prefix.clone(),
            "--node-id".into(),
            super::name(n),
        ]
    }

    /// Deletes this prefix's buckets from the server (they are kept on disk otherwise).
    pub async fn clean_up(&self) {
        let config = stoa_cluster::ClusterConfig::new(self.url.clone()).with_prefix(&self.prefix);
        match stoa_cluster::Cluster::connect(config).await {
            Ok(cluster) => {
                if let Err(err) = cluster.delete_buckets().await {
                    eprintln!("NATS buckets of {} not deleted: {err}", self.prefix);
                }
            }
            Err(err) => eprintln!("NATS buckets of {} not deleted: {err}", self.prefix),
        }
    }
}
