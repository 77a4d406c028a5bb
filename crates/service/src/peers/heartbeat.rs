//! The heartbeat: every [`PeersConfig::snapshot_every`] this node announces all its members
//! (so the others recover from anything lost, and know it is alive), and forgets the nodes it
//! has not heard from for [`PeersConfig::forget_after`] (waking the presence feeds when members
//! went with them). It forgets the rooms of those nodes too (waking the hallway feeds).

use std::sync::Arc;

use tokio::time::{Instant, MissedTickBehavior};

use super::link::Peers;
use super::PeersConfig;
use crate::online::Online;
use crate::rooms::Registry;

/// Starts the heartbeat; it ends when the service stops.
pub(crate) fn spawn(
    background: &crate::Background,
    config: &PeersConfig,
    peers: Peers,
    online: Arc<Online>,
    registry: Arc<Registry>,
) {
    let (every, silence) = (config.snapshot_every, config.forget_after);
    background.spawn_until_stopped("cluster heartbeat", async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            online.announce_snapshot();
            let forgot = peers
                .remote()
                .is_some_and(|remote| remote.forget_silent(Instant::now(), silence));
            if forgot {
                online.presence_changed_elsewhere();
            }
            let rooms_forgot = registry
                .remote()
                .is_some_and(|remote| remote.forget_silent(Instant::now(), silence));
            if rooms_forgot {
                registry.remote_changed();
            }
        }
    });
}
