//! The other nodes of a cluster, as far as members are concerned: everything that reaches a
//! *member* (not a room) wherever their WebSockets are connected.
//!
//! One node is the default: [`Peers::local`] links to nobody, and the service runs exactly as a
//! single process (no NATS, no extra tasks, no extra locks). With [`NatsPeers`] (given to
//! [`Stoa::start_with_peers`](crate::Stoa::start_with_peers)) the nodes share, over NATS core
//! subjects under a configurable prefix (see [`wire`]):
//! - **member messages**: [`Online::send`](crate::online) reaches the member's sessions on
//!   every node — notifications, pings, unread counts. Published once per call; each node
//!   delivers to its own sessions; a node ignores its own publications.
//! - **close orders**: a suspension or sign-out closes the sockets on every node
//!   ([`crate::closer`]).
//! - **presence**: who is online is cluster-wide. Each node announces its members coming online
//!   and going offline, and a full snapshot every [`PeersConfig::snapshot_every`]; the others
//!   forget a node that stays silent for [`PeersConfig::forget_after`], so a dead node's members
//!   go offline. Remote changes wake the local presence feeds.
//! - **graph changes**: a follow or block re-reads the graph of the member's sessions everywhere.
//! - **the hallway**: each node publishes the live rooms it runs (summary, the access data the
//!   hallway's filter needs, who is in them: see [`rooms_out`]) and keeps the others' beside its
//!   own registry ([`remote_rooms`]), so the hallway, friends online ("in room X") and profiles
//!   span the cluster. A silent node's rooms are forgotten with its members; a survivor that
//!   takes them over publishes them again.
//! - **rooms across nodes**: a session whose room runs on another node (the holder of the
//!   room's lease) reaches it through a remote handle ([`room_route`]): what it asks travels as
//!   NATS requests to that node ([`origin`]), what the room sends it comes back to this node
//!   ([`deliver`]); the member's media connects on its own node, an edge of the room fed by
//!   the origin's SFU ([`stoa_sfu::relay`]).
//!
//! What stays per node, and why:
//! - rate limits (pings per sender, reactions, avatar uploads, the HTTP limits): in-memory
//!   token buckets, checked on the hot path; sharing them would put a NATS round trip in front
//!   of every ping and reaction. A member whose requests land on `n` nodes gets up to `n` times
//!   the allowance, which a sticky load balancer keeps at one in practice;
//! - the sessions themselves, their feeds and graph caches: a session lives where its socket is;
//! - the counts in telemetry (members and sessions online): each node reports its own;
//! - live rooms themselves: each runs on the node holding its lease; the others list it and
//!   forward their sessions' requests to it.

mod deliver;
mod heartbeat;
mod incoming;
mod link;
mod origin;
mod outgoing;
mod remote;
pub(crate) mod remote_rooms;
pub(crate) mod room_route;
mod room_wire;
mod rooms_out;
pub(crate) mod wire;

use std::sync::Arc;
use std::time::Duration;

pub(crate) use link::Peers;

