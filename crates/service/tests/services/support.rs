//! A started service over a fresh SQLite database (or a node of a cluster, see
//! [`crate::cluster`]), and the people in it.

use std::sync::Arc;

use chrono::Utc;
use stoa_proto::rest::{Notification, NotificationKind, SignupRequest};
use stoa_service::accounts::Member;
use stoa_service::peers::NatsPeers;
use stoa_service::rooms::RoomOwnership;
use stoa_service::{Clock, ManualClock, ServiceConfig, Stoa};
use stoa_store::{SqliteStore, Store};

/// Every member's password in these tests.
pub const PASSWORD: &str = "correct horse battery";

/// A running service on a manual clock.
pub struct World {
    pub stoa: Stoa,
    pub clock: Arc<ManualClock>,
    /// The SQLite database's directory (none for a node of a cluster on a shared store).
    _dir: Option<tempfile::TempDir>,
}

/// A signed-in member and their session token.
pub struct Person {
    pub member: Member,
    pub token: String,
}

impl Person {
    /// The member's username.
    pub fn name(&self) -> &str {
        &self.member.record.username
    }
}

impl World {
    /// Starts the service on an empty database.
    pub async fn start() -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = SqliteStore::open_path(&dir.path().join("stoa.db"))
            .await
            .expect("database");
        let mut world = World::start_node(Arc::new(store), None).await;
        world._dir = Some(dir);
        world
    }

    /// Starts the service on `store` (shared with other nodes when `peers` links to them).
    pub async fn start_node(store: Arc<dyn Store>, peers: Option<NatsPeers>) -> World {
        World::start_owning(store, peers, RoomOwnership::Local).await
    }

    /// Like [`World::start_node`], with rooms run while `ownership` holds them (their leases).
    pub async fn start_owning(
        store: Arc<dyn Store>,
        peers: Option<NatsPeers>,
        ownership: RoomOwnership,
    ) -> World {
        let (sfu, sfu_events) = stoa_sfu::start(stoa_sfu::SfuConfig::loopback())
            .await
            .expect("sfu");
        let (clock, manual) = Clock::manual(Utc::now());
        let config = ServiceConfig {
            clock,
            ownership,
            ..ServiceConfig::default()
        };
        let stoa = Stoa::start_with_peers(
            stoa_service::Background::new(),
            store,
            sfu,
            sfu_events,
            config,
            peers,
        )
        .await
        .expect("service");
        World {
            stoa,
            clock: manual,
            _dir: None,
        }
    }

    /// The first member, an admin, signed up with the bootstrap invite.
    pub async fn admin(&self) -> Person {
        let link = self
            .stoa
            .accounts()
            .bootstrap_invite()
            .await
            .expect("bootstrap invite")
            .expect("an empty database");
        let code = link.rsplit('/').next().expect("code").to_string();
        self.sign_up(&code, "admin").await
    }

    /// `inviter` invites `username`, who signs up with the invite.
    pub async fn invited(&self, inviter: &Person, username: &str) -> Person {
        let invite = self
            .stoa
            .accounts()
            .create_invite(&inviter.member)
            .await
            .expect("invite");
        self.sign_up(&invite.code, username).await
    }

    /// Signs `username` up with invite `code`.
    pub async fn sign_up(&self, code: &str, username: &str) -> Person {
        let auth = self
            .stoa
            .accounts()
            .signup(SignupRequest {
                invite_code: code.to_string(),
                username: username.to_string(),
                display_name: username.to_uppercase(),
                password: PASSWORD.to_string(),
            })
            .await
            .expect("sign-up");
        let member = self
            .stoa
            .accounts()
            .authenticate(&auth.token)
            .await
            .expect("signed in");
        Person {
            member,
            token: auth.token,
        }
    }

    /// `person`'s stored notifications of `kind`, newest first.
    pub async fn notes(&self, person: &Person, kind: NotificationKind) -> Vec<Notification> {
        self.stoa
            .notifications()
            .notifications_page(&person.member, None, None)
            .await
            .expect("notifications")
            .notifications
            .into_iter()
            .filter(|n| n.kind == kind)
            .collect()
    }
}

/// The next message in `inbox` that `pick` accepts (others are skipped). Fails after 10 s.
pub async fn next_matching<T>(
    inbox: &mut stoa_service::outbox::Inbox,
    mut pick: impl FnMut(stoa_proto::ws::ServerMessage) -> Option<T>,
) -> T {
    let wait = async {
        loop {
            let msg = inbox.recv().await.expect("session open");
            if let Some(found) = pick(msg) {
                return found;
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(10), wait)
        .await
        .expect("the message within 10 s")
}
