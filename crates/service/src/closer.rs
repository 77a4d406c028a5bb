//! Closing open WebSockets from elsewhere: when an admin suspends a member (every connection of
//! theirs) and when a member signs out (every connection opened with that session's token).
//!
//! One broadcast channel per service carries the orders. A connection takes a [`CloseWatch`]
//! *before* authenticating (so an order racing the connection is seen: the suspension or sign-out
//! deletes the session first, so it either lands before the token is checked, and the connection
//! is refused, or it is seen on the watch) and waits on [`Accounts::close_signal`].
//!
//! In a cluster ([`crate::peers`]) every order also goes to the other nodes, which pass it to
//! their own connections; the argument above holds there too, as the order is sent after the
//! store changed.

use std::future::Future;
use std::sync::Arc;

use chrono::Utc;
use stoa_proto::UserId;
use tokio::sync::broadcast;

use crate::accounts::Accounts;
use crate::peers::Peers;

/// Why a connection must close.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseCause {
    /// A site admin suspended the member.
    Suspended,
    /// The member signed out of the session the connection was opened with.
    SignedOut,
}

/// Whose connections must close.
#[derive(Debug, Clone)]
enum CloseOrder {
    /// Every connection of this member.
    Member(UserId),
    /// Every connection opened with the session whose token hashes to this.
    Session(Arc<str>),
}

/// Sends close orders to open WebSockets. One per service.
pub(crate) struct Closer {
    tx: broadcast::Sender<CloseOrder>,
    /// The other nodes (none on a single node).
    peers: Peers,
}

impl Default for Closer {
    fn default() -> Self {
        Self::new(Peers::local())
    }
}

impl Closer {
    /// Orders for this node's connections, passed on to the nodes on `peers`.
    pub(crate) fn new(peers: Peers) -> Self {
        Self {
            tx: broadcast::Sender::new(64),
            peers,
        }
    }

    /// Closes every connection of `user`, on every node (nobody connected is fine).
    pub(crate) fn member(&self, user: UserId) {
        self.peers.close_member(user);
        self.member_here(user);
    }

    /// Closes every connection opened with the session whose token hashes to `token_hash`, on
    /// every node.
    pub(crate) fn session(&self, token_hash: &str) {
        self.peers.close_session(token_hash);
        self.session_here(token_hash.into());
    }

    /// Closes every connection of `user` on this node.
    pub(crate) fn member_here(&self, user: UserId) {
        let _ = self.tx.send(CloseOrder::Member(user));
    }

    /// Closes the connections opened with the session hashing to `token_hash` on this node.
    pub(crate) fn session_here(&self, token_hash: Arc<str>) {
        let _ = self.tx.send(CloseOrder::Session(token_hash));
    }
}

/// Close orders seen by one connection (from [`Accounts::watch_closes`]).
pub struct CloseWatch(broadcast::Receiver<CloseOrder>);

impl Accounts {
    /// Starts listening for close orders. Take it *before* authenticating a connection (see the
    /// module docs).
    pub fn watch_closes(&self) -> CloseWatch {
        CloseWatch(self.closer().tx.subscribe())
    }

    /// Resolves once the connection of `user` opened with session `token` must close, and says
    /// why: `user` was suspended or signed out of that session, as told on `watch`.
    pub fn close_signal(
        &self,
        user: UserId,
        token: &str,
        watch: CloseWatch,
    ) -> impl Future<Output = CloseCause> + Send + 'static {
        let accounts = self.clone();
        let hash = crate::secrets::hash_secret(token);
        let mut rx = watch.0;
        async move {
            loop {
                match rx.recv().await {
                    Ok(CloseOrder::Member(who)) if who == user => return CloseCause::Suspended,
                    Ok(CloseOrder::Session(gone)) if *gone == *hash => {
                        return CloseCause::SignedOut
                    }
                    Ok(_) => {}
                    // Missed some: look again at the store.
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        if crate::suspension::is_suspended(accounts.store(), user)
                            .await
                            .unwrap_or(false)
                        {
                            return CloseCause::Suspended;
                        }
                        let session = accounts.store().session_user(&hash, Utc::now()).await;
                        if matches!(session, Ok(None)) {
                            return CloseCause::SignedOut;
                        }
                    }
                    // The service is gone; stay pending, the socket ends on its own.
                    Err(broadcast::error::RecvError::Closed) => std::future::pending().await,
                }
            }
        }
    }
}