/// Why the link to the other nodes could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PeersError {
    /// The subject prefix is not one plain NATS token.
    #[error("invalid cluster subject prefix {0:?}: use letters, digits, '-' and '_'")]
    InvalidPrefix(String),
    /// The node id is not one plain NATS token.
    #[error("invalid cluster node id {0:?}: use letters, digits, '-' and '_'")]
    InvalidNodeId(String),
    /// NATS did not answer.
    #[error("cannot connect to NATS: {0}")]
    Connect(#[from] async_nats::ConnectError),
    /// NATS refused the subscription.
    #[error("cannot subscribe on NATS: {0}")]
    Subscribe(#[from] async_nats::SubscribeError),
    /// NATS did not confirm the subscription.
    #[error("NATS did not confirm the subscription: {0}")]
    Flush(#[from] async_nats::client::FlushError),
}

/// How this node talks to the others.
#[derive(Debug, Clone)]
pub struct PeersConfig {
    /// The NATS server, e.g. `nats://127.0.0.1:4222`.
    pub nats_url: String,
    /// The first token of every subject ("stoa"): clusters (or tests) with different prefixes
    /// share one NATS without hearing each other.
    pub prefix: String,
    /// This node's id in the cluster (random unless given).
    pub node_id: String,
    /// How often this node announces every member connected to it.
    pub snapshot_every: Duration,
    /// How long a node may stay silent before the others take its members for offline.
    pub forget_after: Duration,
}

impl PeersConfig {
    /// Defaults for `nats_url`: prefix "stoa", a random node id, a snapshot every second,
    /// silent nodes forgotten after 3 s.
    pub fn new(nats_url: impl Into<String>) -> Self {
        Self {
            nats_url: nats_url.into(),
            prefix: "stoa".to_string(),
            node_id: format!("{:016x}", rand::random::<u64>()),
            snapshot_every: Duration::from_secs(1),
            forget_after: Duration::from_secs(3),
        }
    }
}

/// A NATS connection to the other nodes, subscribed and ready; hand it to
/// [`Stoa::start_with_peers`](crate::Stoa::start_with_peers).
pub struct NatsPeers {
    client: async_nats::Client,
    subscriber: async_nats::Subscriber,
    /// The hallway's subjects (other nodes' live rooms).
    hallway: async_nats::Subscriber,
    /// This node's own subjects (room requests and deliveries: see [`room_wire`]).
    node: async_nats::Subscriber,
    config: PeersConfig,
}

impl NatsPeers {
    /// Connects to `config.nats_url` (without echo: this node does not hear itself) and
    /// subscribes to the members' and the hallway's subjects.
    pub async fn connect(config: PeersConfig) -> Result<Self, PeersError> {
        wire::check_names(&config.prefix, &config.node_id)?;
        let client = async_nats::ConnectOptions::new()
            .name(format!("stoa node {}", config.node_id))
            .no_echo()
            .connection_timeout(Duration::from_secs(5))
            .connect(config.nats_url.as_str())
            .await?;
        Self::with_client(client, config).await
    }

    /// Uses a connection made elsewhere (shared with the rest of the cluster's work); this
    /// node's own publications, if echoed, are recognized by its node id and ignored.
    pub async fn with_client(
        client: async_nats::Client,
        config: PeersConfig,
    ) -> Result<Self, PeersError> {
        wire::check_names(&config.prefix, &config.node_id)?;
        let subscriber = client.subscribe(wire::all_subjects(&config.prefix)).await?;
        let hallway = client
            .subscribe(wire::hallway_subjects(&config.prefix))
            .await?;
        let node = client
            .subscribe(room_wire::node_subjects(&config.prefix, &config.node_id))
            .await?;
        // The server has the subscriptions once it answers a ping after them.
        client.flush().await?;
        Ok(Self {
            client,
            subscriber,
            hallway,
            node,
            config,
        })
    }

    /// This node's id.
    pub fn node_id(&self) -> &str {
        &self.config.node_id
    }
}

/// Starts the link: the publisher, the listener and the heartbeat, all in `background`.
/// Returns the handle the service's parts publish through; `attach` then gives the listener
/// and the heartbeat what they deliver to once those parts exist.
pub(crate) fn start(
    peers: NatsPeers,
    background: &crate::Background,
    sfu: stoa_sfu::SfuHandle,
) -> (Peers, Attach) {
    let NatsPeers {
        client,
        subscriber,
        hallway,
        node,
        config,
    } = peers;
    let route = room_route::RoomRoute::new(
        client.clone(),
        &config.prefix,
        &config.node_id,
        background.clone(),
        sfu,
    );
    let outgoing = outgoing::start(client, &config, background);
    let peers = Peers::linked(outgoing);
    let attach = Attach {
        subscriber,
        hallway,
        node,
        route: Arc::new(route),
        config,
        peers: peers.clone(),
        background: background.clone(),
    };
    (peers, attach)
}

/// The second half of [`start`]: what the other nodes send, delivered to this node's sessions.
pub(crate) struct Attach {
    subscriber: async_nats::Subscriber,
    hallway: async_nats::Subscriber,
    node: async_nats::Subscriber,
    route: Arc<room_route::RoomRoute>,
    config: PeersConfig,
    peers: Peers,
    background: crate::Background,
}

impl Attach {
    /// Delivers what other nodes send to `online`, `closer` and `registry` (linked to the
    /// cluster here), and starts announcing this node's members and rooms. Returns the third
    /// part: rooms across nodes, served once the rooms exist.
    pub(crate) fn to(
        self,
        online: Arc<crate::online::Online>,
        closer: Arc<crate::closer::Closer>,
        registry: Arc<crate::rooms::Registry>,
    ) -> Routing {
        registry.link_cluster();
        incoming::spawn(
            &self.background,
            self.subscriber,
            self.hallway,
            self.config.node_id.clone(),
            incoming::Targets {
                peers: self.peers.clone(),
                online: online.clone(),
                closer,
                registry: registry.clone(),
                route: self.route.clone(),
            },
        );
        heartbeat::spawn(
            &self.background,
            &self.config,
            self.peers.clone(),
            online,
            registry.clone(),
        );
        rooms_out::spawn(&self.background, self.peers, registry);
        Routing {
            route: self.route,
            node: self.node,
        }
    }
}

/// The last part of [`start`]: this node's sessions reach rooms on other nodes through
/// [`Routing::route`], and [`Routing::serve`] answers other nodes' sessions in this node's rooms.
pub(crate) struct Routing {
    route: Arc<room_route::RoomRoute>,
    node: async_nats::Subscriber,
}

impl Routing {
    /// The way to rooms on other nodes, for [`Rooms`](crate::rooms::Rooms).
    pub(crate) fn route(&self) -> Arc<room_route::RoomRoute> {
        self.route.clone()
    }

    /// Starts answering room requests and taking deliveries on this node's own subjects.
    pub(crate) fn serve(self, rooms: crate::rooms::Rooms) {
        origin::spawn(self.route, rooms, self.node);
    }
}
